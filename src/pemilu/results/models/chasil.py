"""The C.Hasil forms per TPS: results, append-only versions, photos, running totals per kecamatan."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.files import StoredFile
from pemilu.core.scope import Scoped
from pemilu.results import rules
from pemilu.results.models.contests import (
    Contest,
)

# Administration fields of a C.Hasil (KPT 66/2024; Sirekap ``administrasi``), in form order.
ADMIN_FIELDS: list[str] = list(rules.ADMIN_FIELDS)
VOTE_TOTAL_FIELDS: list[str] = ["suara_sah", "suara_tidak_sah", "suara_total"]
FORM_FIELDS: list[str] = ADMIN_FIELDS + VOTE_TOTAL_FIELDS

SECTIONS: dict[str, list[str]] = {
    "pemilih": ADMIN_FIELDS[0:3],
    "pengguna": ADMIN_FIELDS[3:15],
    "disabilitas": ADMIN_FIELDS[15:18],
    "surat_suara": ADMIN_FIELDS[18:22],
    "suara": VOTE_TOTAL_FIELDS,
}


class ResultStatus(models.TextChoices):
    EMPTY = "empty", _("Belum diisi")
    FIRST_ENTRY = "first_entry", _("Entri pertama")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    CONFLICT = "conflict", _("Entri ganda berbeda")
    ERROR = "error", _("Ada kesalahan")
    ACCEPTED = "accepted", _("Diterima")


class Result(Scoped):
    """The C.Hasil of one contest at one TPS. Its versions are append-only; ``current`` points
    at the version that counts (when ``status`` is accepted)."""

    # Indexes are declared in Meta, not with db_index: on PostgreSQL Django adds a second
    # ``varchar_pattern_ops`` index to every indexed text column for LIKE queries nobody makes
    # here, and each index is written by every one of election night's inserts (issue 9).
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="results", db_index=False)
    tps = models.ForeignKey("regions.Tps", to_field="code", db_column="tps_code", on_delete=models.PROTECT,
                            related_name="results", db_index=False)
    prov_code = models.CharField(max_length=2)
    kab_code = models.CharField(max_length=5)
    kec_code = models.CharField(max_length=8)
    desa_code = models.CharField(max_length=13)
    status = models.CharField(_("status"), max_length=12, choices=ResultStatus.choices, default=ResultStatus.EMPTY)
    current = models.ForeignKey("ResultVersion", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    codes = models.JSONField(_("temuan"), default=list, blank=True)
    is_incomplete = models.BooleanField(_("tidak lengkap"), default=False)
    corrections = models.PositiveSmallIntegerField(_("koreksi"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    scope_columns: ClassVar[dict[int, str]] = {1: "prov_code", 2: "kab_code", 3: "kec_code",
                                               4: "desa_code", 5: "tps_id"}

    class Meta:
        verbose_name = _("C.Hasil")
        verbose_name_plural = _("C.Hasil")
        ordering = ["tps_id", "contest_id"]
        constraints = [models.UniqueConstraint(fields=["contest", "tps"], name="result_unique_contest_tps")]
        # (contest, …) lookups use the unique constraint or result_contest_kec.
        indexes = [models.Index(fields=["contest", "kec_code", "status"], name="result_contest_kec"),
                   models.Index(fields=["tps"], name="result_tps"),
                   models.Index(fields=["prov_code"], name="result_prov"),
                   models.Index(fields=["kab_code"], name="result_kab"),
                   models.Index(fields=["kec_code"], name="result_kec"),
                   models.Index(fields=["desa_code"], name="result_desa")]

    def __str__(self) -> str:
        return f"{self.contest.code} {self.tps_id}"

    @property
    def scope_code(self) -> str:
        return str(self.tps_id)


class VersionKind(models.TextChoices):
    ENTRY = "entry", _("Entri")
    SECOND = "second", _("Entri kedua")
    IMPORT = "import", _("Impor")
    CORRECTION = "correction", _("Koreksi")
    RESOLUTION = "resolution", _("Keputusan koordinator")


class ResultVersion(models.Model):
    """One typed reading of the paper form (never edited; a change is a new version)."""

    # Looked up through resultversion_unique_number (result, number): no index of its own.
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="versions", db_index=False)
    number = models.PositiveSmallIntegerField(_("versi"))
    kind = models.CharField(_("jenis"), max_length=12, choices=VersionKind.choices)
    dpt_l = models.IntegerField(null=True, blank=True)
    dpt_p = models.IntegerField(null=True, blank=True)
    dpt_j = models.IntegerField(null=True, blank=True)
    pengguna_dpt_l = models.IntegerField(null=True, blank=True)
    pengguna_dpt_p = models.IntegerField(null=True, blank=True)
    pengguna_dpt_j = models.IntegerField(null=True, blank=True)
    pengguna_dptb_l = models.IntegerField(null=True, blank=True)
    pengguna_dptb_p = models.IntegerField(null=True, blank=True)
    pengguna_dptb_j = models.IntegerField(null=True, blank=True)
    pengguna_dpk_l = models.IntegerField(null=True, blank=True)
    pengguna_dpk_p = models.IntegerField(null=True, blank=True)
    pengguna_dpk_j = models.IntegerField(null=True, blank=True)
    pengguna_total_l = models.IntegerField(null=True, blank=True)
    pengguna_total_p = models.IntegerField(null=True, blank=True)
    pengguna_total_j = models.IntegerField(null=True, blank=True)
    disabilitas_l = models.IntegerField(null=True, blank=True)
    disabilitas_p = models.IntegerField(null=True, blank=True)
    disabilitas_j = models.IntegerField(null=True, blank=True)
    ss_diterima = models.IntegerField(null=True, blank=True)
    ss_rusak = models.IntegerField(null=True, blank=True)
    ss_tidak_digunakan = models.IntegerField(null=True, blank=True)
    ss_digunakan = models.IntegerField(null=True, blank=True)
    suara_sah = models.IntegerField(null=True, blank=True)
    suara_tidak_sah = models.IntegerField(null=True, blank=True)
    suara_total = models.IntegerField(null=True, blank=True)
    votes = models.JSONField(_("perolehan suara"), default=dict)
    codes = models.JSONField(_("temuan"), default=list, blank=True)
    acknowledgements = models.JSONField(_("alasan peringatan"), default=dict, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    photo = models.ForeignKey("ResultPhoto", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versi C.Hasil")
        verbose_name_plural = _("versi C.Hasil")
        ordering = ["result_id", "number"]
        constraints = [models.UniqueConstraint(fields=["result", "number"], name="resultversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.result_id} v{self.number}"

    def figures(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: getattr(self, f) for f in FORM_FIELDS}
        data["votes"] = dict(self.votes)
        return data


class ResultPhoto(StoredFile):
    """The photo or scan of the plano C.Hasil, stored byte for byte (never re-encoded)."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="photos")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)  # indexed: the same photo twice
    exif = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("foto plano")
        verbose_name_plural = _("foto plano")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.result_id} {self.sha256[:12]}"

    @property
    def scope_owner(self) -> Result:
        return self.result


class KecamatanTotal(models.Model):
    """Running totals of the accepted forms of one contest in one kecamatan: ``totals`` maps each
    choice key (plus ``_sah``, ``_tidak_sah`` and the ``#`` counters) to its sum. Updated in the
    accepting transaction by one ``INSERT … ON CONFLICT DO UPDATE`` that adds the form's figures
    key by key (``rollup.upsert_sql``); recaps above the kecamatan sum these rows.

    One row per contest and kecamatan, not per choice: a DPR form carries ~200 choice keys, and
    one row per key made the running totals most of the database's work per form (issue 9)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+", db_index=False)
    kec_code = models.CharField(max_length=8)
    kab_code = models.CharField(max_length=5)
    prov_code = models.CharField(max_length=2)
    totals = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("jumlah kecamatan")
        verbose_name_plural = _("jumlah kecamatan")
        constraints = [models.UniqueConstraint(fields=["contest", "kec_code"], name="kectotal_unique_kec")]
        indexes = [models.Index(fields=["contest", "kab_code"], name="kectotal_kab"),
                   models.Index(fields=["contest", "prov_code"], name="kectotal_prov")]

    def __str__(self) -> str:
        return f"{self.contest_id} {self.kec_code}"


class IdempotencyKey(models.Model):
    """An API submission's key: the same key and body answer the stored response; a different
    body under a used key is a conflict (409)."""

    # Looked up through idempotency_unique_key (user, key): no index of its own.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=100)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=200)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key")]

    def __str__(self) -> str:
        return self.key
