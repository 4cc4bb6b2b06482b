"""A person's contest of their listing as a DPD supporter (sanggahan, issue 23 item 6): found on the
public "cek dukungan", they state they never gave the support; the KPU Provinsi resolves it with a
reason. Upheld, the row is struck (S08, counted as data palsu) and the support is checked again."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.candidacy.models.dpd import DpdCandidate, Supporter
from pemilu.core.scope import Scoped


class SupportContestStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima, belum diperiksa")
    UPHELD = "terbukti", _("Terbukti: pendukung dicoret")
    DISMISSED = "ditolak", _("Tidak terbukti: dukungan tetap")


class SupportContest(Scoped):
    """One contest of one listing. Filed under the candidate's province (the KPU Provinsi's queue);
    the person's NIK is kept as keyed hash + sealed copy, never in clear."""

    candidate = models.ForeignKey(DpdCandidate, on_delete=models.PROTECT, related_name="support_contests",
                                  verbose_name=_("bakal calon"))
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="contests",
                                  verbose_name=_("baris pendukung"))
    person_name = models.CharField(_("nama penyanggah"), max_length=200)
    nik_hash = models.CharField(max_length=64)
    nik_sealed = models.CharField(max_length=100)
    contact = models.CharField(_("kontak penyanggah"), max_length=200)
    statement = models.TextField(_("pernyataan"))
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=SupportContestStatus.choices,
                              default=SupportContestStatus.RECEIVED)
    reason = models.TextField(_("alasan keputusan"), blank=True)
    resolved_at = models.DateTimeField(_("diputus pada"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("diputus oleh"))

    scope_path: ClassVar[str] = "candidate__"

    class Meta:
        verbose_name = _("sanggahan dukungan DPD")
        verbose_name_plural = _("sanggahan dukungan DPD")
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["supporter"], condition=models.Q(status="diterima"),
                                               name="candidacy_contest_one_open")]
        indexes = [models.Index(fields=["candidate", "status"], name="candidacy_contest_status")]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.get_status_display()}"
