"""Region scoping for querysets: ``Model.objects.visible_to(user)`` backs every read.

A model opts in by subclassing ``ScopedModel`` (the four ancestor-code columns, filled by
``set_scope_columns``) or, where its columns live on a related row or have other names,
``Scoped`` with ``scope_path = "tps__"`` / ``scope_columns``. Out-of-scope rows are simply
absent, so a lookup through ``visible_to`` answers 404 exactly like a missing row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from pemilu.core.levels import SCOPE_COLUMNS, ancestor_codes, level_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from pemilu.accounts.types import Viewer
    from pemilu.regions.models import Region

M = TypeVar("M", bound=models.Model)


def scope_lookup(model: type[models.Model], code: str) -> dict[str, str] | None:
    """The filter kwargs selecting ``code``'s subtree on ``model``; None if the model has no
    column at that level (e.g. a TPS-level scope on a kecamatan-level table)."""
    path: str = getattr(model, "scope_path", "")
    columns: dict[int, str] = getattr(model, "scope_columns", SCOPE_COLUMNS)
    if path:
        related = _related_model(model, path)
        columns = getattr(related, "scope_columns", SCOPE_COLUMNS)
    level = level_of(code)
    column = columns.get(level)
    if column is None:
        return None
    return {f"{path}{column}": code}


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    current: Any = model
    for part in path.strip("_").split("__"):
        current = current._meta.get_field(part).related_model
    return current  # type: ignore[no-any-return]


class ScopedQuerySet(models.QuerySet[M]):
    def in_region(self, code: str) -> ScopedQuerySet[M]:
        """Rows in the subtree of ``code`` ('' = the whole country)."""
        if code == "":
            return self
        lookup = scope_lookup(self.model, code)
        return self.filter(**lookup) if lookup is not None else self.none()

    def visible_to(self, user: Viewer | None) -> ScopedQuerySet[M]:
        from pemilu.accounts.permissions import user_scopes

        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        q = models.Q()
        matched = False
        for scope in user_scopes(user):
            if scope.code == "":
                return self
            lookup = scope_lookup(self.model, scope.code)
            if lookup is not None:
                q |= models.Q(**lookup)
                matched = True
        return self.filter(q) if matched else self.none()


def region_key(verbose_name: StrOrPromise, *, related_name: str = "+") -> models.ForeignKey[Region, Region]:
    """The ``region`` column of a row filed under one region: a key to ``regions.Region`` by its
    code, stored as ``region_code`` (so ``region_id`` is the code itself), never cascading."""
    return models.ForeignKey("regions.Region", to_field="code", db_column="region_code", on_delete=models.PROTECT,
                             related_name=related_name, verbose_name=verbose_name)


class Scoped(models.Model):
    """Abstract base of a region-scoped model: ``objects`` has ``in_region`` and ``visible_to``.
    Subclass it directly when the scope columns live on a related row (``scope_path``) or are
    named differently (``scope_columns``); otherwise subclass ``ScopedModel``."""

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ScopedModel(Scoped):
    """A row that carries its region's ancestor codes in indexed columns (docs/architecture.md,
    Scoped models): ``set_scope_columns(code)`` fills them from the region code."""

    prov_code = models.CharField(max_length=2, db_index=True)
    kab_code = models.CharField(max_length=5, blank=True, db_index=True)
    kec_code = models.CharField(max_length=8, blank=True, db_index=True)
    desa_code = models.CharField(max_length=13, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def scope_code(self) -> str:
        """The deepest filled column: the region the row is filed under (for ``ensure_can``)."""
        return self.desa_code or self.kec_code or self.kab_code or self.prov_code

    def set_scope_columns(self, code: str) -> None:
        codes = ancestor_codes(code)
        for level, column in SCOPE_COLUMNS.items():
            setattr(self, column, codes.get(level, ""))


class RegionScopedModel(ScopedModel):
    """A ``ScopedModel`` filed under its ``region`` (a foreign key to ``regions.Region`` that the
    subclass declares, with its own related name): the region's code is its ``scope_code``."""

    region_id: str

    class Meta:
        abstract = True

    @property
    def scope_code(self) -> str:
        return self.region_id
