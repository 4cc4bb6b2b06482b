"""Read helpers for the region tree (scoped by the caller's visible_to querysets)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ensure_can, user_scopes
from pemilu.accounts.types import Viewer
from pemilu.core.exceptions import DomainError
from pemilu.core.levels import level_of
from pemilu.regions.models import Region, Tps

if TYPE_CHECKING:
    from pemilu.accounts.models import User


def region_to_act_in(code: str, *, actor: User, action: str,
                     unknown: type[DomainError] = DomainError) -> Region:
    """The region CODE names, once ACTOR may do ACTION there (``ensure_can``: 404 outside the actor's scope,
    403 in it without the role); a code naming no region raises UNKNOWN with the code."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise unknown(_("wilayah tidak dikenal: {code}").format(code=code))
    ensure_can(actor, action, region)
    return region


def root_regions(user: Viewer) -> list[Region]:
    """Where a user starts: provinces for national users, otherwise their scope regions."""
    if user.is_superuser or any(s.code == "" for s in user_scopes(user)):
        return list(Region.objects.filter(level=1))
    codes = {s.code for s in user_scopes(user) if level_of(s.code) <= 4}
    return list(Region.objects.filter(code__in=codes))


def root_tps(user: Viewer) -> list[Tps]:
    codes = {s.code for s in user_scopes(user) if level_of(s.code) == 5}
    return list(Tps.objects.filter(code__in=codes))


def children_with_counts(region: Region) -> list[dict[str, Any]]:
    """Children with their own child counts, in a fixed number of queries."""
    children = list(Region.objects.filter(parent__code=region.code).order_by("code"))
    grand = dict(Region.objects.filter(parent__code__in=[c.code for c in children]).order_by()
                 .values_list("parent_id").annotate(n=Count("id")).values_list("parent_id", "n"))
    return [{"region": c, "children": grand.get(c.code, 0)} for c in children]


def breadcrumbs(code: str) -> list[Region]:
    parts = code.split(".")
    codes = [".".join(parts[:i]) for i in range(1, len(parts))]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]
