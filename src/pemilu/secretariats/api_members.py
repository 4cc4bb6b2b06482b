"""The rest of the secretariat page's actions in the API (issue 18 item 7): the office's details,
withdrawing a candidate, forwarding a PPS proposal, signed documents, the pakta integritas and
ending an assignment. Each calls the page's action: a secretariat outside the user's regions
answers 404, a reader without ``secretariats.manage`` 403."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.api import SlipsOut, slips_response
from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import ReasonIn, StoredFileOut
from pemilu.core.bounds import NAME_MAX, SHORT_TEXT_MAX
from pemilu.secretariats import access as staff_access
from pemilu.secretariats import actions
from pemilu.secretariats.models import Assignment, Document, DocumentKind, Secretariat, StaffCandidate
from pemilu.secretariats.rules import EndReason

router = Router(tags=["sekretariat"])


def _secretariat(request: HttpRequest, secretariat_id: int) -> Secretariat:
    """404 outside the user's regions; 403 in scope without the manage role (as the page)."""
    sec: Secretariat = get_object_or_404(Secretariat.objects.visible_to(request.user)
                                         .select_related("region", "election"), pk=secretariat_id)
    ensure_can(request.user, "secretariats.manage", sec)
    return sec


@router.post("/secretariats/{int:secretariat_id}/activation-slips", response=SlipsOut,
             summary="Issue new activation codes for the secretariat's staff (shown once)")
def issue_activation_slips(request: AuthedRequest, secretariat_id: int) -> HttpResponse:
    url = request.build_absolute_uri("/akun/aktivasi/")
    return slips_response(staff_access.do_issue_activation_slips(_secretariat(request, secretariat_id),
                                                                 actor=request.user, activate_url=url), url)


def _assignment(request: HttpRequest, secretariat_id: int, assignment_id: int) -> Assignment:
    sec = _secretariat(request, secretariat_id)
    assignment: Assignment = get_object_or_404(Assignment.objects.filter(secretariat=sec), pk=assignment_id)
    return assignment


class OfficeIn(Schema):
    office_name: str = Field(..., min_length=1, max_length=NAME_MAX)
    address: str = Field("", max_length=SHORT_TEXT_MAX)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class OfficeOut(Schema):
    id: int
    office_name: str
    address: str
    phone: str
    email: str


class CandidateStateOut(Schema):
    id: int
    kind: str
    employee_id: int
    status: str


class ForwardIn(Schema):
    on: datetime.date | None = Field(None, description="default: today on the secretariat's clock")


class ForwardOut(Schema):
    forwarded: int


class SecretariatDocumentIn(Schema):
    kind: DocumentKind


class SecretariatDocumentOut(StoredFileOut):
    kind: str


class PaktaIn(Schema):
    signed_on: datetime.date


class RemoveIn(Schema):
    reason: EndReason
    on: datetime.date
    note: str = Field("", max_length=SHORT_TEXT_MAX, description="required for ppk_evaluation: its basis")


class SecretariatAssignmentOut(Schema):
    id: int
    employee_id: int
    started_on: datetime.date
    pakta_signed_on: datetime.date | None
    ended_on: datetime.date | None
    end_reason: str


@router.post("/secretariats/{int:secretariat_id}/office", response=OfficeOut,
             summary="The secretariat office's name, address, phone and email")
def update_office(request: AuthedRequest, secretariat_id: int, payload: OfficeIn) -> Secretariat:
    return actions.do_update_office(_secretariat(request, secretariat_id), actor=request.user,
                                    office_name=payload.office_name, address=payload.address, phone=payload.phone,
                                    email=payload.email)


@router.post("/secretariats/{int:secretariat_id}/candidates/{int:candidate_id}/withdraw",
             response=CandidateStateOut, summary="Withdraw a proposed candidate, with a reason")
def withdraw_candidate(request: AuthedRequest, secretariat_id: int, candidate_id: int,
                       payload: ReasonIn) -> StaffCandidate:
    sec = _secretariat(request, secretariat_id)
    candidate = get_object_or_404(sec.candidates, pk=candidate_id)
    return actions.do_withdraw(candidate, actor=request.user, reason=payload.reason)


@router.post("/secretariats/{int:secretariat_id}/forward", response=ForwardOut,
             summary="PPS: forward the open proposal to the lurah/kepala desa")
def forward_proposal(request: AuthedRequest, secretariat_id: int, payload: ForwardIn) -> dict[str, int]:
    n = actions.do_forward(_secretariat(request, secretariat_id), actor=request.user, on=payload.on)
    return {"forwarded": n}


@router.post("/secretariats/{int:secretariat_id}/documents", response={201: SecretariatDocumentOut},
             summary="Upload a signed document (multipart: kind, file; PDF, JPEG or PNG)")
def upload_secretariat_document(request: AuthedRequest, secretariat_id: int, payload: Form[SecretariatDocumentIn],
                                file: File[UploadedFile]) -> Status[Document]:
    doc = actions.do_upload_document(_secretariat(request, secretariat_id), payload.kind.value,
                                     (file.name or "dokumen", file.read()), actor=request.user)
    return Status(201, doc)


@router.post("/secretariats/{int:secretariat_id}/assignments/{int:assignment_id}/pakta",
             response=SecretariatAssignmentOut,
             summary="Record the signed pakta integritas (multipart: signed_on, optional document)")
def record_pakta(request: AuthedRequest, secretariat_id: int, assignment_id: int, payload: Form[PaktaIn],
                 document: File[UploadedFile | None] = None) -> Assignment:
    assignment = _assignment(request, secretariat_id, assignment_id)
    upload = (document.name or "pakta", document.read()) if document is not None else None
    return actions.do_record_pakta(assignment, actor=request.user, signed_on=payload.signed_on, document=upload)


@router.post("/secretariats/{int:secretariat_id}/assignments/{int:assignment_id}/remove",
             response=SecretariatAssignmentOut,
             summary="End an assignment (death, permanently unable, PPK evaluation); the seat becomes vacant")
def remove_assignment(request: AuthedRequest, secretariat_id: int, assignment_id: int, payload: RemoveIn) -> Assignment:
    assignment = _assignment(request, secretariat_id, assignment_id)
    return actions.do_remove(assignment, actor=request.user, reason=payload.reason.value, on=payload.on,
                             note=payload.note)
