"""Read-only admin views: every change goes through the audited actions (pages, API, CLI)."""

from django.contrib import admin
from django.http import HttpRequest

from pemilu.adhoc.models import Applicant, BodyRules, EligibilityRule, Recruitment


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Recruitment)
class RecruitmentAdmin(ReadOnly):
    list_display = ["election", "body", "region", "status"]


@admin.register(BodyRules)
class BodyRulesAdmin(ReadOnly):
    list_display = ["election", "body", "seats", "min_registrants_factor", "tie_breaks"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(ReadOnly):
    list_display = ["election", "body", "kind", "name", "citation", "enabled"]


@admin.register(Applicant)
class ApplicantAdmin(ReadOnly):
    list_display = ["name", "body", "area", "elig_outcome", "admin_result", "final_rank", "selection"]
    list_filter = ["body", "outcome__elig_outcome", "outcome__selection"]
