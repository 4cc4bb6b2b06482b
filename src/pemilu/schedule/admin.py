from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pemilu.schedule.models import Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin[Stage]):
    """Read-only: stages change only through the audited actions (the schedule admin page,
    ``pemilu schedule load/import``), never through raw saves here."""

    list_display = ("election", "number", "code", "name_id", "start", "end", "region_code")
    list_filter = ("election", "region_code")
    search_fields = ("code", "name_id", "name_en")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
