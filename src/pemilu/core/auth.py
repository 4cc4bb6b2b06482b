"""API authentication: session (browser) or bearer token (scripts and devices).

Tokens are looked up by the SHA-256 of the secret. Each worker process keeps a verified token
for ``TOKEN_CACHE_SECONDS`` (with the user's role scopes; core/cache.py, namespace "tokens"), so
a device sending many forms costs no authentication queries. Revoking a token and granting or
revoking a role bump the namespace: every worker sees it at once where the cache is shared
(``CACHE_URL``), otherwise within that time.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from pemilu.accounts.models import ApiToken, User, hash_token
from pemilu.core import cache

TOKEN_CACHE_SECONDS = 30.0


def _lookup(digest: str) -> User | None:
    def load() -> User | None:
        row = (ApiToken.objects.select_related("user")
               .filter(key_hash=digest, revoked_at__isnull=True, user__is_active=True).first())
        user = row.user if row is not None else None
        if user is not None:
            from pemilu.accounts.permissions import user_scopes

            user_scopes(user)  # cached on the user object for as long as the token entry lives
        return user

    user = cache.remember("tokens", digest, load, TOKEN_CACHE_SECONDS)
    if user is None:
        cache.forget("tokens", digest)  # an unknown token is not kept: it may be created a moment later
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = _lookup(hash_token(token))
        if user is None:
            return None
        request.user = user
        return user
