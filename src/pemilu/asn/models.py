from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.jobs import ImportJobBase
from pemilu.core.scope import RegionScopedModel, region_key


class EmploymentType(models.TextChoices):
    # UU 5/2014: ASN = PNS + PPPK. Neutrality also binds staff paid from public budgets
    # (PHL/honorer), as the Karo Sekda said at KPU Karo's socialisation (domain brief §8).
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    NON_ASN_APBN = "non_asn_apbn", _("Non-ASN (APBN)")
    NON_ASN_APBD = "non_asn_apbd", _("Non-ASN (APBD)")


class AsnEmployee(RegionScopedModel):
    """A civil servant (or budget-paid non-ASN worker) in the register, by work region.

    Shared with the ad hoc bodies' secretariat staffing: keep it small and stable. The NIP
    (18 digits for PNS and PPPK) identifies a person; non-ASN workers may have none.
    """

    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    # Optional: matched against ad hoc applicants' spouse NIK (issue 19 item 7).
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("nama"), max_length=200)
    agency = models.CharField(_("instansi"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=20, choices=EmploymentType.choices)
    region = region_key(_("wilayah kerja"), related_name="asn_employees")
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pegawai ASN")
        verbose_name_plural = _("pegawai ASN")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["nip"], condition=~models.Q(nip=""), name="asn_employee_nip_unique"),
            models.CheckConstraint(condition=models.Q(employment_type__in=EmploymentType.values),
                                   name="asn_employee_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})" if self.nip else self.name


class ImportJob(ImportJobBase):
    """A large register upload imported by a background job (issue 17 item 5): the stored file,
    its progress (rows checked/written of the total) and its outcome. Seen by its uploader only."""

    path = models.CharField(max_length=255)  # in default_storage; deleted when the job ends
    size = models.PositiveBigIntegerField()
    rows_done = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("impor register ASN")
        ordering = ["-created_at"]
