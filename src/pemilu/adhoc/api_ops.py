"""``/api/v1/adhoc/…`` writes: every action of the adhoc pages (issue 18 item 7) — creating a
recruitment, registering applicants (one at a time or a file), scores, verification, documents,
registration extensions and the decision to continue, PAW. Each operation reads the object as
the page does (404 outside the user's scope), checks the same role (403) and calls the same
``do_*`` action; the stage steps and work-period extensions are in ``adhoc/api.py``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.api import SlipsOut, slips_response
from pemilu.accounts.permissions import ensure_can, require
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, rules
from pemilu.adhoc.api import ApplicantOut, RecruitmentOut, _applicant_out, _rec_out, _visible, router
from pemilu.adhoc.models import (
    Applicant,
    ApplicantDocument,
    Area,
    AreaExtension,
    Health,
    LeaveReason,
    Replacement,
)
from pemilu.core.api import Page, PageParams, StoredFileOut, paginate
from pemilu.core.models import Sex
from pemilu.elections.models import Election

# The adhoc router itself: a path shared with a read (GET and POST /adhoc/recruitments) must be one
# router's, or Django matches the other router's pattern first and answers 405.
GenderCode = StrEnum("GenderCode", {g.name: g.value for g in Sex})  # type: ignore[misc]
HealthFinding = StrEnum("HealthFinding", {h.name: h.value for h in Health})  # type: ignore[misc]
EducationLevel = IntEnum("EducationLevel", {e.name: e.value for e in rules.Education})  # type: ignore[misc]
LeaveReasonCode = StrEnum("LeaveReasonCode", {r.name: r.value for r in LeaveReason})  # type: ignore[misc]


class VerificationResult(StrEnum):
    ms = "ms"
    tms = "tms"


class RegistrationExtensionKind(StrEnum):
    extend = "extend"
    reopen = "reopen"


# --- recruitments ---------------------------------------------------------------------------

class RecruitmentIn(Schema):
    election: str = Field(..., max_length=40, description="election code, e.g. pemilu-2024")
    body: rules.Body
    region_code: str = Field(..., max_length=20, description=(
        "the kab/kota forming the body; for KPPS also a kelurahan/desa, whose PPS forms its KPPS"))


@router.post("/adhoc/recruitments", response={201: RecruitmentOut}, summary="Create a recruitment (all its areas)")
def create_recruitment(request: AuthedRequest, data: RecruitmentIn) -> Status[RecruitmentOut]:
    election = get_object_or_404(Election, code=data.election)
    rec = actions.do_create_recruitment(election, data.body.value, data.region_code, actor=request.user)
    return Status(201, _rec_out(rec))


class ApplicantIn(Schema):
    area_code: str = Field(..., max_length=20, description="the area applied for (kecamatan, desa or TPS code)")
    nik: str = Field(..., min_length=16, max_length=16)
    name: str = Field(..., min_length=1, max_length=200)
    gender: GenderCode
    birth_date: datetime.date
    birth_place: str = Field("", max_length=100)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    domicile_code: str = Field(..., max_length=13, description="desa/kelurahan code of the KTP")
    education: EducationLevel
    sentence_years: int = Field(0, ge=0, le=100, description="threatened sentence of a past conviction; 0 = none")
    spouse_nik: str = Field("", max_length=16)
    health: HealthFinding = Field(HealthFinding(""), description="the officer's finding from the certificate")


@router.post("/adhoc/recruitments/{recruitment_id}/applicants", response={201: ApplicantOut},
             summary="Register an applicant (officer entry of a paper registration); documents: …/documents")
def register_applicant(request: AuthedRequest, recruitment_id: int, data: ApplicantIn) -> Status[ApplicantOut]:
    rec, mine = _visible(request, recruitment_id)
    allowed = actions.registrable_codes(request.user, rec)
    if allowed is not None:
        if not allowed:
            require(request.user, "adhoc.register", rec)
        mine = mine.filter(code__in=allowed)  # a PPS member: the TPS of their kelurahan (KPPS)
    area = get_object_or_404(mine, code=data.area_code)
    applicant = actions.do_register_with_documents(rec, actions.ApplicantData(
        area_code=area.code, nik=data.nik, name=data.name, gender=data.gender.value, birth_date=data.birth_date,
        domicile_code=data.domicile_code, education=int(data.education), birth_place=data.birth_place,
        address=data.address, phone=data.phone, email=data.email, sentence_years=data.sentence_years,
        spouse_nik=data.spouse_nik, health=data.health.value), [], actor=request.user)
    return Status(201, _applicant_out(request, applicant))


class ImportedOut(Schema):
    rows: int = Field(..., description="rows imported (the whole file, or nothing with every bad row named)")


@router.post("/adhoc/recruitments/{recruitment_id}/applicants/import", response=ImportedOut,
             summary="Import paper registrations (CSV/XLSX; atomic)")
def import_applicants(request: AuthedRequest, recruitment_id: int, file: File[UploadedFile]) -> ImportedOut:
    rec, _mine = _visible(request, recruitment_id)
    if actions.registrable_codes(request.user, rec) == set():
        require(request.user, "adhoc.register", rec)
    return ImportedOut(rows=actions.do_import_applicants(rec, file.read(), actor=request.user,
                                                         filename=file.name or ""))


class ScoreImportIn(Schema):
    which: rules.ScoreKind


@router.post("/adhoc/recruitments/{recruitment_id}/scores/import", response=ImportedOut,
             summary="Import written-test or interview scores (CSV/XLSX; atomic)")
def import_scores(request: AuthedRequest, recruitment_id: int, data: Form[ScoreImportIn],
                  file: File[UploadedFile]) -> ImportedOut:
    rec, _mine = _visible(request, recruitment_id)
    require(request.user, "adhoc.manage", rec)
    return ImportedOut(rows=actions.do_import_scores(rec, file.read(), actor=request.user, which=data.which.value,
                                                     filename=file.name or ""))


class EvaluatedOut(Schema):
    outcomes: dict[str, int] = Field(..., description="applicants per eligibility outcome")


@router.post("/adhoc/recruitments/{recruitment_id}/eligibility/evaluate", response=EvaluatedOut,
             summary="Re-check every applicant against the eligibility rules")
def evaluate_eligibility(request: AuthedRequest, recruitment_id: int) -> EvaluatedOut:
    rec, _mine = _visible(request, recruitment_id)
    require(request.user, "adhoc.manage", rec)
    return EvaluatedOut(outcomes=actions.do_evaluate(rec, actor=request.user))


class VerifiedOut(Schema):
    verified: int


@router.post("/adhoc/recruitments/{recruitment_id}/verify-eligible", response=VerifiedOut,
             summary="Mark MS every applicant who meets every rule and is not yet verified")
def verify_eligible(request: AuthedRequest, recruitment_id: int) -> VerifiedOut:
    rec, _mine = _visible(request, recruitment_id)
    require(request.user, "adhoc.manage", rec)
    return VerifiedOut(verified=actions.do_verify_eligible(rec, actor=request.user))


# --- areas: registration extensions ---------------------------------------------------------

class AreaExtensionOut(Schema):
    id: int
    area_code: str
    kind: str
    previous_end: datetime.date | None
    new_end: datetime.date | None
    reason: str
    registrants: int
    created_at: datetime.datetime


def _area_extension_out(e: AreaExtension) -> AreaExtensionOut:
    return AreaExtensionOut(id=e.pk, area_code=e.area.code, kind=e.kind, previous_end=e.previous_end,
                            new_end=e.new_end, reason=e.reason, registrants=e.registrants, created_at=e.created_at)


class RegistrationExtensionIn(Schema):
    kind: RegistrationExtensionKind = RegistrationExtensionKind.extend
    new_end: datetime.date
    reason: str = Field(..., min_length=1, max_length=2000)


class AreaContinuationIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


def _area(request: HttpRequest, recruitment_id: int, area_id: int) -> Area:
    _rec, mine = _visible(request, recruitment_id)
    area: Area = get_object_or_404(mine, pk=area_id)
    ensure_can(request.user, "adhoc.manage", area)
    return area


@router.post("/adhoc/recruitments/{recruitment_id}/areas/{area_id}/registration-extensions",
             response={201: AreaExtensionOut}, summary="Extend or re-open an area's registration (below minimum)")
def extend_registration(request: AuthedRequest, recruitment_id: int, area_id: int,
                        data: RegistrationExtensionIn) -> Status[AreaExtensionOut]:
    area = _area(request, recruitment_id, area_id)
    ext = actions.do_extend(area, actor=request.user, new_end=data.new_end, reason=data.reason, kind=data.kind.value)
    return Status(201, _area_extension_out(ext))


@router.post("/adhoc/recruitments/{recruitment_id}/areas/{area_id}/continue", response={201: AreaExtensionOut},
             summary="Continue the selection of an area below the minimum (KPT 534/2022 huruf c)")
def continue_below_minimum(request: AuthedRequest, recruitment_id: int, area_id: int,
                           data: AreaContinuationIn) -> Status[AreaExtensionOut]:
    area = _area(request, recruitment_id, area_id)
    return Status(201, _area_extension_out(actions.do_continue_below_minimum(area, actor=request.user,
                                                                             reason=data.reason)))


# --- applicants -----------------------------------------------------------------------------

def _applicant(request: HttpRequest, applicant_id: int, action: str) -> Applicant:
    """As the applicant page: 404 outside the user's scope; then the action's role (403)."""
    a: Applicant = get_object_or_404(Applicant.objects.visible_to(request.user).select_related(
        "area", "recruitment", "election", "outcome"), pk=applicant_id)
    ensure_can(request.user, "adhoc.view", a)
    ensure_can(request.user, action, a)
    return a


class VerificationIn(Schema):
    result: VerificationResult
    reason: str = Field("", max_length=300, description="required for TMS")


@router.post("/adhoc/applicants/{applicant_id}/verification", response=ApplicantOut,
             summary="Record the administrative verification (MS/TMS)")
def verify_applicant(request: AuthedRequest, applicant_id: int, data: VerificationIn) -> ApplicantOut:
    a = _applicant(request, applicant_id, "adhoc.manage")
    return _applicant_out(request, actions.do_verify(a, actor=request.user, result=data.result.value,
                                                     reason=data.reason))


class ScoreIn(Schema):
    which: rules.ScoreKind
    value: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)


@router.post("/adhoc/applicants/{applicant_id}/scores", response=ApplicantOut, summary="Record a score")
def set_score(request: AuthedRequest, applicant_id: int, data: ScoreIn) -> ApplicantOut:
    a = _applicant(request, applicant_id, "adhoc.manage")
    return _applicant_out(request, actions.do_set_score(a, actor=request.user, which=data.which.value,
                                                        value=data.value))


class HealthIn(Schema):
    health: HealthFinding


@router.post("/adhoc/applicants/{applicant_id}/health", response=ApplicantOut,
             summary="Record the health finding from the certificate (officer)")
def set_health(request: AuthedRequest, applicant_id: int, data: HealthIn) -> ApplicantOut:
    a = _applicant(request, applicant_id, "adhoc.register")
    return _applicant_out(request, actions.do_update_profile(a, actor=request.user, health=data.health.value))


class ApplicantDocumentOut(StoredFileOut):
    kind: str
    uploaded_at: datetime.datetime


def _document_out(d: ApplicantDocument) -> ApplicantDocumentOut:
    return ApplicantDocumentOut(id=d.pk, kind=d.kind, original_name=d.original_name, content_type=d.content_type,
                       size=d.size, sha256=d.sha256, uploaded_at=d.uploaded_at)


class ApplicantDocumentIn(Schema):
    kind: rules.Doc


@router.post("/adhoc/applicants/{applicant_id}/documents", response={201: ApplicantDocumentOut},
             summary="Upload a document (PDF or JPEG)")
def upload_document(request: AuthedRequest, applicant_id: int, data: Form[ApplicantDocumentIn],
                    file: File[UploadedFile]) -> Status[ApplicantDocumentOut]:
    a = _applicant(request, applicant_id, "adhoc.register")
    doc = actions.do_upload_document(a, data.kind.value, file.name or "berkas", file.read(), actor=request.user)
    return Status(201, _document_out(doc))


@router.get("/adhoc/applicants/{applicant_id}/documents", response=Page[ApplicantDocumentOut],
            summary="An applicant's documents (the KPU office handling the area)")
def list_documents(request: HttpRequest, applicant_id: int, page: Query[PageParams]) -> dict[str, Any]:
    a = _applicant(request, applicant_id, "adhoc.pii")
    return paginate(a.documents.order_by("uploaded_at", "pk"), page, _document_out)


@router.get("/adhoc/applicants/{applicant_id}/documents/{document_id}", summary="Download a document")
def download_document(request: HttpRequest, applicant_id: int, document_id: int) -> FileResponse:
    a = _applicant(request, applicant_id, "adhoc.pii")
    doc = get_object_or_404(ApplicantDocument, pk=document_id, applicant=a)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                        content_type=doc.content_type)


class ReplacementIn(Schema):
    reason: LeaveReasonCode
    detail: str = Field(..., min_length=1, max_length=2000)
    decided_on: datetime.date
    sk_number: str = Field("", max_length=100)


class ReplacementOut(Schema):
    id: int
    area_code: str
    outgoing_id: int
    incoming_id: int | None
    reason: str
    detail: str
    decided_on: datetime.date
    sk_number: str
    created_at: datetime.datetime


@router.post("/adhoc/applicants/{applicant_id}/replacement", response={201: ReplacementOut},
             summary="Replace a member (PAW): the next reserve of the area takes the seat")
def replace_member(request: AuthedRequest, applicant_id: int, data: ReplacementIn) -> Status[ReplacementOut]:
    a = _applicant(request, applicant_id, "adhoc.manage")
    rep: Replacement = actions.do_replace(a, actor=request.user, reason=data.reason.value, detail=data.detail,
                                          decided_on=data.decided_on, sk_number=data.sk_number)
    return Status(201, ReplacementOut(id=rep.pk, area_code=rep.area.code, outgoing_id=rep.outgoing_id,
                                      incoming_id=rep.incoming_id, reason=rep.reason, detail=rep.detail,
                                      decided_on=rep.decided_on, sk_number=rep.sk_number,
                                      created_at=rep.created_at))


# --- activation slips (issue 20 item 2) -------------------------------------------------------

class SlipIn(Schema):
    area_id: int | None = Field(None, description="one area's members only; none: the whole body")
    email: bool = Field(False, description="also e-mail each code to the member's address, where there is one")


@router.post("/adhoc/recruitments/{recruitment_id}/activation-slips", response=SlipsOut,
             summary="Issue new activation codes for the members of an inaugurated body (shown once)")
def issue_activation_slips(request: AuthedRequest, recruitment_id: int, data: SlipIn) -> HttpResponse:
    rec, mine = _visible(request, recruitment_id)
    area = get_object_or_404(mine, pk=data.area_id) if data.area_id is not None else None
    require(request.user, "adhoc.manage", area if area is not None else rec)
    url = request.build_absolute_uri("/akun/aktivasi/")
    slips = actions.do_issue_activation_slips(rec, actor=request.user, area=area, email=data.email, activate_url=url)
    return slips_response(slips, url)  # the codes are shown once, as on the page
