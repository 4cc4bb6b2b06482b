"""Every results page, export and API endpoint climbs the permission ladder."""

from __future__ import annotations

import io

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Tps
from pemilu.results.actions import do_attach_photo, do_submit_result
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tests.conftest import good_form
from pemilu.testing.factories import Cast, attend_plenary, make_user
from pemilu.testing.ladder import Endpoint, climb


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()  # a whole image: a PNG header followed by garbage is refused

ALL_A = ["kpu_admin_a", "kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a"]
KEC = ["kpu_admin_a", "kpu_staff_a", "ppk_a1", "bawaslu_a"]
T = "/hasil/tps/12.76.01.1006.001/ppwp"
A = "/api/v1/results/12.76.01.1006.001/ppwp"

ENDPOINTS = [
    Endpoint("results:home", "/hasil/", allowed=[*ALL_A, "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:detail", f"{T}/", allowed=[*ALL_A, "kpps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:enter", f"{T}/isi/", allowed=["kpps_a1", "pps_a1", "ppk_a1", "kpu_admin_a"],
             forbidden=["bawaslu_a"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:enter (post)", f"{T}/isi/", method="post", data={"idempotency_key": "x"}, ok_status=422,
             allowed=["kpps_a1"], forbidden=["bawaslu_a"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:verify", f"{T}/verifikasi/", method="post", ok_status=302, allowed=["ppk_a1"],
             forbidden=["kpps_a1", "bawaslu_a", "pps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:verify (confirm page)", f"{T}/verifikasi/", allowed=["ppk_a1"],
             forbidden=["kpps_a1", "bawaslu_a", "pps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:resolve", f"{T}/putuskan/", method="post", ok_status=302, allowed=["ppk_a1"],
             forbidden=["kpps_a1", "bawaslu_a"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:correct", f"{T}/koreksi/", allowed=["ppk_a1", "kpu_admin_a"],
             forbidden=["kpps_a1", "bawaslu_a", "pps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:photo", f"{T}/foto/1/", allowed=[*ALL_A, "kpps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:recap", "/hasil/rekap/ppwp/12.76.01/", allowed=KEC,
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:recap (nasional)", "/hasil/rekap/ppwp/nasional/", allowed=[],
             hidden=["kpu_admin_a", "ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:recap_csv", "/hasil/rekap/ppwp/12.76.01.csv", allowed=KEC,
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:d_hasil_pdf", "/hasil/rekap/ppwp/12.76.01/d-hasil.pdf", allowed=KEC,
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:d_hasil_xlsx", "/hasil/rekap/ppwp/12.76.01/d-hasil.xlsx", allowed=KEC,
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:c_hasil_pdf", f"{T}/c-hasil-salinan.pdf", allowed=[*ALL_A, "kpps_a1"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("results:plenary", "/hasil/rekap/ppwp/12.76.01/pleno/", method="post", ok_status=302,
             data={"action": "record", "kind": "special", "text": "listrik padam"},
             allowed=["ppk_a1", "kpu_admin_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:recap_sheet", "/hasil/rekap/ppwp/12.76.01/d-hasil/", allowed=["ppk_a1", "kpu_admin_a"],
             forbidden=["bawaslu_a"], hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:recap_sheet (post)", "/hasil/rekap/ppwp/12.76.01/d-hasil/", method="post", ok_status=422,
             allowed=["ppk_a1", "kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:recap_level", "/api/v1/recap/ppwp/level?region=12.76.01", api=True, allowed=KEC,
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:get_result", "/api/v1/results/12.76.01.1006.001/ppwp", api=True, allowed=[*ALL_A, "kpps_a1"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    # JSON body: climbed by _climb_json below (the shared ladder posts form data).
    Endpoint("api:submit", "/api/v1/results/12.76.01.1006.002/ppwp", api=True, method="post", ok_status=200,
             allowed=["pps_a1", "ppk_a1", "kpu_admin_a"], forbidden=["bawaslu_a"],
             hidden=["kpps_a1", "pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:recap", "/api/v1/recap/ppwp?region=12.76.01", api=True, allowed=KEC,
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    # The page actions in the API (issue 18 item 7). The form is submitted (verify mode): resolve
    # and correct reach the action's state check (409) — effects in test_api_review.py.
    Endpoint("api:verify_result", f"{A}/verify", api=True, method="post", allowed=["ppk_a1"],
             forbidden=["kpps_a1", "bawaslu_a", "pps_a1"], hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("api:resolve_result", f"{A}/resolve", api=True, method="post", data={"decision": "send_back"},
             ok_status=409, allowed=["ppk_a1", "kpu_admin_a"], forbidden=["kpps_a1", "bawaslu_a", "pps_a1"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("api:correct_result", f"{A}/correct", api=True, method="post", data={**good_form(), "reason": "x"},
             ok_status=409, allowed=["ppk_a1", "kpu_admin_a"], forbidden=["kpps_a1", "bawaslu_a", "pps_a1"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("api:attach_result_photo", f"{A}/photos", api=True, method="post", multipart=True,
             data={"file": PNG}, ok_status=201, allowed=["kpps_a1"], forbidden=["bawaslu_a"],
             hidden=["kpu_admin_b", "pps_a2", "nobody"]),
    Endpoint("api:lock_plenary", "/api/v1/recap/ppwp/plenary/lock", api=True, method="post",
             data={"region": "12.76.01"}, ok_status=409, allowed=["ppk_a1", "kpu_admin_a"],
             forbidden=["bawaslu_a"], hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    # On a locked Padang Hulu plenary (test_the_ladder locks it): only the level above reopens.
    Endpoint("api:reopen_plenary", "/api/v1/recap/ppwp/plenary/reopen", api=True, method="post",
             data={"region": "12.76.01", "reason": "keberatan saksi"}, allowed=["kpu_admin_a"],
             forbidden=["ppk_a1", "bawaslu_a"], hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    # Each item of a batch is answered on its own (see NOT_APPLICABLE).
    Endpoint("api:batch_submit", "/api/v1/results/batch", api=True, method="post", allowed=["pps_a1"],
             data={"submissions": [{"tps": "12.76.01.1006.002", "contest": "ppwp", "idempotency_key": "ladder",
                                    **good_form()}]}),
    Endpoint("api:record_plenary_note", "/api/v1/recap/ppwp/plenary/records", api=True, method="post",
             data={"region": "12.76.01", "kind": "special", "text": "listrik padam"}, ok_status=201,
             allowed=["ppk_a1", "kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    # The berita acara (issue 21 item 4): the attendance page and its API, the plenary's records.
    Endpoint("results:plenary_attendance", "/hasil/rekap/ppwp/12.76.01/pleno/kehadiran/",
             allowed=["ppk_a1", "kpu_admin_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("results:plenary_attendance (post)", "/hasil/rekap/ppwp/12.76.01/pleno/kehadiran/", method="post",
             data={"rows": "1", "a:0:kind": "member", "a:0:name": "Anggota Satu", "a:0:present": "on"},
             ok_status=302, allowed=["ppk_a1", "kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:get_plenary", "/api/v1/recap/ppwp/plenary?region=12.76.01", api=True, allowed=KEC,
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_plenary_records", "/api/v1/recap/ppwp/plenary/records?region=12.76.01", api=True,
             allowed=KEC, hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_plenary_attendance", "/api/v1/recap/ppwp/plenary/attendance?region=12.76.01", api=True,
             allowed=KEC, hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:record_plenary_attendance", "/api/v1/recap/ppwp/plenary/attendance", api=True, method="post",
             data={"region": "12.76.01", "attendees": [{"kind": "member", "name": "Anggota Satu"}]},
             allowed=["ppk_a1", "kpu_admin_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:enter_recap_sheet", "/api/v1/recap/ppwp/sheet", api=True, method="post",
             data={"region": "12.76.01", "rows": {}}, ok_status=400, allowed=["ppk_a1", "kpu_staff_a"],
             forbidden=["bawaslu_a"], hidden=["pps_a1", "kpps_a1", "kpu_admin_b", "nobody"]),
]
READ = "every role whose scope covers the row may read it: no role in scope is refused (403)"
PER_ITEM = ("each item of a batch is answered on its own inside a 200 (a TPS outside the user's scope: 404, "
            "a role that may not enter: 403, nothing written for it) — test_batch.py")
NOT_APPLICABLE = {
    "/hasil/": {"forbidden": "a list: every user gets the forms and recaps of their own scope, never 403"},
    "/hasil/tps/{code}/{contest_code}/": {"forbidden": READ},
    "/hasil/tps/{code}/{contest_code}/c-hasil-salinan.pdf": {"forbidden": READ},
    "/hasil/tps/{code}/{contest_code}/foto/{pk}/": {"forbidden": READ},
    "/hasil/rekap/{contest_code}/{region}/": {"forbidden": READ},
    "/hasil/rekap/{contest_code}/{region}.csv": {"forbidden": READ},
    "/hasil/rekap/{contest_code}/{region}/d-hasil.pdf": {"forbidden": READ},
    "/hasil/rekap/{contest_code}/{region}/d-hasil.xlsx": {"forbidden": READ},
    "GET /api/v1/results/{tps_code}/{contest_code}": {"forbidden": READ},
    "GET /api/v1/recap/{contest_code}": {"forbidden": READ},
    "GET /api/v1/recap/{contest_code}/level": {"forbidden": READ},
    "GET /api/v1/recap/{contest_code}/plenary": {"forbidden": READ},
    "GET /api/v1/recap/{contest_code}/plenary/records": {"forbidden": READ},
    "GET /api/v1/recap/{contest_code}/plenary/attendance": {"forbidden": READ},
    "POST /api/v1/results/batch": {"forbidden": PER_ITEM, "out_of_scope": PER_ITEM},
}

# Public: the check catalogue and the public portal (accepted figures, progress, plano photos).
UNSCOPED = {
    "/hasil/pemeriksaan/": "the check catalogue",
    "/hasil/pemeriksaan.json": "the check catalogue",
    "GET /api/v1/checks": "the check catalogue",
    "/hasil/publik/": "the public portal",
    "/hasil/publik/tps/{tps}/": "a TPS's accepted figures (public portal)",
    "/hasil/publik/tps/{tps}/foto/{photo}/": "a plano photo (public portal)",
    "/hasil/publik/{contest}/{region}/": "accepted figures and progress (public portal)",
    "/hasil/publik/{contest}/{region}.csv": "accepted figures (public portal)",
}


@pytest.fixture
def with_result(cast: Cast) -> None:
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    result = do_submit_result(contest, Tps.objects.get(code="12.76.01.1006.001"), good_form(), actor=cast.kpps_a1)
    photo = do_attach_photo(result, PNG, filename="plano.png", actor=cast.kpps_a1)
    assert photo.pk == 1 or photo.pk
    # A Karo form too: the leak check looks for its TPS code in Tebing Tinggi's answers.
    do_submit_result(contest, Tps.objects.get(code="12.06.01.2001.001"), good_form(),
                     actor=make_user("kpps_b1", "kpps", "12.06.01.2001.001"))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, with_result: None, endpoint: Endpoint) -> None:
    from pemilu.results.models import ResultPhoto

    endpoint.url = endpoint.url.replace("/foto/1/", f"/foto/{ResultPhoto.objects.get().pk}/")
    if endpoint.name == "api:reopen_plenary":
        _lock_padang_hulu(cast)
    if endpoint.name == "api:submit":
        _climb_json(endpoint, cast)
    else:
        climb(endpoint, cast)


def _lock_padang_hulu(cast: Cast) -> None:
    """Every form of Padang Hulu accepted (TPS 001 verified, the others entered directly) and its
    plenary locked by the PPK."""
    from pemilu.results.actions import do_lock_plenary, do_verify_result
    from pemilu.results.models import EntryMode, Result
    from pemilu.results.tests.conftest import set_mode

    result = Result.objects.select_related("contest").get(tps_id="12.76.01.1006.001")
    do_verify_result(result, actor=cast.ppk_a1)
    set_mode(result.contest, EntryMode.DIRECT)
    for tps in Tps.objects.filter(kec_code="12.76.01").exclude(code=result.tps_id):
        do_submit_result(result.contest, tps, good_form(), actor=cast.ppk_a1)
    attend_plenary(result.contest, "12.76.01", cast.ppk_a1)
    do_lock_plenary(result.contest, "12.76.01", actor=cast.ppk_a1)


def _climb_json(endpoint: Endpoint, cast: Cast) -> None:
    import json

    from django.test import Client

    from pemilu.accounts.actions import do_create_token
    from pemilu.results.models import Result

    def post(who: str | None, key: str) -> int:
        headers = {"Idempotency-Key": key}
        if who:
            user = getattr(cast, who)
            headers["Authorization"] = "Bearer " + do_create_token(user, "t", actor=user)[1]
        return Client().post(endpoint.url, json.dumps(good_form()), content_type="application/json",
                             headers=headers).status_code

    assert post(None, "a") == 401
    for who in endpoint.forbidden:
        assert post(who, who) == 403, who
    for who in endpoint.hidden:
        assert post(who, who) == 404, who
    assert not Result.objects.filter(tps_id="12.76.01.1006.002").exists()
    for who in endpoint.allowed:
        # Direct entry is not the default (verify), so each allowed user leaves it submitted;
        # the first stores it, the others meet "waiting for verification" — not a scope answer.
        assert post(who, who) in (200, 409), who
    assert Result.objects.filter(tps_id="12.76.01.1006.002").exists()


def test_the_public_pages_answer_without_login(cast: Cast, with_result: None, client) -> None:
    from pemilu.results.models import ResultPhoto

    photo = f"/hasil/publik/tps/12.76.01.1006.001/foto/{ResultPhoto.objects.get().pk}/"
    for url in ("/hasil/pemeriksaan/", "/hasil/pemeriksaan.json", "/hasil/publik/ppwp/nasional/",
                "/hasil/publik/ppwp/12.76.01.1006/", "/hasil/publik/tps/12.76.01.1006.001/",
                "/hasil/publik/ppwp/12.76.csv", photo):
        assert client.get(url).status_code == 200, url
    assert client.get("/hasil/publik/").status_code == 302
    assert client.get("/hasil/publik/ppwp/99.99/").status_code == 404


def test_a_ppk_member_of_another_kecamatan_gets_404_everywhere(cast: Cast, with_result: None) -> None:
    import json

    from django.test import Client

    from pemilu.accounts.actions import do_create_token
    from pemilu.testing.factories import PASSWORD, make_user

    ppk_bajenis = make_user("ppk_bajenis", "ppk", "12.76.04")
    client = Client()
    assert client.login(username="ppk_bajenis", password=PASSWORD)
    for url in (f"{T}/", f"{T}/isi/", f"{T}/koreksi/", f"{T}/c-hasil-salinan.pdf", "/hasil/rekap/ppwp/12.76.01/",
                "/hasil/rekap/ppwp/12.76.01.csv", "/hasil/rekap/ppwp/12.76.01/d-hasil.pdf",
                "/hasil/rekap/ppwp/12.76.01/d-hasil.xlsx", "/hasil/rekap/ppwp/12.76.01/d-hasil/"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert b"Persiakan" not in r.content
    assert client.post(f"{T}/verifikasi/").status_code == 404
    assert client.post("/hasil/rekap/ppwp/12.76.01/pleno/", {"action": "lock"}).status_code == 404
    raw = do_create_token(ppk_bajenis, "t", actor=ppk_bajenis)[1]
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/results/12.76.01.1006.001/ppwp", headers=headers).status_code == 404
    assert client.get("/api/v1/recap/ppwp?region=12.76.01", headers=headers).status_code == 404
    assert client.get("/api/v1/recap/ppwp/level?region=12.76.01", headers=headers).status_code == 404
    assert client.post("/hasil/rekap/ppwp/12.76.01/d-hasil/", {"r:12.76.01.1006:1": "5"}).status_code == 404
    r = Client().post("/api/v1/results/12.76.01.1006.002/ppwp", json.dumps(good_form()),
                      content_type="application/json",
                      headers={**headers, "Idempotency-Key": "x"})
    assert r.status_code == 404
    assert client.get("/hasil/rekap/ppwp/12.76.04/").status_code == 200  # their own kecamatan
