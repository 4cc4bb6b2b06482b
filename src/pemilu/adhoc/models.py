"""Forming the ad hoc bodies (PPK, PPS, KPPS): docs/apps/adhoc.md describes the schema.

Scale shapes the schema: ``Applicant`` is one flat row per application with the area's ancestor
codes in indexed columns and every outcome (eligibility bitmasks, scores, ranks, selection) as a
column, so eligibility and ranking for ~6 M applicants run as a handful of set-based statements
(``bulk.py``) and the per-applicant Python explanation (``rules.evaluate``) reads the same facts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc import rules
from pemilu.core.files import StoredFile
from pemilu.core.scope import ScopedModel


class Body(models.TextChoices):
    PPK = rules.Body.PPK.value, _("PPK")
    PPS = rules.Body.PPS.value, _("PPS")
    KPPS = rules.Body.KPPS.value, _("KPPS")


class BodyRules(models.Model):
    """Per election and body: seats and the thresholds of the pipeline (domain brief §1.3–1.4)."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="adhoc_rules",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=4, choices=Body.choices)
    seats = models.PositiveSmallIntegerField(_("jumlah anggota per badan"))
    min_registrants_factor = models.PositiveSmallIntegerField(_("faktor minimal pendaftar"), default=2)
    written_pass_factor = models.PositiveSmallIntegerField(_("faktor lulus tes tertulis"), default=3)
    ranked_factor = models.PositiveSmallIntegerField(_("faktor peringkat akhir"), default=2)
    extension_days = models.PositiveSmallIntegerField(_("lama perpanjangan (hari)"), default=3)
    max_extensions = models.PositiveSmallIntegerField(_("perpanjangan paling banyak"), default=2)
    women_target_pct = models.PositiveSmallIntegerField(_("keterwakilan perempuan (%)"), default=30)
    tie_breaks = models.CharField(_("urutan penentu peringkat"), max_length=200,
                                  default=",".join(rules.DEFAULT_TIE_BREAKS))
    max_upload_bytes = models.PositiveIntegerField(_("batas ukuran berkas (byte)"), default=2 * 1024 * 1024)

    class Meta:
        verbose_name = _("aturan pembentukan badan adhoc")
        verbose_name_plural = _("aturan pembentukan badan adhoc")
        constraints = [models.UniqueConstraint(fields=["election", "body"], name="adhoc_body_rules_unique")]

    def __str__(self) -> str:
        return f"{self.election} {self.get_body_display()}: {self.seats}"

    @property
    def chain(self) -> tuple[str, ...]:
        return rules.parse_tie_breaks(self.tie_breaks)


class EligibilityRule(models.Model):
    """One eligibility rule as data: evaluator kind, parameters, the regulation cited."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="adhoc_eligibility",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=4, choices=Body.choices)
    kind = models.CharField(_("jenis"), max_length=20, choices=[(k.value, k.value) for k in rules.Kind])
    name = models.CharField(_("syarat"), max_length=200)
    citation = models.CharField(_("dasar hukum"), max_length=200)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    enabled = models.BooleanField(_("berlaku"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("syarat calon")
        verbose_name_plural = _("syarat calon")
        ordering = ["election", "body", "position"]
        constraints = [models.UniqueConstraint(fields=["election", "body", "kind"], name="adhoc_rule_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"

    @property
    def bit(self) -> int:
        return rules.BITS[rules.Kind(self.kind)]


class Status(models.TextChoices):
    DRAFT = "draft", _("Rencana")
    REGISTRATION = "registration", _("Pendaftaran dibuka")
    VERIFICATION = "verification", _("Penelitian administrasi")
    WRITTEN = "written", _("Tes tertulis")
    INTERVIEW = "interview", _("Wawancara")
    RANKED = "ranked", _("Hasil akhir diumumkan")
    APPOINTED = "appointed", _("Ditetapkan")
    INAUGURATED = "inaugurated", _("Dilantik")


class Recruitment(ScopedModel):
    """One KPU Kab/Kota office's recruitment of one body for one election (e.g. PPS 2024 in 12.76)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="adhoc_recruitments",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=4, choices=Body.choices)
    region = models.ForeignKey("regions.Region", to_field="code", db_column="region_code", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("KPU Kabupaten/Kota"))
    status = models.CharField(_("tahap"), max_length=14, choices=Status.choices, default=Status.DRAFT)
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
    def scope_code(self) -> str:
        return self.region_id

    @property
    def registrants_matter(self) -> bool:
        """Whether a shortfall of registrants still calls for action (extend, or continue under KPT
        534/2022 c): until the administrative check ends. Later it is history, not an alarm."""
        return self.status in (Status.DRAFT, Status.REGISTRATION, Status.VERIFICATION)


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


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.IntegerChoices):
    SD = int(rules.Education.SD), _("SD")
    SMP = int(rules.Education.SMP), _("SMP")
    SMA = int(rules.Education.SMA), _("SMA/sederajat")
    DIPLOMA = int(rules.Education.DIPLOMA), _("Diploma")
    S1 = int(rules.Education.S1), _("S1/D4")
    S2 = int(rules.Education.S2), _("S2")
    S3 = int(rules.Education.S3), _("S3")


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


class Applicant(ScopedModel):
    """One application (pendaftaran) of one person (NIK) to one area's body. Flat on purpose."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.PROTECT, related_name="applicants")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="applicants", verbose_name=_("wilayah"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("badan"), max_length=4, choices=Body.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="adhoc_applications", verbose_name=_("akun pendaftar"))
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    domicile_code = models.CharField(_("kode wilayah domisili"), max_length=13)
    is_citizen = models.BooleanField(_("WNI"), default=True)
    education = models.PositiveSmallIntegerField(_("pendidikan terakhir"), choices=Education.choices)
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

    class Meta:
        verbose_name = _("dokumen pelamar")
        verbose_name_plural = _("dokumen pelamar")
        constraints = [
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
    body = models.CharField(_("badan"), max_length=4, choices=Body.choices)
    period = models.CharField(_("periode"), max_length=40)
    region_code = models.CharField(_("wilayah"), max_length=20, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat penyelenggara")
        verbose_name_plural = _("riwayat penyelenggara")
        constraints = [models.UniqueConstraint(fields=["nik", "body", "period"], name="adhoc_service_unique")]

    def __str__(self) -> str:
        return f"{self.nik} {self.body} {self.period}"


class ExtensionKind(models.TextChoices):
    EXTEND = "extend", _("Perpanjangan pendaftaran")
    REOPEN = "reopen", _("Pendaftaran dibuka kembali")
    CONTINUE = "continue", _("Seleksi dilanjutkan (KPT 534/2022 huruf c)")


class AreaExtension(models.Model):
    """An extension or re-opening of one area's registration, or the decision to continue (§1.4)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="extension_log")
    kind = models.CharField(_("jenis"), max_length=8, choices=ExtensionKind.choices)
    previous_end = models.DateField(_("batas sebelumnya"), null=True, blank=True)
    new_end = models.DateField(_("batas baru"), null=True, blank=True)
    reason = models.TextField(_("alasan"))
    registrants = models.PositiveIntegerField(_("pendaftar saat itu"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perpanjangan pendaftaran")
        verbose_name_plural = _("perpanjangan pendaftaran")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.area}: {self.kind} → {self.new_end}"


class Step(models.TextChoices):
    REGISTRATION = "registration", _("Pengumuman pendaftaran")
    ADMIN = "admin", _("Hasil penelitian administrasi")
    WRITTEN = "written", _("Hasil tes tertulis")
    FINAL = "final", _("Hasil akhir seleksi")
    APPOINTMENT = "appointment", _("Penetapan anggota")
    REPLACEMENT = "replacement", _("Penggantian antarwaktu")


class DocumentState(models.TextChoices):
    PENDING = "pending", _("sedang disiapkan")
    READY = "ready", _("siap")
    FAILED = "failed", _("gagal disiapkan")


class Announcement(models.Model):
    """A published announcement PDF (names with masked NIK), kept with its SHA-256.

    The action stores the announced rows (``content``) and their digest (in the audit row); the
    PDF is rendered from them after commit by a background job (``adhoc/tasks.py``), so no
    action holds the kab/kota audit-chain head while WeasyPrint lays out thousands of rows.
    Until then ``state`` is pending and the pages show "sedang disiapkan"."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="announcements")
    step = models.CharField(_("tahap"), max_length=12, choices=Step.choices)
    number = models.CharField(_("nomor"), max_length=100)
    file = models.FileField(upload_to="adhoc/announcements/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the PDF, once rendered
    content = models.JSONField(default=dict, blank=True)  # the announced rows, as of the action
    state = models.CharField(max_length=8, choices=DocumentState.choices, default=DocumentState.READY)
    ready_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.number}"

    @property
    def scope_code(self) -> str:
        return self.recruitment.scope_code


class LeaveReason(models.TextChoices):
    # PKPU 8/2022 Pasal 43 ayat (2) (domain brief §1.6).
    DEATH = "death", _("Meninggal dunia")
    UNABLE = "unable", _("Berhalangan tetap")
    RESIGNED = "resigned", _("Mengundurkan diri")
    DISMISSED = "dismissed", _("Diberhentikan tidak dengan hormat")


class Replacement(models.Model):
    """A replacement (PAW): the member who left, why, and the reserve who took the seat."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="replacements")
    outgoing = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="replaced_by")
    incoming = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="replacing", null=True,
                                 blank=True)
    reason = models.CharField(_("alasan"), max_length=10, choices=LeaveReason.choices)
    detail = models.TextField(_("keterangan"))
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal"))
    announcement = models.ForeignKey("Announcement", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="replacements")  # the PAW announcement PDF
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penggantian antarwaktu")
        verbose_name_plural = _("penggantian antarwaktu")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"PAW {self.area}: {self.outgoing_id} → {self.incoming_id}"


class Revote(models.TextChoices):
    # UU 7/2017 Pasal 51 / PKPU 8/2022 Pasal 27: re-votes extend the work period (domain brief §1.1).
    PSU = "psu", _("Pemungutan suara ulang (PSU)")
    SUSULAN = "susulan", _("Pemilu susulan")
    LANJUTAN = "lanjutan", _("Pemilu lanjutan")


class WorkExtension(models.Model):
    """An extension of the work period for a re-vote: of one area (``area`` set) or of the whole
    recruitment (``area`` NULL). History kept; the current end is on ``Area.work_end`` / ``Recruitment.work_end``."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="work_extensions")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="work_extensions")
    kind = models.CharField(_("jenis pemungutan suara"), max_length=8, choices=Revote.choices)
    previous_end = models.DateField(_("masa kerja selesai sebelumnya"), null=True, blank=True)
    new_end = models.DateField(_("masa kerja selesai baru"))
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perpanjangan masa kerja")
        verbose_name_plural = _("perpanjangan masa kerja")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.area or self.recruitment}: {self.kind} → {self.new_end}"


class CommentStatus(models.TextChoices):
    NEW = "new", _("Baru")
    FOLLOWED_UP = "done", _("Ditindaklanjuti")


class PublicComment(ScopedModel):
    """Tanggapan masyarakat (KPT 476/2022 step 7, domain brief §1.3): a comment from the public on an
    announced candidate. Read only by the KPU office handling the area (``adhoc.pii``), which records
    its follow-up. Scope columns are the candidate's."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="comments")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="comments",
                                  verbose_name=_("calon"))
    announcement = models.ForeignKey(Announcement, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="comments")
    text = models.TextField(_("tanggapan"))
    sender_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    sender_contact = models.CharField(_("kontak pengirim"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=4, choices=CommentStatus.choices, default=CommentStatus.NEW)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    followed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    followed_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tanggapan masyarakat")
        verbose_name_plural = _("tanggapan masyarakat")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant_id}: {self.text[:40]}"
