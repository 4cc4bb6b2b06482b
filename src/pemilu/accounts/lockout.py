"""The login lockout page (django-axes calls ``lockout`` through ``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout(request: HttpRequest, original_response: HttpResponse | None = None,
            credentials: dict[str, Any] | None = None) -> HttpResponse:
    """429 with an Indonesian page saying how long the lock lasts; it names neither whether the
    account exists nor which of account or address tripped the limit."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/lockout.html",
                  {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}, status=429)
