"""Candidate documents and the CV consent (issue 23 item 4): the per-candidate checklist with its
deadline, each document's verification outcome, and the stated consent to publish the CV.

The KPU opens the checklist (one row per required document, due on the submission deadline) and
decides each document: memenuhi syarat, belum (a correction deadline and the reason) or tidak (the
reason). The party's liaison officer uploads each document (and each correction) by its deadline;
the newest upload is the one verified. Uploads are ``core.files`` stored files."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateDocumentFile,
    CandidateDocumentKind,
    CandidateList,
    CvConsent,
    DocumentOutcome,
    ListStatus,
    Office,
    ResignationFlag,
)
from pemilu.core import clock
from pemilu.core.bounds import check_text
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.core.files import MB, CheckedFile, FileUse

DOCUMENTS = "candidacy.documents"
KIND_ORDER = {k.value: i for i, k in enumerate(CandidateDocumentKind)}  # the checklist's order: KTP first
DOCUMENT_FILES = FileUse("candidacy/documents", allowed=("application/pdf", "image/jpeg", "image/png"),
                         max_bytes=5 * MB)
# The party hands documents in while its list is with it: submitted (BCS) or returned for correction.
PARTY_STATUSES = (ListStatus.BCS, ListStatus.CORRECTION)


def required_kinds(candidate: Candidate, *, flagged: bool = False) -> list[str]:
    """Every candidate's documents, and the resignation decree for one holding a post that must be left
    (UU 7/2017 Pasal 240(1) huruf k) — declared by the party, or found in a register (``flagged``)."""
    kinds = [k.value for k in CandidateDocumentKind if k != CandidateDocumentKind.RESIGNATION]
    if flagged or (candidate.office and candidate.office != Office.NONE):
        kinds.append(CandidateDocumentKind.RESIGNATION.value)
    return kinds


def add_missing_rows(candidate_list: CandidateList, due: datetime.date) -> int:
    """Each candidate's missing checklist rows, due on ``due`` (no permission, no audit: called by the
    actions below and by the register check, which record their own event)."""
    have = set(CandidateDocument.objects.filter(candidate__candidate_list=candidate_list)
               .values_list("candidate_id", "kind"))
    flagged = set(ResignationFlag.objects.filter(candidate__candidate_list=candidate_list)
                  .values_list("candidate_id", flat=True))
    new = [CandidateDocument(candidate=c, kind=k, due=due) for c in candidate_list.candidates.all()
           for k in required_kinds(c, flagged=c.pk in flagged) if (c.pk, k) not in have]
    CandidateDocument.objects.bulk_create(new)
    return len(new)


def checklist_due(candidate_list: CandidateList) -> datetime.date | None:
    """The checklist's submission deadline (its earliest), or None when it is not open."""
    first = (CandidateDocument.objects.filter(candidate__candidate_list=candidate_list).order_by("due")
             .values_list("due", flat=True).first())
    return first


@transaction.atomic
def do_open_checklist(candidate_list: CandidateList, *, due: datetime.date | None, actor: User) -> int:
    """Create each candidate's missing checklist rows, due on ``due``; answer how many were created."""
    ensure_can(actor, DOCUMENTS, candidate_list)
    if due is None:
        raise DomainError(_("Batas waktu penyerahan wajib diisi."))
    created = add_missing_rows(candidate_list, due)
    record_event("candidacy.checklist_opened", actor=actor, region_code=candidate_list.scope_code,
                 target=candidate_list, after={"documents": created, "due": due.isoformat()})
    return created


def attach_file(document: CandidateDocument, checked: CheckedFile, *, actor: User) -> CandidateDocumentFile:
    """Store an upload of ``document`` (tied to the caller's transaction: removed if it rolls back)."""
    item = CandidateDocumentFile(document=document, uploaded_by=actor)
    item.set_content(DOCUMENT_FILES, checked)
    item.save()
    return item


@transaction.atomic
def do_submit_document(document: CandidateDocument, *, file: CheckedFile | None, actor: User) -> CandidateDocument:
    """The party's liaison officer hands in a document (or its correction) by its deadline: the
    upload is kept, the document is marked submitted today, and one returned as belum memenuhi
    syarat waits for the KPU's decision again."""
    from pemilu.candidacy.actions import ensure_liaison  # actions imports this module's callers

    lst = document.candidate.candidate_list
    ensure_liaison(actor, "candidacy.submit", lst)
    if file is None:
        raise DomainError(_("Pilih berkas dokumen."))
    document = CandidateDocument.objects.select_for_update().get(pk=document.pk)
    if lst.status not in PARTY_STATUSES:
        raise ConflictError(_("Daftar sudah {status}; dokumen tidak dapat diserahkan lagi").format(
            status=lst.get_status_display()))
    if document.outcome in (DocumentOutcome.MS, DocumentOutcome.TMS):
        raise ConflictError(_("Dokumen ini sudah dinyatakan {outcome}").format(outcome=document.get_outcome_display()))
    today = clock.today()
    if today > document.due:
        raise DomainError(_("Batas waktu penyerahan {kind} sudah lewat ({due})").format(
            kind=document.get_kind_display(), due=document.due.strftime("%d-%m-%Y")))
    before = {"outcome": document.outcome, "submitted_on": str(document.submitted_on or "")}
    item = attach_file(document, file, actor=actor)
    document.submitted_on, document.outcome = today, DocumentOutcome.UNCHECKED
    document.save(update_fields=["submitted_on", "outcome"])
    record_event("candidacy.document_submitted", actor=actor, region_code=lst.scope_code, target=document,
                 before=before, after={"kind": document.kind, "candidate": document.candidate.number,
                                       "sha256": item.sha256, "size": item.size})
    return document


@transaction.atomic
def do_record_document(document: CandidateDocument, *, outcome: str, note: str = "",
                       submitted_on: datetime.date | None = None, due: datetime.date | None = None,
                       actor: User) -> CandidateDocument:
    """A document's verification outcome: memenuhi syarat, belum (with a new deadline for the
    correction) or tidak memenuhi syarat (with the reason)."""
    ensure_can(actor, DOCUMENTS, document.candidate.candidate_list)
    if outcome not in (DocumentOutcome.MS, DocumentOutcome.BMS, DocumentOutcome.TMS):
        raise DomainError(_("Hasil verifikasi harus ms, bms atau tms"))
    note = check_text(note, field=_("catatan"), max_length=300)
    if outcome != DocumentOutcome.MS and not note.strip():
        raise DomainError(_("Catatan wajib diisi bila dokumen belum atau tidak memenuhi syarat"))
    if outcome == DocumentOutcome.BMS and due is not None and due < clock.today():
        raise DomainError(_("Batas perbaikan tidak boleh sebelum hari ini"))
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
def do_record_cv_consent(candidate: Candidate, *, publish: bool | None, stated_on: datetime.date | None,
                         actor: User) -> CvConsent:
    """Store the candidate's statement on publishing the CV (a later statement replaces it)."""
    ensure_can(actor, DOCUMENTS, candidate.candidate_list)
    if publish is None or stated_on is None:
        raise DomainError(_("Pilih bersedia atau tidak bersedia, dan tanggal pernyataan."))
    if stated_on > clock.today():
        raise DomainError(_("Tanggal pernyataan tidak boleh setelah hari ini."))
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
    return [(c, cv_published(c)) for c in cands]


def cv_published(candidate: Candidate) -> bool:
    consent = getattr(candidate, "cv_consent", None)
    return bool(consent and consent.publish)


class CvState:
    """What the public page and API say of a candidate's CV."""

    PUBLISHED = "published"      # consent given and the CV handed in: linked
    NOT_HANDED_IN = "published_missing"  # consent given, no CV file yet
    WITHHELD = "withheld"        # "Tidak bersedia dipublikasikan"
    NO_STATEMENT = "no_statement"  # not published either


def public_prefetch() -> list[Any]:
    """What ``cv_state`` reads, for a queryset of lists (public page and API: fixed query count)."""
    return ["candidates__cv_consent", Prefetch(
        "candidates__documents", to_attr="cv_documents",
        queryset=CandidateDocument.objects.filter(kind=CandidateDocumentKind.CV, files__isnull=False).distinct())]


def cv_state(candidate: Candidate) -> str:
    consent = getattr(candidate, "cv_consent", None)
    if consent is None:
        return CvState.NO_STATEMENT
    if not consent.publish:
        return CvState.WITHHELD
    return CvState.PUBLISHED if getattr(candidate, "cv_documents", None) else CvState.NOT_HANDED_IN


@dataclass
class CandidateChecklist:
    """One candidate's row of the checklist page and API: documents (newest upload first), the CV
    statement and the register flags."""

    candidate: Candidate
    documents: list[CandidateDocument]
    consent: CvConsent | None
    flags: list[ResignationFlag]

    @property
    def open_flags(self) -> list[ResignationFlag]:
        return [f for f in self.flags if f.cleared_at is None]


def checklist(candidate_list: CandidateList, candidates: list[Candidate] | None = None) -> list[CandidateChecklist]:
    """The list's checklist, candidate by candidate (a fixed number of queries for any list)."""
    if candidates is None:
        candidates = list(candidate_list.candidates.order_by("number"))
    rows = (Candidate.objects.filter(pk__in=[c.pk for c in candidates]).select_related("cv_consent")
            .prefetch_related(Prefetch("documents", queryset=CandidateDocument.objects.select_related("checked_by")
                                       .prefetch_related("files")),  # newest first (Meta)
                              "resignation_flags").order_by("number"))
    return [CandidateChecklist(c, sorted(c.documents.all(), key=lambda d: KIND_ORDER.get(d.kind, 99)),
                               getattr(c, "cv_consent", None),
                               list(c.resignation_flags.all())) for c in rows]
