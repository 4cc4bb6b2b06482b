"""Seat allocation rules: pure, typed, no Django, exact integer/Fraction arithmetic.

* ``allocate`` — highest averages per dapil. Indonesia uses pure Sainte-Laguë, divisors
  1, 3, 5, 7, … (UU 7/2017 Pasal 415 ayat (2)) for DPR, DPRD provinsi and DPRD kab/kota.
* ``apply_threshold`` — the parliamentary threshold: 4 % of national valid votes, DPR only
  (UU 7/2017 Pasal 414 ayat (1)); parties below it take no part in DPR allocation.
* ``assign_candidates`` — a party's seats go to its candidates with the most personal votes
  (UU 7/2017 Pasal 422; PKPU 6/2024), ties broken by PKPU 6/2024's chain.

Ties are never settled by hidden randomness. When equal quotients compete for fewer seats
than there are tied parties, the configured tie rules run in order; a rule that needs outside
input ("lots": a drawing of lots in a plenary meeting) is only applied when the caller passes a
recorded ``TieResolution``; otherwise the result says "needs resolution" and lists the tied
parties. Which rule the law prescribes for tied *party quotients* is UNCONFIRMED (not found in
UU 7/2017 or PKPU 6/2024 as read; the project's domain brief §5), so the chain is configurable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Divisor = Callable[[int], int]  # seats already won by the party → divisor for its next quotient


def sainte_lague(won: int) -> int:
    """1, 3, 5, 7, … — the odd divisors of UU 7/2017 Pasal 415 ayat (2)."""
    return 2 * won + 1


def d_hondt(won: int) -> int:
    """1, 2, 3, … (used in Indonesia before 2019; kept for comparisons)."""
    return won + 1


DIVISORS: dict[str, Divisor] = {"sainte_lague": sainte_lague, "d_hondt": d_hondt}

# Tie rules for equal party quotients, applied in order to the parties still tied:
#   "votes": more valid votes in the dapil wins;  "lots": a recorded drawing of lots (caller input).
# UNCONFIRMED which chain the regulation prescribes; the default follows the brief (votes, then lots).
PARTY_TIE_RULES = ("votes", "lots")
DEFAULT_PARTY_TIE_RULES: tuple[str, ...] = ("votes", "lots")

# Seats per dapil (district magnitude), by contest kind: DPR 3–10 (UU 7/2017 Pasal 187 ayat (2),
# as amended by Perppu 1/2022, enacted as UU 7/2023), DPRD provinsi 3–12 (Pasal 189 ayat (2)),
# DPRD kabupaten/kota 3–12 (Pasal 192 ayat (2)). The domain brief (§5) could confirm the DPRD range
# only in the predecessor UU 8/2012, so every range is overridable per deployment:
# settings.PEMILU_DAPIL_MAGNITUDE = {"DPRD_PROV": [3, 12], …}.
DAPIL_MAGNITUDE: dict[str, tuple[int, int]] = {"DPR": (3, 10), "DPRD_PROV": (3, 12), "DPRD_KABKOTA": (3, 12)}

# The parliamentary threshold belongs to the contest kind, not to a run: UU 7/2017 Pasal 414(1)
# 4 % of national valid votes for DPR; Pasal 414(2) every party takes part for DPRD. Configurable
# (settings.PEMILU_PARLIAMENTARY_THRESHOLD) because the Constitutional Court (Putusan MK
# 116/PUU-XXI/2023) ordered the figure reviewed before 2029.
PARLIAMENTARY_THRESHOLD: dict[str, Decimal] = {"DPR": Decimal(4), "DPRD_PROV": Decimal(0), "DPRD_KABKOTA": Decimal(0)}
THRESHOLD_CITATION: dict[str, str] = {"DPR": "UU 7/2017 Pasal 414 ayat (1)",
                                      "DPRD_PROV": "UU 7/2017 Pasal 414 ayat (2)",
                                      "DPRD_KABKOTA": "UU 7/2017 Pasal 414 ayat (2)"}
MAGNITUDE_CITATION: dict[str, str] = {"DPR": "UU 7/2017 Pasal 187 ayat (2)",
                                      "DPRD_PROV": "UU 7/2017 Pasal 189 ayat (2)",
                                      "DPRD_KABKOTA": "UU 7/2017 Pasal 192 ayat (2)"}


def magnitude_outside(seats: int, bounds: tuple[int, int] | None) -> bool:
    """True when a dapil's seat count lies outside its contest's inclusive range (no range: never)."""
    return bounds is not None and not bounds[0] <= seats <= bounds[1]


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat as it was won: the ``number``-th seat of the dapil, by ``party`` with ``votes``/``divisor``."""

    number: int
    party: str
    votes: int
    divisor: int
    decided_by: str = "quotient"  # or the tie rule that decided it ("votes", "lots")

    @property
    def quotient(self) -> Fraction:
        return Fraction(self.votes, self.divisor)


@dataclass(frozen=True, slots=True)
class Tie:
    """Equal quotients competing for fewer seats than parties; no automatic rule could decide."""

    seat_number: int  # the first contested seat
    seats: int  # how many seats the tied parties compete for
    parties: tuple[str, ...]  # still tied after the automatic rules (in input order)
    votes: int  # the tied quotient is votes/divisor of the first tied party
    divisor: int
    rule: str  # the rule that needs input (e.g. "lots"), or "" when the chain ran out

    @property
    def quotient(self) -> Fraction:
        return Fraction(self.votes, self.divisor)


@dataclass(frozen=True, slots=True)
class TieResolution:
    """A recorded resolution of one tie: ``order`` ranks the tied parties (first gets the first
    contested seat), e.g. the result of a drawing of lots; ``note`` says where it is recorded."""

    seat_number: int
    order: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class QuotientCell:
    party: str
    divisor: int
    votes: int
    seat_number: int | None  # the seat this quotient won, or None

    @property
    def quotient(self) -> Fraction:
        return Fraction(self.votes, self.divisor)


class Allocation:
    """The result of one dapil. ``seats`` holds only decided seats: when ``tie`` is set the
    remaining ``tie.seats`` seats are undecided until a resolution is supplied.

    A plain slotted class rather than a dataclass: it is built once per dapil on the hot path
    (see benchmarks/seats.py). Treat it as read-only."""

    __slots__ = ("_order", "divisor", "resolutions", "seats", "tie", "total_seats", "votes")

    def __init__(self, *, votes: dict[str, int], total_seats: int, seats: dict[str, int], tie: Tie | None = None,
                 resolutions: tuple[TieResolution, ...] = (), divisor: Divisor = sainte_lague,
                 seat_order: tuple[Seat, ...] | None = None) -> None:
        self.votes = votes
        self.total_seats = total_seats
        self.seats = seats
        self.tie = tie
        self.resolutions = resolutions
        self.divisor = divisor
        self._order = seat_order  # given when ties were involved; else computed on first use

    def __repr__(self) -> str:
        return f"Allocation(seats={self.seats!r}, total_seats={self.total_seats}, tie={self.tie!r})"

    @property
    def needs_resolution(self) -> bool:
        return self.tie is not None

    @property
    def order(self) -> tuple[Seat, ...]:
        """The seats in the order they were won. Without ties it follows from the seats held:
        every winning quotient, highest first (equal ones: more votes first, then input order)."""
        if self._order is None:
            index = {p: i for i, p in enumerate(self.votes)}
            wins = [(Fraction(v, self.divisor(k)), v, -index[p], p, k)
                    for p, v in self.votes.items() for k in range(self.seats[p])]
            wins.sort(reverse=True)
            self._order = tuple(Seat(n, p, v, self.divisor(k)) for n, (_q, v, _i, p, k) in enumerate(wins, start=1))
        return self._order

    def quotient_table(self, depth: int | None = None) -> list[list[QuotientCell]]:
        """Per party (input order), its quotients for the first ``depth`` divisors (default: the
        dapil's seats), each marked with the seat it won, if any."""
        won: dict[tuple[str, int], int] = {(s.party, s.divisor): s.number for s in self.order}
        rows = []
        for party, votes in self.votes.items():
            n = depth if depth is not None else self.total_seats
            rows.append([QuotientCell(party, self.divisor(k), votes, won.get((party, self.divisor(k))))
                         for k in range(n)])
        return rows


class TieResolutionError(ValueError):
    """A supplied resolution does not match the tie it names (or matches no tie)."""


def allocate(
    votes: Mapping[str, int],
    seats: int,
    *,
    divisors: Divisor = sainte_lague,
    ties: Sequence[str] = DEFAULT_PARTY_TIE_RULES,
    resolutions: Iterable[TieResolution] = (),
) -> Allocation:
    """Highest averages: each seat goes to the highest quotient votes/divisor(seats won).

    Quotients are compared exactly by cross-multiplication (a/b > c/d ⇔ a·d > c·b), never as
    floats. Equal quotients that all fit in the remaining seats all win (their order among
    themselves is cosmetic: more votes first); equal quotients for fewer seats go to the tie rules.
    """
    if seats < 1:
        raise ValueError("seats must be at least 1")
    parties = list(votes)
    vote = list(votes.values())
    if vote and min(vote) < 0:
        raise ValueError(f"negative votes for {parties[vote.index(min(vote))]}")
    if ties is not DEFAULT_PARTY_TIE_RULES and not set(ties) <= set(PARTY_TIE_RULES):
        raise ValueError(f"unknown tie rules: {sorted(set(ties) - set(PARTY_TIE_RULES))}")
    pending = {r.seat_number: r for r in resolutions}
    if not pending:
        fast = _allocate_fast(parties, vote, seats, divisors)
        if fast is not None:
            return fast
    won = [0] * len(parties)
    div = [divisors(0) for _ in parties]
    order: list[Seat] = []
    used: list[TieResolution] = []
    tie: Tie | None = None
    remaining = seats
    n = len(parties)
    while remaining > 0 and n:
        # The highest current quotient and every party sharing it.
        best = [0]
        bv, bd = vote[0], div[0]
        for i in range(1, n):
            lhs, rhs = vote[i] * bd, bv * div[i]
            if lhs > rhs:
                best = [i]
                bv, bd = vote[i], div[i]
            elif lhs == rhs:
                best.append(i)
        if len(best) > remaining:
            first = len(order) + 1
            winners, open_pool, rule = _break_party_tie([parties[i] for i in best], remaining, votes, ties,
                                                        pending, first, used)
            for party, decided_by in winners:
                i = parties.index(party)
                order.append(Seat(len(order) + 1, party, vote[i], div[i], decided_by))
                won[i] += 1
                div[i] = divisors(won[i])
                remaining -= 1
            if open_pool:
                tie = Tie(len(order) + 1, remaining, tuple(open_pool), bv, bd, rule)
            break
        if len(best) > 1:  # all of them win now; list more votes first (cosmetic, as the tie rule would)
            best.sort(key=lambda i: -vote[i])
        for i in best:
            order.append(Seat(len(order) + 1, parties[i], vote[i], div[i]))
            won[i] += 1
            div[i] = divisors(won[i])
            remaining -= 1
    unused = set(pending) - {r.seat_number for r in used}
    if unused:
        raise TieResolutionError(f"no tie at seat(s) {sorted(unused)}")
    return Allocation(
        votes=dict(votes), total_seats=seats,
        seats={p: won[i] for i, p in enumerate(parties)},
        tie=tie, resolutions=tuple(used), divisor=divisors, seat_order=tuple(order),
    )


def _allocate_fast(parties: list[str], vote: list[int], seats: int, divisors: Divisor) -> Allocation | None:
    """The same seats as the seat-by-seat loop, found without walking every seat.

    Start from an estimate (Sainte-Laguë: votes·seats/total rounded half up, i.e. Webster's
    rounding; D'Hondt: rounded down; other divisors: zero) and move single seats until the count
    is right and the lowest winning quotient is *strictly* above the highest losing one — then
    the seats held are exactly the ``seats`` highest quotients, which is what the loop awards.
    All comparisons are exact integer cross-multiplications. Returns None when the two are equal
    (a tie at the last seat): the loop and the tie rules decide then.
    """
    total = sum(vote)
    if total == 0:
        return None
    if divisors is sainte_lague:
        won = [(2 * v * seats + total) // (2 * total) for v in vote]
    elif divisors is d_hondt:
        won = [v * seats // total for v in vote]
    else:
        won = [0] * len(vote)
    count = sum(won)
    for _ in range(seats + len(vote) + 2):
        li, lv, ld = 0, 0, 1  # highest losing quotient lv/ld (each party's next divisor)
        wi, wv, wd = 0, 1, 0  # lowest winning quotient wv/wd; 1/0 stands for "none yet" (+∞)
        if divisors is sainte_lague:  # the hot path, inlined: divisors 2s+1 and 2s-1
            for i, v in enumerate(vote):
                s = won[i]
                d = 2 * s + 1
                if v * ld > lv * d:
                    li, lv, ld = i, v, d
                if s and v * wd < wv * (d - 2):
                    wi, wv, wd = i, v, d - 2
        else:
            for i, v in enumerate(vote):
                s = won[i]
                d = divisors(s)
                if v * ld > lv * d:
                    li, lv, ld = i, v, d
                if s:
                    d = divisors(s - 1)
                    if v * wd < wv * d:
                        wi, wv, wd = i, v, d
        if count < seats:
            won[li] += 1
            count += 1
        elif count > seats:
            won[wi] -= 1
            count -= 1
        elif lv * wd < wv * ld:  # lowest winner strictly above highest loser: done
            return Allocation(votes=dict(zip(parties, vote, strict=True)), total_seats=seats,
                              seats=dict(zip(parties, won, strict=True)), divisor=divisors)
        else:
            return None
    return None


def _break_party_tie(
    tied: list[str],
    need: int,
    votes: Mapping[str, int],
    rules: Sequence[str],
    pending: Mapping[int, TieResolution],
    first_seat: int,
    used: list[TieResolution],
) -> tuple[list[tuple[str, str]], list[str], str]:
    """Split ``need`` seats among the ``tied`` parties by the rule chain.

    Returns the winners decided so far as (party, deciding rule), the parties still tied for
    the rest (empty when everything is decided) and the rule that needs input ("" = the chain
    ran out)."""
    pool = list(tied)
    winners: list[tuple[str, str]] = []
    for rule in rules:
        if rule == "votes":
            groups = _group_desc(pool, lambda p: votes[p])
        else:  # "lots": only a recorded resolution decides, never a random pick here
            resolution = pending.get(first_seat + len(winners))
            if resolution is None:
                return winners, pool, rule
            if sorted(resolution.order) != sorted(pool):
                raise TieResolutionError(
                    f"seat {resolution.seat_number}: resolution ranks {list(resolution.order)}, tied are {pool}")
            used.append(resolution)
            groups = [[p] for p in resolution.order]
        for group in groups:
            if len(group) <= need:
                winners += [(p, rule) for p in group]
                need -= len(group)
                if need == 0:
                    return winners, [], rule
            else:
                pool = group
                break
    return winners, pool, ""


def _group_desc(items: list[str], key: Callable[[str], int]) -> list[list[str]]:
    """Items grouped by equal key, groups in descending key order, input order inside a group."""
    groups: dict[int, list[str]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [groups[k] for k in sorted(groups, reverse=True)]


# --- threshold -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThresholdResult:
    """Which parties reach ``percent`` % of ``total`` national valid votes, and how it was checked."""

    percent: Fraction
    total: int
    qualifying: tuple[str, ...]
    excluded: tuple[str, ...]

    @property
    def votes_needed(self) -> Fraction:
        return self.percent * self.total / 100

    @property
    def comparison(self) -> str:
        return f"votes * 100 >= {self.percent} * {self.total}"


MAX_VOTES = 300_000_000  # above Indonesia's whole electorate (204.8 million DPT in 2024)


def to_fraction(value: Fraction | Decimal | int | str) -> Fraction:
    """An exact percentage from "4", "3.5", Decimal or Fraction (floats are refused: inexact)."""
    if isinstance(value, float):
        raise TypeError("use a string, Decimal or Fraction for percentages, not a float")
    return Fraction(value) if not isinstance(value, str) else Fraction(value.strip())


def apply_threshold(national_votes: Mapping[str, int], percent: Fraction | Decimal | int | str) -> ThresholdResult:
    """Parties with at least ``percent`` % of the national valid votes (UU 7/2017 Pasal 414 ayat (1):
    "paling sedikit 4% (empat persen) dari jumlah suara sah secara nasional"). "Paling sedikit" = at
    least, so a party exactly at the threshold qualifies. Compared exactly: votes·100 ≥ percent·total."""
    pct = to_fraction(percent)
    if pct < 0 or pct > 100:
        raise ValueError("percent must be between 0 and 100")
    total = sum(national_votes.values())
    qualifying: list[str] = []
    excluded: list[str] = []
    for party, v in national_votes.items():
        (qualifying if v * 100 >= pct * total else excluded).append(party)
    return ThresholdResult(pct, total, tuple(qualifying), tuple(excluded))


# --- candidates ------------------------------------------------------------------------------

# PKPU 6/2024 (penetapan calon terpilih; e.g. Pasal 29 for DPRD kab/kota): most personal votes;
# if equal, the wider territorial spread of votes (tiered by area); if still equal, a woman; if
# the same sex, the higher place (smaller nomor urut) on the DCT.
CANDIDATE_TIE_RULES: tuple[str, ...] = ("votes", "spread", "woman", "ballot_no")


# DPD: four members per province, the candidates with the most votes (UU 7/2017 Pasal 196, 423).
DPD_SEATS_PER_PROVINCE = 4

Spread = int | tuple[int, ...]  # areas with votes; tiered: (kab/kota, kecamatan, desa), compared in order


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    ballot_no: int  # nomor urut on the DCT
    votes: int = 0
    sex: str = ""  # "L" / "P" ("" = unknown)
    spread: Spread | None = None  # areas where the candidate got votes (caller's tiers, widest first)


@dataclass(frozen=True)
class CandidateAssignment:
    elected: tuple[Candidate, ...]
    tie: tuple[Candidate, ...] = ()  # still tied for the last seat(s) (data missing for a rule)
    tie_rule: str = ""  # the rule that lacked data
    seats_open: int = 0

    @property
    def needs_resolution(self) -> bool:
        return bool(self.tie)


def assign_candidates(
    candidates: Sequence[Candidate], seats: int, *, rules: Sequence[str] = CANDIDATE_TIE_RULES,
) -> CandidateAssignment:
    """The ``seats`` candidates who take the party's seats, in order. When no candidate has any
    personal vote the DCT order decides (PKPU 6/2024), which the "ballot_no" rule gives."""
    if seats < 0:
        raise ValueError("seats must not be negative")
    need = min(seats, len(candidates))
    elected: list[Candidate] = []
    pools: list[list[Candidate]] = [list(candidates)]
    # Refine groups rule by rule; a group that straddles the last seat needs the next rule.
    for rule in rules:
        refined: list[list[Candidate]] = []
        taken = 0
        for group in pools:
            if len(group) == 1 or taken >= need:
                refined.append(group)
            else:
                keyed = _candidate_key(rule, group)
                if keyed is None:  # data missing: only matters if this group straddles the cut
                    if taken < need < taken + len(group):
                        return CandidateAssignment(tuple(c for g in refined for c in g), tuple(group), rule,
                                                   need - taken)
                    refined.append(group)
                else:
                    refined.extend(keyed)
            taken += len(group)
        pools = refined
    for group in pools:
        elected.extend(group)
    return CandidateAssignment(tuple(elected[:need]))


def _candidate_key(rule: str, group: list[Candidate]) -> list[list[Candidate]] | None:
    if rule in ("spread", "woman") and all(c.votes == 0 for c in group):
        # Nobody in the group has a personal vote: there is no spread to compare and the DCT
        # order decides (PKPU 6/2024), before the rule that prefers a woman (issue 21).
        rule = "ballot_no"
    values: dict[Spread, list[Candidate]] = {}
    for c in group:
        key: Spread
        if rule == "votes":
            key = c.votes
        elif rule == "spread":
            if c.spread is None:
                return None
            key = c.spread
        elif rule == "woman":
            if c.sex not in ("L", "P"):
                return None
            key = 1 if c.sex == "P" else 0
        elif rule == "ballot_no":
            key = -c.ballot_no
        else:
            raise ValueError(f"unknown candidate rule {rule}")
        values.setdefault(key, []).append(c)
    return [values[k] for k in sorted(values, key=_spread_order, reverse=True)]


def _spread_order(key: Spread) -> tuple[int, ...]:
    return key if isinstance(key, tuple) else (key,)
