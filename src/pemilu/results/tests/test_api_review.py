"""The page actions of the C.Hasil review and the plenary through the API (issue 18 item 7):
each operation does what the page does, with the same rungs — allowed, 403 in scope without the
role, 404 out of scope with nothing of the form in the answer — and bounded, named inputs."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.regions.models import Tps
from pemilu.results import queries
from pemilu.results.actions import do_submit_result
from pemilu.results.models import (
    Contest,
    EntryMode,
    Plenary,
    PlenaryRecord,
    PlenaryStatus,
    RecapSheet,
    Result,
    ResultPhoto,
    ResultVersion,
)
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary

TPS1 = "12.76.01.1006.001"
FORM = f"/api/v1/results/{TPS1}/ppwp"


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _post(user: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return _client(user).post(url, json.dumps(body or {}), content_type="application/json")


def _hidden(r: Any) -> None:
    assert r.status_code == 404, r.content
    assert b"Persiakan" not in r.content and TPS1.encode() not in r.content


def _tps(code: str = TPS1) -> Tps:
    return Tps.objects.get(code=code)


def test_a_ppk_member_verifies_a_submitted_form(cast: Cast, ppwp: Contest) -> None:
    assert set_mode(ppwp, EntryMode.VERIFY)
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    for who in ("kpps_a1", "pps_a1", "bawaslu_a"):  # in scope, may not verify
        assert _post(getattr(cast, who), f"{FORM}/verify").status_code == 403, who
    for who in ("kpu_admin_b", "pps_a2", "nobody"):  # out of scope
        _hidden(_post(getattr(cast, who), f"{FORM}/verify"))
    assert Result.objects.get().status == "submitted"
    r = _post(cast.ppk_a1, f"{FORM}/verify")
    assert r.status_code == 200
    assert r.json() == {"tps": TPS1, "contest": "ppwp", "status": "accepted", "version": 1, "codes": []}
    assert AuditEvent.objects.filter(event_type="results.verified", actor=cast.ppk_a1).count() == 1
    again = _post(cast.ppk_a1, f"{FORM}/verify")
    assert again.status_code == 409 and "verifikasi" in again.json()["detail"]


def test_the_coordinator_keeps_one_of_two_different_entries(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    do_submit_result(ppwp, _tps(), good_form(a=48, c=39), actor=cast.pps_a1)
    assert Result.objects.get().status == "conflict"
    keep = {"decision": "keep", "keep_version": 2, "reason": "sesuai plano"}
    assert _post(cast.kpps_a1, f"{FORM}/resolve", keep).status_code == 403
    assert _post(cast.bawaslu_a, f"{FORM}/resolve", keep).status_code == 403
    _hidden(_post(cast.kpu_admin_b, f"{FORM}/resolve", keep))
    # Typed inputs: the decision is an enum; "keep" needs a version, within bounds.
    bad = _post(cast.ppk_a1, f"{FORM}/resolve", {"decision": "pick"})
    assert bad.status_code == 422 and "decision" in bad.content.decode()
    missing = _post(cast.ppk_a1, f"{FORM}/resolve", {"decision": "keep"})
    assert missing.status_code == 400 and "keep_version" in missing.json()["detail"]
    assert _post(cast.ppk_a1, f"{FORM}/resolve", {"decision": "keep", "keep_version": 0}).status_code == 422
    assert Result.objects.get().status == "conflict"
    r = _post(cast.ppk_a1, f"{FORM}/resolve", keep)
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["version"] == 2
    assert AuditEvent.objects.get(event_type="results.resolved").reason == "sesuai plano"


def test_the_coordinator_sends_a_conflict_back(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    do_submit_result(ppwp, _tps(), good_form(a=48, c=39), actor=cast.pps_a1)
    r = _post(cast.kpu_admin_a, f"{FORM}/resolve", {"decision": "send_back", "reason": "ketik ulang"})
    assert r.status_code == 200 and r.json()["status"] == "empty"


def test_an_accepted_form_is_corrected_with_a_reason(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    body = {**good_form(b=84, c=41), "reason": "plano dibaca ulang"}
    assert _post(cast.kpps_a1, f"{FORM}/correct", body).status_code == 403
    assert _post(cast.pps_a1, f"{FORM}/correct", body).status_code == 403
    _hidden(_post(cast.kpu_admin_b, f"{FORM}/correct", body))
    _hidden(_post(cast.nobody, f"{FORM}/correct", body))
    over = _post(cast.ppk_a1, f"{FORM}/correct", {**body, "suara_sah": 1001})  # a TPS figure is at most 1,000
    assert over.status_code == 422 and "suara_sah" in over.content.decode()
    no_reason = _post(cast.ppk_a1, f"{FORM}/correct", {**body, "reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.content.decode()
    assert ResultVersion.objects.count() == 1
    r = _post(cast.ppk_a1, f"{FORM}/correct", body)
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["status"] == "accepted"
    assert queries.totals(ppwp, "12.76.01")["votes"]["2"] == 84
    assert AuditEvent.objects.get(event_type="results.corrected").reason == "plano dibaca ulang"


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, "PNG")
    return buf.getvalue()


def test_a_plano_photo_is_attached_to_an_entered_form(cast: Cast, ppwp: Contest, settings: Any,
                                                      tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)

    def send(who: str, raw: bytes) -> Any:
        return _client(getattr(cast, who)).post(f"{FORM}/photos", {"file": io.BytesIO(raw)})

    png = _png()
    assert send("bawaslu_a", png).status_code == 403
    _hidden(send("kpu_admin_b", png))
    _hidden(send("pps_a2", png))
    broken = send("kpps_a1", png[:20] + b"garbage")
    assert broken.status_code == 400 and "rusak" in broken.json()["detail"]
    assert not ResultPhoto.objects.exists()
    r = send("kpps_a1", png)
    assert r.status_code == 201 and r.json()["content_type"] == "image/png" and r.json()["size"] == len(png)
    assert AuditEvent.objects.filter(event_type="results.photo_attached").count() == 1


# --- the plenary ---------------------------------------------------------------------------

REC = "/api/v1/recap/ppwp"
KEC = {"region": "12.76.01"}


def _fill_padang_hulu(contest: Contest, actor: Any) -> None:
    set_mode(contest, EntryMode.DIRECT)
    entered = Result.objects.filter(contest=contest).values("tps_id")
    for tps in Tps.objects.filter(kec_code="12.76.01").exclude(code__in=entered).order_by("code"):
        do_submit_result(contest, tps, good_form(), actor=actor)


def test_the_plenary_is_locked_and_reopened_only_from_above(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    blocked = _post(cast.ppk_a1, f"{REC}/plenary/lock", KEC)
    assert blocked.status_code == 409 and "TPS belum diterima" in blocked.json()["detail"]
    _fill_padang_hulu(ppwp, cast.ppk_a1)
    assert _post(cast.bawaslu_a, f"{REC}/plenary/lock", KEC).status_code == 403
    _hidden(_post(cast.kpu_admin_b, f"{REC}/plenary/lock", KEC))
    _hidden(_post(cast.pps_a1, f"{REC}/plenary/lock", KEC))  # a PPS sees its desa, not the kecamatan
    attend_plenary(ppwp, "12.76.01", cast.ppk_a1)
    r = _post(cast.ppk_a1, f"{REC}/plenary/lock", KEC)
    assert r.status_code == 200 and r.json()["status"] == "locked" and r.json()["region"] == "12.76.01"
    assert r.json()["frozen"]["votes"]["2"] == 5 * 85
    assert _post(cast.ppk_a1, f"{REC}/plenary/lock", KEC).status_code == 409
    reopen = {**KEC, "reason": "keberatan saksi"}
    assert _post(cast.ppk_a1, f"{REC}/plenary/reopen", reopen).status_code == 403  # not the level above
    _hidden(_post(cast.kpu_admin_b, f"{REC}/plenary/reopen", reopen))
    assert _post(cast.kpu_admin_a, f"{REC}/plenary/reopen", {**KEC, "reason": ""}).status_code == 422
    r = _post(cast.kpu_admin_a, f"{REC}/plenary/reopen", reopen)
    assert r.status_code == 200 and r.json()["status"] == "open"
    assert Plenary.objects.get().status == PlenaryStatus.OPEN
    assert AuditEvent.objects.get(event_type="results.plenary_reopened").reason == "keberatan saksi"


def test_an_objection_goes_on_the_plenary_record(cast: Cast, ppwp: Contest) -> None:
    body = {**KEC, "kind": "objection", "text": "saksi paslon 2 keberatan", "resolution": "dicocokkan plano"}
    assert _post(cast.bawaslu_a, f"{REC}/plenary/records", body).status_code == 403
    _hidden(_post(cast.kpu_admin_b, f"{REC}/plenary/records", body))
    assert _post(cast.ppk_a1, f"{REC}/plenary/records", {**body, "kind": "reopen"}).status_code == 422
    assert not PlenaryRecord.objects.exists()
    r = _post(cast.ppk_a1, f"{REC}/plenary/records", body)
    assert r.status_code == 201 and r.json()["kind"] == "objection" and r.json()["region"] == "12.76.01"
    assert AuditEvent.objects.filter(event_type="results.plenary_record").count() == 1


def test_the_typed_d_hasil_is_stored_and_compared(cast: Cast, ppwp: Contest) -> None:
    _fill_padang_hulu(ppwp, cast.ppk_a1)
    rows = queries.computed_rows(ppwp, "12.76.01")
    body = {**KEC, "rows": rows, "reason": "dari kertas"}
    assert _post(cast.bawaslu_a, f"{REC}/sheet", body).status_code == 403
    _hidden(_post(cast.kpu_admin_b, f"{REC}/sheet", body))
    negative = _post(cast.ppk_a1, f"{REC}/sheet", {**body, "rows": {**rows, "12.76.01.1006": {
        **rows["12.76.01.1006"], "_sah": -1}}})
    assert negative.status_code == 422 and "_sah" in negative.content.decode()
    missing = _post(cast.ppk_a1, f"{REC}/sheet", {**body, "rows": {"12.76.01.1007": rows["12.76.01.1007"]}})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["row"] == 1 and "12.76.01.1006" in missing.json()["errors"][0]["message"]
    assert not RecapSheet.objects.exists()
    r = _post(cast.ppk_a1, f"{REC}/sheet", body)
    assert r.status_code == 201 and r.json() == {"region": "12.76.01", "version": 1, "differences": []}
    misread = {**rows, "12.76.01.1007": {**rows["12.76.01.1007"], "2": rows["12.76.01.1007"]["2"] + 800}}
    r = _post(cast.ppk_a1, f"{REC}/sheet", {**body, "rows": misread})
    assert r.status_code == 201 and r.json()["version"] == 2
    assert r.json()["differences"] == [{"code": "12.76.01.1007", "field": "2", "computed": 170, "typed": 970,
                                        "difference": 800}]
    level = _client(cast.ppk_a1).get(f"{REC}/level?region=12.76.01").json()
    assert level["sheet_version"] == 2


@pytest.mark.parametrize("url", [f"{FORM}/verify", f"{FORM}/resolve", f"{FORM}/correct", f"{REC}/plenary/lock",
                                 f"{REC}/plenary/reopen", f"{REC}/plenary/records", f"{REC}/sheet"])
def test_anonymous_callers_get_401(ppwp: Contest, url: str) -> None:
    assert Client().post(url, "{}", content_type="application/json").status_code == 401
