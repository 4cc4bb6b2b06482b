from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pemilu.audit.models import AuditEvent
from pemilu.core.admin import ScopedAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdminMixin, admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit trail is append-only and never edited through the admin."""

    list_display = ("created_at", "event_type", "actor_name", "region_code", "object_repr")
    list_filter = ("event_type",)
    search_fields = ("object_repr", "actor_name", "region_code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
