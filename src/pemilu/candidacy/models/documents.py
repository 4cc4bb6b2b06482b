"""A party candidate's documents (issue 23 item 4): one checklist row per required document with
its deadline and the verification outcome (memenuhi syarat / belum / tidak), and the candidate's
stored consent to publish the CV (daftar riwayat hidup) — the public page publishes a CV only with
it and says which candidates withheld it (2,965 of 9,917 DCT candidates did in 2024)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.candidacy.models.lists import Candidate, CandidateList
from pemilu.core.files import StoredFile
from pemilu.core.scope import Scoped


class CandidateDocumentKind(models.TextChoices):
    """PKPU 10/2023 Pasal 11 ff. (the requirements of UU 7/2017 Pasal 240 and their proofs)."""

    KTP = "ktp", _("KTP-el")
    DIPLOMA = "ijazah", _("Ijazah atau surat keterangan pendidikan")
    HEALTH = "sehat", _("Surat keterangan sehat jasmani, rohani dan bebas narkoba")
    RECORD = "pidana", _("Surat keterangan tidak pernah dipidana atau pengumuman mantan terpidana")
    STATEMENT = "pernyataan", _("Surat pernyataan bakal calon")
    MEMBERSHIP = "kta", _("Kartu tanda anggota partai")
    RESIGNATION = "mundur", _("Keputusan pemberhentian dari jabatan yang wajib mundur")
    CV = "cv", _("Daftar riwayat hidup")


class DocumentOutcome(models.TextChoices):
    UNCHECKED = "", _("Belum diperiksa")
    MS = "ms", _("Memenuhi syarat")
    BMS = "bms", _("Belum memenuhi syarat")
    TMS = "tms", _("Tidak memenuhi syarat")


class CandidateDocument(Scoped):
    """One document of one candidate: due by ``due`` (submission or correction deadline), its outcome
    and who decided it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("dokumen"), max_length=10, choices=CandidateDocumentKind.choices)
    due = models.DateField(_("batas waktu"))
    submitted_on = models.DateField(_("diserahkan pada"), null=True, blank=True)
    outcome = models.CharField(_("hasil verifikasi"), max_length=3, choices=DocumentOutcome.choices, blank=True,
                               default=DocumentOutcome.UNCHECKED)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    scope_path: ClassVar[str] = "candidate__candidate_list__"

    class Meta:
        verbose_name = _("dokumen calon")
        verbose_name_plural = _("dokumen calon")
        ordering = ["candidate", "kind"]
        constraints = [models.UniqueConstraint(fields=["candidate", "kind"], name="candidacy_document_unique")]

    def __str__(self) -> str:
        return f"{self.candidate_id}:{self.kind}"


class CandidateDocumentFile(StoredFile):
    """One upload of a checklist document (the party's submission, a correction, or the resignation
    decree recorded by the KPU): kept byte for byte; the newest is the one verified. Served only
    through ``views_documents.document_file`` (the list's KPU and the party's liaison officer)."""

    document = models.ForeignKey(CandidateDocument, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("berkas dokumen calon")
        verbose_name_plural = _("berkas dokumen calon")
        ordering = ["document", "-uploaded_at", "-id"]

    @property
    def scope_owner(self) -> CandidateList:
        return self.document.candidate.candidate_list


class CvConsent(Scoped):
    """The candidate's stated choice on publishing the CV (one per candidate; a new statement
    replaces it, each one audited)."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="cv_consent")
    publish = models.BooleanField(_("bersedia dipublikasikan"))
    stated_on = models.DateField(_("tanggal pernyataan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    scope_path: ClassVar[str] = "candidate__candidate_list__"

    class Meta:
        verbose_name = _("persetujuan publikasi riwayat hidup")
        verbose_name_plural = _("persetujuan publikasi riwayat hidup")

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.publish}"
