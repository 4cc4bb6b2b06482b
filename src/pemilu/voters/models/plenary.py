"""The rapat pleno of KPU Kabupaten/Kota that sets the DPT (issue 22 item 1): its attendance and
quorum as in the recap plenaries (``results.minutes``: the same rows, the same quorum rule and
body size from the election's config), and once locked the DPT of every desa below and the recap
it set (``frozen``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.scope import ScopedModel, region_key


class DptPlenaryStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    LOCKED = "locked", _("DPT ditetapkan")


class DptPlenary(ScopedModel):
    """One kab/kota's plenary setting the DPT of one election. ``attendees``: the daftar hadir
    (kind, name, position, represents, present), replaced as a whole until the lock."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    region = region_key(_("kabupaten/kota"))
    status = models.CharField(_("status"), max_length=8, choices=DptPlenaryStatus.choices,
                              default=DptPlenaryStatus.OPEN)
    attendees = models.JSONField(_("daftar hadir"), default=list, blank=True)
    frozen = models.JSONField(_("rekapitulasi DPT"), default=dict, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("rapat pleno penetapan DPT")
        verbose_name_plural = _("rapat pleno penetapan DPT")
        constraints = [models.UniqueConstraint(fields=["election", "region"], name="dpt_plenary_once")]

    def __str__(self) -> str:
        return f"DPT {self.region_id} {self.status}"
