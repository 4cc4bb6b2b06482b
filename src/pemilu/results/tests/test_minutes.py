"""The berita acara of a rapat pleno (issue 21 item 4): attendance, the quorum the lock requires
(in the action, so the page and the API answer it too), objections and special events."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    PermissionDeniedError,
    TransitionBlocked,
)
from pemilu.regions.models import Tps
from pemilu.results import rules
from pemilu.results.actions import do_lock_plenary, do_record_objection, do_submit_result
from pemilu.results.minutes import do_record_attendance, quorum_of, suggested_attendees
from pemilu.results.models import Contest, EntryMode, Plenary, PlenaryAttendee, PlenaryStatus
from pemilu.results.reference import config_for
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary

KEC = "12.76.01"


def _fill(contest: Contest, actor: Any) -> None:
    set_mode(contest, EntryMode.DIRECT)
    for tps in Tps.objects.filter(kec_code=KEC).order_by("code"):
        do_submit_result(contest, tps, good_form(), actor=actor)


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- the rule --------------------------------------------------------------------------------

def test_the_quorum_is_two_thirds_of_the_body_rounded_up() -> None:
    assert [rules.Quorum(m, 0, 2, 3).needed for m in (3, 5, 7)] == [2, 4, 5]
    assert rules.Quorum(5, 3, 2, 3).reached is False and rules.Quorum(5, 4, 2, 3).reached is True
    assert rules.Quorum(7, 4, 1, 2).reached is True  # another fraction, configured per election
    assert rules.Quorum(0, 0, 2, 3).reached is False  # a body without members never has a quorum


@given(st.integers(1, 50), st.integers(0, 50), st.integers(1, 9), st.integers(1, 9))
def test_the_quorum_is_the_exact_fraction(members: int, present: int, num: int, den: int) -> None:
    q = rules.Quorum(members, present, num, den)
    assert q.reached == (present * den >= members * num)  # "paling sedikit num/den anggota"


def test_the_body_size_comes_from_the_level_or_the_region() -> None:
    levels = {"3": 5, "2": 5, "1": 7, "0": 7}
    assert [rules.body_size(c, levels, {}) for c in ("12.76.01", "12.76", "12", "")] == [5, 5, 7, 7]
    assert rules.body_size("99", levels, {}) == 7  # held by KPU at the national level
    assert rules.body_size("12", levels, {"12": 5}) == 5


# --- the action ------------------------------------------------------------------------------

def test_below_the_quorum_the_plenary_does_not_lock(cast: Cast, ppwp: Contest) -> None:
    _fill(ppwp, cast.ppk_a1)
    with pytest.raises(TransitionBlocked, match="0 dari 5 anggota hadir") as info:
        do_lock_plenary(ppwp, KEC, actor=cast.ppk_a1)
    assert [b.code for b in info.value.blockers] == ["quorum"]
    attend_plenary(ppwp, KEC, cast.ppk_a1, present=3, witnesses=2)
    with pytest.raises(TransitionBlocked, match=r"3 dari 5 anggota hadir; rapat pleno sah bila paling sedikit 4 "
                                                r"anggota \(2/3\) hadir"):
        do_lock_plenary(ppwp, KEC, actor=cast.ppk_a1)
    assert not Plenary.objects.filter(status=PlenaryStatus.LOCKED).exists()
    assert not AuditEvent.objects.filter(event_type="results.plenary_locked").exists()


def test_with_the_quorum_the_plenary_locks_and_the_audit_row_names_it(cast: Cast, ppwp: Contest) -> None:
    _fill(ppwp, cast.ppk_a1)
    attend_plenary(ppwp, KEC, cast.ppk_a1, present=4, witnesses=3)
    event = AuditEvent.objects.get(event_type="results.plenary_attendance")
    assert event.actor_id == cast.ppk_a1.pk and (event.after or {})["present"] == 4
    assert (event.after or {})["needed"] == 4 and (event.after or {})["quorum"] is True
    plenary = do_lock_plenary(ppwp, KEC, actor=cast.ppk_a1)
    assert plenary.status == PlenaryStatus.LOCKED
    after = AuditEvent.objects.get(event_type="results.plenary_locked").after or {}
    assert after["quorum"] == {"members": 5, "present": 4, "needed": 4}
    # The list is the record of the plenary: frozen with it.
    with pytest.raises(ConflictError, match="sudah dikunci"):
        attend_plenary(ppwp, KEC, cast.ppk_a1)
    with pytest.raises(ConflictError, match="sudah dikunci"):
        do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="objection", text="terlambat")


def test_the_fraction_and_the_body_size_are_configured_per_election(cast: Cast, ppwp: Contest) -> None:
    _fill(ppwp, cast.ppk_a1)
    config = config_for(ppwp.election)
    assert "PKPU 8/2022" in config.quorum_basis
    config.quorum_numerator, config.quorum_denominator = 1, 2
    config.plenary_members_by_region = {KEC: 3}
    config.save()
    attend_plenary(ppwp, KEC, cast.ppk_a1, present=2)
    assert quorum_of(ppwp, KEC, Plenary.objects.get()).members == 3
    assert do_lock_plenary(ppwp, KEC, actor=cast.ppk_a1).status == PlenaryStatus.LOCKED


def test_a_bad_attendance_row_is_named_and_nothing_is_stored(cast: Cast, ppwp: Contest) -> None:
    rows: list[dict[str, Any]] = [{"kind": "member", "name": f"A{n}"} for n in range(6)]
    with pytest.raises(ImportFailed, match="6 anggota tercantum, badan ini beranggota 5"):
        do_record_attendance(ppwp, KEC, rows, actor=cast.ppk_a1)
    bad: list[dict[str, Any]] = [{"kind": "witness", "name": "Saksi"}, {"kind": "tamu", "name": ""},
                                 {"kind": "member", "name": "X\x00"}, {"kind": "member", "name": "Y", "present": "ya"}]
    with pytest.raises(ImportFailed) as info:
        do_record_attendance(ppwp, KEC, bad, actor=cast.ppk_a1)
    assert [(e.row, e.column) for e in info.value.errors] == [
        (1, "represents"), (2, "kind"), (2, "name"), (3, "name"), (4, "present")]
    assert not PlenaryAttendee.objects.exists()
    assert not AuditEvent.objects.filter(event_type="results.plenary_attendance").exists()


def test_only_the_holder_of_the_plenary_records_attendance(cast: Cast, ppwp: Contest) -> None:
    rows = [{"kind": "member", "name": "A"}]
    with pytest.raises(PermissionDeniedError):
        do_record_attendance(ppwp, KEC, rows, actor=cast.bawaslu_a)
    for who in (cast.kpu_admin_b, cast.pps_a1):
        with pytest.raises(NotFoundError):
            do_record_attendance(ppwp, KEC, rows, actor=who)
    assert not PlenaryAttendee.objects.exists()


def test_the_ppk_list_starts_from_the_appointed_members(cast: Cast, ppwp: Contest) -> None:
    assert suggested_attendees(ppwp, KEC) == []  # no PPK appointed in this world
    assert suggested_attendees(ppwp, "12.76") == []  # KPU commissioners are typed


# --- objections and special events -----------------------------------------------------------

def test_objections_and_special_events_are_recorded_with_who_and_why(cast: Cast, ppwp: Contest) -> None:
    objection = do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="objection", raised_by="Saksi Paslon 02",
                                    text="Suara sah TPS 001 Persiakan", resolution="Dibacakan ulang; sesuai")
    assert (objection.raised_by, objection.resolution) == ("Saksi Paslon 02", "Dibacakan ulang; sesuai")
    event = do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="special", text="Plano basah",
                                reason="Dilanjutkan dengan salinan", tps_codes=["12.76.01.1006.001"])
    assert event.tps_codes == ["12.76.01.1006.001"] and event.reason == "Dilanjutkan dengan salinan"
    rows = [e.after for e in AuditEvent.objects.filter(event_type="results.plenary_record").order_by("seq")]
    assert rows[0] is not None and rows[0]["raised_by"] == "Saksi Paslon 02"
    assert rows[1] is not None and rows[1]["tps"] == ["12.76.01.1006.001"]
    with pytest.raises(DomainError, match="wajib disertai alasan"):
        do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="special", text="x", tps_codes=["12.76.01.1006.001"])
    # A TPS of another kecamatan, or another kab/kota: refused alike, nothing said about it.
    for code in ("12.76.04.1002.001", "12.06.01.2001.001", "12.06.01.2001.999"):
        with pytest.raises(DomainError, match="Bukan TPS wilayah ini"):
            do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="special", text="x", reason="y", tps_codes=[code])
    with pytest.raises(DomainError):
        do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="reopen", text="x")
    assert AuditEvent.objects.filter(event_type="results.plenary_record").count() == 2


# --- the page and the API answer the action's refusal ----------------------------------------

def test_the_page_and_the_api_refuse_a_lock_below_the_quorum(cast: Cast, ppwp: Contest) -> None:
    _fill(ppwp, cast.ppk_a1)
    attend_plenary(ppwp, KEC, cast.ppk_a1, present=3)
    client = _client(cast.ppk_a1)
    page = client.post(f"/hasil/rekap/ppwp/{KEC}/pleno/", {"action": "lock"}, follow=True)
    assert "Kuorum tidak tercapai: 3 dari 5 anggota hadir" in page.content.decode()
    api = client.post("/api/v1/recap/ppwp/plenary/lock", json.dumps({"region": KEC}),
                      content_type="application/json")
    assert api.status_code == 409 and api.json()["code"] == "transition_blocked"
    assert "Kuorum tidak tercapai" in api.json()["detail"]
    assert not Plenary.objects.filter(status=PlenaryStatus.LOCKED).exists()
    attend_plenary(ppwp, KEC, cast.ppk_a1, present=4)
    api = client.post("/api/v1/recap/ppwp/plenary/lock", json.dumps({"region": KEC}),
                      content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == "locked"


def test_a_special_event_below_covers_the_incomplete_form_at_the_levels_above(cast: Cast, ppwp: Contest) -> None:
    from pemilu.results.actions import locked_result, record_import
    from pemilu.results.models import ADMIN_FIELDS

    set_mode(ppwp, EntryMode.DIRECT)
    incomplete = "12.76.01.1007.002"
    for tps in Tps.objects.filter(kab_code="12.76").order_by("code"):
        if tps.code == incomplete:  # votes only: accepted, incomplete
            record_import(locked_result(ppwp, tps), {**good_form(), **dict.fromkeys(ADMIN_FIELDS)},
                          actor=cast.kpu_admin_a, filename="t")
        else:
            do_submit_result(ppwp, tps, good_form(), actor=cast.kpu_admin_a)
    for kec in (KEC, "12.76.04"):
        attend_plenary(ppwp, kec, cast.kpu_admin_a)
    attend_plenary(ppwp, "12.76", cast.kpu_admin_a)
    with pytest.raises(TransitionBlocked, match=f"1 C.Hasil tidak lengkap.*{incomplete}"):
        do_lock_plenary(ppwp, KEC, actor=cast.kpu_admin_a)
    do_record_objection(ppwp, KEC, actor=cast.ppk_a1, kind="special", text="Plano basah, tidak terbaca",
                        reason="Diputuskan pleno PPK", tps_codes=[incomplete])
    do_lock_plenary(ppwp, KEC, actor=cast.kpu_admin_a)
    do_lock_plenary(ppwp, "12.76.04", actor=cast.kpu_admin_a)
    kota = do_lock_plenary(ppwp, "12.76", actor=cast.kpu_admin_a)  # covered below: no new event needed
    assert kota.status == PlenaryStatus.LOCKED
    assert (AuditEvent.objects.filter(event_type="results.plenary_locked").order_by("-seq").first()
            .after or {})["incomplete"] == 1  # type: ignore[union-attr]
