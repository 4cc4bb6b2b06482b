from django.contrib import admin

from pemilu.asn.models import AsnEmployee
from pemilu.core.admin import ReadOnlyAdmin


@admin.register(AsnEmployee)
class AsnEmployeeAdmin(ReadOnlyAdmin):
    list_display = ("nip", "name", "agency", "employment_type", "region")
    search_fields = ("nip", "name", "agency")
    list_filter = ("employment_type",)
    # Changes go through the audited actions/import, not the admin.
    readonly_fields = ("nip", "name", "agency", "position", "employment_type", "region", "prov_code", "kab_code",
                       "kec_code", "desa_code", "is_active")

