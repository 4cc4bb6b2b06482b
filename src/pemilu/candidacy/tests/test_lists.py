"""The list workflow (issue 23 items 1–3, 7): BCS → verification → correction → DCS → DCT, the
rule blocks named, NIK on two lists blocks, a shared name warns, sex against NIK, scope."""

from __future__ import annotations

import datetime

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import actions
from pemilu.candidacy.models import Candidate, CandidateList, ListStatus
from pemilu.candidacy.tests.world import World, candidate, slate
from pemilu.core import clock
from pemilu.core.exceptions import (
    ConflictError,
    ImportFailed,
    NotFoundError,
    PermissionDeniedError,
    TransitionBlocked,
)
from pemilu.results.candidates import do_import_candidates
from pemilu.results.models import BallotCandidate, Contest
from pemilu.testing.factories import Cast

DECREE = "No. 12/PL.01.4-Kpt/1276/2023"


def to_dcs(world: World, cast: Cast, rows: list[actions.CandidateIn], *, party: str = "golkar",
           dapil: str = "dapil") -> CandidateList:
    lst = actions.do_submit_list(getattr(world, party), getattr(world, dapil), rows,
                                 actor=getattr(world, f"liaison_{party}"))
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    return actions.do_announce_dcs(lst, actor=cast.kpu_admin_a)


def set_dct(lst: CandidateList, cast: Cast) -> CandidateList:
    return actions.do_set_dct(lst, actor=cast.kpu_admin_a, decree_no=DECREE, decree_date=datetime.date(2023, 11, 3))


def test_a_list_goes_from_bcs_to_the_dct_and_onto_the_ballot(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPLLPL"), actor=world.liaison_golkar)
    assert (lst.status, lst.kab_code, lst.candidates.count()) == (ListStatus.BCS, "12.76", 6)
    stored = lst.candidates.get(number=2)
    assert stored.nik_hash and stored.nik_sealed and "127601" not in stored.nik_sealed + stored.nik_hash
    lst = actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=False, note="SKCK calon 3 kurang",
                                      correction_due=clock.today() + datetime.timedelta(days=3))
    assert lst.status == ListStatus.CORRECTION
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("PLLPLL"), actor=world.liaison_golkar)
    assert lst.status == ListStatus.BCS
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    actions.do_announce_dcs(lst, actor=cast.kpu_admin_a)
    with pytest.raises(ConflictError):  # the party cannot change an announced list
        actions.do_submit_list(world.golkar, world.dapil, slate("PLLPLL"), actor=world.liaison_golkar)
    lst = set_dct(lst, cast)
    assert lst.status == ListStatus.DCT
    contest = Contest.objects.get(election=world.election, code="dprd_kab-127602")
    golkar = [c for c in contest.choices if c["party"] == 4]
    assert [c["key"] for c in golkar] == ["4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert [c["label"] for c in golkar[1:]] == [f"Calon {n}" for n in range(1, 7)]
    assert list(BallotCandidate.objects.filter(dapil=world.dapil).values_list("number", "sex")) == [
        (1, "P"), (2, "L"), (3, "L"), (4, "P"), (5, "L"), (6, "L")]
    types = list(AuditEvent.objects.filter(event_type__startswith="candidacy.list").order_by("id")
                 .values_list("event_type", flat=True))
    assert types == ["candidacy.list_submitted", "candidacy.list_returned", "candidacy.list_corrected",
                     "candidacy.list_verified"]
    assert AuditEvent.objects.filter(event_type="candidacy.dcs_announced").count() == 1
    assert (AuditEvent.objects.get(event_type="candidacy.dct_set").after or {})["contests"] == ["dprd_kab-127602"]


def test_thirty_percent_rounded_up_blocks_the_dct_with_the_numbers_named(world: World, cast: Cast) -> None:
    lst = to_dcs(world, cast, slate("LPLLPLL"))  # 7 names, 2 women: 30 % of 7 = 2.1 → 3 needed
    with pytest.raises(TransitionBlocked) as exc:
        set_dct(lst, cast)
    codes = [b.code for b in exc.value.blockers]
    assert codes == ["women_quota"]
    message = exc.value.blockers[0].message
    for part in ("127602", "GOLKAR", "10 kursi", "2 perempuan", "dibutuhkan 3"):
        assert part in message
    lst.refresh_from_db()
    assert lst.status == ListStatus.DCS and not BallotCandidate.objects.filter(dapil=world.dapil).exists()


def test_one_woman_in_every_three_blocks_the_dct(world: World, cast: Cast) -> None:
    lst = to_dcs(world, cast, slate("PPLLLL"))  # 2 of 6 women (enough), none in 4–6
    with pytest.raises(TransitionBlocked) as exc:
        set_dct(lst, cast)
    assert [b.code for b in exc.value.blockers] == ["women_per_block"]
    assert "4–6" in exc.value.blockers[0].message


def test_a_nik_on_two_lists_blocks_at_any_party_dapil_or_level(world: World, cast: Cast) -> None:
    golkar = to_dcs(world, cast, slate("LPL", start=1))
    pdip = to_dcs(world, cast, [*slate("LP", start=10), candidate(3, woman=False, serial=3)], party="pdip",
                  dapil="other_dapil")  # no. 3 is Golkar's no. 3 (same NIK), in another dapil and party
    for lst, other in ((golkar, "PDIP no. 3"), (pdip, "GOLKAR no. 3")):
        with pytest.raises(TransitionBlocked) as exc:
            set_dct(lst, cast)
        assert [b.code for b in exc.value.blockers] == ["nik_on_two_lists"]
        assert other in exc.value.blockers[0].message


def test_a_nik_on_a_list_of_another_level_blocks(world: World, cast: Cast) -> None:
    from pemilu.candidacy.importer import do_import_lists

    row = candidate(1, woman=True, serial=2)
    do_import_lists(world.election, (
        "kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir\n"
        f"120009,4,1,{row.name},P,{row.nik},{row.birth_date}\n").encode(), level="dprd-prov",
        actor=get_system_user())
    lst = to_dcs(world, cast, slate("LPL"))  # no. 2 has the NIK (serial 2) of the DPRD Provinsi list's no. 1
    with pytest.raises(TransitionBlocked) as exc:
        set_dct(lst, cast)
    assert "DPRD Provinsi dapil 120009, GOLKAR no. 1" in exc.value.blockers[0].message


def test_a_name_on_two_lists_only_warns(world: World, cast: Cast) -> None:
    to_dcs(world, cast, [candidate(1, woman=True, serial=40, name="Siti Aminah")], party="pdip",
           dapil="other_dapil")
    lst = to_dcs(world, cast, [candidate(1, woman=False, serial=1), candidate(2, woman=True, serial=2,
                                                                               name="Hj. SITI AMINAH, S.E.")])
    blockers, warnings = actions.dct_preview(lst)
    assert blockers == [] and len(warnings) == 1 and "PDIP no. 1" in warnings[0]
    lst = set_dct(lst, cast)
    assert lst.status == ListStatus.DCT and lst.dct_warnings == warnings


def test_a_sex_against_its_nik_is_a_finding_that_holds_the_dct(world: World, cast: Cast) -> None:
    wrong = candidate(2, woman=True, serial=2, sex="L")  # the NIK says a woman (day + 40)
    lst = to_dcs(world, cast, [candidate(1, woman=True, serial=1), wrong, candidate(3, woman=False, serial=3)])
    assert Candidate.objects.get(candidate_list=lst, number=2).findings == "N05"
    with pytest.raises(TransitionBlocked) as exc:
        set_dct(lst, cast)
    assert [b.code for b in exc.value.blockers] == ["sex_nik"]


def test_bad_rows_are_named_and_nothing_is_written(world: World, cast: Cast) -> None:
    rows = slate("LPL")
    rows[1] = actions.CandidateIn(**{**rows[1].__dict__, "nik": "1234567890123456"})
    rows[2] = actions.CandidateIn(**{**rows[2].__dict__, "number": 2})
    with pytest.raises(ImportFailed) as exc:
        actions.do_submit_list(world.golkar, world.dapil, rows, actor=world.liaison_golkar)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "nik"), (3, "nomor_urut")]
    assert not CandidateList.objects.exists() and not Candidate.objects.exists()


def test_a_liaison_acts_on_its_own_party_only(world: World, cast: Cast) -> None:
    with pytest.raises(NotFoundError):  # PDIP's officer cannot submit Golkar's list
        actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_pdip)
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    with pytest.raises(PermissionDeniedError):  # in scope, not the KPU
        actions.do_verify_documents(lst, actor=world.liaison_golkar, verified=True)
    with pytest.raises(NotFoundError):  # KPU Karo: another kab/kota
        actions.do_verify_documents(lst, actor=cast.kpu_admin_b, verified=True)
    with pytest.raises(PermissionDeniedError):  # KPU staff verify; only the administrator announces
        actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
        actions.do_announce_dcs(lst, actor=cast.kpu_staff_a)


def test_the_results_import_leaves_a_dapil_managed_by_candidacy(world: World, cast: Cast) -> None:
    set_dct(to_dcs(world, cast, slate("LPL")), cast)
    csv = "jenis,kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin\nDPRD KABUPATEN/KOTA,127602,4,1,X,L\n"
    with pytest.raises(ImportFailed, match="dikelola di pencalonan"):
        do_import_candidates(world.election, csv.encode(), actor=get_system_user())
    assert BallotCandidate.objects.filter(dapil=world.dapil).count() == 3
