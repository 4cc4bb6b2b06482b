"""Pages of the voter list, mounted at ``/pemilih/`` (each sub-area adds its paths here)."""

from django.urls import path  # noqa: F401 - the sub-areas' paths use it

app_name = "voters"
urlpatterns: list = []
