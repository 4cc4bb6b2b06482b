"""Reads of people: who an administrator may see and manage."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pemilu.accounts.models import RoleAssignment, User
from pemilu.accounts.permissions import user_scopes
from pemilu.accounts.types import Viewer


def _covering_q(user: Viewer) -> Q | None:
    """Role assignments whose scope lies in one of the user's scopes (None: everything)."""
    if getattr(user, "is_superuser", False):
        return None
    q = Q(pk__in=[])
    for scope in user_scopes(user):
        if scope.code == "":
            return None
        q |= Q(scope_code=scope.code) | Q(scope_code__startswith=scope.code + ".")
    return q


def assignments_visible_to(user: Viewer) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "granted_by")
    q = _covering_q(user)
    return qs if q is None else qs.filter(q)


def users_visible_to(user: Viewer) -> QuerySet[User]:
    """People holding (or having held) a role inside the user's scopes."""
    q = _covering_q(user)
    qs = User.objects.filter(is_system=False)
    if q is None:
        return qs
    return qs.filter(pk__in=RoleAssignment.objects.filter(q).values("user_id"))


def search(user: Viewer, text: str = "", role: str = "", scope: str = "") -> QuerySet[User]:
    qs = users_visible_to(user)
    if text:
        qs = qs.filter(Q(username__icontains=text) | Q(full_name__icontains=text))
    if role or scope:
        sub = RoleAssignment.objects.all()
        if role:
            sub = sub.filter(role=role)
        if scope:
            sub = sub.filter(Q(scope_code=scope) | Q(scope_code__startswith=scope + "."))
        qs = qs.filter(pk__in=sub.values("user_id"))
    return qs.order_by("username")
