"""Entry workflows (direct, verify, double entry), corrections, plenary lock and reopen: the
state, the running totals, the audit row and the denial path of each."""

from __future__ import annotations

import pytest

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StageClosedError,
    TransitionBlocked,
)
from pemilu.regions.models import Tps
from pemilu.results import queries
from pemilu.results.actions import (
    ChecksFailed,
    do_correct_result,
    do_lock_plenary,
    do_record_objection,
    do_reopen_plenary,
    do_resolve_conflict,
    do_submit_result,
    do_verify_result,
)
from pemilu.results.models import Contest, EntryMode, Plenary, PlenaryRecord, Result, ResultStatus
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast, attend_plenary, make_user

TPS1 = "12.76.01.1006.001"


def _tps(code: str = TPS1) -> Tps:
    return Tps.objects.get(code=code)


def _sah(contest: Contest, region: str = "12.76.01") -> tuple[int, int]:
    t = queries.totals(contest, region)
    return t["votes"]["2"], t["accepted"]


def test_it_accepts_directly_and_counts_in_the_kecamatan(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    result = do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    assert result.status == ResultStatus.ACCEPTED
    assert _sah(ppwp) == (85, 1)
    assert AuditEvent.objects.filter(event_type="results.entered", region_code=TPS1).count() == 1


def test_it_lets_a_kpps_member_write_only_their_own_tps(cast: Cast, ppwp: Contest) -> None:
    with pytest.raises(NotFoundError):
        do_submit_result(ppwp, _tps("12.76.01.1006.002"), good_form(), actor=cast.kpps_a1)
    with pytest.raises(NotFoundError):
        do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        do_submit_result(ppwp, _tps(), good_form(), actor=cast.bawaslu_a)
    assert not Result.objects.exists()


def test_it_blocks_a_misread_with_its_codes_and_asks_a_reason_for_a_warning(cast: Cast, ppwp: Contest) -> None:
    form = good_form()
    form["votes"]["2"] = 885
    with pytest.raises(ChecksFailed) as info:
        do_submit_result(ppwp, _tps(), form, actor=cast.kpps_a1)
    assert info.value.codes == ["E4", "E10", "W1"] and "E4" in info.value.message
    assert not Result.objects.exists()
    big = good_form(a=10, b=301, c=0, tidak_sah=0)
    big["dpt_j"], big["dpt_l"], big["dpt_p"] = 311, 160, 151
    big["ss_diterima"], big["ss_tidak_digunakan"] = 320, 8
    with pytest.raises(ChecksFailed, match="W1, W2"):
        do_submit_result(ppwp, _tps(), big, actor=cast.kpps_a1)
    with pytest.raises(ChecksFailed, match="W2"):
        do_submit_result(ppwp, _tps(), big, actor=cast.kpps_a1, acknowledgements={"W1": "sesuai plano"})
    result = do_submit_result(ppwp, _tps(), big, actor=cast.kpps_a1,
                              acknowledgements={"W1": "sesuai plano", "W2": "kiriman KPU"})
    assert result.codes == ["W1", "W2"]
    assert result.current is not None and result.current.acknowledgements["W2"] == "kiriman KPU"


def test_it_waits_for_a_ppk_member_to_verify(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.VERIFY)
    result = do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    assert result.status == ResultStatus.SUBMITTED and _sah(ppwp) == (0, 0)
    with pytest.raises(PermissionDeniedError):
        do_verify_result(result, actor=cast.kpps_a1)
    with pytest.raises(NotFoundError):
        do_verify_result(result, actor=cast.kpu_admin_b)
    result = do_verify_result(result, actor=cast.ppk_a1)
    assert result.status == ResultStatus.ACCEPTED and _sah(ppwp) == (85, 1)
    assert AuditEvent.objects.filter(event_type="results.verified").count() == 1


def test_it_counts_a_double_entry_only_when_two_users_agree(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    operator = make_user("op2", "pps", "12.76.01.1006")
    result = do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    assert result.status == ResultStatus.FIRST_ENTRY
    with pytest.raises(ConflictError, match="pengguna lain"):
        do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    result = do_submit_result(ppwp, _tps(), good_form(), actor=operator)
    assert result.status == ResultStatus.ACCEPTED and _sah(ppwp) == (85, 1)


def test_it_sends_disagreeing_entries_to_the_coordinator(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DOUBLE)
    operator = make_user("op2", "pps", "12.76.01.1006")
    do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    result = do_submit_result(ppwp, _tps(), good_form(a=48, c=39), actor=operator)
    assert result.status == ResultStatus.CONFLICT and _sah(ppwp) == (0, 0)
    event = AuditEvent.objects.get(event_type="results.second_entry")
    assert event.after is not None and event.after["differences"] == ["votes.1", "votes.3"]
    with pytest.raises(PermissionDeniedError):
        do_resolve_conflict(result, actor=cast.kpps_a1, keep_version=1)
    result = do_resolve_conflict(result, actor=cast.ppk_a1, keep_version=1, reason="sesuai plano")
    assert result.status == ResultStatus.ACCEPTED and result.current is not None and result.current.number == 1
    assert queries.totals(ppwp, "12.76.01")["votes"]["1"] == 47


def test_it_corrects_with_a_reason_and_refuses_after_the_plenary_locks(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    result = do_submit_result(ppwp, _tps(), good_form(), actor=cast.kpps_a1)
    with pytest.raises(PermissionDeniedError):
        do_correct_result(result, good_form(b=84, c=41), actor=cast.kpps_a1, reason="salah tulis")
    result = do_correct_result(result, good_form(b=84, c=41), actor=cast.ppk_a1, reason="salah tulis")
    assert _sah(ppwp) == (84, 1) and result.corrections == 1
    assert queries.totals(ppwp, "12.76.01")["corrected"] == 1
    assert [v.number for v in result.versions.all()] == [1, 2]
    event = AuditEvent.objects.get(event_type="results.corrected")
    assert event.reason == "salah tulis" and event.before is not None and event.before["votes"]["2"] == 85
    # Lock the kecamatan plenary: every TPS of Padang Hulu must be accepted first.
    with pytest.raises(TransitionBlocked, match="TPS belum diterima"):
        do_lock_plenary(ppwp, "12.76.01", actor=cast.ppk_a1)
    for tps in Tps.objects.filter(kec_code="12.76.01").exclude(code=TPS1):
        do_submit_result(ppwp, tps, good_form(), actor=cast.ppk_a1)
    attend_plenary(ppwp, "12.76.01", cast.ppk_a1)
    plenary = do_lock_plenary(ppwp, "12.76.01", actor=cast.ppk_a1)
    assert plenary.frozen["votes"]["2"] == 84 + 4 * 85
    with pytest.raises(StageClosedError):
        do_correct_result(result, good_form(b=83, c=42), actor=cast.ppk_a1, reason="lagi")
    with pytest.raises(PermissionDeniedError):
        do_reopen_plenary(plenary, actor=cast.ppk_a1, reason="saya sendiri")
    plenary = do_reopen_plenary(plenary, actor=cast.kpu_admin_a, reason="keberatan saksi TPS 001")
    assert plenary.status == "open"
    assert PlenaryRecord.objects.get(plenary=plenary).kind == "reopen"
    do_correct_result(result, good_form(b=83, c=42), actor=cast.kpu_admin_a, reason="keberatan diterima")
    assert _sah(ppwp)[0] == 83 + 4 * 85
    assert AuditEvent.objects.filter(event_type__startswith="results.plenary").count() == 3


def test_it_locks_the_kab_kota_only_after_its_kecamatan(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.DIRECT)
    with pytest.raises(TransitionBlocked):
        do_lock_plenary(ppwp, "12.76", actor=cast.kpu_admin_a)
    with pytest.raises(NotFoundError):
        do_lock_plenary(ppwp, "12.76", actor=cast.ppk_a1)
    assert not Plenary.objects.filter(status="locked").exists()


def test_it_records_objections(cast: Cast, ppwp: Contest) -> None:
    record = do_record_objection(ppwp, "12.76.01", actor=cast.ppk_a1, kind="objection",
                                 text="Saksi 01 keberatan TPS 003", resolution="dihitung ulang")
    assert record.plenary.region_code == "12.76.01"
    assert AuditEvent.objects.filter(event_type="results.plenary_record").count() == 1
    with pytest.raises(PermissionDeniedError):
        do_record_objection(ppwp, "12.76.01", actor=cast.bawaslu_a, kind="objection", text="x")
