"""Access that follows an appointment (issue 20 item 2): an appointed ad hoc member gets an
account (their own sign-up account, else the one their NIK names, else a new one), the role of
their body in their area until the end of the body's work period, and a one-time activation code
with which they set their own password. A replacement (PAW) or dismissal revokes that grant at
once. These are steps *inside* the appointing action (its permission check and transaction);
each writes its own audit row."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import ActivationCode, RoleAssignment, User
from pemilu.audit.events import record_event
from pemilu.core import cache
from pemilu.core.exceptions import DomainError

# No 0/O, 1/I/L: the code is typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_DAYS = 30


@dataclass(frozen=True)
class Grant:
    user: User
    assignment: RoleAssignment
    created_user: bool


def hash_code(code: str) -> str:
    """Keyed hash of a normalised code: a database copy alone does not let anyone test codes."""
    normal = re.sub(r"[^A-Z0-9]", "", code.upper())
    return hmac.new(settings.SECRET_KEY.encode(), normal.encode(), hashlib.sha256).hexdigest()


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def origin_of(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def username_for(prefix: str, area_code: str, pk: int) -> str:
    # Readable and unique without exposing the NIK: e.g. kpps.1276011006001.4821
    return f"{prefix}.{re.sub(r'[^0-9]', '', area_code)}.{pk}"


def account_for(*, nik: str, full_name: str, email: str, signup: User | None, username_hint: str,
                actor: User, region_code: str) -> tuple[User, bool]:
    """The person's one account: the applicant's own sign-up account first, else an account
    holding the same NIK, else a new account without a password (activated by code)."""
    user = signup
    if user is None and nik:
        user = User.objects.filter(nik=nik, is_system=False).order_by("pk").first()
    if user is not None:
        changed = []
        if nik and not user.nik:
            user.nik = nik
            changed.append("nik")
        if full_name and not user.full_name:
            user.full_name = full_name
            changed.append("full_name")
        if changed:
            user.save(update_fields=changed)
        return user, False
    name = username_hint
    while User.objects.filter(username=name).exists():
        name = f"{username_hint}.{secrets.randbelow(10_000)}"
    user = User(username=name, full_name=full_name[:200], email=email, nik=nik)
    user.set_unusable_password()
    user.save()
    record_event("accounts.user_created", actor=actor, region_code=region_code, target=user,
                 after={"username": user.username, "full_name": user.full_name, "source": "appointment"},
                 reason=_("akun anggota badan adhoc yang ditetapkan"))
    return user, True


def grant(*, user: User, role: str, scope_code: str, ends_on: datetime.date | None, origin: str, actor: User,
          reason: str) -> RoleAssignment:
    """Grant (or renew) the role this appointment gives; audited. The caller has checked its own
    permission (the appointing action); ``accounts.manage`` is not needed for it."""
    assignment, created = RoleAssignment.objects.select_for_update().get_or_create(
        user=user, role=role, scope_code=scope_code,
        defaults={"ends_on": ends_on, "origin": origin, "granted_by": actor if getattr(actor, "pk", None) else None})
    before = None
    if not created:
        before = {"active": assignment.is_active, "ends_on": assignment.ends_on, "origin": assignment.origin}
        assignment.is_active, assignment.ends_on, assignment.revoked_at = True, ends_on, None
        assignment.origin = origin
        assignment.save(update_fields=["is_active", "ends_on", "revoked_at", "origin"])
    cache.bump("tokens")
    record_event("accounts.role_granted", actor=actor, region_code=scope_code, target=assignment, before=before,
                 after={"user": user.username, "role": role, "scope": scope_code, "ends_on": ends_on,
                        "origin": origin}, reason=reason)
    return assignment


def revoke_origin(origin: str, *, actor: User, reason: str) -> int:
    """Revoke at once every active role the given appointment granted; returns how many."""
    now = timezone.now()
    n = 0
    for assignment in RoleAssignment.objects.select_for_update().filter(origin=origin, is_active=True):
        assignment.is_active, assignment.revoked_at = False, now
        assignment.save(update_fields=["is_active", "revoked_at"])
        record_event("accounts.role_revoked", actor=actor, region_code=assignment.scope_code, target=assignment,
                     before={"active": True}, after={"active": False, "origin": origin}, reason=reason)
        n += 1
    if n:
        cache.bump("tokens")
    return n


def set_origin_end(origin: str, ends_on: datetime.date | None) -> int:
    """A work period extended by a re-vote moves the end of the roles it granted."""
    n = RoleAssignment.objects.filter(origin=origin, is_active=True).update(ends_on=ends_on)
    if n:
        cache.bump("tokens")
    return n


def issue_code(user: User, *, actor: User, region_code: str, days: int = CODE_DAYS) -> str:
    """A new one-time activation code for ``user`` (the earlier unused ones are cancelled).
    Returned once, in clear, to be printed or sent; only its keyed hash is kept."""
    if user.has_usable_password():
        raise DomainError(_("Akun {user} sudah aktif; tidak perlu kode aktivasi.").format(user=user.username))
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    ActivationCode.objects.create(user=user, code_hash=hash_code(raw), expires_at=now + datetime.timedelta(days=days))
    record_event("accounts.activation_code_issued", actor=actor, region_code=region_code, target=user,
                 after={"username": user.username, "expires_in_days": days})
    return format_code(raw)


@dataclass(frozen=True)
class Slip:
    """What a member is handed with their decree (and, where they have an address, e-mailed)."""

    name: str
    area: str
    role: str
    username: str
    code: str  # "" when the account is already active (the member logs in with their own password)
    emailed: bool = False


def email_code(user: User, code: str, *, actor: User, region_code: str, activate_url: str) -> bool:
    """Send ``code`` to the user's e-mail address, if they have one (Django's e-mail framework: the
    console backend in development, locmem in tests, SMTP in production). Sent when the issuing
    transaction commits (a rolled-back issue sends nothing); audited without the code."""
    if not user.email:
        return False
    from django.core.mail import send_mail

    subject = _("Kode aktivasi akun pemilu")
    body = _("Yth. {name},\n\nNama pengguna: {username}\nKode aktivasi: {code}\nAktivasi di: {url}\n\n"
             "Kode ini hanya berlaku sekali; jangan berikan kepada siapa pun.").format(
        name=user.full_name or user.username, username=user.username, code=code, url=activate_url)
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    record_event("accounts.activation_code_emailed", actor=actor, region_code=region_code, target=user,
                 after={"username": user.username, "email": address[:2] + "***" + address[address.find("@"):]})
    return True


class ActivationFailed(DomainError):
    status = 400


@transaction.atomic
def do_activate(*, username: str, code: str, password: str) -> User:
    """The member sets their password with the code printed on their slip. The same answer for
    an unknown user, a wrong, used or expired code: nothing is revealed about which it was."""
    failed = ActivationFailed(_("Nama pengguna atau kode aktivasi tidak cocok, atau kode sudah kedaluwarsa."))
    user = User.objects.select_for_update().filter(username=username.strip(), is_system=False).first()
    if user is None:
        raise failed
    entry = (ActivationCode.objects.select_for_update()
             .filter(user=user, code_hash=hash_code(code), used_at__isnull=True, revoked_at__isnull=True,
                     expires_at__gt=timezone.now()).first())
    if entry is None:
        raise failed
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    entry.used_at = timezone.now()
    entry.save(update_fields=["used_at"])
    record_event("accounts.activated", actor=user, target=user, after={"username": user.username})
    return user
