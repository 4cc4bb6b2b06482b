"""The documents desk in the API (issue 23 items 3 and 4): a list's checklist candidate by
candidate, the party's upload of a document, the KPU's outcome, the CV statement, the register
check and the resignation decree — the page's ``do_*`` with the page's permissions. Outcomes and
CV choices are enums (``DocumentOutcomeIn``, ``CvChoice``)."""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import documents, queries, registers
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateDocumentKind,
    CandidateList,
    DocumentOutcome,
    Office,
)
from pemilu.core.api import Page, PageParams, StoredFileOut, paginate

router = Router(tags=["pencalonan"])


class DocumentOutcomeIn(StrEnum):
    """The KPU's decision on one document."""

    ms = "ms"      # memenuhi syarat
    bms = "bms"    # belum memenuhi syarat: the reason, and a correction deadline
    tms = "tms"    # tidak memenuhi syarat: the reason


class CandidateDocumentOut(Schema):
    id: int
    kind: CandidateDocumentKind
    kind_label: str
    due: datetime.date
    submitted_on: datetime.date | None
    outcome: DocumentOutcome = Field(description="'' not checked yet, ms, bms, tms")
    note: str
    checked_at: datetime.datetime | None
    files: list[StoredFileOut] = Field(description="uploads, newest (the one verified) first")


class CvChoice(StrEnum):
    given = "given"        # bersedia dipublikasikan
    withheld = "withheld"  # tidak bersedia dipublikasikan


class CvConsentOut(Schema):
    choice: CvChoice
    stated_on: datetime.date


class FlagOut(Schema):
    kind: str = Field(description="the register: adhoc or asn")
    detail: str
    found_at: datetime.datetime
    cleared_at: datetime.datetime | None


class CandidateDocumentsOut(Schema):
    candidate_id: int
    number: int
    name: str
    office: Office
    resignation_decree_no: str
    resignation_decree_date: datetime.date | None
    cv_consent: CvConsentOut | None
    resignation_flags: list[FlagOut]
    documents: list[CandidateDocumentOut]


def _document_out(d: CandidateDocument) -> dict[str, object]:
    return {"id": d.pk, "kind": d.kind, "kind_label": d.get_kind_display(), "due": d.due,
            "submitted_on": d.submitted_on, "outcome": d.outcome, "note": d.note, "checked_at": d.checked_at,
            "files": list(d.files.all())}


def _row_out(row: documents.CandidateChecklist) -> dict[str, object]:
    c = row.candidate
    consent = None if row.consent is None else {
        "choice": CvChoice.given if row.consent.publish else CvChoice.withheld, "stated_on": row.consent.stated_on}
    return {"candidate_id": c.pk, "number": c.number, "name": c.name, "office": c.office,
            "resignation_decree_no": c.resignation_decree_no, "resignation_decree_date": c.resignation_decree_date,
            "cv_consent": consent,
            "resignation_flags": [{"kind": f.register, "detail": f.detail, "found_at": f.found_at,
                                   "cleared_at": f.cleared_at} for f in row.flags],
            "documents": [_document_out(d) for d in row.documents]}


def _list(request: AuthedRequest, list_id: int) -> CandidateList:
    return get_object_or_404(queries.lists_visible_to(request.user), pk=list_id)


def _document(request: AuthedRequest, document_id: int) -> CandidateDocument:
    return get_object_or_404(
        CandidateDocument.objects.select_related("candidate__candidate_list__party"), pk=document_id,
        candidate__candidate_list__in=queries.lists_visible_to(request.user))


def _candidate(request: AuthedRequest, candidate_id: int) -> Candidate:
    return get_object_or_404(Candidate.objects.select_related("candidate_list__party"), pk=candidate_id,
                             candidate_list__in=queries.lists_visible_to(request.user))


def _one(document: CandidateDocument) -> dict[str, object]:
    return _document_out(CandidateDocument.objects.prefetch_related("files").get(pk=document.pk))


@router.get("/candidacy/lists/{list_id}/documents", response=Page[CandidateDocumentsOut],
            summary="A list's documents checklist, candidate by candidate (KPU, readers, the party's liaison)")
def list_documents(request: AuthedRequest, list_id: int, params: Query[PageParams]) -> dict[str, object]:
    lst = _list(request, list_id)
    return paginate(lst.candidates.order_by("number"), params,
                    out_page=lambda chunk: [_row_out(r) for r in documents.checklist(lst, chunk)])


class ChecklistIn(Schema):
    due: datetime.date = Field(description="the submission deadline of the rows created")


class ChecklistOut(Schema):
    created: int


@router.post("/candidacy/lists/{list_id}/checklist", response={201: ChecklistOut},
             summary="Open (or complete) a list's documents checklist — the KPU")
def open_checklist(request: AuthedRequest, list_id: int, payload: ChecklistIn) -> Status[object]:
    created = documents.do_open_checklist(_list(request, list_id), due=payload.due, actor=request.user)
    return Status(201, {"created": created})


class RegisterCheckOut(Schema):
    new_flags: int


@router.post("/candidacy/lists/{list_id}/register-check", response=RegisterCheckOut,
             summary="Check a list's candidates against the ad hoc and ASN registers — the KPU")
def check_registers(request: AuthedRequest, list_id: int) -> dict[str, object]:
    return {"new_flags": registers.do_check_resignations(candidate_list=_list(request, list_id), actor=request.user)}


@router.post("/candidacy/documents/{document_id}/submission", response=CandidateDocumentOut,
             summary="Hand in a document or its correction (multipart) — the party's liaison officer")
def submit_document(request: AuthedRequest, document_id: int, file: File[UploadedFile]) -> dict[str, object]:
    doc = _document(request, document_id)
    checked = documents.DOCUMENT_FILES.check(file.name or "berkas", file.read())
    return _one(documents.do_submit_document(doc, file=checked, actor=request.user))


class OutcomeIn(Schema):
    outcome: DocumentOutcomeIn
    note: str = Field("", max_length=300, description="required for bms and tms")
    due: datetime.date | None = Field(None, description="bms: the correction deadline")
    submitted_on: datetime.date | None = Field(None, description="a document handed in on paper at the desk")


@router.post("/candidacy/documents/{document_id}/outcome", response=CandidateDocumentOut,
             summary="The verification outcome of a document — the KPU")
def record_outcome(request: AuthedRequest, document_id: int, payload: OutcomeIn) -> dict[str, object]:
    doc = _document(request, document_id)
    return _one(documents.do_record_document(doc, outcome=payload.outcome.value, note=payload.note, due=payload.due,
                                             submitted_on=payload.submitted_on, actor=request.user))


class CvConsentIn(Schema):
    choice: CvChoice
    stated_on: datetime.date


@router.post("/candidacy/candidates/{candidate_id}/cv-consent", response=CvConsentOut,
             summary="Record the candidate's statement on publishing the CV — the KPU")
def record_cv_consent(request: AuthedRequest, candidate_id: int, payload: CvConsentIn) -> dict[str, object]:
    consent = documents.do_record_cv_consent(_candidate(request, candidate_id),
                                             publish=payload.choice == CvChoice.given, stated_on=payload.stated_on,
                                             actor=request.user)
    return {"choice": payload.choice, "stated_on": consent.stated_on}


class ResignationDecreeOut(Schema):
    flags_closed: int
    resignation_decree_no: str
    resignation_decree_date: datetime.date | None


@router.post("/candidacy/candidates/{candidate_id}/resignation-decree", response=ResignationDecreeOut,
             summary="Record a candidate's resignation decree with its file (multipart); closes the register "
                     "flags — the KPU")
def record_decree(request: AuthedRequest, candidate_id: int, number: Form[str], decided_on: Form[datetime.date],
                  file: File[UploadedFile]) -> dict[str, object]:
    cand = _candidate(request, candidate_id)
    checked = documents.DOCUMENT_FILES.check(file.name or "keputusan", file.read())
    closed = registers.do_record_resignation_decree(cand, number=number, decided_on=decided_on, file=checked,
                                                    actor=request.user)
    return {"flags_closed": closed, "resignation_decree_no": cand.resignation_decree_no,
            "resignation_decree_date": cand.resignation_decree_date}


def public_cv_url(candidate: Candidate) -> str | None:
    """The public CV's address, for a candidate whose CV is published (``documents.cv_state``)."""
    if documents.cv_state(candidate) != documents.CvState.PUBLISHED:
        return None
    return reverse("candidacy:public_cv", args=[candidate.pk])
