from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pemilu.core.levels import ancestor_codes
from pemilu.core.scope import ScopedQuerySet


class SeatContestKind(models.TextChoices):
    DPR = "DPR", _("DPR RI")
    DPRD_PROV = "DPRD_PROV", _("DPRD Provinsi")
    DPRD_KABKOTA = "DPRD_KABKOTA", _("DPRD Kabupaten/Kota")
    DPD = "DPD", _("DPD RI")


class RunSource(models.TextChoices):
    FILE = "file", _("berkas yang diunggah")
    RECAP = "recap", _("rekapitulasi yang dikunci")


class RunStatus(models.TextChoices):
    COMPLETE = "complete", _("selesai")
    NEEDS_RESOLUTION = "needs_resolution", _("perlu penyelesaian seri")


class AllocationRunQuerySet(ScopedQuerySet["AllocationRun"]):
    def public(self) -> AllocationRunQuerySet:
        """Finished runs whose results are public (anonymous read-only pages): a run from a file
        (a published result reproduced), and a run from the recap once KPU's decree announced it."""
        return self.filter(models.Q(source=RunSource.FILE) | models.Q(decree__isnull=False),
                           status=RunStatus.COMPLETE)


class AllocationRun(models.Model):
    """One seat allocation of a contest (e.g. DPR 2024, 84 dapil) with every input that decides
    it (votes, threshold, divisor, tie rules, tie resolutions, candidate votes), the hash of those
    inputs and the results. Scoped to ``region_code``: "" (national) for DPR, a provinsi or
    kab/kota code for DPRD. Identical inputs are stored once (same hash, same result)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="seat_runs",
                                 verbose_name=_("pemilu"))
    contest_kind = models.CharField(_("jenis kontestasi"), max_length=20, choices=SeatContestKind.choices)
    contest_label = models.CharField(_("kontestasi"), max_length=100)
    region_code = models.CharField(_("wilayah"), max_length=5, blank=True)
    prov_code = models.CharField(_("kode provinsi"), max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(_("kode kab/kota"), max_length=5, blank=True, db_index=True)
    threshold_percent = models.DecimalField(_("ambang batas (%)"), max_digits=6, decimal_places=3)
    divisor = models.CharField(_("pembagi"), max_length=20, default="sainte_lague")
    tie_rules = models.JSONField(_("aturan seri"), default=list)
    inputs = models.JSONField(_("masukan"))
    input_hash = models.CharField(_("hash masukan"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices)
    total_seats = models.PositiveIntegerField(_("jumlah kursi"))
    national = models.JSONField(_("hasil nasional"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("dibuat oleh"))
    created_at = models.DateTimeField(_("waktu dibuat"), auto_now_add=True)
    reason = models.TextField(_("keterangan"), blank=True)
    # Where the votes came from: an uploaded file (a reproduction or what-if, never decreed) or the
    # locked recap of the level that sets the contest (``from_recap``); ``recap`` then names each
    # contest's plenary (id, region, locked_at) and the parties' ballot numbers.
    source = models.CharField(_("sumber suara"), max_length=10, choices=RunSource.choices, default=RunSource.FILE)
    recap = models.JSONField(_("rekapitulasi sumber"), default=dict, blank=True)

    # Runs sit at national, provinsi or kab/kota level only.
    scope_columns: ClassVar[dict[int, str]] = {1: "prov_code", 2: "kab_code"}
    objects: ClassVar[AllocationRunQuerySet] = AllocationRunQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("penghitungan kursi")
        verbose_name_plural = _("penghitungan kursi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "contest_kind", "region_code", "input_hash"],
                                    name="seats_run_unique_inputs"),
            models.CheckConstraint(condition=models.Q(status__in=["complete", "needs_resolution"]),
                                   name="seats_run_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_label} · {self.election} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        codes = ancestor_codes(self.region_code)
        self.prov_code, self.kab_code = codes.get(1, ""), codes.get(2, "")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("seats:run", args=[self.pk])

    @property
    def scope_code(self) -> str:
        return self.region_code

    @property
    def is_public(self) -> bool:
        return self.status == RunStatus.COMPLETE


class DapilResult(models.Model):
    """One dapil of a run: its votes, the seats each party won, the order in which seats were won
    (party, votes, divisor, deciding rule), any open tie, the tie resolutions used and the
    elected candidates (when candidate votes were supplied)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="dapils",
                            verbose_name=_("penghitungan kursi"))
    position = models.PositiveIntegerField(_("urutan"))
    code = models.CharField(_("kode dapil"), max_length=40)
    name = models.CharField(_("dapil"), max_length=200)
    seats = models.PositiveIntegerField(_("kursi"))
    votes = models.JSONField(_("suara"))
    eligible = models.JSONField(_("partai peserta"))
    seats_won = models.JSONField(_("kursi partai"))
    seat_order = models.JSONField(_("urutan kursi"))
    tie = models.JSONField(_("seri terbuka"), null=True, blank=True)
    resolutions = models.JSONField(_("penyelesaian seri"), default=list)
    elected = models.JSONField(_("calon terpilih"), default=dict)
    candidate_ties = models.JSONField(_("seri calon"), default=dict)

    scope_path = "run__"

    class Meta:
        verbose_name = _("hasil dapil")
        verbose_name_plural = _("hasil dapil")
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="seats_dapil_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("seats:dapil", args=[self.run_id, self.code])

    @property
    def scope_code(self) -> str:
        return self.run.region_code


class Decree(models.Model):
    """The KPU decision (keputusan) setting a contest's seats per party and its elected
    candidates (penetapan perolehan kursi dan calon terpilih): KPU Kab/Kota for its DPRD, KPU
    Provinsi for its DPRD, KPU for DPR and DPD. Made from one run computed from the locked recap;
    one per contest (election × kind × region). Public once published."""

    run = models.OneToOneField(AllocationRun, on_delete=models.PROTECT, related_name="decree",
                               verbose_name=_("penghitungan kursi"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="seat_decrees",
                                 verbose_name=_("pemilu"))
    contest_kind = models.CharField(_("jenis kontestasi"), max_length=20, choices=SeatContestKind.choices)
    region_code = models.CharField(_("wilayah"), max_length=5, blank=True)
    prov_code = models.CharField(_("kode provinsi"), max_length=2, blank=True, db_index=True)
    kab_code = models.CharField(_("kode kab/kota"), max_length=5, blank=True, db_index=True)
    number = models.CharField(_("nomor keputusan"), max_length=100)
    decided_on = models.DateField(_("tanggal keputusan"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("ditetapkan oleh"))
    published_at = models.DateTimeField(_("waktu penetapan"), auto_now_add=True)

    scope_columns: ClassVar[dict[int, str]] = {1: "prov_code", 2: "kab_code"}
    objects: ClassVar[ScopedQuerySet[Decree]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("keputusan penetapan kursi dan calon terpilih")
        verbose_name_plural = _("keputusan penetapan kursi dan calon terpilih")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["election", "contest_kind", "region_code"],
                                               name="seats_decree_one_per_contest")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_contest_kind_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        codes = ancestor_codes(self.region_code)
        self.prov_code, self.kab_code = codes.get(1, ""), codes.get(2, "")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("seats:decree", args=[self.pk])

    @property
    def scope_code(self) -> str:
        return self.region_code


class MemberStatus(models.TextChoices):
    SEATED = "seated", _("terpilih")
    REPLACED = "replaced", _("diganti (PAW)")


class EndCause(models.TextChoices):
    """Why a member leaves before the term ends (UU 7/2017 Pasal 426 ayat (1); UU 23/2014 Pasal 193)."""

    DEATH = "death", _("meninggal dunia")
    RESIGNATION = "resignation", _("mengundurkan diri")
    INELIGIBLE = "ineligible", _("tidak lagi memenuhi syarat")
    DISMISSED = "dismissed", _("diberhentikan")


class ElectedMember(models.Model):
    """One seat of a decree and who holds it: the elected candidate, or after a replacement
    (PAW) the next candidate of the same party list in the same dapil (UU 7/2017 Pasal 426)."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="members",
                               verbose_name=_("keputusan"))
    dapil_code = models.CharField(_("kode dapil"), max_length=40)
    dapil_name = models.CharField(_("dapil"), max_length=200)
    party = models.CharField(_("partai"), max_length=40)
    seat_number = models.PositiveIntegerField(_("kursi ke-"))
    rank = models.PositiveIntegerField(_("peringkat dalam partai"))
    candidate = models.ForeignKey("results.BallotCandidate", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("calon"))
    name = models.CharField(_("nama"), max_length=200)
    ballot_no = models.PositiveIntegerField(_("nomor urut"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    votes = models.PositiveIntegerField(_("suara"))
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.SEATED)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("menggantikan"))
    end_cause = models.CharField(_("sebab berhenti"), max_length=12, choices=EndCause.choices, blank=True)
    ended_on = models.DateField(_("tanggal berhenti"), null=True, blank=True)
    end_reason = models.TextField(_("keterangan berhenti"), blank=True)

    scope_path = "decree__"

    class Meta:
        verbose_name = _("anggota terpilih")
        verbose_name_plural = _("anggota terpilih")
        ordering = ["decree", "dapil_code", "seat_number", "id"]
        constraints = [models.UniqueConstraint(fields=["decree", "dapil_code", "party", "ballot_no"],
                                               name="seats_member_once_per_list")]

    def __str__(self) -> str:
        return f"{self.name} ({self.party}, {self.dapil_name})"

    def get_absolute_url(self) -> str:
        return reverse("seats:member", args=[self.decree_id, self.pk])

    @property
    def scope_code(self) -> str:
        return self.decree.region_code
