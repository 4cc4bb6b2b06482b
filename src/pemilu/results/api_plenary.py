"""A recap level's plenary in the API (issue 18 item 7): the typed D.Hasil, lock, reopen and the
objections and special events on the record. Each operation calls the page's action; ``region``
is the recap level's code ('' = national), as in ``GET /recap/{contest_code}/level?region=``."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from pemilu.accounts.types import AuthedRequest
from pemilu.core.bounds import LONG_TEXT_MAX, SHORT_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.results import queries
from pemilu.results.actions import do_enter_recap_sheet, do_lock_plenary, do_record_objection, do_reopen_plenary
from pemilu.results.models import Contest, Plenary, PlenaryRecord, RecapSheet

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
    text: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX)
    resolution: str = Field("", max_length=LONG_TEXT_MAX)


class SheetIn(RegionIn):
    rows: dict[SheetKey, dict[SheetKey, SheetFigure]] = Field(
        ..., max_length=1000, description="child region code → {choice key, '_sah', '_tidak_sah' → figure}")
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


class PlenaryOut(Schema):
    region: str
    status: str
    locked_at: datetime.datetime | None
    frozen: dict[str, Any]

    @staticmethod
    def resolve_region(obj: Plenary) -> str:
        return obj.region_code


class RecordOut(Schema):
    id: int
    region: str
    kind: str
    text: str
    resolution: str

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
                                 text=payload.text, resolution=payload.resolution)
    return Status(201, record)


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
