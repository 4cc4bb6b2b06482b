"""How often one client may use the public neutrality forms (the report intake and the tracking
lookup), on the page and in the API alike (``PEMILU_NEUTRALITY_INTAKE_PER_HOUR``, default 10)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pemilu.core import ratelimit

DEFAULT_INTAKE_PER_HOUR = 10


def rate_limited(request: HttpRequest, bucket: str) -> bool:
    """Count one request of this client in ``bucket`` (intake, track); True when over the limit."""
    limit: int = getattr(settings, "PEMILU_NEUTRALITY_INTAKE_PER_HOUR", DEFAULT_INTAKE_PER_HOUR)
    return ratelimit.hit(request, f"neutrality:{bucket}", limit)
