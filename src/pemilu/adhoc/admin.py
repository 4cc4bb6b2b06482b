"""Read-only admin views: every change goes through the audited actions (pages, API, CLI)."""

from django.contrib import admin

from pemilu.adhoc.models import Applicant, BodyRules, EligibilityRule, Recruitment, WorkExtension
from pemilu.core.admin import ReadOnlyAdmin


@admin.register(Recruitment)
class RecruitmentAdmin(ReadOnlyAdmin):
    list_display = ["election", "body", "region", "status"]


@admin.register(BodyRules)
class BodyRulesAdmin(ReadOnlyAdmin):
    list_display = ["election", "body", "seats", "min_registrants_factor", "tie_breaks"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(ReadOnlyAdmin):
    list_display = ["election", "body", "kind", "name", "citation", "enabled"]


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ["name", "body", "area", "elig_outcome", "admin_result", "final_rank", "selection"]
    list_filter = ["body", "outcome__elig_outcome", "outcome__selection"]


@admin.register(WorkExtension)
class WorkExtensionAdmin(ReadOnlyAdmin):
    list_display = ["recruitment", "area", "kind", "previous_end", "new_end", "created_at"]
# PublicComment is not in the admin: it is for the KPU office handling the area only (scoped pages).
