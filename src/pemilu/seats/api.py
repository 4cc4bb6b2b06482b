"""Seats API: the same reads as the pages, plus creating a run (KPU, through the same action).
Like the rest of /api/v1/ it needs a session or token; finished runs are readable by any
authenticated user, runs with an open tie only inside their scope."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import NAME_MAX, SHORT_TEXT_MAX
from pemilu.core.models import Sex
from pemilu.elections.models import Election
from pemilu.seats import queries
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.inputs import CandidateVotes, DapilTieResolution, DapilVotes
from pemilu.seats.models import AllocationRun, DapilResult, SeatContestKind
from pemilu.seats.rules import DEFAULT_PARTY_TIE_RULES, MAX_VOTES

router = Router(tags=["kursi"])


class RunOut(Schema):
    id: int
    election: str
    contest_kind: str
    contest_label: str
    region_code: str
    status: str
    total_seats: int
    threshold_percent: Decimal
    divisor: str
    tie_rules: list[str]
    input_hash: str
    created_at: datetime

    @staticmethod
    def resolve_election(obj: AllocationRun) -> str:
        return obj.election.code


class RunDetailOut(RunOut):
    national: dict[str, Any]
    dapils: list[dict[str, Any]]

    @staticmethod
    def resolve_dapils(obj: AllocationRun) -> list[dict[str, Any]]:
        return [{"code": d.code, "name": d.name, "seats": d.seats, "seats_won": d.seats_won, "tie": d.tie}
                for d in obj.dapils.all()]


class QuotientOut(Schema):
    divisor: int
    quotient: str  # exact, "a/b" or an integer
    seat: int | None


class PartyRowOut(Schema):
    party: str
    votes: int
    seats: int
    quotients: list[QuotientOut]


class SeatOut(Schema):
    number: int
    party: str
    votes: int
    divisor: int
    quotient: str
    decided_by: str
    candidate: list[Any] | None


class DapilOut(Schema):
    run: int
    code: str
    name: str
    seats: int
    votes: dict[str, int]
    seats_won: dict[str, int]
    tie: dict[str, Any] | None
    resolutions: list[dict[str, Any]]
    quotient_table: list[PartyRowOut]
    seat_order: list[SeatOut]


# Bounds (issue 17): the threshold is a percentage (UU 7/2017 Pasal 414), votes are at most the
# national electorate, texts and lists are bounded. Seats per dapil: 1..100 here, the statutory
# (configurable) range per contest kind in the action (``inputs.check_magnitudes``).
MAX_DAPIL_SEATS = 100
Votes = Annotated[int, Field(ge=0, le=MAX_VOTES)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Party = Annotated[str, Field(min_length=1, max_length=40)]


class DapilIn(Schema):
    code: Code
    name: str = Field("", max_length=NAME_MAX)
    seats: int = Field(..., ge=1, le=MAX_DAPIL_SEATS)
    votes: dict[Party, Votes] = Field(..., max_length=100)


class CandidateVotesIn(Schema):
    dapil: Code
    party: Party
    name: str = Field(..., min_length=1, max_length=NAME_MAX)
    ballot_no: int = Field(..., ge=1, le=1000)
    votes: Votes
    sex: Sex | None = Field(None, description="L or P (the women's representation count)")
    spread: int | None = Field(None, ge=0, le=100_000)


class SeatTieResolutionIn(Schema):
    dapil: Code
    seat: int = Field(..., ge=1, le=MAX_DAPIL_SEATS)
    order: list[Party] = Field(..., max_length=100)
    note: str = Field("", max_length=SHORT_TEXT_MAX)


class RunIn(Schema):
    election: str = Field(..., max_length=40)
    contest_kind: SeatContestKind = SeatContestKind.DPR
    contest_label: str = Field("", max_length=100)
    region_code: str = Field("", max_length=20)
    threshold: Decimal | None = Field(None, ge=0, le=100, max_digits=6, decimal_places=3,
                                      description="omit: the contest kind's statutory threshold (UU 7/2017 Pasal 414); "
                                                  "any other value is refused (409)")
    national_votes: dict[Party, Votes] | None = Field(None, max_length=100)
    tie_rules: list[str] = Field(list(DEFAULT_PARTY_TIE_RULES), max_length=10)
    dapils: list[DapilIn] = Field(..., min_length=1, max_length=300)
    candidates: list[CandidateVotesIn] = Field([], max_length=50_000)
    resolutions: list[SeatTieResolutionIn] = Field([], max_length=1000)
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


@router.get("/seats/runs", response=Page[RunOut], summary="Seat allocation runs, newest first")
def list_runs(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(queries.runs_for(request.user).order_by("-created_at", "-pk"), page)


@router.get("/seats/runs/{run_id}", response=RunDetailOut)
def get_run(request: HttpRequest, run_id: int) -> AllocationRun:
    return queries.get_run(request.user, run_id)


@router.get("/seats/runs/{run_id}/dapil/{dapil_code}", response=DapilOut)
def get_dapil(request: HttpRequest, run_id: int, dapil_code: str) -> dict[str, Any]:
    d: DapilResult = queries.get_dapil(request.user, run_id, dapil_code)
    return {
        "run": d.run_id, "code": d.code, "name": d.name, "seats": d.seats, "votes": d.votes,
        "seats_won": d.seats_won, "tie": d.tie, "resolutions": d.resolutions,
        "quotient_table": [{"party": r.party, "votes": r.votes, "seats": r.seats, "quotients": [
            {"divisor": c.divisor, "quotient": str(c.quotient), "seat": c.seat} for c in r.cells]}
            for r in queries.quotient_table(d, d.run.divisor)],
        "seat_order": [{"number": s.number, "party": s.party, "votes": s.votes, "divisor": s.divisor,
                        "quotient": str(s.quotient), "decided_by": s.decided_by, "candidate": s.candidate}
                       for s in queries.seat_rows(d)],
    }


@router.post("/seats/runs", response={201: RunOut, 200: RunOut})
def create_run(request: AuthedRequest, payload: RunIn) -> Status[AllocationRun]:
    election = get_object_or_404(Election, code=payload.election)
    dapils = [DapilVotes(d.code, d.name or d.code, d.seats, {p.upper(): v for p, v in d.votes.items()}, i)
              for i, d in enumerate(payload.dapils, start=1)]
    run, created = do_allocate_seats(
        election, dapils, actor=request.user, contest_kind=payload.contest_kind,
        contest_label=payload.contest_label, region_code=payload.region_code, threshold=payload.threshold,
        national_votes={p.upper(): v for p, v in payload.national_votes.items()}
        if payload.national_votes is not None else None,
        tie_rules=payload.tie_rules, reason=payload.reason,
        candidates=[CandidateVotes(c.dapil, c.party.upper(), c.name, c.ballot_no, c.votes, c.sex or "", c.spread)
                    for c in payload.candidates],
        resolutions=[DapilTieResolution(r.dapil, r.seat, tuple(p.upper() for p in r.order), r.note)
                     for r in payload.resolutions],
    )
    return Status(201 if created else 200, run)
