"""How often one address may use "Cek DPT", on the page and in the API alike
(``PEMILU_CEK_DPT_PER_HOUR``, default 10). The count lives in Django's default cache
(``core/ratelimit.py``): with ``CACHE_URL=redis://…`` one count for every worker and server."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pemilu.core import ratelimit

BUCKET = "voters:cek-dpt"


def lookup_limited(request: HttpRequest) -> bool:
    """Count one lookup of this address; True when it is over the hourly limit."""
    limit: int = settings.PEMILU_CEK_DPT_PER_HOUR
    return ratelimit.hit(request, BUCKET, limit)
