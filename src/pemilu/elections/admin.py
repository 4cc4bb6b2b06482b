from django.contrib import admin

from pemilu.core.admin import ReadOnlyAdmin
from pemilu.elections.models import Election


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "voting_day", "time_zone")
