"""Seats from the recap, the decree and PAW through /api/v1/ (issue 21 item 9): the same actions
as the pages and ``pemilu seats from-recap``. Reading a contest from its recap is KPU's
(``seats.allocate`` where it is set: a preview must not leak); decrees are published results,
readable by any authenticated user."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import BlockerOut, Page, PageParams, paginate
from pemilu.core.bounds import SHORT_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.seats import decree as decrees
from pemilu.seats import from_recap, queries
from pemilu.seats.api import RunOut
from pemilu.seats.models import AllocationRun, Decree, ElectedMember, EndCause

router = Router(tags=["kursi"])

ContestName = Literal["dpr", "dprd-prov", "dprd-kabkota", "dpd"]


class RecapQuery(Schema):
    contest: ContestName
    region: str = Field("", max_length=20, description="province (dprd-prov) or kab/kota (dprd-kabkota) code")
    election: str = Field("", max_length=40, description="election code (default: the latest)")


class ElectedOut(Schema):
    name: str
    ballot_no: int
    votes: int


class PartySeatsOut(Schema):
    party: str
    votes: int
    seats_won: int
    elected: list[ElectedOut]


class DapilSeatsOut(Schema):
    code: str
    name: str
    seats: int
    parties: list[PartySeatsOut]


class RecapSeatsOut(Schema):
    election: str
    contest: str
    region: str
    preview: bool = Field(..., description="true while a plenary of the setting level is open: not storable")
    threshold_percent: str | None
    blockers: list[BlockerOut]
    dapils: list[DapilSeatsOut]


@router.get("/seats/from-recap", response=RecapSeatsOut,
            summary="Seats per dapil × party (seats_won) and the elected, from the setting level's recap")
def recap_seats(request: HttpRequest, query: Query[RecapQuery]) -> dict[str, Any]:
    election = current(code=query.election)
    kind = from_recap.contest_kind(query.contest)
    ensure_can(request.user, "seats.allocate", from_recap.setting_region(kind, query.region))
    source = from_recap.read_recap(election, kind, query.region if kind != from_recap.K.DPR else "")
    blockers = source.blockers()
    outcome = from_recap.allocate(source) if not any(b.code in ("dapil_seats", "no_contest") for b in blockers) \
        else None
    return {"election": election.code, "contest": kind, "region": source.region_code, "preview": source.preview,
            "threshold_percent": str(outcome.threshold.percent) if outcome else None,
            "blockers": [{"code": b.code, "message": b.message} for b in blockers],
            "dapils": from_recap.seat_rows(outcome) if outcome else []}


class AllocateIn(Schema):
    contest: ContestName
    region: str = Field("", max_length=20)
    election: str = Field("", max_length=40)
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


@router.post("/seats/from-recap", response={201: RunOut, 200: RunOut},
             summary="Store the seats of a contest from its locked recap (409 while a plenary is open)")
def allocate(request: AuthedRequest, payload: AllocateIn) -> Status[AllocationRun]:
    run, created = from_recap.do_allocate_from_recap(current(code=payload.election), payload.contest,
                                                     region_code=payload.region, actor=request.user,
                                                     reason=payload.reason)
    return Status(201 if created else 200, run)


class MemberOut(Schema):
    id: int
    dapil_code: str
    dapil_name: str
    seat_number: int
    party: str
    rank: int
    name: str
    ballot_no: int
    sex: str
    votes: int
    status: str
    replaces: int | None = Field(None, alias="replaces_id")
    url: str

    @staticmethod
    def resolve_url(obj: ElectedMember) -> str:
        return obj.get_absolute_url()


class SeatDecreeOut(Schema):
    id: int
    run: int = Field(..., alias="run_id")
    election: str
    contest_kind: str
    region_code: str
    number: str
    decided_on: datetime.date
    published_at: datetime.datetime
    url: str
    pdf: str
    xlsx: str

    @staticmethod
    def resolve_election(obj: Decree) -> str:
        return obj.election.code

    @staticmethod
    def resolve_url(obj: Decree) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_pdf(obj: Decree) -> str:
        return obj.get_absolute_url() + "keputusan.pdf"

    @staticmethod
    def resolve_xlsx(obj: Decree) -> str:
        return obj.get_absolute_url() + "keputusan.xlsx"


class DecreeDetailOut(SeatDecreeOut):
    seats: dict[str, int]
    members: list[MemberOut]

    @staticmethod
    def resolve_seats(obj: Decree) -> dict[str, int]:
        return dict(obj.run.national.get("seats", {}))

    @staticmethod
    def resolve_members(obj: Decree) -> list[ElectedMember]:
        return list(obj.members.order_by("dapil_code", "seat_number", "id"))


class SeatDecreeIn(Schema):
    number: str = Field(..., min_length=1, max_length=100)
    decided_on: datetime.date | None = None
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


@router.post("/seats/runs/{run_id}/decree", response={201: SeatDecreeOut},
             summary="Publish the KPU decree of a run computed from the locked recap")
def publish(request: AuthedRequest, run_id: int, payload: SeatDecreeIn) -> Status[Decree]:
    run = queries.get_run(request.user, run_id)
    decree = decrees.do_publish_decree(run, actor=request.user, number=payload.number,
                                       decided_on=payload.decided_on, reason=payload.reason)
    return Status(201, decree)


@router.get("/seats/decrees", response=Page[SeatDecreeOut], summary="Published decrees, newest first")
def list_decrees(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(Decree.objects.select_related("election").order_by("-published_at", "-pk"), page)


@router.get("/seats/decrees/{decree_id}", response=DecreeDetailOut)
def get_decree(request: HttpRequest, decree_id: int) -> Decree:
    return get_object_or_404(Decree.objects.select_related("election", "run"), pk=decree_id)


class ReplaceIn(Schema):
    cause: EndCause
    ended_on: datetime.date
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)


@router.post("/seats/members/{member_id}/replace", response={201: MemberOut},
             summary="PAW: the next candidate of the same party list and dapil takes the seat")
def replace(request: AuthedRequest, member_id: int, payload: ReplaceIn) -> Status[ElectedMember]:
    member = get_object_or_404(ElectedMember.objects.select_related("decree"), pk=member_id)
    return Status(201, decrees.do_replace_member(member, actor=request.user, cause=payload.cause,
                                                 ended_on=payload.ended_on, reason=payload.reason))
