"""``/api/adhoc/…``: recruitments, the minimum-registrants dashboard, applicants (identity data
only for the KPU office handling the area), eligibility explanations, the pipeline steps, work-period
extensions for a re-vote, and the public comments with their follow-up."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from pemilu.accounts.permissions import can, ensure_can, require
from pemilu.adhoc import actions, queries
from pemilu.adhoc.models import Applicant, Area, PublicComment, Recruitment, WorkExtension
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


class StepIn(Schema):
    action: str = Field(..., max_length=30)  # open, close, announce_admin, announce_written, announce_final, …
    start: datetime.date | None = None
    end: datetime.date | None = None
    sk_number: str = Field("", max_length=100)
    sk_date: datetime.date | None = None
    place: str = Field("", max_length=200)
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


@router.get("/adhoc/recruitments", response=list[RecruitmentOut])
def list_recruitments(request: HttpRequest) -> list[RecruitmentOut]:
    from django.db.models import Q

    areas = Area.objects.visible_to(request.user)
    qs = Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                    | Q(pk__in=areas.values("recruitment_id"))).select_related("election")
    return [_rec_out(r) for r in qs]


@router.get("/adhoc/recruitments/{pk}", response=RecruitmentOut)
def get_recruitment(request: HttpRequest, pk: int) -> RecruitmentOut:
    rec, _mine = _visible(request, pk)
    return _rec_out(rec)


@router.get("/adhoc/recruitments/{pk}/areas", response=list[AreaOut])
def list_areas(request: HttpRequest, pk: int) -> list[AreaOut]:
    """Every visible area with registrants / required / seats, sorted by shortfall."""
    rec, mine = _visible(request, pk)
    return [AreaOut(id=r.area.pk, code=r.area.code, name=r.area.name, registrants=r.registrants,
                    required=r.required, seats=r.seats, shortfall=r.shortfall, state=r.state.value,
                    registration_end=r.area.registration_end, extensions=r.area.extensions)
            for r in queries.area_rows(rec, mine)]


def _applicant_out(request: HttpRequest, a: Applicant) -> ApplicantOut:
    pii = can(request.user, "adhoc.pii", a)
    return ApplicantOut(id=a.pk, area_code=a.area.code, name=a.name, nik=a.nik if pii else a.masked_nik,
                        gender=a.gender, elig_outcome=a.elig_outcome, admin_result=a.admin_result,
                        written_score=a.written_score, passed_written=a.passed_written,
                        interview_score=a.interview_score, final_rank=a.final_rank, selection=a.selection,
                        status=a.status, phone=a.phone if pii else None, address=a.address if pii else None)


@router.get("/adhoc/recruitments/{pk}/applicants", response=list[ApplicantOut])
def list_applicants(request: HttpRequest, pk: int) -> list[ApplicantOut]:
    rec, mine = _visible(request, pk)
    qs = queries.active(rec).filter(area__in=mine).select_related("area", "outcome").order_by(
        "area__code", "outcome__final_rank", "id")
    return [_applicant_out(request, a) for a in qs]


@router.get("/adhoc/applicants/{pk}", response=ApplicantOut)
def get_applicant(request: HttpRequest, pk: int) -> ApplicantOut:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related("area"), pk=pk)
    ensure_can(request.user, "adhoc.view", a)
    return _applicant_out(request, a)


@router.get("/adhoc/applicants/{pk}/eligibility", response=list[VerdictOut])
def applicant_eligibility(request: HttpRequest, pk: int) -> list[VerdictOut]:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related("area", "recruitment",
                                                                                     "election"), pk=pk)
    ensure_can(request.user, "adhoc.view", a)
    _summary, rows = queries.explained(a)
    return [VerdictOut(kind=e.rule.kind, name=e.rule.name, citation=e.rule.citation,
                       outcome=e.verdict.outcome.value, reason=e.verdict.reason) for e in rows]


@router.post("/adhoc/recruitments/{pk}/step", response=RecruitmentOut)
def step(request: HttpRequest, pk: int, data: StepIn) -> RecruitmentOut:
    rec, _mine = _visible(request, pk)
    user = request.user
    require(user, "adhoc.manage", rec)  # as the page: in scope without the role is 403, not 404
    if data.action == "open":
        actions.do_open_registration(rec, actor=user, start=data.start, end=data.end)
    elif data.action == "close":
        actions.do_close_registration(rec, actor=user, early_reason=data.reason)
    elif data.action == "announce_admin":
        actions.do_announce_admin(rec, actor=user)
    elif data.action == "announce_written":
        actions.do_announce_written(rec, actor=user)
    elif data.action == "announce_final":
        actions.do_announce_final(rec, actor=user)
    elif data.action == "appoint":
        if data.sk_date is None:
            raise DomainError("sk_date wajib diisi")
        actions.do_appoint(rec, actor=user, sk_number=data.sk_number, sk_date=data.sk_date)
    elif data.action == "inaugurate":
        if data.sk_date is None:
            raise DomainError("sk_date (tanggal pelantikan) wajib diisi")
        actions.do_inaugurate(rec, actor=user, on=data.sk_date, place=data.place)
    else:
        raise DomainError(f"aksi tidak dikenal: {data.action}")
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
    kind: str = Field(..., max_length=20)  # psu, susulan, lanjutan
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


@router.get("/adhoc/recruitments/{pk}/work-extensions", response=list[WorkExtensionOut])
def list_work_extensions(request: HttpRequest, pk: int) -> list[WorkExtensionOut]:
    """Re-vote extensions of the work period: the recruitment's own and those of the areas the user sees."""
    from django.db.models import Q

    rec, mine = _visible(request, pk)
    rows = WorkExtension.objects.filter(Q(area__isnull=True) | Q(area__in=mine), recruitment=rec)
    return [_extension_out(e) for e in rows.select_related("area")]


@router.post("/adhoc/recruitments/{pk}/work-extensions", response={201: WorkExtensionOut})
def extend_work(request: HttpRequest, pk: int, data: WorkExtensionIn) -> Status[WorkExtensionOut]:
    """Extend the work period for a PSU / susulan / lanjutan: of one area, or of the whole recruitment."""
    rec, mine = _visible(request, pk)
    area = get_object_or_404(mine, code=data.area_code) if data.area_code else None
    require(request.user, "adhoc.manage", area if area is not None else rec)
    ext = actions.do_extend_work(rec, actor=request.user, kind=data.kind, new_end=data.new_end, reason=data.reason,
                                 area=area)
    return Status(201, _extension_out(ext))


@router.get("/adhoc/recruitments/{pk}/comments", response=list[CommentOut])
def list_comments(request: HttpRequest, pk: int) -> list[CommentOut]:
    """Tanggapan masyarakat on announced candidates: the KPU office handling the area only."""
    rec, mine = _visible(request, pk)
    require(request.user, "adhoc.pii", rec)
    rows = (PublicComment.objects.visible_to(request.user).filter(recruitment=rec, applicant__area__in=mine)
            .select_related("applicant", "applicant__area"))
    return [_comment_out(c) for c in rows]


@router.post("/adhoc/comments/{pk}/follow-up", response=CommentOut)
def follow_up_comment(request: HttpRequest, pk: int, data: FollowUpIn) -> CommentOut:
    c = get_object_or_404(PublicComment.objects.visible_to(request.user).select_related("applicant__area"), pk=pk)
    ensure_can(request.user, "adhoc.pii", c)
    return _comment_out(actions.do_follow_up_comment(c, actor=request.user, follow_up=data.follow_up))
