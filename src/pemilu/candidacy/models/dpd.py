"""DPD candidates and their support (dukungan, issue 23 item 6): one ``DpdProvince`` per election and
province (the DPT that sets the band), ``DpdCandidate`` per bakal calon, ``Supporter`` per row of
the supporter lists, with its check code and, when sampled, the factual verification outcome.

NIKs are kept as the keyed hash (duplicates within and across candidates, the public "cek
dukungan") and a sealed copy; never in clear. A supporter is filed under the kab/kota of its
address (a KPU Kab/Kota verifies its own), or under the province when the address is elsewhere."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.candidacy.dpd_rules import Code, Occupation
from pemilu.candidacy.models.lists import Office
from pemilu.core.models import Sex
from pemilu.core.scope import Scoped, ScopedModel, region_key


class DpdProvince(ScopedModel):
    """The province of a DPD contest in one election, with the DPT count that decides the minimum
    support (UU 7/2017 Pasal 183(1)) and where that number comes from."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="dpd_provinces")
    region = region_key(_("provinsi"), related_name="dpd_provinces")
    dpt = models.PositiveIntegerField(_("jumlah pemilih (DPT)"))
    dpt_source = models.CharField(_("sumber angka DPT"), max_length=200)

    class Meta:
        verbose_name = _("provinsi pemilihan DPD")
        verbose_name_plural = _("provinsi pemilihan DPD")
        ordering = ["region_id"]
        constraints = [models.UniqueConstraint(fields=["election", "region"], name="candidacy_dpdprovince_unique")]

    def __str__(self) -> str:
        return f"DPD {self.region_id}"


class DpdStatus(models.TextChoices):
    REGISTERED = "bakal", _("Bakal calon: dukungan belum diperiksa")
    SUPPORT_MET = "ms", _("Dukungan memenuhi syarat")
    SUPPORT_NOT_MET = "tms", _("Dukungan belum memenuhi syarat")


class DpdCandidate(ScopedModel):
    """A bakal calon anggota DPD of one province. ``support`` holds the last check's figures (the
    rule codes used, counted, required, kab/kota with support …); ``sample_seed`` the seed the
    factual verification sample was drawn from, so anyone can draw it again."""

    province = models.ForeignKey(DpdProvince, on_delete=models.PROTECT, related_name="candidates",
                                 verbose_name=_("provinsi"))
    name = models.CharField(_("nama"), max_length=200)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    nik_hash = models.CharField(max_length=64, db_index=True)
    nik_sealed = models.CharField(max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    office = models.CharField(_("jabatan yang wajib mundur"), max_length=5, choices=Office.choices, blank=True,
                              default=Office.NONE)
    resignation_decree_no = models.CharField(_("nomor SK pemberhentian"), max_length=100, blank=True)
    resignation_decree_date = models.DateField(_("tanggal SK pemberhentian"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=5, choices=DpdStatus.choices, default=DpdStatus.REGISTERED)
    support = models.JSONField(_("hasil pemeriksaan dukungan"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    sample_seed = models.BigIntegerField(_("benih sampel"), null=True, blank=True)
    sample_rule = models.CharField(_("aturan sampel"), max_length=60, blank=True)
    sample_drawn_at = models.DateTimeField(_("sampel ditarik pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bakal calon DPD")
        verbose_name_plural = _("bakal calon DPD")
        ordering = ["province", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["province", "nik_hash"], name="candidacy_dpd_one_per_nik")]

    def __str__(self) -> str:
        return self.name


class SupportOutcome(models.TextChoices):
    """The factual verification of one sampled supporter (PKPU 10/2022: memenuhi / tidak memenuhi syarat)."""

    PENDING = "", _("Belum diverifikasi")
    MS = "ms", _("Memenuhi syarat")
    TMS = "tms", _("Tidak memenuhi syarat")


SUPPORTER_CODES = [("", _("Memenuhi syarat"))] + [
    (Code.NIK_INVALID, _("NIK tidak sah")), (Code.TOO_YOUNG, _("Belum 17 tahun dan belum kawin")),
    (Code.OUTSIDE_PROVINCE, _("Berdomisili di luar provinsi")),
    (Code.EXCLUDED_OCCUPATION, _("Pekerjaan yang dilarang memberi dukungan")),
    (Code.DUPLICATE_WITHIN, _("Ganda identik dalam daftar")),
    (Code.DUPLICATE_ACROSS, _("Ganda dengan bakal calon lain")),
    (Code.IN_REGISTER, _("Tercatat sebagai anggota badan ad hoc atau ASN")),
    (Code.DENIED, _("Menyatakan tidak pernah memberi dukungan (sanggahan terbukti)")),
]
OCCUPATIONS = [(o.value, o.value.replace("_", " ").upper() if len(o.value) <= 5 else o.value.replace("_", " "))
               for o in Occupation]


class Supporter(ScopedModel):
    """One row of a candidate's supporter list as imported (``line`` = its line in the file)."""

    candidate = models.ForeignKey(DpdCandidate, on_delete=models.CASCADE, related_name="supporters")
    batch = models.PositiveSmallIntegerField(_("unggahan ke"), default=1)
    line = models.PositiveIntegerField(_("baris"))
    nik_hash = models.CharField(max_length=64)
    nik_sealed = models.CharField(max_length=100)
    name = models.CharField(_("nama"), max_length=200)
    domicile_code = models.CharField(_("kode wilayah domisili"), max_length=13)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    marital = models.CharField(_("status perkawinan"), max_length=1)
    occupation = models.CharField(_("pekerjaan"), max_length=16, choices=OCCUPATIONS, default=Occupation.OTHER)
    nik_problem = models.CharField(_("masalah NIK"), max_length=300, blank=True)  # found at import
    code = models.CharField(_("hasil pemeriksaan"), max_length=3, choices=SUPPORTER_CODES, blank=True, default="")
    message = models.CharField(_("keterangan"), max_length=300, blank=True)
    in_sample = models.BooleanField(_("masuk sampel"), default=False)
    outcome = models.CharField(_("verifikasi faktual"), max_length=3, choices=SupportOutcome.choices, blank=True,
                               default=SupportOutcome.PENDING)
    outcome_note = models.CharField(_("catatan verifikasi"), max_length=300, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pendukung")
        verbose_name_plural = _("pendukung")
        ordering = ["candidate", "batch", "line"]
        constraints = [models.UniqueConstraint(fields=["candidate", "batch", "line"], name="candidacy_supporter_line")]
        indexes = [models.Index(fields=["nik_hash"], name="candidacy_supporter_nik"),
                   models.Index(fields=["candidate", "in_sample"], name="candidacy_supporter_sample")]

    def __str__(self) -> str:
        return f"{self.candidate_id}:{self.batch}:{self.line}"


class ResignationFlag(Scoped):
    """A candidate found in a register of people who must resign before standing (an active ad hoc
    member, an ASN record): open until the candidate's resignation decree is recorded. Names the
    register and the post, never the NIK. Filed under the candidate's province (DPD) or list."""

    candidate = models.ForeignKey("candidacy.Candidate", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="resignation_flags")
    dpd_candidate = models.ForeignKey(DpdCandidate, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="resignation_flags")
    register = models.CharField(_("register"), max_length=5, choices=[("adhoc", _("badan ad hoc")),
                                                                      ("asn", _("ASN"))])
    detail = models.CharField(_("jabatan menurut register"), max_length=300)
    record_id = models.PositiveBigIntegerField()  # the register row (adhoc Applicant / AsnEmployee)
    found_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    prov_code = models.CharField(max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(max_length=5, blank=True, db_index=True)

    scope_columns: ClassVar[dict[int, str]] = {1: "prov_code", 2: "kab_code"}

    class Meta:
        verbose_name = _("temuan wajib mundur")
        verbose_name_plural = _("temuan wajib mundur")
        ordering = ["found_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(candidate__isnull=False, dpd_candidate__isnull=True)
                                   | models.Q(candidate__isnull=True, dpd_candidate__isnull=False),
                                   name="candidacy_resignation_one_candidate"),
            models.UniqueConstraint(fields=["candidate", "register", "record_id"], name="candidacy_resign_cand_unique"),
            models.UniqueConstraint(fields=["dpd_candidate", "register", "record_id"],
                                    name="candidacy_resign_dpd_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.register}: {self.detail}"
