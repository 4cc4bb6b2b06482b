"""How often one client may use the public "cek dukungan" (page and API alike):
``PEMILU_SUPPORT_LOOKUPS_PER_HOUR``, default 20. Counted by ``core/ratelimit.py``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pemilu.core import ratelimit

DEFAULT_PER_HOUR = 20


def rate_limited(request: HttpRequest) -> bool:
    limit: int = getattr(settings, "PEMILU_SUPPORT_LOOKUPS_PER_HOUR", DEFAULT_PER_HOUR)
    return ratelimit.hit(request, "candidacy:support_lookup", limit)
