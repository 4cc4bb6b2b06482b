from django.contrib import admin

from pemilu.seats.models import AllocationRun, DapilResult


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin[AllocationRun]):
    """Read-only: runs are created through the audited action only."""

    list_display = ("id", "election", "contest_label", "region_code", "status", "total_seats", "created_at")
    list_filter = ("contest_kind", "status")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(DapilResult)
class DapilResultAdmin(admin.ModelAdmin[DapilResult]):
    list_display = ("run", "code", "name", "seats")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
