from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from pemilu.accounts.permissions import Scope


class User(AbstractUser):
    """A person (or a named system actor such as ``system:cli``) who acts in pemilu."""

    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    is_system = models.BooleanField(_("pengguna sistem"), default=False,
                                    help_text=_("CLI, impor dan pekerjaan terjadwal bertindak sebagai pengguna ini"))
    # The person's NIK, for checks against the people who run the election (e.g. an ad hoc applicant's
    # "not married to a fellow organiser" statement, issue 19 item 7). Optional; set by do_set_nik.
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    # The roles ``accounts.permissions.user_scopes`` read for this instance (not a field).
    _pemilu_scopes: list[Scope]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    KPU_ADMIN = "kpu_admin", _("Administrator KPU")
    KPU_STAFF = "kpu_staff", _("Staf KPU")
    PPK = "ppk", _("Anggota PPK")
    PPS = "pps", _("Anggota PPS")
    KPPS = "kpps", _("Anggota KPPS")
    # The coklit officer of one TPS area (issue 22 item 1): reads and records the coklit of the
    # voters of that area during the Pantarlih work period.
    PANTARLIH = "pantarlih", _("Pantarlih")
    # Secretariat staff of a PPK (kecamatan) or PPS (desa/kelurahan): an account from their
    # penetapan until their removal (issue 20 item 2); they read their body's area.
    SEKRETARIAT = "sekretariat", _("Staf sekretariat PPK/PPS")
    # Bawaslu (and its Panwascam/PKD at their level) receives and decides violation and neutrality
    # cases (UU 7/2017 Pasal 454-455) and reads everything in its scope; it writes nothing else.
    BAWASLU = "bawaslu", _("Bawaslu/Panwascam/PKD")
    # Accredited election observers (pemantau terakreditasi): read-only, nothing else.
    PEMANTAU = "pemantau", _("Pemantau terakreditasi")
    # A political party's liaison officer (penghubung) at one KPU: submits and corrects the party's own
    # candidate lists there (candidacy.LiaisonOfficer names the party; issue 23 item 8).
    PENGHUBUNG = "penghubung", _("Penghubung partai politik")


class RoleAssignment(models.Model):
    """A role held *in* a region (or TPS); it applies to that node's whole subtree.

    ``scope_code`` is the region or TPS code ('' = national, KPU RI). KPU roles sit at
    national, provinsi or kab/kota level; PPK at a kecamatan; PPS at a desa/kelurahan;
    KPPS at a TPS; Bawaslu and pemantau anywhere.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    scope_code = models.CharField(_("wilayah/TPS"), max_length=20, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The body's work period ends the role without anyone revoking it (user_scopes ignores it
    # from the day after); a revoke is immediate and keeps the row (nothing is deleted).
    ends_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("diberikan oleh"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    # What granted the role when it was not granted by hand: "adhoc.applicant:<pk>" for an ad hoc
    # member's appointment, so a PAW or dismissal revokes exactly that grant (issue 20 item 2).
    origin = models.CharField(_("asal"), max_length=60, blank=True, db_index=True)

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "scope_code"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.scope_code or 'nasional'}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts and devices. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def generate() -> str:
        return "pml_" + secrets.token_urlsafe(32)


class ActivationCode(models.Model):
    """A one-time code with which a newly appointed member sets their own password (printed on the
    appointment slip). Only its keyed hash is stored; a new code replaces the old one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
