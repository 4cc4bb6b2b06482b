"""Pages of the voter list, mounted at ``/pemilih/`` (each area adds its paths here)."""

from django.urls import URLPattern, URLResolver, path

from pemilu.voters.views import duplicates

app_name = "voters"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ganda/", duplicates.queue, name="duplicates"),
    path("ganda/cari/", duplicates.search, name="duplicates_search"),
    path("ganda/<int:duplicate_id>/putuskan/", duplicates.decide, name="duplicates_decide"),
]
