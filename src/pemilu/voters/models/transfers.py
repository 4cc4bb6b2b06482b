"""Voters who vote elsewhere than their DPT TPS (issue 22 item 2).

* ``Transfer``: a DPT voter moving to another TPS (DPTb, form A-Surat Pindah Memilih), with the
  regulation's reason (``voters/data/dptb_reasons.json``: the reasons and how many days before
  voting day each may still be registered) and the ballots the voter receives at the destination,
  derived from the dapil of origin and destination.
* ``DpkRecord``: a voter not on the DPT who votes on voting day with their KTP-el (DPK) at the TPS
  of their RT/RW, in the last hour, while ballots last.

A transfer is filed under its origin (the PPS that issues the form reads it); its destination TPS
counts it. A DPK record is filed under its TPS's desa.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.models import Sex
from pemilu.core.scope import ScopedModel


class Transfer(ScopedModel):
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    voter = models.ForeignKey("voters.Voter", on_delete=models.PROTECT, related_name="transfers")
    origin_village = models.ForeignKey("regions.Region", to_field="code", db_column="origin_village_code",
                                       on_delete=models.PROTECT, related_name="+", verbose_name=_("desa asal"))
    origin_tps = models.ForeignKey("regions.Tps", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("TPS asal"))
    village = models.ForeignKey("regions.Region", to_field="code", db_column="village_code", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("desa tujuan"))
    tps = models.ForeignKey("regions.Tps", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("TPS tujuan"))
    reason = models.CharField(_("alasan pindah memilih"), max_length=30)
    ballots = models.JSONField(_("surat suara yang diterima"), default=list)  # contest kind codes, "ppwp", "dpr", …
    registered_on = models.DateField(_("tanggal pendaftaran"))
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemilih pindahan (DPTb)")
        verbose_name_plural = _("pemilih pindahan (DPTb)")
        ordering = ["village_id", "id"]
        indexes = [models.Index(fields=["election", "origin_village"], name="transfer_origin")]
        constraints = [models.UniqueConstraint(fields=["election", "voter"], name="transfer_once_per_voter")]

    def __str__(self) -> str:
        return f"DPTb {self.voter_id} → {self.village_id}"


class DpkRecord(ScopedModel):
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey("regions.Tps", on_delete=models.PROTECT, related_name="+", verbose_name=_("TPS"))
    nik_hash = models.CharField(max_length=64)
    nik_sealed = models.CharField(max_length=100)
    name = models.CharField(_("nama"), max_length=200)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    marital = models.CharField(_("status kawin"), max_length=1)
    rt = models.CharField(_("RT"), max_length=5)
    rw = models.CharField(_("RW"), max_length=5)
    voted_at = models.DateTimeField(_("waktu memilih"))
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemilih DPK")
        verbose_name_plural = _("pemilih DPK")
        ordering = ["tps_id", "voted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "nik_hash"], name="dpk_once_per_nik")]

    def __str__(self) -> str:
        return f"DPK {self.tps_id}: {self.name}"
