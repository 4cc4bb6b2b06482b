from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from pemilu.accounts.models import ApiToken, RoleAssignment, User
from pemilu.core.admin import ReadOnlyAdmin, ReadOnlyMixin

# pemilu grants through roles in regions (accounts.actions), never through Django's groups.
admin.site.unregister(Group)


class RoleInline(ReadOnlyMixin, admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    fk_name = "user"
    extra = 0


@admin.register(User)
class PemiluUserAdmin(ReadOnlyMixin, UserAdmin):  # type: ignore[type-arg]
    inlines = [RoleInline]
    list_display = ("username", "full_name", "is_staff", "is_system")
    fieldsets = (*UserAdmin.fieldsets, ("pemilu", {"fields": ("full_name", "is_system")}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "name", "user", "created_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")
