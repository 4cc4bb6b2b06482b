"""One permission mechanism for views, API and CLI.

* ``user_scopes(user)`` lists (role, scope_code) pairs, cached on the user object.
* ``can(user, action, obj)`` is True when a scope covering ``obj`` holds a role the action allows.
* ``ensure_can`` raises NotFoundError (404) when no scope of the user covers ``obj`` at all —
  the same answer as for a missing object, so existence never leaks — and
  PermissionDeniedError (403) when a covering scope exists but its role may not act.

Actions are registered per app (``register_actions``) as ``"app.verb"`` → roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from pemilu.accounts.models import Role, RoleAssignment
from pemilu.accounts.types import ScopeTarget, Viewer
from pemilu.core import clock
from pemilu.core.exceptions import NotFoundError, PermissionDeniedError
from pemilu.core.levels import covers

ALL_ROLES = frozenset(Role)
KPU = frozenset({Role.KPU_ADMIN, Role.KPU_STAFF})

ACTIONS: dict[str, frozenset[str]] = {}


def register_actions(actions: dict[str, Iterable[str]]) -> None:
    for name, roles in actions.items():
        ACTIONS[name] = frozenset(roles)


# Roles an action allows only on some objects: (action, role) → predicate(obj). E.g. a PPS member
# manages a KPPS recruitment only where the PPS forms the KPPS itself (adhoc/permissions.py).
CONDITIONS: dict[tuple[str, str], Callable[[ScopeTarget], bool]] = {}


def register_condition(action: str, role: str, applies: Callable[[ScopeTarget], bool]) -> None:
    """``role`` counts for ``action`` only on objects for which ``applies(obj)`` is true."""
    CONDITIONS[(action, role)] = applies


register_actions({
    "regions.view": ALL_ROLES,
    "regions.import": {Role.KPU_ADMIN},
    "regions.edit_tps": KPU,  # the TPS's address and location note
    # Bawaslu reads everything in its scope, the audit trail too; accredited observers (pemantau) read
    # the progress of the election (regions, recruitment, secretariats, results, seats), not the
    # trail nor personal registers (ASN, voters) nor cases (issue 20 item 4).
    "audit.view": {Role.KPU_ADMIN, Role.KPU_STAFF, Role.BAWASLU},
    "accounts.manage": {Role.KPU_ADMIN},
})


@dataclass(frozen=True)
class Scope:
    role: str
    code: str


def user_scopes(user: Viewer | None) -> list[Scope]:
    if user is None or not user.is_authenticated:
        return []
    cached: list[Scope] | None = getattr(user, "_pemilu_scopes", None)
    if cached is None:
        cached = [
            Scope(role, code)
            for role, code in RoleAssignment.objects.filter(user_id=user.pk, is_active=True)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=clock.today()))
            .values_list("role", "scope_code")
        ]
        user._pemilu_scopes = cached
    return cached


def scope_code_of(obj: ScopeTarget) -> str:
    if isinstance(obj, str):
        return obj
    if obj is None:
        return ""
    return str(obj.scope_code)


def covering_roles(user: Viewer | None, obj: ScopeTarget) -> set[str]:
    code = scope_code_of(obj)
    return {s.role for s in user_scopes(user) if covers(s.code, code)}


def can(user: Viewer | None, action: str, obj: ScopeTarget) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    allowed = ACTIONS[action]
    return any(role in allowed and ((action, role) not in CONDITIONS or CONDITIONS[(action, role)](obj))
               for role in covering_roles(user, obj))


def can_see(user: Viewer | None, obj: ScopeTarget) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or covering_roles(user, obj))


def ensure_can(user: Viewer | None, action: str, obj: ScopeTarget) -> None:
    if can(user, action, obj):
        return
    if not can_see(user, obj):
        raise NotFoundError(_("Tidak ditemukan."))
    require(user, action, obj)


def acting_codes(user: Viewer | None, action: str) -> list[str]:
    """The scope codes in which the user holds a role allowing ``action``, sorted (``""`` = national;
    a superuser acts nationally); none when the user may not do it anywhere."""
    if user is not None and getattr(user, "is_superuser", False):
        return [""]
    return sorted({s.code for s in user_scopes(user) if s.role in ACTIONS[action]})


def ensure_holds(user: Viewer | None, *actions: str) -> list[str]:
    """403 when no role of the user allows one of ``actions`` anywhere, else the codes where one does
    (``acting_codes``). For a write whose regions come from its rows (an import), before any row
    is read — the API answers as the page does; each row's region is then checked against the
    scope (``ensure_can`` / ``core.matching``); for a page or list over the user's regions."""
    codes = sorted({code for action in actions for code in acting_codes(user, action)})
    if not codes:
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
    return codes


def require(user: Viewer | None, action: str, obj: ScopeTarget) -> None:
    """After a scoped read the user already passed (they see the page or the recruitment): without
    the role it is 403, never 404, even when ``obj`` itself lies above their scope."""
    if not can(user, action, obj):
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
