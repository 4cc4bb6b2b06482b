from django.contrib import admin

from pemilu.asn.models import AsnEmployee


@admin.register(AsnEmployee)
class AsnEmployeeAdmin(admin.ModelAdmin[AsnEmployee]):
    list_display = ("nip", "name", "agency", "employment_type", "region")
    search_fields = ("nip", "name", "agency")
    list_filter = ("employment_type",)
    # Changes go through the audited actions/import, not the admin.
    readonly_fields = ("nip", "name", "agency", "position", "employment_type", "region", "prov_code", "kab_code",
                       "kec_code", "desa_code", "is_active")

    def has_add_permission(self, request: object) -> bool:
        return False
