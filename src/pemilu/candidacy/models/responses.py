"""Public responses on the DCS (tanggapan masyarakat, issue 23 item 5): anyone may respond about a
candidate of an announced list, with their identity and evidence; the KPU forwards it to the
party with a reply deadline and resolves it with a reason."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.candidacy.models.lists import Candidate, CandidateList
from pemilu.core.files import StoredFile
from pemilu.core.scope import Scoped


class DcsResponseStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima")
    FORWARDED = "diteruskan", _("Diteruskan ke partai")
    REPLIED = "dijawab", _("Dijawab partai")
    RESOLVED = "selesai", _("Selesai")


class ResponseOutcome(models.TextChoices):
    UPHELD = "terbukti", _("Terbukti: calon tidak memenuhi syarat")
    DISMISSED = "tidak_terbukti", _("Tidak terbukti")


class PublicResponse(Scoped):
    """One response about one candidate of a DCS. The respondent's NIK is kept as hash + sealed."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.PROTECT, related_name="responses")
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses",
                                  verbose_name=_("calon"))
    candidate_name = models.CharField(_("nama calon"), max_length=200)  # kept if the candidate is withdrawn
    respondent_name = models.CharField(_("nama penanggap"), max_length=200)
    respondent_nik_hash = models.CharField(max_length=64)
    respondent_nik_sealed = models.CharField(max_length=100)
    respondent_contact = models.CharField(_("kontak penanggap"), max_length=200)
    content = models.TextField(_("isi tanggapan"))
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=DcsResponseStatus.choices,
                              default=DcsResponseStatus.RECEIVED)
    forwarded_at = models.DateTimeField(_("diteruskan pada"), null=True, blank=True)
    reply_due = models.DateField(_("batas jawaban partai"), null=True, blank=True)
    party_reply = models.TextField(_("jawaban partai"), blank=True)
    replied_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=15, choices=ResponseOutcome.choices, blank=True)
    resolution_reason = models.TextField(_("alasan"), blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("diselesaikan oleh"))

    scope_path: ClassVar[str] = "candidate_list__"

    class Meta:
        verbose_name = _("tanggapan masyarakat")
        verbose_name_plural = _("tanggapan masyarakat")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.candidate_list}: {self.candidate_name}"


class ResponseEvidence(StoredFile):
    """A file the respondent attached, kept byte for byte."""

    response = models.ForeignKey(PublicResponse, on_delete=models.PROTECT, related_name="evidence")

    class Meta(StoredFile.Meta):
        verbose_name = _("bukti tanggapan")
        verbose_name_plural = _("bukti tanggapan")

    @property
    def scope_owner(self) -> CandidateList:
        return self.response.candidate_list
