"""A recap level's plenary in the API (issue 18 item 7): the typed D.Hasil, lock, reopen, the
objections and special events on the record, and the berita acara's attendance and quorum (issue 21
item 4). Each operation calls the page's action; ``region`` is the recap level's code
('' = national), as in ``GET /recap/{contest_code}/level?region=``."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.results import minutes, queries, rules
from pemilu.results.actions import do_enter_recap_sheet, do_lock_plenary, do_record_objection, do_reopen_plenary
from pemilu.results.models import AttendeeKind, Contest, Plenary, PlenaryAttendee, PlenaryRecord, RecapSheet

router = Router(tags=["hasil"])

# A D.Hasil cell sums the TPS below it: at most 1,000 per TPS (rules.MAX_TPS_FIGURE) × 823,366 TPS.
MAX_RECAP_FIGURE = 1_000_000_000
RegionCode = Annotated[str, Field(max_length=20, description="a recap level's region code; '' = national")]
SheetKey = Annotated[str, Field(min_length=1, max_length=20)]
SheetFigure = Annotated[int, Field(ge=0, le=MAX_RECAP_FIGURE)]


class RegionIn(Schema):
    region: RegionCode = ""


class ReopenIn(RegionIn):
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)


class RecordKindIn(StrEnum):
    objection = "objection"  # keberatan
    special = "special"      # kejadian khusus


class RecordIn(RegionIn):
    kind: RecordKindIn
    text: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX, description="about what / what happened")
    resolution: str = Field("", max_length=LONG_TEXT_MAX, description="objection: the plenary's answer")
    raised_by: str = Field("", max_length=NAME_MAX, description="objection: who raised it")
    reason: str = Field("", max_length=LONG_TEXT_MAX, description="special event: why the plenary goes on")
    tps: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(
        default_factory=list, max_length=minutes.MAX_COVERED_TPS,
        description="special event: the TPS it covers (an incomplete C.Hasil holds the lock until one does)")


class AttendeeIn(Schema):
    kind: AttendeeKind
    name: str = Field(..., min_length=1, max_length=NAME_MAX)
    position: str = Field("", max_length=NAME_MAX)
    represents: str = Field("", max_length=NAME_MAX, description="witness: the party or paslon represented")
    present: bool = True


class PlenaryAttendanceIn(RegionIn):
    attendees: list[AttendeeIn] = Field(..., max_length=minutes.MAX_ATTENDEES,
                                        description="the whole list; it replaces the one recorded")


class RegionPage(PageParams):
    region: RegionCode = ""


class AttendeeOut(Schema):
    number: int
    kind: str
    name: str
    position: str
    represents: str
    present: bool


class QuorumOut(Schema):
    members: int = Field(..., description="members of the body (configured per level or region)")
    present: int = Field(..., description="members present on the attendance list")
    needed: int = Field(..., description="⌈members × fraction⌉")
    fraction: str
    reached: bool


class SheetIn(RegionIn):
    rows: dict[SheetKey, dict[SheetKey, SheetFigure]] = Field(
        ..., max_length=1000, description="child region code → {choice key, '_sah', '_tidak_sah' → figure}")
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


class PlenaryOut(Schema):
    region: str = Field(..., alias="region_code")
    status: str
    locked_at: datetime.datetime | None
    frozen: dict[str, Any]
    quorum: QuorumOut

    @staticmethod
    def resolve_quorum(obj: Plenary) -> dict[str, Any]:
        return _quorum(minutes.quorum_of(obj.contest, obj.region_code, obj if obj.pk else None))


class RecordOut(Schema):
    id: int
    region: str
    kind: str
    text: str
    resolution: str
    raised_by: str
    reason: str
    tps: list[str]
    at: datetime.datetime

    @staticmethod
    def resolve_tps(obj: PlenaryRecord) -> list[str]:
        return list(obj.tps_codes or [])

    @staticmethod
    def resolve_region(obj: PlenaryRecord) -> str:
        return obj.plenary.region_code


class DifferenceOut(Schema):
    code: str
    field: str
    computed: int
    typed: int | None
    difference: int | None


class SheetOut(Schema):
    region: str
    version: int
    differences: list[DifferenceOut]


def _quorum(q: rules.Quorum) -> dict[str, Any]:
    return {"members": q.members, "present": q.present, "needed": q.needed, "fraction": q.fraction,
            "reached": q.reached}


def _contest(contest_code: str) -> Contest:
    contest: Contest = get_object_or_404(Contest.objects.select_related("election"), election=current(),
                                         code=contest_code)
    return contest


@router.post("/recap/{contest_code}/plenary/lock", response=PlenaryOut,
             summary="Lock a recap level's plenary (every form below accepted, every plenary below locked)",
             description="Refused with 409 and the blockers named when forms, lower plenaries or (policy "
                         "block) D.Hasil differences are open.")
def lock_plenary(request: AuthedRequest, contest_code: str, payload: RegionIn) -> Plenary:
    return do_lock_plenary(_contest(contest_code), payload.region, actor=request.user)


@router.post("/recap/{contest_code}/plenary/reopen", response=PlenaryOut,
             summary="Reopen a locked plenary (only the level above, with a reason)")
def reopen_plenary(request: AuthedRequest, contest_code: str, payload: ReopenIn) -> Plenary:
    contest = _contest(contest_code)
    plenary = get_object_or_404(Plenary.objects.visible_to(request.user), contest=contest, region_code=payload.region)
    return do_reopen_plenary(plenary, actor=request.user, reason=payload.reason)


@router.post("/recap/{contest_code}/plenary/records", response={201: RecordOut},
             summary="Put an objection (keberatan) or a special event on the plenary's record")
def record_plenary_note(request: AuthedRequest, contest_code: str, payload: RecordIn) -> Status[PlenaryRecord]:
    record = do_record_objection(_contest(contest_code), payload.region, actor=request.user, kind=payload.kind.value,
                                 text=payload.text, resolution=payload.resolution, raised_by=payload.raised_by,
                                 reason=payload.reason, tps_codes=payload.tps)
    return Status(201, record)


def _readable_plenary(request: HttpRequest, contest_code: str, region: str) -> tuple[Contest, Plenary | None]:
    ensure_can(request.user, "results.view", region)
    contest = _contest(contest_code)
    return contest, Plenary.objects.visible_to(request.user).filter(contest=contest, region_code=region).first()


@router.get("/recap/{contest_code}/plenary", response=PlenaryOut,
            summary="A recap level's plenary: status, frozen totals and its quorum")
def get_plenary(request: HttpRequest, contest_code: str, region: RegionCode = "") -> Plenary:
    contest, plenary = _readable_plenary(request, contest_code, region)
    return plenary or Plenary(contest=contest, region_code=region, level=0)


@router.get("/recap/{contest_code}/plenary/records", response=Page[RecordOut],
            summary="The plenary's objections (keberatan), special events and reopenings, in order")
def list_plenary_records(request: HttpRequest, contest_code: str, page: Query[RegionPage]) -> dict[str, Any]:
    _contest_, plenary = _readable_plenary(request, contest_code, page.region)
    rows = PlenaryRecord.objects.filter(plenary=plenary).select_related("plenary").order_by("at", "pk")
    return paginate(rows if plenary else PlenaryRecord.objects.none(), page)


@router.get("/recap/{contest_code}/plenary/attendance", response=Page[AttendeeOut],
            summary="The plenary's attendance list (members, witnesses, Bawaslu, others)")
def list_plenary_attendance(request: HttpRequest, contest_code: str, page: Query[RegionPage]) -> dict[str, Any]:
    _contest_, plenary = _readable_plenary(request, contest_code, page.region)
    rows = PlenaryAttendee.objects.filter(plenary=plenary).order_by("number")
    return paginate(rows if plenary else PlenaryAttendee.objects.none(), page)


@router.post("/recap/{contest_code}/plenary/attendance", response=QuorumOut,
             summary="Record the plenary's attendance list (replaces it; refused once locked)",
             description="Every row is checked before anything is written; a bad row is named in `errors`. "
                         "Answers the quorum the list gives: the lock is refused (409) below it.")
def record_plenary_attendance(request: AuthedRequest, contest_code: str,
                              payload: PlenaryAttendanceIn) -> dict[str, Any]:
    contest = _contest(contest_code)
    rows = [{**a.dict(), "kind": a.kind.value} for a in payload.attendees]
    minutes.do_record_attendance(contest, payload.region, rows, actor=request.user)
    plenary = Plenary.objects.get(contest=contest, region_code=payload.region)
    return _quorum(minutes.quorum_of(contest, payload.region, plenary))


@router.post("/recap/{contest_code}/sheet", response={201: SheetOut},
             summary="Type the level's D.Hasil from paper: one row per child region (a new version)",
             description="Every row is checked before anything is written; a missing, unknown or bad row is "
                         "named in `errors` and nothing is stored. Refused (409) once the plenary is locked.")
def enter_recap_sheet(request: AuthedRequest, contest_code: str, payload: SheetIn) -> Status[dict[str, Any]]:
    contest = _contest(contest_code)
    rows: dict[str, dict[str, Any]] = {code: dict(values) for code, values in payload.rows.items()}
    sheet: RecapSheet = do_enter_recap_sheet(contest, payload.region, rows, actor=request.user,
                                             reason=payload.reason)
    return Status(201, {"region": sheet.region_code, "version": sheet.number,
                        "differences": queries.sheet_comparison(contest, sheet.region_code, sheet) or []})
