"""Region scoping for querysets: ``Model.objects.visible_to(user)`` backs every read.

A model opts in by using ``ScopedQuerySet`` and, where its ancestor-code columns live on a
related row, by naming the path (``scope_path = "tps__"``). Out-of-scope rows are simply
absent, so a lookup through ``visible_to`` answers 404 exactly like a missing row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from pemilu.core.levels import SCOPE_COLUMNS, level_of

if TYPE_CHECKING:
    from pemilu.accounts.models import User

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

    def visible_to(self, user: User | Any) -> ScopedQuerySet[M]:
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
