"""Contests, the C.Hasil forms per TPS (append-only versions), running totals per kecamatan,
plenaries and the records of the tiered recap.

Lean for scale (issue 9): a form's votes are ONE JSON column (choice key → votes), not a row
per choice; the accepted figures are folded into ``KecamatanTotal`` inside the accepting
transaction, so a recap of any level sums at most 7,285 kecamatan rows per contest.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.files import StoredFile
from pemilu.core.scope import Scoped
from pemilu.elections.models import Election
from pemilu.results import rules

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


class DistrictKind(models.TextChoices):
    NATIONAL = "national", _("Nasional")
    PROVINCE = "province", _("Provinsi")
    DAPIL_DPR = "dapil_dpr", _("Dapil DPR")
    DAPIL_PROV = "dapil_prov", _("Dapil DPRD Provinsi")
    DAPIL_KAB = "dapil_kab", _("Dapil DPRD Kab/Kota")


class ChoiceKind(models.TextChoices):
    PASLON = "paslon", _("Pasangan calon")
    PARTY = "party", _("Partai dan calon")
    CANDIDATE = "candidate", _("Calon perseorangan")


class ContestKind(models.Model):
    """A kind of ballot (PPWP grey, DPR yellow, DPD red, DPRD Prov blue, DPRD Kab/Kota green;
    KPT 66/2024). Forms and their sections are data, since Aceh and Papua have variants."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    form_name = models.CharField(_("formulir"), max_length=60)
    colour = models.CharField(_("warna surat suara"), max_length=20)
    district = models.CharField(_("daerah pemilihan"), max_length=20, choices=DistrictKind.choices)
    choice_kind = models.CharField(_("jenis pilihan"), max_length=20, choices=ChoiceKind.choices)
    sections = models.JSONField(_("bagian formulir"), default=list)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis pemilihan")
        verbose_name_plural = _("jenis pemilihan")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Dapil(models.Model):
    """An electoral district (daerah pemilihan; PKPU 6/2023)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="dapil_set")
    district = models.CharField(_("jenis"), max_length=20, choices=DistrictKind.choices)
    code = models.CharField(_("kode"), max_length=12)
    name = models.CharField(_("nama"), max_length=200)
    # Seats to fill, when the imported map gives them (column kursi/jumlah_kursi/seats); checked
    # against the statute's range per contest kind (UU 7/2017 Pasal 187, 189, 192).
    seats = models.PositiveSmallIntegerField(_("jumlah kursi"), null=True, blank=True)

    class Meta:
        verbose_name = _("dapil")
        verbose_name_plural = _("dapil")
        ordering = ["district", "code"]
        constraints = [models.UniqueConstraint(fields=["election", "district", "code"], name="dapil_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DapilArea(models.Model):
    """One region listed in a dapil. A TPS belongs to the dapil of its most specific listed
    ancestor; split (``is_split``) rows only name a part of a kab/kota or kecamatan whose
    pieces are listed below it, so they never decide on their own."""

    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="areas")
    district = models.CharField(max_length=20, choices=DistrictKind.choices)
    region_code = models.CharField(_("kode wilayah"), max_length=20)
    region_name = models.CharField(_("nama wilayah"), max_length=200)
    is_split = models.BooleanField(_("pecahan"), default=False)

    class Meta:
        verbose_name = _("wilayah dapil")
        verbose_name_plural = _("wilayah dapil")
        indexes = [models.Index(fields=["district", "region_code"], name="dapilarea_lookup")]
        constraints = [models.UniqueConstraint(fields=["dapil", "region_code", "is_split"], name="dapilarea_unique")]

    def __str__(self) -> str:
        return f"{self.dapil.code}: {self.region_code}"


class Party(models.Model):
    """A political party with its ballot number. Aceh's local parties (18–23) stand only in
    Aceh's DPRA/DPRK (UU 11/2006); ``only_prov_code`` says so."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="parties")
    ballot_no = models.PositiveSmallIntegerField(_("nomor urut"))
    abbr = models.CharField(_("singkatan"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    only_prov_code = models.CharField(_("hanya di provinsi"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("partai politik")
        verbose_name_plural = _("partai politik")
        ordering = ["ballot_no"]
        constraints = [models.UniqueConstraint(fields=["election", "ballot_no"], name="party_unique_ballot_no")]

    def __str__(self) -> str:
        return f"{self.ballot_no}. {self.abbr}"


class Paslon(models.Model):
    """A presidential ticket (pasangan calon) with its ballot number."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="paslon_set")
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="paslon_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Candidate(models.Model):
    """A DPR/DPRD list candidate (party, dapil, nomor urut) or a DPD candidate (no party)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="candidates")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates")
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=200)
    sex = models.CharField(_("jenis kelamin"), max_length=1)

    class Meta:
        verbose_name = _("calon")
        verbose_name_plural = _("calon")
        ordering = ["dapil", "party", "number"]
        constraints = [models.UniqueConstraint(fields=["dapil", "party", "number"], name="candidate_unique_number")]

    def __str__(self) -> str:
        return self.name


class Contest(models.Model):
    """One race on one ballot: PPWP (national), DPR per DPR dapil, DPD per province, DPRD per
    dapil. ``choices`` caches the ballot's choices (key, label, party) so the write path needs
    no extra query: keys are ``"1"`` (paslon / party-only / DPD no.) and ``"3.5"`` (party 3,
    candidate 5)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    kind = models.ForeignKey(ContestKind, on_delete=models.PROTECT, related_name="contests")
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    dapil = models.ForeignKey(Dapil, on_delete=models.PROTECT, null=True, blank=True, related_name="contests")
    prov_code = models.CharField(max_length=2, blank=True)
    choices = models.JSONField(_("pilihan"), default=list)

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["kind__order", "code"]
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="contest_unique_code")]

    def __str__(self) -> str:
        return self.name

    def choice_keys(self) -> list[str]:
        return [str(c["key"]) for c in self.choices]


class EntryMode(models.TextChoices):
    DIRECT = "direct", _("Langsung: diterima bila lolos pemeriksaan")
    VERIFY = "verify", _("KPPS mengisi, anggota PPK memverifikasi")
    DOUBLE = "double", _("Entri ganda oleh dua pengguna berbeda")


# Recap level → the schedule stage holding its window (builtin ``pemilu-2024``, PKPU 3/2022;
# domain brief §2.1: PPK 15 Feb – 2 Mar, Kab/Kota 17 Feb – 5 Mar, Provinsi 19 Feb – 10 Mar,
# nasional 22 Feb – 20 Mar 2024). Keys are levels as strings (JSON).
DEFAULT_RECAP_STAGES: dict[str, str] = {"3": "rekap-kecamatan", "2": "rekap-kabkota", "1": "rekap-provinsi",
                                        "0": "rekap-nasional"}


def default_recap_stages() -> dict[str, str]:
    return dict(DEFAULT_RECAP_STAGES)


# The overseas chain (pseudo-province 99): each PPLN (level 3 of the 99 tree) recaps its TPSLN, KSK
# and POS in its own plenary, and KPU recaps the PPLN results as one unit — region 99, one row of the
# national recap beside the provinces — at the national level (PKPU 5/2024). No country level and no
# provincial level. Keys are the chain's recap levels, values the schedule stages of their windows.
DEFAULT_OVERSEAS_RECAP_STAGES: dict[str, str] = {"3": "rekap-ppln", "1": "rekap-nasional"}


def default_overseas_recap_stages() -> dict[str, str]:
    return dict(DEFAULT_OVERSEAS_RECAP_STAGES)


class DifferencePolicy(models.TextChoices):
    BLOCK = "block", _("Selisih menahan penguncian pleno")
    WARN = "warn", _("Selisih dicatat sebagai kejadian khusus, pleno tetap dapat dikunci")


class ResultConfig(models.Model):
    """Per-election settings of the count and recap: the entry workflow, the recap levels
    (2024: kecamatan → kab/kota → provinsi → nasional; PKPU 5/2024 Pasal 5), the schedule stage
    of each level's window, whether corrections follow those windows (the PPK during its window,
    KPU Kab/Kota after), and what a difference between a typed D.Hasil and the sum of its
    children does to the plenary lock."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="result_config")
    entry_mode = models.CharField(_("alur entri"), max_length=10, choices=EntryMode.choices,
                                  default=EntryMode.VERIFY)
    recap_levels = models.JSONField(_("tingkat rekapitulasi"), default=list)
    photo_max_bytes = models.PositiveIntegerField(_("ukuran foto maksimal"), default=10 * 1024 * 1024)
    recap_stages = models.JSONField(_("tahapan jadwal per tingkat rekapitulasi"), default=default_recap_stages,
                                    blank=True)
    corrections_follow_schedule = models.BooleanField(
        _("koreksi mengikuti jadwal rekapitulasi"), default=True,
        help_text=_("PPK mengoreksi selama masa rekapitulasi kecamatan, KPU Kabupaten/Kota sesudahnya."))
    difference_policy = models.CharField(_("selisih D.Hasil dengan jumlah wilayah di bawahnya"), max_length=5,
                                         choices=DifferencePolicy.choices, default=DifferencePolicy.BLOCK)
    overseas_recap_stages = models.JSONField(
        _("tahapan jadwal per tingkat rekapitulasi luar negeri"), default=default_overseas_recap_stages, blank=True,
        help_text=_("Tingkat rekapitulasi wilayah 99 (Luar Negeri) dan tahapan jadwalnya; kosong = sama dengan "
                    "dalam negeri."))

    class Meta:
        verbose_name = _("pengaturan hasil")
        verbose_name_plural = _("pengaturan hasil")

    def __str__(self) -> str:
        return f"{self.election}: {self.entry_mode}"


class Status(models.TextChoices):
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
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.EMPTY)
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

    class Meta:
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


class PlenaryStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    LOCKED = "locked", _("Dikunci")


class Plenary(Scoped):
    """The rapat pleno of one recap level in one region for one contest. Locked figures are
    frozen (``frozen``) and feed the level above; only the level above reopens, with a reason."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="plenaries")
    region_code = models.CharField(_("wilayah"), max_length=20)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    prov_code = models.CharField(max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(max_length=5, blank=True, db_index=True)
    kec_code = models.CharField(max_length=8, blank=True, db_index=True)
    desa_code = models.CharField(max_length=13, blank=True)
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

    @property
    def scope_code(self) -> str:
        return self.region_code


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
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan pleno")
        verbose_name_plural = _("catatan pleno")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class RecapSheet(Scoped):
    """A level's recap (D.Hasil) typed from the paper signed at the plenary: one row per child
    region with the same fields as the computed totals (votes per choice, suara sah, tidak sah).
    Append-only: a retyped sheet is a new version; the highest number counts. The recap page
    compares it field by field with the sum of the children."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="recap_sheets")
    region_code = models.CharField(_("wilayah"), max_length=20)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    prov_code = models.CharField(max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(max_length=5, blank=True, db_index=True)
    kec_code = models.CharField(max_length=8, blank=True, db_index=True)
    desa_code = models.CharField(max_length=13, blank=True)
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

    @property
    def scope_code(self) -> str:
        return self.region_code
