"""State-changing operations on users, roles and tokens (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from pemilu.accounts.models import ApiToken, Role, RoleAssignment, User, hash_token
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.auth import forget_tokens

SYSTEM_CLI = "system:cli"


def get_system_user(name: str = SYSTEM_CLI) -> User:
    """The named actor for CLI commands, imports and jobs (never None in the audit trail)."""
    user, created = User.objects.get_or_create(
        username=name, defaults={"is_system": True, "is_superuser": True, "full_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def do_assign_role(user: User, role: str, scope_code: str, *, actor: Any, reason: str = "") -> RoleAssignment:
    ensure_can(actor, "accounts.manage", scope_code)
    if role not in Role.values:
        raise ValueError(role)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, scope_code=scope_code)
    if not created and assignment.is_active:
        return assignment  # already held: nothing changes, nothing to record
    if not assignment.is_active:
        RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=True)
    transaction.on_commit(forget_tokens)
    record_event("accounts.role_assigned", actor=actor, region_code=scope_code, target=assignment,
                 after={"user": user.username, "role": role, "scope": scope_code}, reason=reason)
    return assignment


@transaction.atomic
def do_create_token(user: User, name: str, *, actor: Any) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    if actor.pk != user.pk:
        ensure_can(actor, "accounts.manage", "")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[4:12])
    record_event("accounts.token_created", actor=actor, target=token, after={"user": user.username, "name": name})
    return token, raw


@transaction.atomic
def do_revoke_token(token: ApiToken, *, actor: Any) -> None:
    if actor.pk != token.user_id:
        ensure_can(actor, "accounts.manage", "")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    record_event("accounts.token_revoked", actor=actor, target=token)
    # This worker forgets cached tokens at once; other workers within TOKEN_CACHE_SECONDS.
    transaction.on_commit(forget_tokens)
