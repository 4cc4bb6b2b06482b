from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pemilu.core.levels import Level
from pemilu.core.scope import Scoped, ScopedModel


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    # The overseas pseudo-tree KPU files under "Luar Negeri" (code 99).
    LUAR_NEGERI = "luar_negeri", _("Luar Negeri")
    NEGARA = "negara", _("Negara")
    PPLN = "ppln", _("PPLN")
    TITIK_LN = "titik_ln", _("TPSLN/POS/KSK")


class Region(ScopedModel):
    """A node of the Kemendagri region tree (provinsi → kab/kota → kecamatan → desa/kelurahan).

    ``prov_code``/``kab_code``/``kec_code``/``desa_code`` hold the codes of the node's ancestors
    (and itself at its own level), so "everything under 12.76" is one indexed equality.
    """

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    alt_name = models.CharField(_("nama lain"), max_length=200, blank=True,
                                help_text=_("Ejaan dari sumber lain, mis. data TPS KPU 2024"))
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=20, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", to_field="code", db_column="parent_code", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children", verbose_name=_("induk"),
    )
    source = models.CharField(_("sumber"), max_length=40, default="kemendagri")
    tps_count = models.PositiveIntegerField(_("jumlah TPS"), default=0)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="region_level_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.code])

    @property
    def titled_name(self) -> str:
        """The name with its kind in front ("Kecamatan Padang Hulu"), unless the name already
        carries it: Kemendagri names kab/kota "Kota Tebing Tinggi", so a title built as kind +
        name read "KOTA KOTA TEBING TINGGI" (issue 21)."""
        kind = str(self.get_kind_display())
        if self.name.lower().startswith(kind.lower() + " ") or self.kind in ("luar_negeri", "titik_ln"):
            return self.name
        return f"{kind} {self.name}"

    @property
    def scope_code(self) -> str:
        return self.code


class Tps(Scoped):
    """A polling station (tempat pemungutan suara): village code + 3-digit number."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    village = models.ForeignKey(Region, to_field="code", db_column="village_code", on_delete=models.PROTECT,
                                related_name="tps_set", verbose_name=_("desa/kelurahan"))
    number = models.PositiveSmallIntegerField(_("nomor"))
    prov_code = models.CharField(max_length=2, db_index=True)
    kab_code = models.CharField(max_length=5, db_index=True)
    kec_code = models.CharField(max_length=8, db_index=True)
    desa_code = models.CharField(max_length=13, db_index=True)
    is_special = models.BooleanField(_("TPS lokasi khusus"), default=False,
                                     help_text=_("TPS bernomor 9xx, mis. di lapas atau rumah sakit"))
    kind = models.CharField(_("jenis"), max_length=10, default="TPS")
    source = models.CharField(_("sumber"), max_length=40, default="tps2024")
    # Where voters go (Cek DPT, Model A, C.Hasil). KPU's TPS data per desa has counts, not places:
    # KPU Kab/Kota staff set them (``regions.actions.do_set_tps_address``). A database default, as
    # the TPS import inserts set-based (``importers._insert_tps``) without naming these columns.
    address = models.CharField(_("alamat TPS"), max_length=300, blank=True, db_default="")
    location_note = models.CharField(_("keterangan lokasi"), max_length=300, blank=True, db_default="",
                                     help_text=_("mis. halaman SD Negeri 1, depan masjid"))

    scope_columns: ClassVar[dict[int, str]] = {1: "prov_code", 2: "kab_code", 3: "kec_code",
                                               4: "desa_code", 5: "code"}

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="tps_unique_number_in_village"),
        ]

    def __str__(self) -> str:
        return f"TPS {self.number:03d} {self.village_id}"

    def get_absolute_url(self) -> str:
        return reverse("regions:tps", args=[self.code])

    @property
    def scope_code(self) -> str:
        return self.code
