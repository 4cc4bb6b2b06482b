from __future__ import annotations

from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.schedule.models import Stage


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    """Read-only: stages change only through the audited actions (the schedule admin page,
    ``pemilu schedule load/import``), never through raw saves here."""

    list_display = ("election", "number", "code", "name_id", "start", "end", "region_code")
    list_filter = ("election", "region_code")
    search_fields = ("code", "name_id", "name_en")



