from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pemilu.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class PemiluUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [RoleInline]
    list_display = ("username", "full_name", "is_staff", "is_system")
    fieldsets = (*UserAdmin.fieldsets, ("pemilu", {"fields": ("full_name", "is_system")}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("prefix", "name", "user", "created_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")
