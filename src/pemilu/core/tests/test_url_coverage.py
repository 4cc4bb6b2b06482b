"""Fails when a URL exists that no permission-ladder test covers.

Each app lists its endpoints in ``pemilu/<app>/tests/test_ladder.py`` as ``ENDPOINTS``
(``pemilu.testing.ladder.Endpoint``; the name is the URL name, optionally followed by a
space and a note). Public pages and non-scoped URLs go in that module's ``UNSCOPED`` set.
"""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import pemilu

# Not region-scoped data: auth, the language switch, the API's schema and docs.
UNSCOPED = {"accounts:login", "accounts:logout", "set_language", "api:api-root", "api:openapi-json",
            "api:openapi-view"}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":  # the Django admin has its own (staff-only) permissions
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def covered_names() -> set[str]:
    covered = set(UNSCOPED)
    for mod in pkgutil.iter_modules(pemilu.__path__):
        if not mod.ispkg:  # only apps (packages); importing pemilu.__main__ would run the CLI
            continue
        try:
            ladder = importlib.import_module(f"pemilu.{mod.name}.tests.test_ladder")
        except ModuleNotFoundError:
            continue
        covered |= {e.name.split(" ")[0] for e in getattr(ladder, "ENDPOINTS", [])}
        covered |= set(getattr(ladder, "UNSCOPED", set()))
    return covered


def test_every_url_is_covered_by_a_ladder() -> None:
    missing = _names(get_resolver()) - covered_names()
    assert not missing, f"URLs without a permission-ladder test: {sorted(missing)}"
