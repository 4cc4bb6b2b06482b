"""The berita acara of a rapat pleno: who attended (members of the body, witnesses of the
participants, Bawaslu, others). The objections and special events are ``PlenaryRecord`` rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.results.models.recap import Plenary


class AttendeeKind(models.TextChoices):
    MEMBER = "member", _("Anggota")
    WITNESS = "witness", _("Saksi peserta pemilu")
    BAWASLU = "bawaslu", _("Pengawas pemilu (Bawaslu)")
    OTHER = "other", _("Lainnya")


class PlenaryAttendee(models.Model):
    """One line of a plenary's attendance list (daftar hadir). Members of the body count towards
    the quorum when present; a witness names the participant (party or paslon) they represent.
    The list is replaced as a whole by ``do_record_attendance`` until the plenary is locked."""

    plenary = models.ForeignKey(Plenary, on_delete=models.CASCADE, related_name="attendees")
    number = models.PositiveSmallIntegerField(_("nomor"))
    kind = models.CharField(_("unsur"), max_length=8, choices=AttendeeKind.choices)
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    represents = models.CharField(_("mewakili"), max_length=200, blank=True,
                                  help_text=_("Saksi: partai politik atau pasangan calon yang diwakili."))
    present = models.BooleanField(_("hadir"), default=True)

    class Meta:
        verbose_name = _("peserta rapat pleno")
        verbose_name_plural = _("peserta rapat pleno")
        ordering = ["plenary_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plenary", "number"], name="plenary_attendee_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
