"""Secretariats of the PPK (kecamatan) and PPS (kelurahan/desa) per election (domain brief §1.8).

A secretariat is keyed by (election, region, body kind): it does not depend on the ad hoc body
rows themselves, so it can be formed before (or without) the PPK/PPS being recruited here.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.files import StoredFile
from pemilu.core.scope import RegionScopedModel, ScopedQuerySet, region_key
from pemilu.secretariats import rules


class CompositionRule(models.Model):
    """The composition and proposal limits of one body kind in one election (none = defaults)."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("pemilu"))
    body_kind = models.CharField(_("badan"), max_length=3, choices=rules.BodyKind.choices)
    secretary_seats = models.PositiveSmallIntegerField(_("kursi sekretaris"), default=1)
    staff_duties = models.TextField(_("tugas staf (satu per baris)"))
    max_secretary_candidates = models.PositiveSmallIntegerField(_("usulan calon sekretaris paling banyak"), default=3)
    max_staff_candidates = models.PositiveSmallIntegerField(_("usulan calon staf paling banyak"), default=4)
    enforce_workplace = models.BooleanField(_("periksa tempat kerja"), default=True)
    window_policy = models.CharField(_("tanggal di luar jendela pembentukan"), max_length=6, default="warn",
                                     choices=[("warn", _("peringatkan")), ("refuse", _("tolak"))])
    window_days = models.PositiveSmallIntegerField(_("jendela pembentukan (hari setelah pelantikan PPS)"), default=7)

    class Meta:
        verbose_name = _("komposisi sekretariat")
        verbose_name_plural = _("komposisi sekretariat")
        constraints = [models.UniqueConstraint(fields=["election", "body_kind"], name="secretariat_rule_unique")]

    def __str__(self) -> str:
        return f"{self.election} {self.body_kind}"

    def to_rules(self) -> rules.Composition:
        return rules.Composition(secretary_seats=self.secretary_seats,
                                 staff_duties=rules.parse_duties(self.staff_duties),
                                 max_secretary_candidates=self.max_secretary_candidates,
                                 max_staff_candidates=self.max_staff_candidates,
                                 enforce_workplace=self.enforce_workplace, window_policy=self.window_policy,
                                 window_days=self.window_days)



class Secretariat(RegionScopedModel):
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="secretariats",
                                 verbose_name=_("pemilu"))
    body_kind = models.CharField(_("badan"), max_length=3, choices=rules.BodyKind.choices)
    region = region_key(_("wilayah"), related_name="secretariats")
    office_name = models.CharField(_("kantor"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sekretariat")
        verbose_name_plural = _("sekretariat")
        ordering = ["region_id", "body_kind"]
        constraints = [
            models.UniqueConstraint(fields=["election", "region", "body_kind"], name="secretariat_unique"),
            models.CheckConstraint(condition=models.Q(body_kind__in=rules.BodyKind.values),
                                   name="secretariat_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_kind_display()} {self.region.name}"


class Position(models.Model):
    """One seat of a secretariat (1 sekretaris, 2 staf by default), created at formation."""

    secretariat = models.ForeignKey(Secretariat, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(_("jabatan"), max_length=12, choices=rules.PositionKind.choices)
    duty = models.CharField(_("tugas"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("jabatan sekretariat")
        verbose_name_plural = _("jabatan sekretariat")
        ordering = ["secretariat", "order"]
        constraints = [models.UniqueConstraint(fields=["secretariat", "order"], name="secretariat_position_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.duty}".strip()


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("diusulkan")
    PICKED = "picked", _("dipilih")
    NOT_PICKED = "not_picked", _("tidak dipilih")
    WITHDRAWN = "withdrawn", _("ditarik")


class StaffCandidate(models.Model):
    """A name proposed for a secretariat seat (PPK: to the bupati/walikota; PPS: to KPU Kab/Kota,
    forwarded to the lurah/kepala desa)."""

    audit_label = "secretariats.candidate"  # the target type of its audit rows, from before the rename

    secretariat = models.ForeignKey(Secretariat, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(_("jabatan"), max_length=12, choices=rules.PositionKind.choices)
    employee = models.ForeignKey("asn.AsnEmployee", on_delete=models.PROTECT, related_name="secretariat_candidacies",
                                 verbose_name=_("pegawai"))
    proposed_on = models.DateField(_("tanggal usulan"))
    letter_number = models.CharField(_("nomor surat usulan"), max_length=100, blank=True)
    forwarded_on = models.DateField(_("diteruskan ke lurah/kepala desa"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CandidateStatus.choices,
                              default=CandidateStatus.PROPOSED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "secretariats_candidate"  # the table of its first name, Candidate (issue 18 item 6)
        verbose_name = _("calon")
        verbose_name_plural = _("calon")
        ordering = ["secretariat", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["secretariat", "employee", "kind"],
                                               condition=models.Q(status="proposed"),
                                               name="secretariat_candidate_open_once")]

    def __str__(self) -> str:
        return f"{self.employee.name} ({self.kind})"


class DecisionKind(models.TextChoices):
    # The bupati/walikota (PPK) or lurah/kepala desa (PPS) picks by keputusan; KPU Kab/Kota then sets.
    KEPUTUSAN = "keputusan", _("Keputusan penunjukan")
    PENETAPAN = "penetapan", _("Penetapan KPU")


class Decision(models.Model):
    secretariat = models.ForeignKey(Secretariat, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("jenis"), max_length=12, choices=DecisionKind.choices)
    number = models.CharField(_("nomor"), max_length=120)
    date = models.DateField(_("tanggal"))
    issued_by = models.CharField(_("ditetapkan oleh"), max_length=200)
    # Why the date is outside the PPS formation window (policy "warn"), kept and shown; '' = inside.
    window_warning = models.CharField(_("peringatan jendela pembentukan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d-%m-%Y})"


class AssignmentQuerySet(ScopedQuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(ended_on__isnull=True)


class Assignment(models.Model):
    """A person in a seat, from the keputusan until removal. Ended rows stay (history)."""

    scope_path = "secretariat__"

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    secretariat = models.ForeignKey(Secretariat, on_delete=models.PROTECT, related_name="assignments")
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("asn.AsnEmployee", on_delete=models.PROTECT, related_name="secretariat_assignments",
                                 verbose_name=_("pegawai"))
    candidate = models.ForeignKey(StaffCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    keputusan = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="picked")
    penetapan = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="set")
    pakta_signed_on = models.DateField(_("pakta integritas ditandatangani"), null=True, blank=True)
    pakta_document = models.ForeignKey("Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("berakhir"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berakhir"), max_length=20, choices=rules.EndReason.choices, blank=True)
    end_note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[AssignmentQuerySet] = AssignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        ordering = ["position__order", "started_on", "pk"]
        constraints = [
            # One person per seat at a time; one person in one secretariat at a time per election.
            models.UniqueConstraint(fields=["position"], condition=models.Q(ended_on__isnull=True),
                                    name="secretariat_one_active_per_position"),
            models.UniqueConstraint(fields=["election", "employee"], condition=models.Q(ended_on__isnull=True),
                                    name="secretariat_one_active_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.position}"

    @property
    def scope_code(self) -> str:
        return self.secretariat.region_id


class DocumentKind(models.TextChoices):
    KEPUTUSAN = "keputusan", _("Keputusan bertanda tangan")
    PENETAPAN = "penetapan", _("Penetapan KPU bertanda tangan")
    PAKTA = "pakta", _("Pakta integritas")
    OTHER = "other", _("Lainnya")


class Document(StoredFile):
    """An uploaded signed document: original bytes, content type sniffed, SHA-256."""

    secretariat = models.ForeignKey(Secretariat, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=12, choices=DocumentKind.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(StoredFile.Meta):
        verbose_name = _("dokumen sekretariat")
        verbose_name_plural = _("dokumen sekretariat")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def scope_owner(self) -> Secretariat:
        return self.secretariat
