"""The voter list (issue 22 item 1): voters as imported from the DP4, the coklit outcomes per voter
(append-only), and the compiled lists of each stage per desa (DPHP → DPS → DPSHP → DPSHP Akhir → DPT).

Nothing here is ever deleted: a voter found not eligible keeps their row with the outcome, who
recorded it, when, why and the evidence; a compiled list is never recompiled in place.
NIK and KK are stored only as a keyed hash (equality lookups) and a sealed copy (``crypto.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.jobs import ImportJobBase
from pemilu.core.models import Sex
from pemilu.core.scope import ScopedModel, region_key

if TYPE_CHECKING:
    from pemilu.regions.models import Tps


class Marital(models.TextChoices):
    SINGLE = "B", _("Belum kawin")
    MARRIED = "S", _("Sudah kawin")
    WAS_MARRIED = "P", _("Pernah kawin")


class Origin(models.TextChoices):
    DP4 = "dp4", _("DP4")
    NEW = "baru", _("Pemilih baru (coklit)")


class Coklit(models.TextChoices):
    PENDING = "belum", _("Belum dicoklit")
    MATCHED = "sesuai", _("Memenuhi syarat, data sesuai")
    CHANGED = "ubah", _("Memenuhi syarat, data diubah")
    NOT_ELIGIBLE = "tms", _("Tidak memenuhi syarat")
    NEW = "baru", _("Pemilih baru")


class NotEligibleReason(models.TextChoices):
    """The TMS categories of the coklit (PKPU 7/2022; the issue's list)."""

    DECEASED = "meninggal", _("Meninggal dunia")
    DUPLICATE = "ganda", _("Ganda")
    UNDER_AGE = "di_bawah_umur", _("Di bawah umur")
    TNI = "tni", _("Anggota TNI")
    POLRI = "polri", _("Anggota Polri")
    MOVED = "pindah_domisili", _("Pindah domisili")
    UNKNOWN = "tidak_dikenal", _("Tidak dikenal")
    NOT_RESIDENT = "bukan_penduduk", _("Bukan penduduk")
    MENTAL = "hilang_ingatan", _("Hilang ingatan (gangguan jiwa permanen)")


class ListStage(models.TextChoices):
    """The compiled lists in their order (domain.md §3)."""

    DPHP = "dphp", _("DPHP (hasil pemutakhiran)")
    DPS = "dps", _("DPS (sementara)")
    DPSHP = "dpshp", _("DPSHP (hasil perbaikan)")
    DPSHP_FINAL = "dpshp_akhir", _("DPSHP Akhir")
    DPT = "dpt", _("DPT (tetap)")


STAGE_ORDER = [s.value for s in ListStage]


class VoterImport(ScopedModel, ImportJobBase):
    """A DP4 file imported into a region (a big one by a background job, ``tasks.py``): the stored
    file while it waits, its progress and its outcome (or the named row errors)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    region = region_key(_("wilayah"))
    path = models.CharField(max_length=255, blank=True)  # in default_storage while queued; deleted after
    size = models.PositiveBigIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)  # voters imported with a NIK/KK finding

    class Meta:
        verbose_name = _("impor DP4")
        verbose_name_plural = _("impor DP4")
        ordering = ["-created_at"]


class Voter(ScopedModel):
    """One person on the list of one election, in a desa. ``coklit`` is the latest outcome; the
    history is in ``CoklitRecord`` and the audit trail. Its TPS is in ``VoterTps`` (``placement``),
    not in this row: a mapping writes that narrow table instead of rewriting every wide voter row.

    Indexes (issue 22 item 8: each one is paid for by every imported voter): plain B-trees only,
    declared in ``Meta.indexes`` — a ``db_index`` on a CharField also builds PostgreSQL's
    ``varchar_pattern_ops`` copy for LIKE, which no query of voters uses (lookups are by equality) —
    and none on ``election`` alone (``voter_village_coklit`` starts with it). 11 instead of 19: the
    server time of inserting 1 M voters fell from 33 s to 16 s (docs/benchmarks.md, "Voter DP4 import")."""

    prov_code = models.CharField(max_length=2)  # the scope columns of ScopedModel, indexed in Meta
    kab_code = models.CharField(max_length=5, blank=True)
    kec_code = models.CharField(max_length=8, blank=True)
    desa_code = models.CharField(max_length=13, blank=True)
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+", db_index=False)
    village = models.ForeignKey("regions.Region", to_field="code", db_column="village_code", on_delete=models.PROTECT,
                                db_index=False,
                                related_name="+", verbose_name=_("desa/kelurahan"))
    nik_hash = models.CharField(max_length=64)
    nik_sealed = models.CharField(max_length=100)
    kk_hash = models.CharField(max_length=64)
    kk_sealed = models.CharField(max_length=100)
    name = models.CharField(_("nama"), max_length=200)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    marital = models.CharField(_("status kawin"), max_length=1, choices=Marital.choices)
    address = models.CharField(_("alamat"), max_length=300)
    rt = models.CharField(_("RT"), max_length=5, blank=True)
    rw = models.CharField(_("RW"), max_length=5, blank=True)
    disability = models.CharField(_("disabilitas"), max_length=100, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    findings = models.CharField(_("temuan NIK/KK"), max_length=60, blank=True)  # codes, "N02 D01"
    origin = models.CharField(_("asal"), max_length=5, choices=Origin.choices, default=Origin.DP4)
    coklit = models.CharField(_("coklit"), max_length=6, choices=Coklit.choices, default=Coklit.PENDING)
    not_eligible_reason = models.CharField(_("alasan TMS"), max_length=20, choices=NotEligibleReason.choices,
                                           blank=True)
    source = models.ForeignKey(VoterImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_line = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


    class Meta:
        verbose_name = _("pemilih")
        verbose_name_plural = _("pemilih")
        ordering = ["village_id", "rw", "rt", "kk_hash", "id"]
        indexes = [models.Index(fields=["election", "village", "coklit"], name="voter_village_coklit"),
                   *(models.Index(fields=[name], name=f"voter_{name}") for name in
                     ("village", "nik_hash", "kk_hash", "prov_code", "kab_code", "kec_code", "desa_code"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(sex__in=Sex.values), name="voter_sex_valid"),
            models.CheckConstraint(condition=models.Q(marital__in=Marital.values), name="voter_marital_valid"),
            models.CheckConstraint(condition=~models.Q(coklit="tms") | ~models.Q(not_eligible_reason=""),
                                   name="voter_tms_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.village_id})"

    @property
    def tps(self) -> Tps | None:
        """The TPS the voter is mapped to (``VoterTps``; None: not mapped). ``select_related("placement__tps")``
        reads it with the voter."""
        try:
            return self.placement.tps
        except ObjectDoesNotExist:
            return None

    @property
    def tps_id(self) -> int | None:
        try:
            return self.placement.tps_id
        except ObjectDoesNotExist:
            return None


class VoterTps(models.Model):
    """The TPS a voter is mapped to (issue 22 items 5 and 8): one narrow row per voter ever mapped,
    ``tps`` None when the voter lost a regular TPS (no row: never mapped). ``Voter.tps`` reads it;
    queries go through ``placement__tps``. Written by the TPS mapping (``tps_writes.py``: one COPY on
    PostgreSQL), the DP4 import's optional ``tps`` column and a Pantarlih's new voter. Kept apart
    from ``Voter`` because mapping a kab/kota sets the TPS of millions of voters at once: rewriting
    their wide rows (and all their indexes) cost minutes on PostgreSQL (docs/benchmarks.md)."""

    voter = models.OneToOneField(Voter, primary_key=True, on_delete=models.PROTECT, related_name="placement")
    tps = models.ForeignKey("regions.Tps", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("TPS"))

    class Meta:
        verbose_name = _("TPS pemilih")
        verbose_name_plural = _("TPS pemilih")

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.tps_id}"


class CoklitRecord(models.Model):
    """One coklit outcome for one voter, as recorded (append-only: a correction is a new record)."""

    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="coklit_records")
    outcome = models.CharField(max_length=6, choices=Coklit.choices)
    reason = models.CharField(max_length=20, choices=NotEligibleReason.choices, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # field → [before, after]; NIK/KK masked
    evidence = models.TextField(_("bukti/keterangan"), blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hasil coklit")
        verbose_name_plural = _("hasil coklit")
        ordering = ["voter_id", "id"]

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.outcome}"

    @property
    def scope_code(self) -> str:
        return str(self.voter.village_id)


class VoterList(ScopedModel):
    """A compiled list of one stage for one desa, with its counts (by sex and by TPS). Compiled
    once per stage, never changed afterwards; ``VoterListEntry`` holds who is on it."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("regions.Region", to_field="code", db_column="village_code", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("desa/kelurahan"))
    stage = models.CharField(_("tahap"), max_length=12, choices=ListStage.choices)
    total = models.PositiveIntegerField(default=0)
    male = models.PositiveIntegerField(default=0)
    female = models.PositiveIntegerField(default=0)
    by_tps = models.JSONField(default=dict, blank=True)  # TPS code ('' = not mapped yet) → {"L": n, "P": n}
    compiled_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    compiled_at = models.DateTimeField(auto_now_add=True)


    class Meta:
        verbose_name = _("daftar pemilih")
        verbose_name_plural = _("daftar pemilih")
        ordering = ["village_id", "compiled_at"]
        constraints = [
            models.UniqueConstraint(fields=["election", "village", "stage"], name="voter_list_one_per_stage"),
            models.CheckConstraint(condition=models.Q(total=models.F("male") + models.F("female")),
                                   name="voter_list_total_is_sum"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.village_id}"


class VoterListEntry(models.Model):
    voter_list = models.ForeignKey(VoterList, on_delete=models.PROTECT, related_name="entries")
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey("regions.Tps", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voter_list", "voter"], name="voter_list_entry_once")]

    def __str__(self) -> str:
        return f"{self.voter_list_id}:{self.voter_id}"
