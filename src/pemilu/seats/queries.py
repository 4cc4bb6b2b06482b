"""Reads for the seats pages and API. Finished runs are public; unfinished ones (an open tie)
only to users whose scope covers the run's region."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from pemilu.accounts.types import Viewer
from pemilu.seats.models import AllocationRun, DapilResult
from pemilu.seats.rules import DIVISORS


def runs_for(user: Viewer) -> QuerySet[AllocationRun]:
    visible = AllocationRun.objects.visible_to(user).values("pk")
    public = AllocationRun.objects.public().values("pk")
    return (AllocationRun.objects.filter(Q(pk__in=public) | Q(pk__in=visible))
            .select_related("election"))


def get_run(user: Viewer, pk: int) -> AllocationRun:
    run: AllocationRun = get_object_or_404(runs_for(user), pk=pk)
    return run


def get_dapil(user: Viewer, pk: int, code: str) -> DapilResult:
    run = get_run(user, pk)
    dapil: DapilResult = get_object_or_404(DapilResult.objects.select_related("run__election"), run=run, code=code)
    return dapil


@dataclass(frozen=True)
class Cell:
    divisor: int
    quotient: Fraction
    seat: int | None  # the seat this quotient won


@dataclass(frozen=True)
class QuotientRow:
    party: str
    votes: int
    seats: int
    cells: list[Cell]


@dataclass(frozen=True)
class SeatRow:
    number: int
    party: str
    votes: int
    divisor: int
    quotient: Fraction
    decided_by: str
    candidate: list[Any] | None  # [name, ballot_no, votes] of the candidate taking this seat


def quotient_table(dapil: DapilResult, divisor: str = "sainte_lague") -> list[QuotientRow]:
    """Each eligible party's quotients votes/1, votes/3, … for as many divisors as the dapil has
    seats, each marked with the seat it won (from the stored order, not recomputed)."""
    fn = DIVISORS[divisor]
    won = {(party, div): i for i, (party, _v, div, _r) in enumerate(dapil.seat_order, start=1)}
    rows = []
    for party in dapil.eligible:
        votes = int(dapil.votes[party])
        cells = [Cell(fn(k), Fraction(votes, fn(k)), won.get((party, fn(k)))) for k in range(dapil.seats)]
        rows.append(QuotientRow(party, votes, int(dapil.seats_won.get(party, 0)), cells))
    rows.sort(key=lambda r: -r.votes)
    return rows


def seat_rows(dapil: DapilResult) -> list[SeatRow]:
    """Seats in the order they were won; each party's k-th seat goes to its k-th elected candidate."""
    taken: dict[str, int] = {}
    rows = []
    for i, (party, votes, div, rule) in enumerate(dapil.seat_order, start=1):
        k = taken.get(party, 0)
        taken[party] = k + 1
        elected = dapil.elected.get(party, [])
        rows.append(SeatRow(i, party, votes, div, Fraction(votes, div), rule, elected[k] if k < len(elected) else None))
    return rows


def national_rows(run: AllocationRun) -> list[tuple[str, int, int]]:
    """(party, votes, seats) for every party, most seats first."""
    votes: dict[str, int] = run.national.get("votes", {})
    seats: dict[str, int] = run.national.get("seats", {})
    return sorted(((p, v, seats.get(p, 0)) for p, v in votes.items()), key=lambda r: (-r[2], -r[1]))
