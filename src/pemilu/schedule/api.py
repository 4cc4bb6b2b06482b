"""Schedule API: the stages of an election and what is open on a day — public, the schedule is a
public document (PKPU 3/2022), so these reads need no login — and the edits of the "kelola" page
(same actions and permissions)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.elections.models import Election
from pemilu.schedule import queries
from pemilu.schedule.actions import do_delete_local_window, do_set_local_window, do_update_stage
from pemilu.schedule.models import Stage

router = Router(tags=["jadwal"])


class StageOut(Schema):
    code: str
    number: int
    parent_code: str | None
    name_id: str
    name_en: str
    start: datetime.date | None
    end: datetime.date | None
    depends_on: str
    region_code: str
    source: str

    @staticmethod
    def resolve_parent_code(obj: Stage) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class OpenNowOut(Schema):
    election: str
    date: datetime.date
    region_code: str
    days_until_voting: int
    open: list[StageOut]


class StageFilter(PageParams):
    region: str = Field("", max_length=20, description="region code: its local sub-schedule applies")


@router.get("/schedule/{election_code}/stages", response=Page[StageOut], auth=None, url_name="schedule_stages",
            summary="Stages of an election (with a region's local sub-schedule applied)")
def list_stages(request: HttpRequest, election_code: str, filters: Query[StageFilter]) -> dict[str, Any]:
    election = get_object_or_404(Election, code=election_code)
    # parents come with select_related
    return paginate(queries.effective_stages(election, region_code=filters.region), filters)


@router.get("/schedule/{election_code}/open", response=OpenNowOut, auth=None, url_name="schedule_open",
            summary="Stages open on a date (default: today in the election's time zone)")
def open_now(request: HttpRequest, election_code: str, date: datetime.date | None = None,
             region: str = "") -> dict[str, object]:
    election = get_object_or_404(Election, code=election_code)
    day = date or queries.local_date(election)
    stages = queries.stages_open_on(election, day, region_code=region)
    return {"election": election.code, "date": day, "region_code": region,
            "days_until_voting": queries.days_until_voting(election, day), "open": stages}


# --- schedule edits (the "kelola jadwal" page): the same actions and permissions ------------------

class ReasonQuery(Schema):
    reason: str = Field("", max_length=500)


class StageWindowIn(Schema):
    start: datetime.date | None
    end: datetime.date | None
    reason: str = Field("", max_length=500)


@router.put("/schedule/{election_code}/stages/{stage_id}", response=StageOut,
            summary="Change a stage's window (KPU of the stage's region; audited)")
def update_stage(request: AuthedRequest, election_code: str, stage_id: int, data: StageWindowIn) -> Stage:
    election = get_object_or_404(Election, code=election_code)
    stage = get_object_or_404(Stage, election=election, pk=stage_id)
    return do_update_stage(stage, actor=request.user, start=data.start, end=data.end, reason=data.reason)


class LocalWindowIn(Schema):
    stage_code: str = Field(..., max_length=60)
    region_code: str = Field(..., max_length=20, description="provinsi, kab/kota or kecamatan whose window this is")
    start: datetime.date
    end: datetime.date
    reason: str = Field("", max_length=500)


@router.post("/schedule/{election_code}/local-windows", response={201: StageOut},
             summary="A region's own window for a stage (applies to its subtree; audited)")
def set_local_window(request: AuthedRequest, election_code: str, data: LocalWindowIn) -> Status[Stage]:
    election = get_object_or_404(Election, code=election_code)
    return Status(201, do_set_local_window(election, data.stage_code, data.region_code, actor=request.user,
                                           start=data.start, end=data.end, reason=data.reason))


@router.delete("/schedule/{election_code}/local-windows/{stage_id}", response={204: None},
               summary="Remove a region's own window; the national one applies again (audited)")
def delete_local_window(request: AuthedRequest, election_code: str, stage_id: int,
                        reason: Query[ReasonQuery]) -> Status[None]:
    election = get_object_or_404(Election, code=election_code)
    stage = get_object_or_404(Stage.objects.exclude(region_code=""), election=election, pk=stage_id)
    do_delete_local_window(stage, actor=request.user, reason=reason.reason)
    return Status(204, None)
