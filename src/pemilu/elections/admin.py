from django.contrib import admin

from pemilu.elections.models import Election


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin[Election]):
    list_display = ("code", "name", "voting_day", "time_zone")
