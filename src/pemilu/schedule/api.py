"""Public schedule API: the stages of an election and what is open on a day. The schedule is a
public document (PKPU 3/2022), so these endpoints need no login."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pemilu.core.api import Page, PageParams, paginate
from pemilu.elections.models import Election
from pemilu.schedule import queries
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
