"""``/api/v1/adhoc/…``: recruitments, the minimum-registrants dashboard, applicants (identity data
only for the KPU office handling the area), eligibility explanations, the pipeline steps, work-period
extensions for a re-vote, and the public comments with their follow-up."""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.permissions import can, ensure_can, require
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, queries
from pemilu.adhoc.models import Applicant, Area, PublicComment, Recruitment, Revote, WorkExtension
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.exceptions import DomainError

router = Router(tags=["badan adhoc"])


class RecruitmentOut(Schema):
    id: int
    election: str
    body: str
    region_code: str
    status: str
    registration_start: datetime.date | None
    registration_end: datetime.date | None
    sk_number: str
    sk_date: datetime.date | None
    inaugurated_on: datetime.date | None


class AreaOut(Schema):
    id: int
    code: str
    name: str
    registrants: int
    required: int
    seats: int
    shortfall: int
    state: str
    registration_end: datetime.date | None
    extensions: int


class ApplicantOut(Schema):
    id: int
    area_code: str
    name: str
    nik: str
    gender: str
    elig_outcome: str
    admin_result: str
    written_score: Decimal | None
    passed_written: bool | None
    interview_score: Decimal | None
    final_rank: int | None
    selection: str
    status: str
    phone: str | None = None
    address: str | None = None


class VerdictOut(Schema):
    kind: str
    name: str
    citation: str
    outcome: str
    reason: str


class StepAction(StrEnum):
    open = "open"
    close = "close"
    announce_admin = "announce_admin"
    announce_written = "announce_written"
    announce_final = "announce_final"
    appoint = "appoint"
    inaugurate = "inaugurate"


class StepIn(Schema):
    action: StepAction
    start: datetime.date | None = Field(None, description="open: first day of registration")
    end: datetime.date | None = Field(None, description="open: last day of registration")
    sk_number: str = Field("", max_length=100, description="appoint: number of the appointment decree")
    sk_date: datetime.date | None = Field(None, description="appoint: date of the appointment decree")
    inaugurated_on: datetime.date | None = Field(None, description="inaugurate: day of the inauguration")
    place: str = Field("", max_length=200, description="inaugurate: where")
    reason: str = Field("", max_length=500, description="close: why registration closes before its deadline")


def _rec_out(r: Recruitment) -> RecruitmentOut:
    return RecruitmentOut(id=r.pk, election=r.election.code, body=r.body, region_code=r.region_id, status=r.status,
                          registration_start=r.registration_start, registration_end=r.registration_end,
                          sk_number=r.sk_number, sk_date=r.sk_date, inaugurated_on=r.inaugurated_on)


def _visible(request: HttpRequest, pk: int) -> tuple[Recruitment, Any]:
    from django.db.models import Q

    areas = Area.objects.visible_to(request.user)
    rec = get_object_or_404(Recruitment.objects.filter(
        Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
        | Q(pk__in=areas.values("recruitment_id"))).select_related("election"), pk=pk)
    mine = areas.filter(recruitment=rec)
    first = mine.first()
    ensure_can(request.user, "adhoc.view", first if first is not None else rec)
    return rec, mine


@router.get("/adhoc/recruitments", response=Page[RecruitmentOut])
def list_recruitments(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    from django.db.models import Q

    areas = Area.objects.visible_to(request.user)
    qs = Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                    | Q(pk__in=areas.values("recruitment_id"))).select_related("election")
    return paginate(qs.order_by("pk"), page, _rec_out)


@router.get("/adhoc/recruitments/{recruitment_id}", response=RecruitmentOut)
def get_recruitment(request: HttpRequest, recruitment_id: int) -> RecruitmentOut:
    rec, _mine = _visible(request, recruitment_id)
    return _rec_out(rec)


@router.get("/adhoc/recruitments/{recruitment_id}/areas", response=Page[AreaOut])
def list_areas(request: HttpRequest, recruitment_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """Every visible area with registrants / required / seats, sorted by shortfall."""
    rec, mine = _visible(request, recruitment_id)
    return paginate(queries.area_rows(rec, mine), page, lambda r: AreaOut(
        id=r.area.pk, code=r.area.code, name=r.area.name, registrants=r.registrants, required=r.required,
        seats=r.seats, shortfall=r.shortfall, state=r.state.value, registration_end=r.area.registration_end,
        extensions=r.area.extensions))


def _applicant_out(request: HttpRequest, a: Applicant) -> ApplicantOut:
    pii = can(request.user, "adhoc.pii", a)
    return ApplicantOut(id=a.pk, area_code=a.area.code, name=a.name, nik=a.nik if pii else a.masked_nik,
                        gender=a.gender, elig_outcome=a.elig_outcome, admin_result=a.admin_result,
                        written_score=a.written_score, passed_written=a.passed_written,
                        interview_score=a.interview_score, final_rank=a.final_rank, selection=a.selection,
                        status=a.status, phone=a.phone if pii else None, address=a.address if pii else None)


@router.get("/adhoc/recruitments/{recruitment_id}/applicants", response=Page[ApplicantOut])
def list_applicants(request: HttpRequest, recruitment_id: int, page: Query[PageParams]) -> dict[str, Any]:
    rec, mine = _visible(request, recruitment_id)
    qs = queries.active(rec).filter(area__in=mine).select_related("area", "outcome").order_by(
        "area__code", "outcome__final_rank", "id")
    return paginate(qs, page, lambda a: _applicant_out(request, a))


@router.get("/adhoc/applicants/{applicant_id}", response=ApplicantOut)
def get_applicant(request: HttpRequest, applicant_id: int) -> ApplicantOut:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related("area"), pk=applicant_id)
    ensure_can(request.user, "adhoc.view", a)
    return _applicant_out(request, a)


@router.get("/adhoc/applicants/{applicant_id}/eligibility", response=Page[VerdictOut])
def applicant_eligibility(request: HttpRequest, applicant_id: int, page: Query[PageParams]) -> dict[str, Any]:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related("area", "recruitment",
                                                                                     "election"), pk=applicant_id)
    ensure_can(request.user, "adhoc.view", a)
    _summary, rows = queries.explained(a)
    return paginate(rows, page, lambda e: VerdictOut(kind=e.rule.kind, name=e.rule.name, citation=e.rule.citation,
                                                    outcome=e.verdict.outcome.value, reason=e.verdict.reason))


@router.post("/adhoc/recruitments/{recruitment_id}/step", response=RecruitmentOut)
def step(request: AuthedRequest, recruitment_id: int, data: StepIn) -> RecruitmentOut:
    rec, _mine = _visible(request, recruitment_id)
    user = request.user
    require(user, "adhoc.manage", rec)  # as the page: in scope without the role is 403, not 404
    match data.action:
        case StepAction.open:
            actions.do_open_registration(rec, actor=user, start=data.start, end=data.end)
        case StepAction.close:
            actions.do_close_registration(rec, actor=user, early_reason=data.reason)
        case StepAction.announce_admin:
            actions.do_announce_admin(rec, actor=user)
        case StepAction.announce_written:
            actions.do_announce_written(rec, actor=user)
        case StepAction.announce_final:
            actions.do_announce_final(rec, actor=user)
        case StepAction.appoint:
            if data.sk_date is None:
                raise DomainError(_("sk_date: wajib diisi untuk penetapan"))
            actions.do_appoint(rec, actor=user, sk_number=data.sk_number, sk_date=data.sk_date)
        case StepAction.inaugurate:
            if data.inaugurated_on is None:
                raise DomainError(_("inaugurated_on: wajib diisi untuk pelantikan"))
            actions.do_inaugurate(rec, actor=user, on=data.inaugurated_on, place=data.place)
    rec.refresh_from_db()
    return _rec_out(rec)


class WorkExtensionOut(Schema):
    id: int
    area_code: str | None
    kind: str
    previous_end: datetime.date | None
    new_end: datetime.date
    reason: str
    created_at: datetime.datetime


class WorkExtensionIn(Schema):
    kind: Revote
    new_end: datetime.date
    reason: str = Field(..., max_length=2000)
    area_code: str | None = Field(None, max_length=20)  # None: the whole recruitment


class CommentOut(Schema):
    id: int
    applicant_id: int
    applicant_name: str
    area_code: str
    text: str
    sender_name: str
    sender_contact: str
    status: str
    follow_up: str
    followed_up_at: datetime.datetime | None
    created_at: datetime.datetime


class FollowUpIn(Schema):
    follow_up: str = Field(..., max_length=5000)


def _extension_out(e: WorkExtension) -> WorkExtensionOut:
    return WorkExtensionOut(id=e.pk, area_code=e.area.code if e.area is not None else None, kind=e.kind,
                            previous_end=e.previous_end, new_end=e.new_end, reason=e.reason, created_at=e.created_at)


def _comment_out(c: PublicComment) -> CommentOut:
    return CommentOut(id=c.pk, applicant_id=c.applicant_id, applicant_name=c.applicant.name,
                      area_code=c.applicant.area.code, text=c.text, sender_name=c.sender_name,
                      sender_contact=c.sender_contact, status=c.status, follow_up=c.follow_up,
                      followed_up_at=c.followed_up_at, created_at=c.created_at)


@router.get("/adhoc/recruitments/{recruitment_id}/work-extensions", response=Page[WorkExtensionOut])
def list_work_extensions(request: HttpRequest, recruitment_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """Re-vote extensions of the work period: the recruitment's own and those of the areas the user sees."""
    from django.db.models import Q

    rec, mine = _visible(request, recruitment_id)
    rows = WorkExtension.objects.filter(Q(area__isnull=True) | Q(area__in=mine), recruitment=rec)
    return paginate(rows.select_related("area"), page, _extension_out)


@router.post("/adhoc/recruitments/{recruitment_id}/work-extensions", response={201: WorkExtensionOut})
def extend_work(request: AuthedRequest, recruitment_id: int, data: WorkExtensionIn) -> Status[WorkExtensionOut]:
    """Extend the work period for a PSU / susulan / lanjutan: of one area, or of the whole recruitment."""
    rec, mine = _visible(request, recruitment_id)
    area = get_object_or_404(mine, code=data.area_code) if data.area_code else None
    require(request.user, "adhoc.manage", area if area is not None else rec)
    ext = actions.do_extend_work(rec, actor=request.user, kind=data.kind, new_end=data.new_end, reason=data.reason,
                                 area=area)
    return Status(201, _extension_out(ext))


@router.get("/adhoc/recruitments/{recruitment_id}/comments", response=Page[CommentOut])
def list_comments(request: HttpRequest, recruitment_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """Tanggapan masyarakat on announced candidates: the KPU office handling the area only."""
    rec, mine = _visible(request, recruitment_id)
    require(request.user, "adhoc.pii", rec)
    rows = (PublicComment.objects.visible_to(request.user).filter(recruitment=rec, applicant__area__in=mine)
            .select_related("applicant", "applicant__area"))
    return paginate(rows, page, _comment_out)


@router.post("/adhoc/comments/{comment_id}/follow-up", response=CommentOut)
def follow_up_comment(request: AuthedRequest, comment_id: int, data: FollowUpIn) -> CommentOut:
    c = get_object_or_404(PublicComment.objects.visible_to(request.user).select_related("applicant__area"),
                          pk=comment_id)
    ensure_can(request.user, "adhoc.pii", c)
    return _comment_out(actions.do_follow_up_comment(c, actor=request.user, follow_up=data.follow_up))
