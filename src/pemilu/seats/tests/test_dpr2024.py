"""The official 2024 DPR allocation (Keputusan KPU 1205/2024) reproduced from the dapil votes."""

import csv
from pathlib import Path

from pemilu.seats.contest import allocate_contest
from pemilu.seats.inputs import read_candidate_votes, read_dapil_votes

OFFICIAL = {"PDIP": 110, "GOLKAR": 102, "GERINDRA": 86, "NASDEM": 69, "PKB": 68, "PKS": 53, "PAN": 48,
            "DEMOKRAT": 44}


def test_it_reproduces_every_dapil_and_the_national_totals(shared_data: Path) -> None:
    outcome = allocate_contest(read_dapil_votes(shared_data / "dpr2024_dapil_votes.csv"), threshold=4)
    assert set(outcome.threshold.qualifying) == set(OFFICIAL)
    official = {r["dapil_code"]: r for r in csv.DictReader((shared_data / "dpr2024_dapil_seats.csv").open())}
    assert len(outcome.dapils) == len(official) == 84
    for d in outcome.dapils:
        expected = {p: int(official[d.dapil.code][p]) for p in OFFICIAL}
        assert d.allocation.seats == expected, d.dapil.name
        assert not d.allocation.needs_resolution
    assert outcome.national_seats() == OFFICIAL
    assert sum(outcome.national_seats().values()) == 580


def test_the_package_copy_equals_the_shared_file(shared_data: Path) -> None:
    package = Path(__file__).resolve().parents[1] / "data"
    for name in ("dpr2024_dapil_votes.csv", "dpr2024_elected_members.csv"):
        assert (package / name).read_bytes() == (shared_data / name).read_bytes()


def test_the_elected_members_follow_personal_votes_in_each_party(shared_data: Path) -> None:
    # The file holds only the 580 elected, so this checks consistency: every party gets exactly
    # as many elected as it won seats, ranked by personal votes (UU 7/2017 Pasal 422).
    members = read_candidate_votes(shared_data / "dpr2024_elected_members.csv")
    outcome = allocate_contest(read_dapil_votes(shared_data / "dpr2024_dapil_votes.csv"), threshold=4,
                               candidates=members)
    elected = 0
    for d in outcome.dapils:
        for party, n in d.allocation.seats.items():
            names = d.elected.get(party, [])
            assert len(names) == n, (d.dapil.name, party)
            assert [c.votes for c in names] == sorted((c.votes for c in names), reverse=True)
            elected += len(names)
        assert not d.candidate_ties
    assert elected == 580
