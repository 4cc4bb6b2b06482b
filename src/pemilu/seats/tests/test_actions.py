import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed, NotFoundError, PermissionDeniedError
from pemilu.seats.inputs import DapilTieResolution, DapilVotes
from pemilu.seats.models import AllocationRun, DapilResult, SeatContestKind
from pemilu.seats.tests.factories import TIED, make_run
from pemilu.testing.factories import Cast


def test_it_stores_a_run_with_inputs_results_and_an_audit_row(cast: Cast) -> None:
    run = make_run(cast.kpu_admin_a, reason="pleno")
    assert run.status == "complete" and run.total_seats == 5
    assert (run.prov_code, run.kab_code) == ("12", "12.76")
    d1, d2 = run.dapils.all()
    assert d1.seats_won == {"A": 2, "B": 1} and d1.seat_order[2] == ["A", 1000, 3, "quotient"]
    assert d2.seats_won == {"A": 1, "C": 1}
    assert run.inputs["dapils"][1]["votes"] == {"A": 500, "B": 300, "C": 310}
    assert len(run.input_hash) == 64
    event = AuditEvent.objects.get(event_type="seats.allocated")
    assert event.actor_id == cast.kpu_admin_a.pk and event.region_code == "12.76" and event.reason == "pleno"
    assert event.target_id == str(run.pk) and event.after is not None
    assert event.after["seats"] == {"A": 3, "B": 1, "C": 1}


def test_the_same_inputs_give_the_same_run_and_no_second_row(cast: Cast) -> None:
    first = make_run(cast.kpu_admin_a)
    again = make_run(cast.kpu_staff_a)
    assert again.pk == first.pk and AllocationRun.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="seats.allocated").count() == 1
    other = make_run(cast.kpu_admin_a, dapils=TIED)  # different inputs → a new run, new hash
    assert other.pk != first.pk and other.input_hash != first.input_hash


def test_a_tie_is_stored_as_needing_resolution_and_a_recorded_lot_resolves_it(cast: Cast) -> None:
    run = make_run(cast.kpu_admin_a, dapils=TIED)
    assert run.status == "needs_resolution" and run.national["open_ties"] == 1
    tied = run.dapils.get(code="1276-2")
    assert tied.tie == {"seat": 2, "seats": 1, "parties": ["B", "C"], "votes": 300, "divisor": 1, "rule": "lots"}
    assert tied.seats_won == {"A": 1}  # the contested seat is not given to anyone
    lots = DapilTieResolution("1276-2", 2, ("C", "B"), "BA undian KPU Kota 01/2024")
    done = make_run(cast.kpu_admin_a, dapils=TIED, resolutions=[lots])
    assert done.status == "complete"
    d = done.dapils.get(code="1276-2")
    assert d.seats_won == {"A": 1, "C": 1} and d.seat_order[1][3] == "lots"
    assert d.resolutions == [{"seat": 2, "order": ["C", "B"], "note": "BA undian KPU Kota 01/2024"}]
    event = AuditEvent.objects.filter(event_type="seats.allocated").latest("id")
    assert event.after is not None
    assert event.after["tie_resolutions"][0]["note"] == "BA undian KPU Kota 01/2024"


def test_a_resolution_for_no_tie_is_refused_and_nothing_is_stored(cast: Cast) -> None:
    with pytest.raises(ImportFailed):
        make_run(cast.kpu_admin_a, resolutions=[DapilTieResolution("1276-2", 2, ("B", "C"))])
    assert not AllocationRun.objects.exists() and not DapilResult.objects.exists()


def test_only_kpu_of_the_region_may_allocate(cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        make_run(cast.ppk_a1, region_code="12.76.01")
    with pytest.raises(PermissionDeniedError):
        make_run(cast.bawaslu_a)
    with pytest.raises(NotFoundError):
        make_run(cast.kpu_admin_b)
    with pytest.raises(NotFoundError):  # DPR is national: a kab/kota KPU cannot store it
        make_run(cast.kpu_admin_a, region_code="", contest_kind="DPR")
    assert not AllocationRun.objects.exists()
    assert not AuditEvent.objects.filter(event_type="seats.allocated").exists()
    assert make_run(get_system_user(), region_code="", contest_kind="DPR").region_code == ""


def test_a_run_is_stored_only_with_the_statutory_threshold_of_its_contest(cast: Cast) -> None:
    """UU 7/2017 Pasal 414: DPR 4 % of national valid votes, DPRD none; a run cannot choose."""
    from pemilu.core.exceptions import ConflictError

    with pytest.raises(ConflictError, match="414"):
        make_run(cast.kpu_admin_a, threshold=10)  # DPRD Kab/Kota: no threshold
    dpr = [DapilVotes(f"12{i:02d}", f"Dapil {i}", 3, {"A": 1000, "B": 600, "C": 30}) for i in range(1, 3)]
    with pytest.raises(ConflictError, match="4%"):
        make_run(get_system_user(), dapils=dpr, contest_kind=SeatContestKind.DPR, region_code="", threshold=0)
    run = make_run(get_system_user(), dapils=dpr, contest_kind=SeatContestKind.DPR, region_code="")
    assert run.threshold_percent == 4 and "C" not in {p for p, n in run.national["seats"].items() if n}
    assert AllocationRun.objects.filter(contest_kind=SeatContestKind.DPR).count() == 1
