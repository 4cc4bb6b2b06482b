"""API authentication: session (browser) or bearer token (scripts and devices).

Tokens are looked up by the SHA-256 of the secret. Each worker process keeps a verified token
for ``TOKEN_CACHE_SECONDS`` (with the user's role scopes), so a device sending many forms costs
no authentication queries; a revoked token or a changed role takes effect within that time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from pemilu.accounts.models import ApiToken, hash_token

TOKEN_CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def _lookup(digest: str) -> Any:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(digest)
        if hit is not None and hit[0] > now:
            return hit[1]
    row = (ApiToken.objects.select_related("user")
           .filter(key_hash=digest, revoked_at__isnull=True, user__is_active=True).first())
    user = row.user if row is not None else None
    if user is not None:
        from pemilu.accounts.permissions import user_scopes

        user_scopes(user)  # cached on the user object for as long as the token entry lives
        with _lock:
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[digest] = (now + TOKEN_CACHE_SECONDS, user)
    return user


def forget_tokens() -> None:
    with _lock:
        _cache.clear()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _lookup(hash_token(token))
        if user is None:
            return None
        request.user = user
        return user
