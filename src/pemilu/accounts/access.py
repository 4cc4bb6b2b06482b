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
from collections.abc import Sequence
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


@dataclass(frozen=True)
class Grant:
    user: User
    assignment: RoleAssignment
    created_user: bool
    renewed: bool = False  # the person held this role there already: it is active again, with the new end


@dataclass(frozen=True)
class Appointee:
    """One appointed person and the grant their appointment gives (what ``appoint`` is told)."""

    origin: str  # the appointment (``origin_of``): a replacement or a removal revokes by it
    nik: str
    name: str
    email: str
    signup: User | None  # the person's own sign-up account, if any
    username_hint: str  # ``username_for``: the name of a new account
    scope_code: str  # where the role applies
    ends_on: datetime.date | None
    region_code: str  # where the audit rows are filed


def _accounts(people: Sequence[Appointee]) -> list[tuple[User, bool]]:
    """Each person's one account, set-based: their own sign-up account first, else the (oldest)
    account holding their NIK, else a new account without a password (activated by code)."""
    by_nik = {u.nik: u for u in User.objects.filter(nik__in={p.nik for p in people if p.nik}, is_system=False)
              .order_by("-pk")}  # the oldest account wins: iterate newest first, the last write stays
    taken = set(User.objects.filter(username__in=[p.username_hint for p in people]).values_list("username", flat=True))
    found: list[tuple[User, bool]] = []
    fresh: list[User] = []
    new_ids: set[int] = set()  # the accounts made here (a second appointee with the same NIK shares one)
    for p in people:
        user = p.signup or by_nik.get(p.nik)
        if user is None:
            name = p.username_hint
            while name in taken or (name != p.username_hint and User.objects.filter(username=name).exists()):
                name = f"{p.username_hint}.{secrets.randbelow(10_000)}"
            taken.add(name)
            user = User(username=name, full_name=p.name[:200], email=p.email, nik=p.nik)
            user.set_unusable_password()
            fresh.append(user)
            new_ids.add(id(user))
            if p.nik:
                by_nik[p.nik] = user
        found.append((user, id(user) in new_ids))
    User.objects.bulk_create(fresh, batch_size=1000)
    if any(u.pk is None for u in fresh):  # backends without RETURNING ids on bulk insert
        ids = dict(User.objects.filter(username__in=[u.username for u in fresh]).values_list("username", "pk"))
        for u in fresh:
            u.pk = ids[u.username]
    for p, (user, created) in zip(people, found, strict=True):
        # An account found by sign-up or NIK that lacks the NIK or the name gets it.
        changed = {f: v for f, v in (("nik", p.nik), ("full_name", p.name[:200])) if v and not getattr(user, f)}
        if changed and not created:
            for f, v in changed.items():
                setattr(user, f, v)
            user.save(update_fields=list(changed))
    return found


def _record_user_created(user: User, *, actor: User, region_code: str) -> None:
    record_event("accounts.user_created", actor=actor, region_code=region_code, target=user,
                 after={"username": user.username, "full_name": user.full_name, "source": "appointment"},
                 reason=_("akun anggota badan adhoc yang ditetapkan"))


def account_for(*, nik: str, full_name: str, email: str, signup: User | None, username_hint: str,
                actor: User, region_code: str) -> tuple[User, bool]:
    """One person's account (``_accounts``); a new one is audited."""
    person = Appointee(origin="", nik=nik, name=full_name, email=email, signup=signup, username_hint=username_hint,
                       scope_code="", ends_on=None, region_code=region_code)
    user, created = _accounts([person])[0]
    if created:
        _record_user_created(user, actor=actor, region_code=region_code)
    return user, created


def appoint(people: Sequence[Appointee], *, role: str, actor: User, reason: str,
            audit_each: bool = True) -> list[Grant]:
    """The one grant path of an appointment (an ad hoc body's inauguration or PAW, a secretariat's
    penetapan): each person's account and ``role`` in their ``scope_code`` until ``ends_on``,
    set-based; a role already held there is renewed. A step inside the appointing action (its
    permission check and transaction): ``accounts.manage`` is not needed. ``audit_each``: an
    ``accounts.user_created`` row per new account and an ``accounts.role_granted`` row per grant;
    without it the caller writes one row naming them all (a KPPS inauguration is thousands of
    members, and a row each would hold the audit chain head for seconds, issue 17 item 6)."""
    if not people:
        return []
    accounts = _accounts(people)
    wanted = {(user.pk, p.scope_code): p for p, (user, _c) in zip(people, accounts, strict=True)}
    existing = {(a.user_id, a.scope_code): a for a in RoleAssignment.objects.select_for_update().filter(
        role=role, user_id__in={k[0] for k in wanted}, scope_code__in={k[1] for k in wanted})}
    before = {k: {"active": a.is_active, "ends_on": a.ends_on, "origin": a.origin} for k, a in existing.items()}
    granted_by = actor if getattr(actor, "pk", None) else None
    new, renewed = [], []
    for key, p in wanted.items():
        a = existing.get(key)
        if a is None:
            new.append(RoleAssignment(user_id=key[0], role=role, scope_code=key[1], ends_on=p.ends_on,
                                      origin=p.origin, granted_by=granted_by))
        else:
            a.is_active, a.ends_on, a.revoked_at, a.origin = True, p.ends_on, None, p.origin
            renewed.append(a)
    RoleAssignment.objects.bulk_create(new, batch_size=1000)
    RoleAssignment.objects.bulk_update(renewed, ["is_active", "ends_on", "revoked_at", "origin"], batch_size=1000)
    held = {(a.user_id, a.scope_code): a for a in RoleAssignment.objects.filter(
        role=role, origin__in=[p.origin for p in wanted.values()])}
    cache.bump("tokens")
    grants = [Grant(user, held[(user.pk, p.scope_code)], created, (user.pk, p.scope_code) in existing)
              for p, (user, created) in zip(people, accounts, strict=True)]
    if audit_each:
        recorded: set[object] = set()
        for p, g in zip(people, grants, strict=True):
            if g.created_user and g.user.pk not in recorded:
                _record_user_created(g.user, actor=actor, region_code=p.region_code)
            recorded.add(g.user.pk)
            key = (g.user.pk, p.scope_code)
            if key in recorded:
                continue
            recorded.add(key)
            record_event("accounts.role_granted", actor=actor, region_code=p.scope_code, target=g.assignment,
                         before=before.get(key),
                         after={"user": g.user.username, "role": role, "scope": p.scope_code, "ends_on": p.ends_on,
                                "origin": wanted[key].origin}, reason=reason)
    return grants


def slip_code(origin: str, *, actor: User, region_code: str) -> tuple[RoleAssignment, str] | None:
    """For an activation slip: the active role ``origin`` granted and a new one-time code for its
    account (``""`` when the account is already active); None when the appointment holds no role."""
    assignment = RoleAssignment.objects.filter(origin=origin, is_active=True).select_related("user").first()
    if assignment is None:
        return None
    user = assignment.user
    return assignment, "" if user.has_usable_password() else issue_code(user, actor=actor, region_code=region_code)


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
