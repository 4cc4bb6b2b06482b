"""A per-client, per-clock-hour counter for the public forms (neutrality reports, adhoc comments).

It lives in Django's default cache. The default local-memory cache is per process, so with several
gunicorn workers each one counts on its own; set ``CACHE_URL=redis://…`` (settings) to share one
count between every worker and server.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: behind a reverse proxy, the proxy must set it (docs/apps/neutrality.md).
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def hit(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Count one request of this client in ``bucket``; True when it is over ``limit`` this hour."""
    key = f"ratelimit:{bucket}:{client_ip(request)}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > limit
