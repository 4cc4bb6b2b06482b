"""The DPS announced per desa for the public-response window, and the responses (tanggapan
masyarakat) recorded and resolved before the DPSHP (issue 22 item 1).

An announcement names the DPS list it shows and its window; a response says who responded
(name, contact, evidence), about which voter on the DPS or which person missing from it, what
kind it is, and — once resolved — the decision, its reason and who took it. Nothing is deleted:
an accepted response changes the voter through the action that resolves it, with a coklit record
pointing back at it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.models import Sex
from pemilu.core.scope import ScopedModel
from pemilu.voters.models.lists import NotEligibleReason


class DpsAnnouncement(ScopedModel):
    """The DPS of one desa announced by its PPS: posted at ``place`` and online from ``starts_on``
    to ``ends_on`` (inclusive, the desa's local days), when the public may respond."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("regions.Region", to_field="code", db_column="village_code", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("desa/kelurahan"))
    voter_list = models.OneToOneField("voters.VoterList", on_delete=models.PROTECT, related_name="announcement",
                                      verbose_name=_("DPS"))
    starts_on = models.DateField(_("mulai diumumkan"))
    ends_on = models.DateField(_("akhir masa tanggapan"))
    place = models.CharField(_("tempat pengumuman"), max_length=200)
    announced_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengumuman DPS")
        verbose_name_plural = _("pengumuman DPS")
        ordering = ["village_id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "village"], name="dps_announced_once"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="dps_window_ordered"),
        ]

    def __str__(self) -> str:
        return f"DPS {self.village_id} {self.starts_on}–{self.ends_on}"


class ResponseKind(models.TextChoices):
    NOT_ELIGIBLE = "tms", _("Pemilih tidak memenuhi syarat")
    CORRECTION = "perbaikan", _("Perbaikan data pemilih")
    NOT_LISTED = "belum_terdaftar", _("Memenuhi syarat, belum terdaftar")


class ResponseStatus(models.TextChoices):
    OPEN = "baru", _("Belum diselesaikan")
    ACCEPTED = "diterima", _("Diterima")
    REJECTED = "ditolak", _("Ditolak")


class DpsResponse(ScopedModel):
    """One response to an announced DPS. ``voter`` is the listed voter it is about (TMS report,
    data correction); a person not listed is described by ``person_*``. ``received_by`` is the
    officer who recorded it at the PPS (empty: sent through the public page)."""

    announcement = models.ForeignKey(DpsAnnouncement, on_delete=models.PROTECT, related_name="responses")
    kind = models.CharField(_("jenis tanggapan"), max_length=16, choices=ResponseKind.choices)
    voter = models.ForeignKey("voters.Voter", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("pemilih"))
    person_name = models.CharField(_("nama orang yang belum terdaftar"), max_length=200, blank=True)
    person_birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    person_sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    person_address = models.CharField(_("alamat"), max_length=300, blank=True)
    reason = models.CharField(_("alasan TMS"), max_length=20, choices=NotEligibleReason.choices, blank=True)
    details = models.TextField(_("uraian tanggapan"))
    sender_name = models.CharField(_("nama pemberi tanggapan"), max_length=200)
    sender_contact = models.CharField(_("kontak pemberi tanggapan"), max_length=200, blank=True)
    evidence = models.TextField(_("bukti"), blank=True)
    received_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=ResponseStatus.choices, default=ResponseStatus.OPEN)
    resolution = models.TextField(_("alasan keputusan"), blank=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    added_voter = models.ForeignKey("voters.Voter", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("pemilih yang ditambahkan"))

    class Meta:
        verbose_name = _("tanggapan masyarakat atas DPS")
        verbose_name_plural = _("tanggapan masyarakat atas DPS")
        ordering = ["announcement_id", "id"]
        indexes = [models.Index(fields=["announcement", "status"], name="dps_response_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="belum_terdaftar") | models.Q(voter__isnull=False),
                                   name="dps_response_names_voter"),
            models.CheckConstraint(condition=~models.Q(kind="tms") | ~models.Q(reason=""),
                                   name="dps_response_tms_reason"),
            models.CheckConstraint(condition=models.Q(status="baru") | ~models.Q(resolution=""),
                                   name="dps_response_resolution_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id}#{self.pk} {self.kind} {self.status}"
