from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.seats.models import AllocationRun, DapilResult


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    """Read-only: runs are created through the audited action only."""

    list_display = ("id", "election", "contest_label", "region_code", "status", "total_seats", "created_at")
    list_filter = ("contest_kind", "status")




@admin.register(DapilResult)
class DapilResultAdmin(ReadOnlyAdmin):
    list_display = ("run", "code", "name", "seats")


