"""Party candidate lists (issue 23 items 1–3): one ``CandidateList`` per party and dapil of a
DPR, DPRD Provinsi or DPRD Kab/Kota contest, moving BCS → verification → correction → DCS → DCT,
its ``Candidate`` rows, and the party liaison officers (``LiaisonOfficer``) who submit them.

The participants of an election are its ``results.Party`` rows (Aceh's local parties carry
``only_prov_code``); the dapil are ``results.Dapil``. A list is filed under the body that
receives it: KPU RI for DPR (national, no scope column), KPU Provinsi for DPRD Provinsi, KPU
Kab/Kota for DPRD Kab/Kota. NIKs are stored as a keyed hash and a sealed copy only
(``voters/crypto.py``), never in clear.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.models import Sex
from pemilu.core.scope import Scoped, ScopedModel
from pemilu.results.models import DistrictKind


class ListLevel(models.TextChoices):
    """The party-list contests (their codes are the CLI's ``--contest`` values)."""

    DPR = "dpr", _("DPR")
    DPRD_PROV = "dprd-prov", _("DPRD Provinsi")
    DPRD_KABKOTA = "dprd-kabkota", _("DPRD Kabupaten/Kota")


# The dapil kind of each level, and back.
LEVEL_DISTRICT: dict[str, str] = {ListLevel.DPR: DistrictKind.DAPIL_DPR, ListLevel.DPRD_PROV: DistrictKind.DAPIL_PROV,
                                  ListLevel.DPRD_KABKOTA: DistrictKind.DAPIL_KAB}
DISTRICT_LEVEL: dict[str, str] = {v: k for k, v in LEVEL_DISTRICT.items()}


class ListStatus(models.TextChoices):
    """BCS (submitted) → documents verified, or returned for correction (and submitted again) →
    DCS announced → DCT set by decree."""

    BCS = "bcs", _("Diajukan (BCS)")
    CORRECTION = "perbaikan", _("Dikembalikan untuk perbaikan")
    VERIFIED = "terverifikasi", _("Dokumen terverifikasi")
    DCS = "dcs", _("Diumumkan (DCS)")
    DCT = "dct", _("Ditetapkan (DCT)")


class CandidateList(ScopedModel):
    """One party's list in one dapil of one election. The scope columns name the receiving KPU
    (all empty for DPR: KPU RI)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="candidate_lists")
    dapil = models.ForeignKey("results.Dapil", on_delete=models.PROTECT, related_name="candidate_lists",
                              verbose_name=_("dapil"))
    party = models.ForeignKey("results.Party", on_delete=models.PROTECT, related_name="candidate_lists",
                              verbose_name=_("partai politik"))
    level = models.CharField(_("jenis pemilihan"), max_length=12, choices=ListLevel.choices)
    status = models.CharField(_("status"), max_length=13, choices=ListStatus.choices, default=ListStatus.BCS)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("diajukan oleh"))
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)
    correction_due = models.DateField(_("batas perbaikan"), null=True, blank=True)
    dcs_announced_on = models.DateField(_("DCS diumumkan"), null=True, blank=True)
    dct_decree_no = models.CharField(_("nomor keputusan DCT"), max_length=100, blank=True)
    dct_decree_date = models.DateField(_("tanggal keputusan DCT"), null=True, blank=True)
    dct_set_at = models.DateTimeField(_("DCT ditetapkan pada"), null=True, blank=True)
    # The warnings shown when the DCT was set (shared names), as the actor saw them.
    dct_warnings = models.JSONField(_("peringatan saat penetapan DCT"), default=list, blank=True)

    class Meta:
        verbose_name = _("daftar calon")
        verbose_name_plural = _("daftar calon")
        ordering = ["level", "dapil__code", "party__ballot_no"]
        constraints = [models.UniqueConstraint(fields=["dapil", "party"], name="candidatelist_unique_party_dapil")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.dapil.code} {self.party.abbr}"


class Office(models.TextChoices):
    """A post whose holder must resign before standing (UU 7/2017 Pasal 240 ayat (1) huruf k)."""

    NONE = "", _("Tidak ada")
    ASN = "asn", _("Aparatur sipil negara")
    TNI = "tni", _("Anggota TNI")
    POLRI = "polri", _("Anggota Polri")
    BUMN = "bumn", _("Direksi, komisaris, pengawas atau karyawan BUMN/BUMD")
    VILLAGE = "kades", _("Kepala desa atau perangkat desa")
    ADHOC = "adhoc", _("Anggota badan ad hoc penyelenggara pemilu")


class Candidate(Scoped):
    """One name on a list, at its nomor urut. ``findings`` holds the NIK checks' codes recorded
    at submission (e.g. ``N05`` sex against the NIK's day + 40)."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.CASCADE, related_name="candidates",
                                       verbose_name=_("daftar calon"))
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)  # rules.name_key: a warning across lists
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    nik_hash = models.CharField(max_length=64, db_index=True)
    nik_sealed = models.CharField(max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    domicile_code = models.CharField(_("kode wilayah domisili"), max_length=13, blank=True)
    domicile = models.CharField(_("domisili"), max_length=300, blank=True)
    office = models.CharField(_("jabatan yang wajib mundur"), max_length=5, choices=Office.choices, blank=True,
                              default=Office.NONE)
    resignation_decree_no = models.CharField(_("nomor SK pemberhentian"), max_length=100, blank=True)
    resignation_decree_date = models.DateField(_("tanggal SK pemberhentian"), null=True, blank=True)
    findings = models.CharField(_("temuan NIK"), max_length=60, blank=True)

    scope_path: ClassVar[str] = "candidate_list__"

    class Meta:
        verbose_name = _("calon")
        verbose_name_plural = _("calon")
        ordering = ["candidate_list", "number"]
        constraints = [models.UniqueConstraint(fields=["candidate_list", "number"],
                                               name="candidacy_candidate_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class LiaisonOfficer(models.Model):
    """A party's liaison officer (penghubung): the account that submits and corrects its lists at
    one KPU (``scope_code``; '' = KPU RI). The role itself is a ``RoleAssignment`` (``penghubung``)
    whose ``origin`` names this row, so revoking one revokes exactly that grant."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="liaison_posts")
    party = models.ForeignKey("results.Party", on_delete=models.PROTECT, related_name="liaison_officers",
                              verbose_name=_("partai politik"))
    scope_code = models.CharField(_("wilayah"), max_length=5, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("penghubung partai")
        verbose_name_plural = _("penghubung partai")
        constraints = [models.UniqueConstraint(fields=["user", "party", "scope_code"], name="liaison_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.party}"
