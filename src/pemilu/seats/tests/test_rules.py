"""allocate / apply_threshold / assign_candidates: exact examples, ties, the threshold edge."""

from fractions import Fraction

import pytest

from pemilu.seats.rules import (
    Candidate,
    TieResolution,
    TieResolutionError,
    allocate,
    apply_threshold,
    assign_candidates,
    d_hondt,
    sainte_lague,
)


def test_it_uses_divisors_1_3_5_and_records_the_order_of_seats() -> None:
    a = allocate({"A": 1000, "B": 600, "C": 250}, 4)
    # quotients: A 1000, 333.3, 200; B 600, 200; C 250
    assert [s.party for s in a.order] == ["A", "B", "A", "C"]
    assert [s.divisor for s in a.order] == [1, 1, 3, 1]
    assert a.order[2].quotient == Fraction(1000, 3)
    assert a.seats == {"A": 2, "B": 1, "C": 1}
    assert not a.needs_resolution


def test_it_differs_from_d_hondt_where_it_should() -> None:
    votes = {"A": 1000, "B": 600, "C": 250}
    assert allocate(votes, 4, divisors=d_hondt).seats == {"A": 3, "B": 1, "C": 0}  # 1000, 600, 500, 333
    assert sainte_lague(3) == 7 and d_hondt(3) == 4


def test_it_marks_the_winning_quotients_in_the_table() -> None:
    a = allocate({"A": 1000, "B": 600, "C": 250}, 4)
    table = a.quotient_table()
    assert [c.divisor for c in table[0]] == [1, 3, 5, 7]
    assert [c.seat_number for c in table[0]] == [1, 3, None, None]
    assert [c.seat_number for c in table[2]] == [4, None, None, None]


def test_a_tie_for_the_last_seat_needs_resolution_and_is_never_picked_silently() -> None:
    a = allocate({"A": 500, "B": 300, "C": 300}, 2)
    assert a.needs_resolution
    assert a.seats == {"A": 1, "B": 0, "C": 0}
    assert a.tie is not None
    assert (a.tie.seat_number, a.tie.seats, a.tie.parties, a.tie.rule) == (2, 1, ("B", "C"), "lots")
    assert a.tie.quotient == 300


def test_a_recorded_drawing_of_lots_decides_the_tie_and_is_kept() -> None:
    lots = TieResolution(2, ("C", "B"), note="BA undian pleno KPU no. 1")
    a = allocate({"A": 500, "B": 300, "C": 300}, 2, resolutions=[lots])
    assert a.seats == {"A": 1, "B": 0, "C": 1}
    assert a.order[1].decided_by == "lots"
    assert a.resolutions == (lots,)


def test_equal_quotients_with_different_votes_go_to_more_votes_then_lots_is_configurable() -> None:
    votes = {"A": 900, "B": 300, "C": 10}  # A's 2nd quotient 900/3 = 300 = B's first
    a = allocate(votes, 2)
    assert a.seats == {"A": 2, "B": 0, "C": 0}
    assert a.order[1].decided_by == "votes"
    only_lots = allocate(votes, 2, ties=("lots",))
    assert only_lots.needs_resolution and only_lots.tie is not None and set(only_lots.tie.parties) == {"A", "B"}


def test_equal_quotients_that_all_fit_all_win_without_a_tie() -> None:
    a = allocate({"A": 300, "B": 300, "C": 100}, 2)
    assert a.seats == {"A": 1, "B": 1, "C": 0} and not a.needs_resolution


def test_a_three_way_tie_for_two_seats_needs_a_full_ranking() -> None:
    a = allocate({"A": 100, "B": 100, "C": 100}, 2)
    assert a.tie is not None and a.tie.seats == 2 and a.tie.parties == ("A", "B", "C")
    done = allocate({"A": 100, "B": 100, "C": 100}, 2, resolutions=[TieResolution(1, ("B", "C", "A"))])
    assert done.seats == {"A": 0, "B": 1, "C": 1}


def test_a_resolution_that_does_not_match_the_tie_is_refused() -> None:
    with pytest.raises(TieResolutionError):
        allocate({"A": 500, "B": 300, "C": 300}, 2, resolutions=[TieResolution(2, ("A", "B"))])
    with pytest.raises(TieResolutionError):  # no tie at that seat at all
        allocate({"A": 500, "B": 300, "C": 200}, 2, resolutions=[TieResolution(2, ("B", "C"))])


def test_it_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError):
        allocate({"A": 1}, 0)
    with pytest.raises(ValueError):
        allocate({"A": -1}, 1)
    with pytest.raises(ValueError):
        allocate({"A": 1}, 1, ties=("coin",))


def test_a_party_exactly_at_the_threshold_qualifies() -> None:
    # 4 % of 2,500 = 100 exactly: "paling sedikit 4%" (UU 7/2017 Pasal 414) includes it.
    result = apply_threshold({"A": 2300, "B": 100, "C": 100 - 1, "D": 1}, "4")
    assert result.total == 2500
    assert result.votes_needed == 100
    assert result.qualifying == ("A", "B") and result.excluded == ("C", "D")
    assert result.comparison == "votes * 100 >= 4 * 2500"


def test_the_threshold_is_exact_with_fractions() -> None:
    # 4 % of 151,793,292 = 6,071,731.68: one vote below is out, at 6,071,732 in.
    total_rest = 151_793_292 - 6_071_732
    assert "X" in apply_threshold({"X": 6_071_732, "Y": total_rest}, "4").qualifying
    total_rest = 151_793_292 - 6_071_731
    assert "X" not in apply_threshold({"X": 6_071_731, "Y": total_rest}, "4").qualifying
    assert apply_threshold({"A": 1, "B": 2}, "3.5").percent == Fraction(7, 2)
    with pytest.raises(TypeError):
        apply_threshold({"A": 1}, 4.0)  # type: ignore[arg-type]


def test_candidates_are_ranked_by_personal_votes() -> None:
    cands = [Candidate("Ani", 1, 500), Candidate("Budi", 2, 900), Candidate("Citra", 3, 700)]
    assert [c.name for c in assign_candidates(cands, 2).elected] == ["Budi", "Citra"]


def test_candidate_ties_follow_pkpu_6_2024_spread_then_woman_then_ballot_number() -> None:
    base = [Candidate("Top", 4, 1000, "L", 3)]
    by_spread = [*base, Candidate("A", 1, 500, "L", 2), Candidate("B", 2, 500, "L", 5)]
    assert [c.name for c in assign_candidates(by_spread, 2).elected] == ["Top", "B"]
    by_sex = [*base, Candidate("A", 1, 500, "L", 5), Candidate("B", 2, 500, "P", 5)]
    assert [c.name for c in assign_candidates(by_sex, 2).elected] == ["Top", "B"]
    by_number = [*base, Candidate("A", 3, 500, "P", 5), Candidate("B", 2, 500, "P", 5)]
    assert [c.name for c in assign_candidates(by_number, 2).elected] == ["Top", "B"]


def test_a_candidate_tie_without_spread_data_needs_resolution() -> None:
    cands = [Candidate("A", 1, 500), Candidate("B", 2, 500), Candidate("C", 3, 10)]
    result = assign_candidates(cands, 1)
    assert result.needs_resolution and result.tie_rule == "spread"
    assert {c.name for c in result.tie} == {"A", "B"} and result.elected == ()
    assert [c.name for c in assign_candidates(cands, 2).elected] == ["A", "B"]  # both fit: no tie


def test_with_no_personal_votes_the_dct_order_decides() -> None:
    cands = [Candidate("C", 3, 0, "L", 0), Candidate("A", 1, 0, "L", 0), Candidate("B", 2, 0, "L", 0)]
    assert [c.name for c in assign_candidates(cands, 2).elected] == ["A", "B"]


def test_with_no_personal_votes_the_list_order_decides_before_the_woman_rule() -> None:
    """PKPU 6/2024: when nobody has a personal vote the DCT order decides (issue 21: a woman at
    nomor urut 2 with 0 votes was elected over nomor urut 1 with 0 votes)."""
    from pemilu.seats.rules import Candidate, assign_candidates

    one, two = Candidate("Ahmad", 1, 0, "L", 0), Candidate("Siti", 2, 0, "P", 0)
    assert [c.name for c in assign_candidates([two, one], 1).elected] == ["Ahmad"]
    # With equal personal votes above zero the regulation's order still applies: spread, then a woman.
    assert [c.name for c in assign_candidates([Candidate("Ahmad", 1, 5, "L", 2),
                                               Candidate("Siti", 2, 5, "P", 2)], 1).elected] == ["Siti"]
