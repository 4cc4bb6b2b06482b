from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.regions.models import Region, Tps


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "level", "tps_count", "source")
    list_filter = ("level", "kind", "source")
    search_fields = ("code", "name", "alt_name")
    readonly_fields = ("prov_code", "kab_code", "kec_code", "desa_code", "tps_count")


@admin.register(Tps)
class TpsAdmin(ReadOnlyAdmin):
    list_display = ("code", "village", "number", "kind", "is_special")
    search_fields = ("code",)
    raw_id_fields = ("village",)
