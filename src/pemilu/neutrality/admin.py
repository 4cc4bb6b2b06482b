from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.neutrality.models import Case, CaseRules, Pledge, SocialisationEvent


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Read-only: cases move only through the audited actions."""

    list_display = ("id", "status", "category", "suspect_name", "region", "received_on")
    list_filter = ("status", "category")




@admin.register(CaseRules)
class CaseRulesAdmin(ReadOnlyAdmin):
    list_display = ("election", "report_days", "review_days", "decision_days", "extended_days")


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ("employee", "election", "signed_on")



@admin.register(SocialisationEvent)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "place", "organiser", "region")

