
from django.contrib import admin

from pemilu.audit.models import AuditEvent
from pemilu.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is append-only and never edited through the admin."""

    list_display = ("created_at", "event_type", "actor_name", "region_code", "object_repr")
    list_filter = ("event_type",)
    search_fields = ("object_repr", "actor_name", "region_code")



