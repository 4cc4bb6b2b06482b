"""An applicant's own record during registration and verification: documents, profile, withdrawal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.actions.base import fresh, refresh_eligibility
from pemilu.adhoc.actions.registration import ApplicantData, do_register, validate_applicant
from pemilu.adhoc.models import (
    Applicant,
    ApplicantDocument,
    ApplicantStatus,
    Recruitment,
    RecruitmentStatus,
    Selection,
)
from pemilu.audit.events import record_event
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
)
from pemilu.core.files import FileUse

# Applicants' documents: PDF or JPEG, within the body rules' max_upload_bytes (their own limit).
DOCUMENTS = FileUse("adhoc/documents", allowed=("application/pdf", "image/jpeg"))


def can_edit_applicant(actor: User, a: Applicant) -> bool:
    owner = a.user_id is not None and getattr(actor, "pk", None) == a.user_id
    return owner or can(actor, "adhoc.register", a)


@transaction.atomic
def do_upload_document(applicant: Applicant, kind: str, name: str, raw: bytes, *, actor: User) -> ApplicantDocument:
    """PDF or JPEG only (recognised by content, core.files), within the election's size limit;
    stored byte for byte under its SHA-256. A new upload of the same kind replaces the old."""
    if not can_edit_applicant(actor, applicant):
        # The PPS member entering a KPPS paper registration uploads its scans (write only).
        ensure_can(actor, "adhoc.register_kpps" if applicant.body in rules.FORMED_BY_PPS else "adhoc.register",
                   applicant)
    if kind not in {d.value for d in rules.Doc}:
        raise DomainError(_("jenis dokumen tidak dikenal: {kind}").format(kind=kind))
    if fresh(applicant.recruitment).status not in (RecruitmentStatus.REGISTRATION, RecruitmentStatus.VERIFICATION):
        raise ConflictError(_("dokumen hanya dapat diunggah selama pendaftaran dan penelitian administrasi"))
    checked = DOCUMENTS.check(name, raw,
                              max_bytes=queries.body_rules(applicant.election, applicant.body).max_upload_bytes)
    doc = ApplicantDocument.objects.filter(applicant=applicant, kind=kind).first() or ApplicantDocument(
        applicant=applicant, kind=kind)
    before = {"sha256": doc.sha256} if doc.pk else None
    doc.set_content(DOCUMENTS, checked)  # removed again if the transaction rolls back
    doc.save()
    refresh_eligibility(applicant)
    record_event("adhoc.document_uploaded", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={"kind": kind, "sha256": checked.sha256, "size": len(raw)})
    return doc


@dataclass(frozen=True)
class DocumentUpload:
    """One scanned document handed in with a registration (``kind`` is a ``rules.Doc`` value)."""

    kind: str
    name: str
    raw: bytes


@transaction.atomic
def do_register_with_documents(rec: Recruitment, data: ApplicantData, documents: Sequence[DocumentUpload], *,
                               actor: User, portal: bool = False) -> Applicant:
    """A registration and the documents handed in with it, as one use case (the registration form of
    the office and of the portal): a rejected document leaves no applicant behind. The permission
    checks and audit rows are those of ``do_register`` and ``do_upload_document``."""
    applicant = do_register(rec, data, actor=actor, portal=portal)
    for doc in documents:
        do_upload_document(applicant, doc.kind, doc.name, doc.raw, actor=actor)
    return applicant


PROFILE_FIELDS = ("name", "birth_place", "address", "phone", "email", "domicile_code", "education", "health",
                  "sentence_years", "spouse_nik", "is_citizen", "gender", "birth_date")


@transaction.atomic
def do_update_profile(applicant: Applicant, *, actor: User, **values: object) -> Applicant:
    if not can_edit_applicant(actor, applicant):
        ensure_can(actor, "adhoc.register", applicant)
    if fresh(applicant.recruitment).status not in (RecruitmentStatus.REGISTRATION, RecruitmentStatus.VERIFICATION):
        raise ConflictError(_("profil hanya dapat diubah selama pendaftaran dan penelitian administrasi"))
    # The health finding is the officer's, from the certificate; the applicant cannot set it.
    if "health" in values and not can(actor, "adhoc.register", applicant):
        values.pop("health")
    before = {k: str(getattr(applicant, k)) for k in values if k in PROFILE_FIELDS and k not in ("address", "phone")}
    for k, v in values.items():
        if k not in PROFILE_FIELDS:
            raise DomainError(_("kolom tidak dikenal: {k}").format(k=k))
        setattr(applicant, k, v)
    problems = validate_applicant(ApplicantData(
        area_code=applicant.area.code, nik=applicant.nik, name=applicant.name, gender=applicant.gender,
        birth_date=applicant.birth_date, domicile_code=applicant.domicile_code, education=applicant.education,
        spouse_nik=applicant.spouse_nik, health=applicant.health, birth_place=applicant.birth_place,
        address=applicant.address, phone=applicant.phone, email=applicant.email,
        sentence_years=applicant.sentence_years))
    if problems:
        raise DomainError("; ".join(m for _c, m in problems))
    applicant.save()
    refresh_eligibility(applicant)
    record_event("adhoc.profile_updated", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={k: str(getattr(applicant, k)) for k in before})
    return applicant


@transaction.atomic
def do_withdraw(applicant: Applicant, *, actor: User, reason: str) -> Applicant:
    if not can_edit_applicant(actor, applicant):
        ensure_can(actor, "adhoc.register", applicant)
    if applicant.status != ApplicantStatus.ACTIVE or applicant.selection == Selection.MEMBER:
        raise ConflictError(_("hanya pelamar aktif yang belum menjadi anggota dapat mengundurkan diri"))
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    applicant.status = ApplicantStatus.WITHDRAWN
    applicant.save(update_fields=["status"])
    record_event("adhoc.applicant_withdrawn", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before={"status": "active"}, after={"status": "withdrawn"}, reason=reason)
    return applicant
