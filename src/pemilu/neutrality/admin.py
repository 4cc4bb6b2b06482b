from django.contrib import admin

from pemilu.neutrality.models import Case, CaseRules, Pledge, SocialisationEvent


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    """Read-only: cases move only through the audited actions."""

    list_display = ("id", "status", "category", "suspect_name", "region", "received_on")
    list_filter = ("status", "category")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CaseRules)
class CaseRulesAdmin(admin.ModelAdmin[CaseRules]):
    list_display = ("election", "report_days", "review_days", "decision_days", "extended_days")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # set through do_set_case_rules (audited)

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin[Pledge]):
    list_display = ("employee", "election", "signed_on")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SocialisationEvent)
class EventAdmin(admin.ModelAdmin[SocialisationEvent]):
    list_display = ("held_on", "place", "organiser", "region")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
