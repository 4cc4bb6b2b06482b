from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.secretariats.models import Assignment, CompositionRule, Decision, Secretariat, StaffCandidate


@admin.register(Secretariat)
class SecretariatAdmin(ReadOnlyAdmin):
    list_display = ("region", "body_kind", "election", "office_name")
    list_filter = ("body_kind", "election")
    search_fields = ("region__code", "region__name", "office_name")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("employee", "position", "secretariat", "started_on", "ended_on", "end_reason")


admin.site.register(StaffCandidate, ReadOnlyAdmin)
admin.site.register(Decision, ReadOnlyAdmin)
admin.site.register(CompositionRule, ReadOnlyAdmin)
