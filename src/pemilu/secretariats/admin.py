from django.contrib import admin

from pemilu.secretariats.models import Assignment, Candidate, CompositionRule, Decision, Secretariat


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes go through the audited actions (pages, API, CLI); the admin only reads."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Secretariat)
class SecretariatAdmin(ReadOnly):
    list_display = ("region", "body_kind", "election", "office_name")
    list_filter = ("body_kind", "election")
    search_fields = ("region__code", "region__name", "office_name")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ("employee", "position", "secretariat", "started_on", "ended_on", "end_reason")


admin.site.register(Candidate, ReadOnly)
admin.site.register(Decision, ReadOnly)
admin.site.register(CompositionRule, ReadOnly)
