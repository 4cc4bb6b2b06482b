"""Candidate documents and the CV consent (issue 23 item 4): the per-candidate checklist with its
deadline, each document's verification outcome, and the stated consent to publish the CV."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateDocumentKind,
    CandidateList,
    CvConsent,
    DocumentOutcome,
    Office,
)
from pemilu.core.exceptions import DomainError

DOCUMENTS = "candidacy.documents"


def required_kinds(candidate: Candidate) -> list[str]:
    """Every candidate's documents, and the resignation decree for one holding a post that must be left
    (UU 7/2017 Pasal 240(1) huruf k)."""
    kinds = [k.value for k in CandidateDocumentKind if k != CandidateDocumentKind.RESIGNATION]
    if candidate.office and candidate.office != Office.NONE:
        kinds.append(CandidateDocumentKind.RESIGNATION.value)
    return kinds


@transaction.atomic
def do_open_checklist(candidate_list: CandidateList, *, due: datetime.date, actor: User) -> int:
    """Create each candidate's missing checklist rows, due on ``due``; answer how many were created."""
    ensure_can(actor, DOCUMENTS, candidate_list)
    have = set(CandidateDocument.objects.filter(candidate__candidate_list=candidate_list)
               .values_list("candidate_id", "kind"))
    new = [CandidateDocument(candidate=c, kind=k, due=due) for c in candidate_list.candidates.all()
           for k in required_kinds(c) if (c.pk, k) not in have]
    CandidateDocument.objects.bulk_create(new)
    record_event("candidacy.checklist_opened", actor=actor, region_code=candidate_list.scope_code,
                 target=candidate_list, after={"documents": len(new), "due": due.isoformat()})
    return len(new)


@transaction.atomic
def do_record_document(document: CandidateDocument, *, outcome: str, note: str = "",
                       submitted_on: datetime.date | None = None, due: datetime.date | None = None,
                       actor: User) -> CandidateDocument:
    """A document's verification outcome: memenuhi syarat, belum (with a new deadline for the
    correction) or tidak memenuhi syarat (with the reason)."""
    ensure_can(actor, DOCUMENTS, document.candidate.candidate_list)
    if outcome not in (DocumentOutcome.MS, DocumentOutcome.BMS, DocumentOutcome.TMS):
        raise DomainError(_("Hasil verifikasi harus ms, bms atau tms"))
    if outcome != DocumentOutcome.MS and not note.strip():
        raise DomainError(_("Catatan wajib diisi bila dokumen belum atau tidak memenuhi syarat"))
    before = {"outcome": document.outcome, "due": document.due.isoformat()}
    document.outcome, document.note = outcome, note.strip()[:300]
    document.submitted_on = submitted_on or document.submitted_on
    if due is not None:
        document.due = due
    document.checked_by, document.checked_at = actor, timezone.now()
    document.save()
    record_event("candidacy.document_checked", actor=actor, region_code=document.candidate.candidate_list.scope_code,
                 target=document, before=before,
                 after={"kind": document.kind, "outcome": outcome, "note": document.note,
                        "due": document.due.isoformat()})
    return document


@transaction.atomic
def do_record_cv_consent(candidate: Candidate, *, publish: bool, stated_on: datetime.date, actor: User) -> CvConsent:
    """Store the candidate's statement on publishing the CV (a later statement replaces it)."""
    ensure_can(actor, DOCUMENTS, candidate.candidate_list)
    consent = CvConsent.objects.filter(candidate=candidate).first()
    before = None if consent is None else {"publish": consent.publish, "stated_on": consent.stated_on.isoformat()}
    if consent is None:
        consent = CvConsent(candidate=candidate, publish=publish, stated_on=stated_on, recorded_by=actor)
    consent.publish, consent.stated_on, consent.recorded_by = publish, stated_on, actor
    consent.save()
    record_event("candidacy.cv_consent_recorded", actor=actor, region_code=candidate.candidate_list.scope_code,
                 target=candidate, before=before, after={"publish": publish, "stated_on": stated_on.isoformat()})
    return consent


def overdue(candidate_list: CandidateList, on: datetime.date) -> list[CandidateDocument]:
    """Documents past their deadline that do not meet the requirement yet."""
    return list(CandidateDocument.objects.filter(candidate__candidate_list=candidate_list, due__lt=on)
                .exclude(outcome=DocumentOutcome.MS).select_related("candidate"))


def cv_publication(candidate_list: CandidateList) -> list[tuple[Candidate, bool]]:
    """Each candidate with whether the CV may be published (no statement = not published)."""
    cands = candidate_list.candidates.select_related("cv_consent").order_by("number")
    return [(c, bool(getattr(c, "cv_consent", None) and c.cv_consent.publish)) for c in cands]
