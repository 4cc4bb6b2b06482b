"""Admin helpers: the Django admin is a read-only window for KPU administrators, scoped to their
regions. Every write goes through the audited actions (pages, API, CLI), so no model admin may
add, change or delete: each one is a ``ReadOnlyAdmin`` (a test walks the registry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from pemilu.accounts.models import User


class ScopedAdminMixin:
    """Limit an admin changelist (and object lookups) to the rows the user may see."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return qs
        visible = getattr(qs, "visible_to", None)
        return visible(request.user) if visible else qs.none()


def grant_admin_view(user: User, models: list[type[Model]]) -> None:
    """Give a (staff) user view permission on the given models in the admin."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for model in models:
        ct = ContentType.objects.get_for_model(model)
        perm = Permission.objects.get(content_type=ct, codename=f"view_{model._meta.model_name}")
        user.user_permissions.add(perm)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """The one admin class of pemilu: view only, rows limited to what the user may see."""
