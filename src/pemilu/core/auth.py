"""API authentication: session (browser) or bearer token (scripts and devices)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from pemilu.accounts.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (ApiToken.objects.select_related("user")
               .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True).first())
        if row is None:
            return None
        request.user = row.user
        return row.user
