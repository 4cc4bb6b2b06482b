"""Registration extensions and the announcements of each stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc.models.recruitment import Area, Recruitment
from pemilu.core.models import ActorLogged


class ExtensionKind(models.TextChoices):
    EXTEND = "extend", _("Perpanjangan pendaftaran")
    REOPEN = "reopen", _("Pendaftaran dibuka kembali")
    CONTINUE = "continue", _("Seleksi dilanjutkan (KPT 534/2022 huruf c)")


class AreaExtension(ActorLogged):
    """An extension or re-opening of one area's registration, or the decision to continue (§1.4)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="extension_log")
    kind = models.CharField(_("jenis"), max_length=8, choices=ExtensionKind.choices)
    previous_end = models.DateField(_("batas sebelumnya"), null=True, blank=True)
    new_end = models.DateField(_("batas baru"), null=True, blank=True)
    reason = models.TextField(_("alasan"))
    registrants = models.PositiveIntegerField(_("pendaftar saat itu"))

    class Meta(ActorLogged.Meta):
        verbose_name = _("perpanjangan pendaftaran")
        verbose_name_plural = _("perpanjangan pendaftaran")

    def __str__(self) -> str:
        return f"{self.area}: {self.kind} → {self.new_end}"


class Step(models.TextChoices):
    REGISTRATION = "registration", _("Pengumuman pendaftaran")
    ADMIN = "admin", _("Hasil penelitian administrasi")
    WRITTEN = "written", _("Hasil tes tertulis")
    FINAL = "final", _("Hasil akhir seleksi")
    APPOINTMENT = "appointment", _("Penetapan anggota")
    REPLACEMENT = "replacement", _("Penggantian antarwaktu")


class DocumentState(models.TextChoices):
    PENDING = "pending", _("sedang disiapkan")
    READY = "ready", _("siap")
    FAILED = "failed", _("gagal disiapkan")


class Announcement(models.Model):
    """A published announcement PDF (names with masked NIK), kept with its SHA-256.

    The action stores the announced rows (``content``) and their digest (in the audit row); the
    PDF is rendered from them after commit by a background job (``adhoc/tasks.py``), so no
    action holds the kab/kota audit-chain head while WeasyPrint lays out thousands of rows.
    Until then ``state`` is pending and the pages show "sedang disiapkan"."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="announcements")
    step = models.CharField(_("tahap"), max_length=12, choices=Step.choices)
    number = models.CharField(_("nomor"), max_length=100)
    file = models.FileField(upload_to="adhoc/announcements/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the PDF, once rendered
    content = models.JSONField(default=dict, blank=True)  # the announced rows, as of the action
    state = models.CharField(max_length=8, choices=DocumentState.choices, default=DocumentState.READY)
    ready_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.number}"

    @property
    def scope_code(self) -> str:
        return self.recruitment.scope_code
