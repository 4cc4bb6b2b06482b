"""After appointment: replacements (PAW), work extensions, public comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc.models.applicants import (
    Applicant,
)
from pemilu.adhoc.models.recruitment import Area, Recruitment
from pemilu.adhoc.models.stages import Announcement
from pemilu.core.models import ActorLogged
from pemilu.core.scope import ScopedModel


class LeaveReason(models.TextChoices):
    # PKPU 8/2022 Pasal 43 ayat (2) (domain brief §1.6).
    DEATH = "death", _("Meninggal dunia")
    UNABLE = "unable", _("Berhalangan tetap")
    RESIGNED = "resigned", _("Mengundurkan diri")
    DISMISSED = "dismissed", _("Diberhentikan tidak dengan hormat")


class Replacement(ActorLogged):
    """A replacement (PAW): the member who left, why, and the reserve who took the seat."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="replacements")
    outgoing = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="replaced_by")
    incoming = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="replacing", null=True,
                                 blank=True)
    reason = models.CharField(_("alasan"), max_length=10, choices=LeaveReason.choices)
    detail = models.TextField(_("keterangan"))
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal"))
    announcement = models.ForeignKey("Announcement", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="replacements")  # the PAW announcement PDF

    class Meta(ActorLogged.Meta):
        verbose_name = _("penggantian antarwaktu")
        verbose_name_plural = _("penggantian antarwaktu")

    def __str__(self) -> str:
        return f"PAW {self.area}: {self.outgoing_id} → {self.incoming_id}"


class Revote(models.TextChoices):
    # UU 7/2017 Pasal 51 / PKPU 8/2022 Pasal 27: re-votes extend the work period (domain brief §1.1).
    PSU = "psu", _("Pemungutan suara ulang (PSU)")
    SUSULAN = "susulan", _("Pemilu susulan")
    LANJUTAN = "lanjutan", _("Pemilu lanjutan")


class WorkExtension(ActorLogged):
    """An extension of the work period for a re-vote: of one area (``area`` set) or of the whole
    recruitment (``area`` NULL). History kept; the current end is on ``Area.work_end`` / ``Recruitment.work_end``."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="work_extensions")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="work_extensions")
    kind = models.CharField(_("jenis pemungutan suara"), max_length=8, choices=Revote.choices)
    previous_end = models.DateField(_("masa kerja selesai sebelumnya"), null=True, blank=True)
    new_end = models.DateField(_("masa kerja selesai baru"))
    reason = models.TextField(_("alasan"))

    class Meta(ActorLogged.Meta):
        verbose_name = _("perpanjangan masa kerja")
        verbose_name_plural = _("perpanjangan masa kerja")

    def __str__(self) -> str:
        return f"{self.area or self.recruitment}: {self.kind} → {self.new_end}"


class CommentStatus(models.TextChoices):
    NEW = "new", _("Baru")
    FOLLOWED_UP = "done", _("Ditindaklanjuti")


class PublicComment(ScopedModel):
    """Tanggapan masyarakat (KPT 476/2022 step 7, domain brief §1.3): a comment from the public on an
    announced candidate. Read only by the KPU office handling the area (``adhoc.pii``), which records
    its follow-up. Scope columns are the candidate's."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="comments")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="comments",
                                  verbose_name=_("calon"))
    announcement = models.ForeignKey(Announcement, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="comments")
    text = models.TextField(_("tanggapan"))
    sender_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    sender_contact = models.CharField(_("kontak pengirim"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=4, choices=CommentStatus.choices, default=CommentStatus.NEW)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    followed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    followed_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tanggapan masyarakat")
        verbose_name_plural = _("tanggapan masyarakat")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant_id}: {self.text[:40]}"
