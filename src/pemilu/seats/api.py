"""Seats API: the same reads as the pages, plus creating a run (KPU, through the same action).
Like the rest of /api/ it needs a session or token; finished runs are readable by any
authenticated user, runs with an open tie only inside their scope."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from pemilu.elections.models import Election
from pemilu.seats import queries
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.inputs import CandidateVotes, DapilTieResolution, DapilVotes
from pemilu.seats.models import AllocationRun, ContestKind, DapilResult
from pemilu.seats.rules import DEFAULT_PARTY_TIE_RULES

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


class DapilIn(Schema):
    code: str
    name: str = ""
    seats: int
    votes: dict[str, int]


class CandidateIn(Schema):
    dapil: str
    party: str
    name: str
    ballot_no: int
    votes: int
    sex: str = ""
    spread: int | None = None


class ResolutionIn(Schema):
    dapil: str
    seat: int
    order: list[str]
    note: str = ""


class RunIn(Schema):
    election: str
    contest_kind: str = ContestKind.DPR
    contest_label: str = ""
    region_code: str = ""
    threshold: Decimal = Decimal(0)
    national_votes: dict[str, int] | None = None
    tie_rules: list[str] = list(DEFAULT_PARTY_TIE_RULES)
    dapils: list[DapilIn]
    candidates: list[CandidateIn] = []
    resolutions: list[ResolutionIn] = []
    reason: str = ""


@router.get("/seats/runs", response=list[RunOut], summary="Seat allocation runs")
def list_runs(request: HttpRequest) -> Any:
    return list(queries.runs_for(request.user))


@router.get("/seats/runs/{pk}", response=RunDetailOut)
def get_run(request: HttpRequest, pk: int) -> AllocationRun:
    return queries.get_run(request.user, pk)


@router.get("/seats/runs/{pk}/dapil/{code}", response=DapilOut)
def get_dapil(request: HttpRequest, pk: int, code: str) -> dict[str, Any]:
    d: DapilResult = queries.get_dapil(request.user, pk, code)
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
def create_run(request: HttpRequest, payload: RunIn) -> Status[AllocationRun]:
    election = get_object_or_404(Election, code=payload.election)
    dapils = [DapilVotes(d.code, d.name or d.code, d.seats, {p.upper(): v for p, v in d.votes.items()}, i)
              for i, d in enumerate(payload.dapils, start=1)]
    run, created = do_allocate_seats(
        election, dapils, actor=request.user, contest_kind=payload.contest_kind,
        contest_label=payload.contest_label, region_code=payload.region_code, threshold=payload.threshold,
        national_votes={p.upper(): v for p, v in payload.national_votes.items()}
        if payload.national_votes is not None else None,
        tie_rules=payload.tie_rules, reason=payload.reason,
        candidates=[CandidateVotes(c.dapil, c.party.upper(), c.name, c.ballot_no, c.votes, c.sex, c.spread)
                    for c in payload.candidates],
        resolutions=[DapilTieResolution(r.dapil, r.seat, tuple(p.upper() for p in r.order), r.note)
                     for r in payload.resolutions],
    )
    return Status(201 if created else 200, run)
