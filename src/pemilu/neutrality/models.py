from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.files import StoredFile
from pemilu.core.scope import RegionScopedModel, ScopedModel, region_key
from pemilu.neutrality import rules, sanctions


class CaseRules(models.Model):
    """Deadline rules of one election (defaults: ``rules.DeadlineRules``, i.e. the domain brief)."""

    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE, related_name="case_rules",
                                    verbose_name=_("pemilu"))
    report_days = models.PositiveSmallIntegerField(_("batas pelaporan (hari)"), default=7)
    report_unit = models.CharField(_("satuan batas pelaporan"), max_length=10, choices=rules.DayUnit.choices,
                                   default=rules.DayUnit.WORKING)
    finding_days = models.PositiveSmallIntegerField(_("batas penetapan temuan (hari)"), default=7)
    finding_unit = models.CharField(_("satuan batas temuan"), max_length=10, choices=rules.DayUnit.choices,
                                    default=rules.DayUnit.CALENDAR)
    review_days = models.PositiveSmallIntegerField(_("kajian awal (hari)"), default=2)
    review_unit = models.CharField(_("satuan kajian awal"), max_length=10, choices=rules.DayUnit.choices,
                                   default=rules.DayUnit.CALENDAR)
    decision_days = models.PositiveSmallIntegerField(_("batas putusan (hari)"), default=7)
    decision_unit = models.CharField(_("satuan batas putusan"), max_length=10, choices=rules.DayUnit.choices,
                                     default=rules.DayUnit.CALENDAR)
    extended_days = models.PositiveSmallIntegerField(_("batas perpanjangan (hari)"), default=14)
    extended_unit = models.CharField(_("satuan perpanjangan"), max_length=10, choices=rules.DayUnit.choices,
                                     default=rules.DayUnit.WORKING)
    extended_from = models.CharField(_("perpanjangan dihitung"), max_length=12, choices=rules.ExtensionFrom.choices,
                                     default=rules.ExtensionFrom.REGISTRATION)
    duplicate_window_days = models.PositiveSmallIntegerField(_("jendela duplikat (hari)"), default=7)
    holidays = models.TextField(_("hari libur tambahan"), blank=True,
                                help_text=_("Selain kalender nasional: satu tanggal ISO per baris, mis. 2024-02-14"))
    joint_leave_off = models.BooleanField(_("cuti bersama bukan hari kerja"), default=True)

    class Meta:
        verbose_name = _("aturan penanganan kasus")
        verbose_name_plural = _("aturan penanganan kasus")
        constraints = [
            models.CheckConstraint(condition=models.Q(report_unit__in=rules.DayUnit.values)
                                   & models.Q(review_unit__in=rules.DayUnit.values)
                                   & models.Q(decision_unit__in=rules.DayUnit.values)
                                   & models.Q(extended_unit__in=rules.DayUnit.values)
                                   & models.Q(finding_unit__in=rules.DayUnit.values), name="case_rules_units_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.election}: {self.report_days}/{self.review_days}/{self.decision_days}+{self.extended_days}"

    def to_rules(self, calendar: frozenset[datetime.date] = frozenset()) -> rules.DeadlineRules:
        """The rules, with ``calendar`` (the national days off, ``Holiday.off_days``) added to the
        election's own extra holidays."""
        return rules.DeadlineRules(
            report_days=self.report_days, report_unit=rules.DayUnit(self.report_unit),
            finding_days=self.finding_days, finding_unit=rules.DayUnit(self.finding_unit),
            review_days=self.review_days, review_unit=rules.DayUnit(self.review_unit),
            decision_days=self.decision_days, decision_unit=rules.DayUnit(self.decision_unit),
            extended_days=self.extended_days, extended_unit=rules.DayUnit(self.extended_unit),
            extended_from=rules.ExtensionFrom(self.extended_from),
            duplicate_window_days=self.duplicate_window_days,
            holidays=calendar | rules.parse_holidays(self.holidays))


class Holiday(models.Model):
    """One day of the national holiday calendar (hari libur nasional and cuti bersama), which
    working-day deadlines skip. Seeded with 2024 (SKB 3 Menteri 855/3/4 Tahun 2023, and voting day,
    UU 7/2017 Pasal 167(3)); other years are imported (``pemilu neutrality holidays FILE``)."""

    date = models.DateField(_("tanggal"), unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=rules.HolidayKind.choices)
    name = models.CharField(_("nama"), max_length=200)
    source = models.CharField(_("dasar hukum"), max_length=300)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=rules.HolidayKind.values),
                                              name="holiday_kind_valid")]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"

    @classmethod
    def off_days(cls, *, joint_leave: bool = True) -> frozenset[datetime.date]:
        return rules.off_days(cls.objects.values_list("date", "kind"), joint_leave=joint_leave)


class Pledge(ScopedModel):
    """A signed neutrality pledge (pakta integritas netralitas) of one person for one election."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="neutrality_pledges",
                                 verbose_name=_("pemilu"))
    employee = models.ForeignKey("asn.AsnEmployee", on_delete=models.PROTECT, related_name="pledges",
                                 verbose_name=_("pegawai"))
    signed_on = models.DateField(_("tanggal tanda tangan"))
    document = models.FileField(_("dokumen bertanda tangan"), upload_to="neutrality/pledges/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ikrar netralitas")
        verbose_name_plural = _("ikrar netralitas")
        constraints = [models.UniqueConstraint(fields=["election", "employee"], name="pledge_one_per_election")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.election}"


class SocialisationEvent(RegionScopedModel):
    """A neutrality socialisation (sosialisasi netralitas ASN) held in a region."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="neutrality_events",
                                 verbose_name=_("pemilu"))
    region = region_key(_("wilayah"))
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    audience = models.CharField(_("peserta sasaran"), max_length=200)
    materials = models.TextField(_("materi"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sosialisasi netralitas")
        verbose_name_plural = _("sosialisasi netralitas")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y} {self.place}"


class Attendee(models.Model):
    """One person on a socialisation event's attendance list (imported from XLSX/CSV)."""

    event = models.ForeignKey(SocialisationEvent, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    agency = models.CharField(_("instansi"), max_length=200, blank=True)
    employee = models.ForeignKey("asn.AsnEmployee", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("pegawai"))

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [models.UniqueConstraint(fields=["event", "nip"], condition=~models.Q(nip=""),
                                               name="attendee_nip_once_per_event")]

    def __str__(self) -> str:
        return self.name


class Category(models.TextChoices):
    ASN_NEUTRALITY = "asn_neutrality", _("Netralitas ASN")
    CAMPAIGN = "campaign", _("Pelanggaran kampanye")
    OTHER = "other", _("Lainnya")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    REGISTERED = "registered", _("Diregistrasi")
    REJECTED = "rejected", _("Ditolak")
    EXAMINED = "examined", _("Diperiksa")
    DECIDED = "decided", _("Diputus")
    REFERRED = "referred", _("Diteruskan")
    CLOSED = "closed", _("Selesai")


class RejectionReason(models.TextChoices):
    LATE = "late", _("Terlambat (melewati batas pelaporan)")
    INCOMPLETE = "incomplete", _("Tidak lengkap (syarat formal/materiel)")
    NOT_JURISDICTION = "not_jurisdiction", _("Bukan kewenangan")


class CaseDecision(models.TextChoices):
    PROVEN = "proven", _("Terbukti")
    NOT_PROVEN = "not_proven", _("Tidak terbukti")


class CaseSource(models.TextChoices):
    REPORT = "laporan", _("Laporan")
    FINDING = "temuan", _("Temuan (pengawasan Bawaslu)")


class Case(RegionScopedModel):
    """A case opened by the first report about a person/event; duplicates link to it.

    Workflow: received → registered | rejected → examined → decided → referred → closed
    (a "not proven" decision closes the case).
    """

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="neutrality_cases",
                                 verbose_name=_("pemilu"))
    region = region_key(_("wilayah kejadian"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    source = models.CharField(_("sumber"), max_length=10, choices=CaseSource.choices, default=CaseSource.REPORT)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    suspect_name = models.CharField(_("nama terlapor"), max_length=200, blank=True)
    suspect_name_norm = models.CharField(max_length=200, blank=True)
    suspect_nip = models.CharField(_("NIP terlapor"), max_length=18, blank=True)
    suspect_agency = models.CharField(_("instansi terlapor"), max_length=200, blank=True)
    suspect = models.ForeignKey("asn.AsnEmployee", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="neutrality_cases", verbose_name=_("terlapor (register ASN)"))
    suspect_employment = models.CharField(_("jenis kepegawaian terlapor"), max_length=20,
                                          choices=sanctions.Employment.choices, blank=True)
    suspect_role = models.CharField(_("terlapor sebagai penyelenggara"), max_length=10,
                                    choices=sanctions.OrganiserRole.choices, blank=True)
    event_date = models.DateField(_("tanggal kejadian"))
    known_on = models.DateField(_("tanggal diketahui"))
    received_on = models.DateField(_("tanggal diterima"))
    registered_on = models.DateField(_("tanggal registrasi"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=20, choices=RejectionReason.choices,
                                        blank=True)
    examined_on = models.DateField(_("tanggal pemeriksaan"), null=True, blank=True)
    extended = models.BooleanField(_("diperpanjang"), default=False)
    decided_on = models.DateField(_("tanggal putusan"), null=True, blank=True)
    decision = models.CharField(_("putusan"), max_length=12, choices=CaseDecision.choices, blank=True)
    breach = models.CharField(_("jenis pelanggaran"), max_length=20, choices=sanctions.Breach.choices, blank=True)
    referred_on = models.DateField(_("tanggal diteruskan"), null=True, blank=True)
    referred_to = models.CharField(_("diteruskan ke"), max_length=12, choices=sanctions.Destination.choices, blank=True)
    outcome_on = models.DateField(_("tanggal hasil"), null=True, blank=True)
    sanction_track = models.CharField(_("jalur sanksi"), max_length=10, choices=sanctions.Track.choices, blank=True)
    sanction_level = models.CharField(_("tingkat sanksi"), max_length=8, choices=sanctions.SanctionGrade.choices,
                                      blank=True)
    sanction_type = models.CharField(_("jenis sanksi"), max_length=30, blank=True)
    last_note = models.TextField(_("catatan terakhir"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        ordering = ["-received_on", "-pk"]
        # Duplicate detection looks cases up by person within one kab/kota (actions.find_duplicate).
        indexes = [
            models.Index(fields=["suspect_name_norm", "kab_code", "event_date"], name="case_dup_by_name"),
            models.Index(fields=["suspect_nip", "kab_code", "event_date"], name="case_dup_by_nip"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(condition=~models.Q(status=CaseStatus.REJECTED) | ~models.Q(rejection_reason=""),
                                   name="case_rejected_has_reason"),
            models.CheckConstraint(condition=models.Q(source__in=CaseSource.values), name="case_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.suspect_name or self.get_category_display()}"

    @property
    def number(self) -> str:
        return f"NTR-{self.pk or 0:05d}"

    @property
    def sanction_label(self) -> str:
        kind = sanctions.ALL_TYPES.get(self.sanction_type)
        return str(kind.label) if kind else self.sanction_type


class Report(RegionScopedModel):
    """One report as filed (public intake or staff). The reporter's identity is private: only the
    handling office (roles allowed ``neutrality.handle`` over the region) ever sees it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kasus"))
    region = region_key(_("wilayah kejadian"))
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.TextField(_("uraian kejadian"))
    suspect_name = models.CharField(_("nama terlapor"), max_length=200, blank=True)
    suspect_nip = models.CharField(_("NIP terlapor"), max_length=18, blank=True)
    suspect_agency = models.CharField(_("instansi terlapor"), max_length=200, blank=True)
    event_date = models.DateField(_("tanggal kejadian"))
    known_on = models.DateField(_("tanggal diketahui"))
    place = models.CharField(_("tempat kejadian"), max_length=300)
    links = models.TextField(_("tautan"), blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    reporter_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("kontak pelapor"), max_length=200, blank=True)
    reporter_address = models.CharField(_("alamat pelapor"), max_length=300, blank=True)
    tracking_hash = models.CharField(max_length=64, unique=True)
    is_duplicate = models.BooleanField(_("duplikat"), default=False)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(reporter_name="", reporter_contact="", reporter_address=""),
                name="report_anonymous_has_no_identity"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.case.number}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Evidence(StoredFile):
    """An uploaded file kept byte for byte (EXIF included; never re-encoded), with its SHA-256."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")

    class Meta(StoredFile.Meta):
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    @property
    def scope_owner(self) -> Case:
        return self.report.case
