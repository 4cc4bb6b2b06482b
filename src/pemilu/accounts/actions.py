"""State-changing operations on users, roles and tokens: permission, then the change, then the
audit row, in one transaction. The Django admin is read-only; these are the only writers."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts import rules
from pemilu.accounts.models import ApiToken, Role, RoleAssignment, User, hash_token
from pemilu.accounts.permissions import can_see, ensure_can, user_scopes
from pemilu.audit.events import record_event
from pemilu.core import cache, clock
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from pemilu.core.levels import covers, level_of

SYSTEM_CLI = "system:cli"


def get_system_user(name: str = SYSTEM_CLI) -> User:
    """The named actor for CLI commands, imports and jobs (never None in the audit trail)."""
    user, created = User.objects.get_or_create(
        username=name, defaults={"is_system": True, "is_superuser": True, "full_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def ensure_can_grant(actor: User, role: str, scope_code: str) -> None:
    """404 when the scope lies outside everything the actor sees; 403 when the actor sees it but
    is not its KPU administrator, or the role is not below their own (``rules.may_grant``)."""
    if role not in Role.values:
        raise DomainError(_("Peran tidak dikenal: {role}").format(role=role))
    if getattr(actor, "is_superuser", False):
        return
    if not can_see(actor, scope_code):
        raise NotFoundError(_("Tidak ditemukan."))
    admin_scopes = [s.code for s in user_scopes(actor) if s.role == Role.KPU_ADMIN]
    if not rules.may_grant(admin_scopes, role, scope_code):
        raise PermissionDeniedError(_("Anda hanya dapat memberi peran di bawah peran Anda, di wilayah Anda."))


def _check_scope(role: str, scope_code: str) -> None:
    from pemilu.regions.models import Region, Tps

    if not rules.scope_fits(role, scope_code):
        raise DomainError(_("Peran {role} tidak berlaku di tingkat wilayah {code}.").format(
            role=Role(role).label, code=scope_code or _("nasional")))
    exists = scope_code == "" or (Tps.objects.filter(code=scope_code).exists() if level_of(scope_code) == 5
                                  else Region.objects.filter(code=scope_code).exists())
    if not exists:
        raise NotFoundError(_("Wilayah tidak ditemukan."))


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Alasan wajib diisi."))
    if len(reason) > 500:
        raise DomainError(_("Alasan paling banyak 500 karakter."))
    return reason


def _forget_scopes(user: User) -> None:
    # Scopes are cached on the user object and with a token (core/auth.py): every worker drops its
    # tokens (at once where the cache is shared, else within TOKEN_CACHE_SECONDS).
    if hasattr(user, "_pemilu_scopes"):
        del user._pemilu_scopes
    cache.bump("tokens")


@transaction.atomic
def do_grant_role(user: User, role: str, scope_code: str, *, actor: User, reason: str,
                  ends_on: datetime.date | None = None) -> RoleAssignment:
    """Grant ``role`` in ``scope_code`` (its subtree), until ``ends_on`` if given. Granting a role
    the user already holds there renews it (active again, the new end date)."""
    ensure_can_grant(actor, role, scope_code)
    if getattr(actor, "pk", None) == user.pk and not getattr(actor, "is_superuser", False):
        # Nobody grants themselves a role (a KPU administrator would else make themselves Bawaslu).
        raise PermissionDeniedError(_("Anda tidak dapat memberi peran kepada diri sendiri."))
    _check_scope(role, scope_code)
    reason = _reason(reason)
    if ends_on is not None and ends_on < clock.today():
        raise DomainError(_("Tanggal akhir peran sudah lewat."))
    assignment, created = RoleAssignment.objects.select_for_update().get_or_create(
        user=user, role=role, scope_code=scope_code,
        defaults={"ends_on": ends_on, "granted_by": actor if getattr(actor, "pk", None) else None})
    before = None
    if not created:
        if assignment.is_active and assignment.ends_on == ends_on:
            return assignment  # already held exactly so: nothing changes, nothing to record
        before = {"active": assignment.is_active, "ends_on": assignment.ends_on}
        assignment.is_active, assignment.ends_on, assignment.revoked_at = True, ends_on, None
        assignment.granted_by = actor if getattr(actor, "pk", None) else None
        assignment.save(update_fields=["is_active", "ends_on", "revoked_at", "granted_by"])
    _forget_scopes(user)
    record_event("accounts.role_granted", actor=actor, region_code=scope_code, target=assignment, before=before,
                 after={"user": user.username, "role": role, "scope": scope_code, "ends_on": ends_on},
                 reason=reason)
    return assignment


@transaction.atomic
def do_revoke_role(assignment: RoleAssignment, *, actor: User, reason: str) -> RoleAssignment:
    """End a role at once; the row stays (who held what, when, is history)."""
    ensure_can_grant(actor, assignment.role, assignment.scope_code)
    reason = _reason(reason)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_active:
        raise ConflictError(_("Peran ini sudah dicabut."))
    assignment.is_active, assignment.revoked_at = False, timezone.now()
    assignment.save(update_fields=["is_active", "revoked_at"])
    _forget_scopes(assignment.user)
    record_event("accounts.role_revoked", actor=actor, region_code=assignment.scope_code, target=assignment,
                 before={"user": assignment.user.username, "role": assignment.role, "scope": assignment.scope_code},
                 after={"active": False}, reason=reason)
    return assignment


@transaction.atomic
def do_create_user(*, username: str, full_name: str, email: str = "", role: str, scope_code: str, actor: User,
                   reason: str, ends_on: datetime.date | None = None) -> tuple[User, str]:
    """A new person with their first role (a user nobody is responsible for is never created).
    Returns the user and a one-time password, shown once to the administrator, never stored in
    clear; the person changes it at first login."""
    ensure_can_grant(actor, role, scope_code)
    username = username.strip()
    if not username or len(username) > 150 or not all(c.isascii() and (c.isalnum() or c in "._-@+") for c in username):
        raise DomainError(_("Nama pengguna: 1–150 huruf/angka ASCII atau . _ - @ +."))
    if not full_name.strip() or len(full_name) > 200 or "\x00" in full_name:
        raise DomainError(_("Nama lengkap wajib diisi (paling banyak 200 karakter)."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Alamat e-mel tidak sah.")) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ConflictError(_("Nama pengguna sudah dipakai."))
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=username, password=password, full_name=full_name.strip(), email=email)
    record_event("accounts.user_created", actor=actor, region_code=scope_code, target=user,
                 after={"username": username, "full_name": user.full_name, "email": email}, reason=_reason(reason))
    do_grant_role(user, role, scope_code, actor=actor, reason=reason, ends_on=ends_on)
    return user, password


@transaction.atomic
def do_set_nik(user: User, nik: str, *, actor: User, reason: str = "") -> User:
    """Record a user's NIK (16 digits, or '' to clear it): KPU administrators over every scope the
    user holds a role in (KPU RI for a user without roles). The audit row keeps it masked."""
    nik = nik.strip()
    if nik and not (len(nik) == 16 and nik.isdigit()):
        raise DomainError(_("NIK harus 16 angka"))
    scopes = sorted(set(RoleAssignment.objects.filter(user=user, is_active=True).values_list("scope_code", flat=True)))
    for scope in scopes or [""]:
        ensure_can(actor, "accounts.manage", scope)
    before = user.nik
    User.objects.filter(pk=user.pk).update(nik=nik)
    user.nik = nik

    def masked(value: str) -> str:
        return value[:6] + "*" * 8 + value[-2:] if value else ""

    record_event("accounts.nik_set", actor=actor, region_code=scopes[0] if len(scopes) == 1 else "", target=user,
                 before={"nik": masked(before)}, after={"nik": masked(nik)}, reason=reason)
    return user


@transaction.atomic
def do_create_token(user: User, name: str, *, actor: User) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    if actor.pk != user.pk:
        ensure_can(actor, "accounts.manage", "")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[4:12])
    record_event("accounts.token_created", actor=actor, target=token, after={"user": user.username, "name": name})
    return token, raw


def _ensure_manages_user(actor: User, user: User) -> None:
    """The user's own tokens are theirs; another's are revoked by a KPU administrator whose scope
    covers one of the user's roles (404 otherwise: the person is not theirs to know)."""
    if actor.pk == user.pk or getattr(actor, "is_superuser", False):
        return
    codes = list(RoleAssignment.objects.filter(user=user).values_list("scope_code", flat=True))
    if not any(can_see(actor, code) for code in codes):
        raise NotFoundError(_("Tidak ditemukan."))
    if not any(s.role == Role.KPU_ADMIN and any(covers(s.code, c) for c in codes) for s in user_scopes(actor)):
        raise PermissionDeniedError(_("Hanya administrator KPU wilayah ini yang dapat melakukannya."))


@transaction.atomic
def do_revoke_token(token: ApiToken, *, actor: User, reason: str = "") -> None:
    _ensure_manages_user(actor, token.user)
    if token.revoked_at is not None:
        raise ConflictError(_("Token ini sudah dicabut."))
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    record_event("accounts.token_revoked", actor=actor, target=token,
                 after={"user": token.user.username, "name": token.name}, reason=reason)
    # Every worker forgets its cached tokens (at once where the cache is shared).
    cache.bump("tokens")
