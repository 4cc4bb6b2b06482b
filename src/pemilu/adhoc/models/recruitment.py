"""A recruitment (one office, one body, one election) and its areas."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc import rules
from pemilu.core.scope import RegionScopedModel, ScopedModel, region_key


class RecruitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Rencana")
    REGISTRATION = "registration", _("Pendaftaran dibuka")
    VERIFICATION = "verification", _("Penelitian administrasi")
    WRITTEN = "written", _("Tes tertulis")
    INTERVIEW = "interview", _("Wawancara")
    # Without a written test or an interview (KPPS 2023-24, KPT 1669/2023): the administrative
    # results are announced, public comments come in, then the final ranking is announced.
    SELECTION = "selection", _("Hasil administrasi diumumkan")
    RANKED = "ranked", _("Hasil akhir diumumkan")
    APPOINTED = "appointed", _("Ditetapkan")
    INAUGURATED = "inaugurated", _("Dilantik")


class Recruitment(RegionScopedModel):
    """One KPU Kab/Kota office's recruitment of one body for one election (e.g. PPS 2024 in 12.76)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="adhoc_recruitments",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=9, choices=rules.Body.choices)
    region = region_key(_("KPU Kabupaten/Kota"))
    status = models.CharField(_("tahap"), max_length=14, choices=RecruitmentStatus.choices,
                              default=RecruitmentStatus.DRAFT)
    registration_start = models.DateField(_("pendaftaran mulai"), null=True, blank=True)
    registration_end = models.DateField(_("pendaftaran selesai"), null=True, blank=True)
    work_start = models.DateField(_("masa kerja mulai"), null=True, blank=True)
    work_end = models.DateField(_("masa kerja selesai"), null=True, blank=True)
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    inaugurated_on = models.DateField(_("tanggal pelantikan"), null=True, blank=True)
    inauguration_place = models.CharField(_("tempat pelantikan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rekrutmen badan adhoc")
        verbose_name_plural = _("rekrutmen badan adhoc")
        constraints = [models.UniqueConstraint(fields=["election", "body", "region"], name="adhoc_recruitment_unique")]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.election} — {self.region_id}"

    @property
    def registration_opened(self) -> bool:
        """Whether registration has opened (on the region's calendar day): before, no area is
        "below the minimum" — it has had no chance to register anyone (issue 20 item 9)."""
        if self.status == RecruitmentStatus.DRAFT:
            return False
        if self.registration_start is None:
            return True
        from pemilu.schedule.queries import local_date

        return self.registration_start <= local_date(self.election, region_code=self.region_id)

    @property
    def registrants_matter(self) -> bool:
        """Whether a shortfall of registrants calls for action (extend, or continue under KPT
        534/2022 c): from the opening of registration until the administrative check ends.
        Later it is history, not an alarm."""
        return (self.status in (RecruitmentStatus.REGISTRATION, RecruitmentStatus.VERIFICATION)
                and self.registration_opened)


class Area(ScopedModel):
    """One body to form: a kecamatan (PPK), desa/kelurahan (PPS) or TPS (KPPS) of a recruitment."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("kode wilayah/TPS"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("jumlah anggota"))
    registration_end = models.DateField(_("pendaftaran selesai"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("jumlah perpanjangan"), default=0)
    continue_below_minimum = models.BooleanField(_("seleksi dilanjutkan walau di bawah minimal"), default=False)
    # NULL = the recruitment's work period; set when a re-vote in this area extends it (WorkExtension).
    work_end = models.DateField(_("masa kerja selesai (diperpanjang)"), null=True, blank=True)

    class Meta:
        verbose_name = _("wilayah pembentukan")
        verbose_name_plural = _("wilayah pembentukan")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["recruitment", "code"], name="adhoc_area_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
