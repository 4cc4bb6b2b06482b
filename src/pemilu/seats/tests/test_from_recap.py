"""Seats and the elected from the locked recap of the level that sets the contest (issue 21
items 5 and 6): KPU Kota Tebing Tinggi's plenary for its DPRD Kota dapil."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, ImportFailed, NotFoundError, PermissionDeniedError, TransitionBlocked
from pemilu.results.models import Dapil
from pemilu.seats import from_recap
from pemilu.seats.contest import allocate_contest
from pemilu.seats.models import AllocationRun, RunSource
from pemilu.seats.tests import recap_world as world
from pemilu.testing.factories import Cast

# Dapil 1: PKB 600 (party 300 + its candidates), GERINDRA 300, PDIP 100 → 3 seats: PKB 2, GERINDRA 1.
DAPIL1 = {"1": 300, "1.1": 50, "1.2": 200, "1.3": 50, "2": 100, "2.1": 150, "2.3": 50, "3": 100}
# Dapil 2: GERINDRA 250, PDIP 200, PKB 45 → GERINDRA 2, PDIP 1.
DAPIL2 = {"2": 250, "3": 50, "3.2": 150, "1": 45}


@pytest.fixture
def election(cast: Cast) -> Any:
    return world.build()


def _locked(election: Any, cast: Cast) -> None:
    for dapil, votes in (("127601", DAPIL1), ("127602", DAPIL2)):
        world.lock(world.enter(election, dapil, votes, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)


def test_it_allocates_the_seats_and_names_the_elected_from_the_locked_kota_recap(election: Any, cast: Cast) -> None:
    _locked(election, cast)
    run, created = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76",
                                                     actor=cast.kpu_admin_a, reason="pleno penetapan")
    assert created and run.source == RunSource.RECAP and run.status == "complete" and run.region_code == "12.76"
    assert run.contest_kind == "DPRD_KABKOTA" and run.threshold_percent == 0
    d1, d2 = run.dapils.all()
    assert (d1.code, d1.seats_won, d2.seats_won) == ("127601", {"PKB": 2, "GERINDRA": 1}, {"GERINDRA": 2, "PDIP": 1})
    assert d1.votes == {"PKB": 600, "GERINDRA": 300, "PDIP": 100}
    names = [(r.dapil_code, r.party, r.name, r.votes) for r in from_recap.elected(run)]
    # Pasal 422: most personal votes within the party; GERINDRA in dapil 2 has no personal votes
    # at all: list order (nomor urut 1, 2).
    assert names == [("127601", "PKB", "Calon 1-1-2", 200), ("127601", "GERINDRA", "Calon 1-2-1", 150),
                     ("127601", "PKB", "Calon 1-1-1", 50),
                     ("127602", "GERINDRA", "Calon 2-2-1", 0), ("127602", "PDIP", "Calon 2-3-2", 150),
                     ("127602", "GERINDRA", "Calon 2-2-2", 0)]
    assert [p["contest"] for p in run.recap["plenaries"]] == ["dprd_kab-127601", "dprd_kab-127602"]
    assert all(p["locked_at"] for p in run.recap["plenaries"]) and run.recap["parties"]["PDIP"] == 3
    event = AuditEvent.objects.get(event_type="seats.allocated")
    assert event.after is not None and event.after["source"] == "recap" and event.region_code == "12.76"
    again, created = from_recap.do_allocate_from_recap(election, "DPRD_KABKOTA", region_code="12.76",
                                                       actor=cast.kpu_staff_a)
    assert again.pk == run.pk and not created


def test_an_unlocked_recap_is_only_a_preview_and_is_never_stored(election: Any, cast: Cast) -> None:
    world.lock(world.enter(election, "127601", DAPIL1, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    world.lock(world.enter(election, "127602", DAPIL2, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a, kota=False)
    source = from_recap.read_recap(election, "dprd-kabkota", "12.76")
    assert source.preview and [c.code for c in source.unlocked] == ["dprd_kab-127602"]
    preview = from_recap.allocate(source)  # the same figures, computed but not stored
    assert preview.dapils[1].allocation.seats == {"PKB": 0, "GERINDRA": 2, "PDIP": 1}
    with pytest.raises(TransitionBlocked, match="KOTA TEBING TINGGI 2"):
        from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    assert not AllocationRun.objects.exists()
    assert not AuditEvent.objects.filter(event_type="seats.allocated").exists()


def test_only_kpu_of_the_kota_allocates_its_dprd_seats(election: Any, cast: Cast) -> None:
    _locked(election, cast)
    with pytest.raises(NotFoundError):
        from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.bawaslu_a)
    with pytest.raises(DomainError, match="kabupaten/kota"):
        from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12", actor=cast.kpu_admin_a)
    assert not AllocationRun.objects.exists()


def test_the_zero_vote_tie_follows_list_order_not_the_woman_rule(election: Any, cast: Cast) -> None:
    """GERINDRA wins seats in dapil 2 on party-only votes; its candidates have none. Nomor urut 1
    (a man) is elected before nomor urut 2 (a woman), as PKPU 6/2024 orders the list."""
    _locked(election, cast)
    run, _ = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    gerindra = run.dapils.get(code="127602").elected["GERINDRA"]
    assert [c[:3] for c in gerindra] == [["Calon 2-2-1", 1, 0], ["Calon 2-2-2", 2, 0]]
    assert world.SEXES[:2] == "LP"  # no. 1 is a man, no. 2 a woman


def test_equal_personal_votes_go_to_the_wider_spread_computed_from_the_tps(election: Any, cast: Cast) -> None:
    """PKB's 1.1 and 1.3 both have 50 votes for PKB's second seat; 1.3's come from two kelurahan
    (Persiakan and Bandar Sono), 1.1's from one: 1.3 is elected (then woman, then nomor urut)."""
    tps = world.tps_of("127601")  # Persiakan 001–003, Bandar Sono 001–002
    plan = world.split({k: v for k, v in DAPIL1.items() if k not in ("1.1", "1.3")}, tps)
    plan[tps[0]].update({"1.1": 50, "1.3": 25})
    plan[tps[3]]["1.3"] = 25
    world.lock(world.enter(election, "127601", {}, actor=cast.kpu_admin_a, per_tps=plan), kpu=cast.kpu_admin_a)
    world.lock(world.enter(election, "127602", DAPIL2, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    source = from_recap.read_recap(election, "dprd-kabkota", "12.76")
    assert from_recap.spreads(source.contests[0].contest_id, ["1.1", "1.3"], (3, 4)) == {"1.1": (1, 1),
                                                                                         "1.3": (1, 2)}
    run, _ = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    pkb = run.dapils.get(code="127601").elected["PKB"]
    assert [c[0] for c in pkb] == ["Calon 1-1-2", "Calon 1-1-3"]
    spread = {c[2]: c[6] for c in run.inputs["candidates"] if c[0] == "127601" and c[1] == "PKB"}
    assert spread == {"Calon 1-1-1": [1, 1], "Calon 1-1-2": None, "Calon 1-1-3": [1, 2]}


def test_a_15_seat_dapil_is_refused(cast: Cast, settings: Any) -> None:
    settings.PEMILU_DAPIL_MAGNITUDE = {}  # the statute's ranges (DPRD 3–12, UU 7/2017 Pasal 192)
    with pytest.raises(ImportFailed, match="15 kursi, di luar batas 3–12"):
        world.build(seats=(15, 3))
    election = world.build(seats=(12, 3))
    _locked(election, cast)
    Dapil.objects.filter(code="127601").update(seats=15)  # a map stored before the check existed
    with pytest.raises(ImportFailed, match="Pasal 192"):
        from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    assert not AllocationRun.objects.exists()


def test_dpr_from_the_national_recap_applies_the_4_percent_threshold(cast: Cast) -> None:
    """PDIP has 3.2 % of the national valid votes: it takes no DPR seat, though it would win one
    in dapil 1203 without the threshold (UU 7/2017 Pasal 414)."""
    from pemilu.accounts.actions import get_system_user
    from pemilu.results.models import Contest

    election = world.build_dpr()
    system = get_system_user()
    votes = {"1201": {"1": 700, "2": 600, "3": 0}, "1203": {"1": 120, "2": 70, "3": 50}}
    for code, v in votes.items():
        contest = Contest.objects.get(election=election, code=f"dpr-{code}")
        world.enter_all(contest, v, actor=system)
        if code == "1201":
            world.lock_chain(contest, actor=system)
    with pytest.raises(TransitionBlocked, match="SUMATERA UTARA III"):
        from_recap.do_allocate_from_recap(election, "dpr", actor=system)
    world.lock_chain(Contest.objects.get(election=election, code="dpr-1203"), actor=system)
    with pytest.raises(NotFoundError):  # DPR is set by KPU (national), not KPU Kota
        from_recap.do_allocate_from_recap(election, "dpr", actor=cast.kpu_admin_a)
    assert from_recap.allocate(from_recap.read_recap(election, "dpr")).dapils[1].allocation.seats.get("PDIP", 0) == 0
    without = allocate_contest(from_recap.read_recap(election, "dpr").dapils(), threshold=0)
    assert without.dapils[1].allocation.seats["PDIP"] == 1  # what the threshold takes away
    run, created = from_recap.do_allocate_from_recap(election, "dpr", actor=system)
    assert created and run.threshold_percent == 4 and run.national["threshold"]["excluded"] == ["PDIP"]
    assert {d.code: d.seats_won for d in run.dapils.all()} == {"1201": {"PKB": 2, "GERINDRA": 1},
                                                             "1203": {"PKB": 2, "GERINDRA": 1}}
    assert run.recap["level"] == "" and len(run.recap["plenaries"]) == 2


def test_dpd_elects_the_four_with_most_votes_in_the_province(cast: Cast) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.results.candidates import do_import_candidates
    from pemilu.results.models import Contest

    election = world.build_dpr()
    system = get_system_user()
    rows = "".join(f"DPD,12,,{n},Calon DPD {n},{'LP'[n % 2]}\n" for n in range(1, 7))
    do_import_candidates(election, ("jenis,kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin\n" + rows)
                         .encode(), actor=system)
    contest = Contest.objects.get(election=election, code="dpd-12")
    world.enter_all(contest, {"1": 90, "2": 450, "3": 270, "4": 0, "5": 360, "6": 180}, actor=system)
    world.lock_chain(contest, actor=system)
    run, _ = from_recap.do_allocate_from_recap(election, "dpd", actor=system)
    assert run.contest_kind == "DPD" and run.total_seats == 4
    assert [(r.name, r.votes) for r in from_recap.elected(run)] == [
        ("Calon DPD 2", 450), ("Calon DPD 5", 360), ("Calon DPD 3", 270), ("Calon DPD 6", 180)]
