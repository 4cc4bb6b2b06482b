"""Reads of the ASN register, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import user_scopes
from pemilu.accounts.types import Viewer
from pemilu.asn.models import AsnEmployee
from pemilu.core.scope import ScopedQuerySet

READ_ROLES = {Role.KPU_ADMIN, Role.KPU_STAFF, Role.BAWASLU}


def readable(user: Viewer) -> ScopedQuerySet[AsnEmployee]:
    """Rows the user may list: in the scope of a role allowed ``asn.view`` (PPK/PPS/KPPS see none)."""
    qs = AsnEmployee.objects.all()
    if user.is_superuser:
        return qs
    q = Q()
    any_scope = False
    for scope in user_scopes(user):
        if scope.role in READ_ROLES:
            if scope.code == "":
                return qs
            q |= Q(**{f"{_column(scope.code)}": scope.code})
            any_scope = True
    return qs.filter(q) if any_scope else qs.none()


def _column(code: str) -> str:
    from pemilu.core.levels import SCOPE_COLUMNS, level_of

    return SCOPE_COLUMNS.get(level_of(code), "desa_code")


def search(user: Viewer, *, text: str = "", region: str = "", employment_type: str = "") -> ScopedQuerySet[AsnEmployee]:
    qs: ScopedQuerySet[AsnEmployee] = readable(user).select_related("region")
    if region:
        qs = qs.in_region(region)
    if employment_type:
        qs = qs.filter(employment_type=employment_type)
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(nip__startswith=text) | Q(agency__icontains=text))
    return qs
