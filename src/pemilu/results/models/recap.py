"""The tiered recap: plenaries, their records and the typed D.Hasil sheets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.scope import Scoped
from pemilu.results.models.contests import (
    Contest,
)


class PlenaryStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    LOCKED = "locked", _("Dikunci")


class RecapRegion(Scoped):
    """The region a recap row belongs to: its code ("" for the national level), its recap level
    and the ancestor-code columns ``visible_to`` filters on (the deepest one unindexed)."""

    region_code = models.CharField(_("wilayah"), max_length=20)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    prov_code = models.CharField(max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(max_length=5, blank=True, db_index=True)
    kec_code = models.CharField(max_length=8, blank=True, db_index=True)
    desa_code = models.CharField(max_length=13, blank=True)

    class Meta:
        abstract = True

    @property
    def scope_code(self) -> str:
        return self.region_code


class Plenary(RecapRegion):
    """The rapat pleno of one recap level in one region for one contest. Locked figures are
    frozen (``frozen``) and feed the level above; only the level above reopens, with a reason."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="plenaries")
    status = models.CharField(max_length=8, choices=PlenaryStatus.choices, default=PlenaryStatus.OPEN)
    frozen = models.JSONField(default=dict, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        verbose_name = _("rapat pleno")
        verbose_name_plural = _("rapat pleno")
        constraints = [models.UniqueConstraint(fields=["contest", "region_code"], name="plenary_unique")]

    def __str__(self) -> str:
        return f"{self.contest.code} {self.region_code or 'nasional'} {self.status}"


class RecordKind(models.TextChoices):
    OBJECTION = "objection", _("Keberatan")
    SPECIAL = "special", _("Kejadian khusus")
    REOPEN = "reopen", _("Pembukaan kembali")


class PlenaryRecord(models.Model):
    """A line of the D.Kejadian Khusus dan/atau Keberatan: an objection or special event and
    its resolution, including every reopening of a locked plenary."""

    plenary = models.ForeignKey(Plenary, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    text = models.TextField(_("uraian"))
    resolution = models.TextField(_("penyelesaian"), blank=True)
    # D.Keberatan: who objected (a witness, Bawaslu, a member); D.Kejadian Khusus: why the plenary
    # went on, and the TPS it covers — an incomplete C.Hasil holds the lock until a special event
    # with a reason names its TPS (issue 21 item 1).
    raised_by = models.CharField(_("diajukan oleh"), max_length=200, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    tps_codes = models.JSONField(_("TPS yang diliput"), default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan pleno")
        verbose_name_plural = _("catatan pleno")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class RecapSheet(RecapRegion):
    """A level's recap (D.Hasil) typed from the paper signed at the plenary: one row per child
    region with the same fields as the computed totals (votes per choice, suara sah, tidak sah).
    Append-only: a retyped sheet is a new version; the highest number counts. The recap page
    compares it field by field with the sum of the children."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="recap_sheets")
    number = models.PositiveSmallIntegerField(_("versi"))
    rows = models.JSONField(_("baris"), default=dict)
    reason = models.TextField(_("alasan"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("D.Hasil diketik")
        verbose_name_plural = _("D.Hasil diketik")
        ordering = ["contest_id", "region_code", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "region_code", "number"],
                                               name="recapsheet_unique_number")]

    def __str__(self) -> str:
        return f"{self.contest_id} {self.region_code or 'nasional'} v{self.number}"
