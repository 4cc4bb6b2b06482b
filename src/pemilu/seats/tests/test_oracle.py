"""Property tests against votelib (an independent implementation, test dependency only)."""

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from votelib.evaluate.proportional import HighestAverages

from pemilu.seats.rules import allocate

ORACLE = HighestAverages(divisor_function="sainte_lague")

elections = st.tuples(
    st.dictionaries(st.sampled_from([f"P{i}" for i in range(18)]),
                    st.integers(0, 2_000_000) | st.integers(0, 20),  # small counts make ties likely
                    min_size=1, max_size=18),
    st.integers(1, 12),
)


def _has_deciding_tie(votes: dict[str, int], seats: int) -> bool:
    """Any equal quotients among the top seats+1 (where a tie could matter)."""
    quotients = sorted((Fraction(v, 2 * k + 1) for v in votes.values() for k in range(seats)), reverse=True)
    top = quotients[: seats + 1]
    return len(set(top)) < len(top)


@settings(max_examples=300, deadline=None)
@given(elections)
def test_it_gives_the_same_seats_as_votelib_without_ties(election: tuple[dict[str, int], int]) -> None:
    votes, seats = election
    assume(sum(votes.values()) > 0 and not _has_deciding_tie(votes, seats))
    ours = allocate(votes, seats)
    theirs = ORACLE.evaluate(dict(votes), seats)
    assert {p: n for p, n in ours.seats.items() if n} == {p: n for p, n in theirs.items() if n}


@settings(max_examples=300, deadline=None)
@given(elections)
def test_seats_always_add_up_and_no_party_exceeds_the_dapil(election: tuple[dict[str, int], int]) -> None:
    votes, seats = election
    a = allocate(votes, seats)
    decided = sum(a.seats.values())
    if a.tie is None:
        assert decided == seats == len(a.order)
    else:  # an open tie holds exactly the undecided seats
        assert decided + a.tie.seats == seats and a.tie.seats < len(a.tie.parties)
    assert all(0 <= n <= seats for n in a.seats.values())


@settings(max_examples=300, deadline=None)
@given(elections)
def test_house_monotonicity_one_more_seat_takes_none_away(election: tuple[dict[str, int], int]) -> None:
    votes, seats = election
    small, big = allocate(votes, seats), allocate(votes, seats + 1)
    assume(small.tie is None and big.tie is None)
    assert all(big.seats[p] >= small.seats[p] for p in votes)
    # The same seats, won in the same order, plus one.
    assert [(s.party, s.divisor) for s in big.order[:seats]] == [(s.party, s.divisor) for s in small.order]


def _reference_order(votes: dict[str, int], seats: int) -> list[tuple[str, int]]:
    """Textbook seat-by-seat Sainte-Laguë with Fractions (no ties: every pick is unique)."""
    won = dict.fromkeys(votes, 0)
    order = []
    for _ in range(seats):
        party = max(votes, key=lambda p: Fraction(votes[p], 2 * won[p] + 1))
        order.append((party, 2 * won[party] + 1))
        won[party] += 1
    return order


@settings(max_examples=150, deadline=None)
@given(elections)
def test_the_order_of_seats_is_the_textbook_order(election: tuple[dict[str, int], int]) -> None:
    votes, seats = election
    assume(sum(votes.values()) > 0 and not _has_deciding_tie(votes, seats))
    quotients = [Fraction(v, 2 * k + 1) for v in votes.values() for k in range(seats)]
    assume(len(set(quotients)) == len(quotients))  # no equal quotients at all: the order is unique
    assert [(s.party, s.divisor) for s in allocate(votes, seats).order] == _reference_order(votes, seats)
