"""Applicants: one flat row per application, their outcomes and documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc import rules
from pemilu.adhoc.models.recruitment import Area, Recruitment
from pemilu.core.files import StoredFile
from pemilu.core.models import Sex
from pemilu.core.scope import ScopedModel


class Health(models.TextChoices):
    UNKNOWN = "", _("Belum diperiksa")
    FIT = "fit", _("Mampu")
    UNFIT = "unfit", _("Tidak mampu")


class ApplicantStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri dari seleksi")
    LEFT = "left", _("Berhenti (PAW)")


class AdminResult(models.TextChoices):
    PENDING = "", _("Belum diteliti")
    MS = "ms", _("Memenuhi syarat")
    TMS = "tms", _("Tidak memenuhi syarat")


class Selection(models.TextChoices):
    NONE = "", _("-")
    MEMBER = "member", _("Anggota")
    RESERVE = "reserve", _("Cadangan")
    NOT_SELECTED = "not_selected", _("Tidak terpilih")


class Source(models.TextChoices):
    PORTAL = "portal", _("Portal pendaftar")
    OFFICER = "officer", _("Petugas")
    IMPORT = "import", _("Impor berkas")


ELIG_LABELS = {"": _("belum diperiksa"), "met": _("memenuhi semua syarat"), "not_met": _("tidak memenuhi syarat"),
               "needs_evidence": _("perlu bukti")}
# The same in a table cell: memenuhi / belum / tidak memenuhi (issue 20 item 8).
ELIG_SHORT = {"": _("belum diperiksa"), "met": _("memenuhi"), "not_met": _("tidak memenuhi"),
              "needs_evidence": _("belum")}


class Applicant(ScopedModel):
    """One application (pendaftaran) of one person (NIK) to one area's body. Flat on purpose."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.PROTECT, related_name="applicants")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="applicants", verbose_name=_("wilayah"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("badan"), max_length=9, choices=rules.Body.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="adhoc_applications", verbose_name=_("akun pendaftar"))
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    domicile_code = models.CharField(_("kode wilayah domisili"), max_length=13)
    is_citizen = models.BooleanField(_("WNI"), default=True)
    education = models.PositiveSmallIntegerField(_("pendidikan terakhir"), choices=rules.Education.choices)
    health = models.CharField(_("keterangan sehat"), max_length=5, choices=Health.choices, blank=True, default="")
    sentence_years = models.PositiveSmallIntegerField(_("ancaman pidana pernah dijalani (tahun)"), null=True,
                                                      blank=True, help_text=_("0 = menyatakan tidak pernah"))
    spouse_nik = models.CharField(_("NIK suami/istri"), max_length=16, blank=True)
    source = models.CharField(_("sumber"), max_length=8, choices=Source.choices, default=Source.PORTAL)
    status = models.CharField(_("status"), max_length=10, choices=ApplicantStatus.choices,
                              default=ApplicantStatus.ACTIVE)
    registered_at = models.DateTimeField(_("waktu pendaftaran"))
    admin_result = models.CharField(_("penelitian administrasi"), max_length=3, choices=AdminResult.choices,
                                    blank=True, default="")
    admin_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    written_score = models.DecimalField(_("nilai tes tertulis"), max_digits=6, decimal_places=2, null=True,
                                        blank=True)
    interview_score = models.DecimalField(_("nilai wawancara"), max_digits=6, decimal_places=2, null=True,
                                          blank=True)
    left_reason = models.CharField(_("alasan berhenti"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pelamar")
        verbose_name_plural = _("pelamar")
        ordering = ["area_id", "id"]
        constraints = [
            # NIK is the identity: one live application per person per election (any body, any area).
            models.UniqueConstraint(fields=["election", "nik"], condition=~models.Q(status="withdrawn"),
                                    name="adhoc_one_application_per_nik"),
        ]
        indexes = [
            models.Index(fields=["recruitment", "area"], name="adhoc_applicant_area"),
            models.Index(fields=["nik"], name="adhoc_applicant_nik"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area.name})"

    @property
    def masked_nik(self) -> str:
        return rules.mask_nik(self.nik)

    # Computed results live in the narrow Outcome row (see its docstring); read them through here.
    @property
    def elig_outcome(self) -> str:
        return self.outcome.elig_outcome

    @property
    def elig_not_met(self) -> int:
        return self.outcome.elig_not_met

    @property
    def elig_evidence(self) -> int:
        return self.outcome.elig_evidence

    @property
    def written_rank(self) -> int | None:
        return self.outcome.written_rank

    @property
    def passed_written(self) -> bool | None:
        return self.outcome.passed_written

    @property
    def final_rank(self) -> int | None:
        return self.outcome.final_rank

    @property
    def selection(self) -> str:
        return self.outcome.selection

    @property
    def elig_label(self) -> str:
        return str(ELIG_LABELS.get(self.outcome.elig_outcome, self.outcome.elig_outcome))

    @property
    def elig_short(self) -> str:
        return str(ELIG_SHORT.get(self.outcome.elig_outcome, self.outcome.elig_outcome))

    def get_selection_display(self) -> str:
        return str(Selection(self.outcome.selection).label) if self.outcome.selection else "-"


class Outcome(models.Model):
    """The computed results of one applicant: eligibility (overall outcome and the bitmasks of the
    rules not met / needing evidence, ``rules.BITS``), written-test rank and pass, final rank and
    selection. A narrow table of its own so the set-based passes (``bulk.py``) rewrite a few small
    rows with two indexes instead of the wide, many-indexed applicant row (on PostgreSQL an UPDATE
    writes a new row version and, without HOT, an entry in every index: ~10× the cost)."""

    applicant = models.OneToOneField(Applicant, on_delete=models.CASCADE, primary_key=True, related_name="outcome")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    elig_outcome = models.CharField(_("hasil syarat"), max_length=14, blank=True, default="")
    elig_not_met = models.IntegerField(default=0)
    elig_evidence = models.IntegerField(default=0)
    written_rank = models.PositiveIntegerField(_("peringkat tes tertulis"), null=True, blank=True)
    passed_written = models.BooleanField(_("lulus tes tertulis"), null=True, blank=True)
    final_rank = models.PositiveIntegerField(_("peringkat akhir"), null=True, blank=True)
    selection = models.CharField(_("hasil seleksi"), max_length=12, choices=Selection.choices, blank=True,
                                 default="")

    class Meta:
        verbose_name = _("hasil pelamar")
        verbose_name_plural = _("hasil pelamar")

    def __str__(self) -> str:
        return f"{self.applicant_id}: {self.elig_outcome} {self.final_rank} {self.selection}"


class ApplicantDocument(StoredFile):
    """An uploaded document (PDF/JPEG by content), kept byte for byte with its SHA-256."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=14, choices=[(d.value, d.value) for d in rules.Doc])

    class Meta(StoredFile.Meta):
        verbose_name = _("dokumen pelamar")
        verbose_name_plural = _("dokumen pelamar")
        constraints = [
            *StoredFile.Meta.constraints,
            models.CheckConstraint(condition=models.Q(content_type__in=["application/pdf", "image/jpeg"]),
                                   name="adhoc_document_type_allowed"),
            models.UniqueConstraint(fields=["applicant", "kind"], name="adhoc_document_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name} ({self.sha256[:12]})"

    @property
    def scope_owner(self) -> Applicant:
        return self.applicant


class PartyMembership(models.Model):
    """An imported party-membership row (SIPOL-like list), checked by NIK."""

    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    party = models.CharField(_("partai"), max_length=100)
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan partai")
        verbose_name_plural = _("keanggotaan partai")

    def __str__(self) -> str:
        return f"{self.nik} {self.party}"


class ServiceRecord(models.Model):
    """An imported period of service in an ad hoc body (for the optional period limit)."""

    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    body = models.CharField(_("badan"), max_length=9, choices=rules.Body.choices)
    period = models.CharField(_("periode"), max_length=40)
    region_code = models.CharField(_("wilayah"), max_length=20, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat penyelenggara")
        verbose_name_plural = _("riwayat penyelenggara")
        constraints = [models.UniqueConstraint(fields=["nik", "body", "period"], name="adhoc_service_unique")]

    def __str__(self) -> str:
        return f"{self.nik} {self.body} {self.period}"
