"""Pages of the voter list, mounted at ``/pemilih/`` (each area adds its paths here)."""

from django.urls import URLPattern, URLResolver

app_name = "voters"
urlpatterns: list[URLPattern | URLResolver] = []
