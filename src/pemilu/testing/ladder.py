"""The permission ladder, applied to every endpoint (NetBox ViewTestCases style).

A test class declares ``ENDPOINTS``: for each, the URL, which cast members are allowed,
which are in scope but lack the role (403), and which are out of scope (404 — never data).
Anonymous users are redirected to login (pages) or get 401 (API).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from pemilu.testing.factories import PASSWORD, Cast


@dataclass
class Endpoint:
    name: str
    url: str
    allowed: list[str]
    forbidden: list[str] = field(default_factory=list)   # in scope, wrong role → 403
    hidden: list[str] = field(default_factory=list)      # out of scope → 404
    api: bool = False
    method: str = "get"
    data: dict[str, object] | None = None
    ok_status: int = 200


def client_for(cast: Cast | None, who: str | None) -> Client:
    client = Client()
    if cast is not None and who is not None:
        user = getattr(cast, who)
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _call(client: Client, endpoint: Endpoint) -> Any:
    if endpoint.api and endpoint.method != "get":
        # The API reads JSON bodies: a form-encoded body would be refused (422) before the view
        # could answer 403/404, hiding the rung under test.
        return getattr(client, endpoint.method)(endpoint.url, json.dumps(endpoint.data or {}),
                                                content_type="application/json")
    return getattr(client, endpoint.method)(endpoint.url, endpoint.data or {})


def climb(endpoint: Endpoint, cast: Cast) -> None:
    """Run the whole ladder for one endpoint; assertion messages name the rung."""
    anon = _call(client_for(None, None), endpoint)
    if endpoint.api:
        assert anon.status_code == 401, f"{endpoint.name}: anonymous got {anon.status_code}"
    else:
        assert anon.status_code in (302, 404), f"{endpoint.name}: anonymous got {anon.status_code}"
        if anon.status_code == 302:
            assert "/akun/masuk/" in anon["Location"]
    for who in endpoint.allowed:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == endpoint.ok_status, f"{endpoint.name}: {who} got {r.status_code}"
    for who in endpoint.forbidden:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == 403, f"{endpoint.name}: {who} (in scope, wrong role) got {r.status_code}"
    for who in endpoint.hidden:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == 404, f"{endpoint.name}: {who} (out of scope) got {r.status_code}"
        body = r.content.decode(errors="replace")
        assert "Persiakan" not in body and "Kacaribu" not in body, f"{endpoint.name}: {who} saw data"
