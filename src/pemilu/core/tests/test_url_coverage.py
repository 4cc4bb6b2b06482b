"""Fails when a page or API operation lacks a permission-ladder rung that applies to it.

Each app lists its endpoints in ``pemilu/<app>/tests/test_ladder.py`` as ``ENDPOINTS``
(``pemilu.testing.ladder.Endpoint``) and climbs them in ``test_the_ladder``. Endpoints are
counted by **key** — the route of a page (``/adhoc/{pk}/``, all methods together) or the
operation of the API (``POST /api/v1/results/batch``) — never by URL name, which two views may
share. A key needs the three rungs (``allowed``; ``forbidden``: 403 in scope without the role;
``out_of_scope``: 404, or for a list an answer without the other region's rows) unless the
table ``NOT_APPLICABLE`` (here, or a module's own) says why one does not apply. Public pages and
non-scoped URLs are listed, with the reason, in ``UNSCOPED`` (here or in a module): a concrete
URL, ``METHOD /api/v1/...`` for an API operation.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from types import ModuleType

import pemilu
from pemilu.testing.ladder import RUNGS, Endpoint, all_keys, endpoint_key

# Not region-scoped: auth, the language switch, the redirect to the dashboard, the API's schema.
UNSCOPED: dict[str, str] = {
    "/": "the public front page (signed-in people are sent to their dashboard)",
    "/akun/masuk/": "the login form",
    "/akun/keluar/": "logout",
    "/i18n/setlang/": "the language switch",
    "/api/v1/": "the API root",
    "/api/v1/openapi.json": "the API schema",
    "/api/v1/docs": "the API documentation",
}

# Where a rung does not apply, and why (key → rung → reason).
NOT_APPLICABLE: dict[str, dict[str, str]] = {}


@dataclass
class Coverage:
    rungs: dict[str, set[str]] = field(default_factory=dict)
    unscoped: dict[str, str] = field(default_factory=dict)
    not_applicable: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _key(url: str, problems: list[str], where: str) -> str | None:
    method, _, path = url.partition(" ") if " " in url else ("get", "", url)
    try:
        return endpoint_key(path, method)
    except Exception as exc:  # noqa: BLE001 — reported with the module that named the URL
        problems.append(f"{where}: {url!r} resolves to no page or operation ({exc})")
        return None


def _ladder_modules() -> list[ModuleType]:
    found = []
    for mod in pkgutil.iter_modules(pemilu.__path__):
        if not mod.ispkg:  # only apps (packages); importing pemilu.__main__ would run the CLI
            continue
        try:
            found.append(importlib.import_module(f"pemilu.{mod.name}.tests.test_ladder"))
        except ModuleNotFoundError:
            continue
    return found


def coverage() -> Coverage:
    cov = Coverage()
    tables: list[tuple[str, dict[str, str], dict[str, dict[str, str]]]] = [
        ("core/tests/test_url_coverage.py", UNSCOPED, NOT_APPLICABLE)]
    for module in _ladder_modules():
        where = module.__name__
        endpoints: list[Endpoint] = getattr(module, "ENDPOINTS", [])
        if endpoints and not hasattr(module, "test_the_ladder"):
            cov.problems.append(f"{where}: ENDPOINTS but no test_the_ladder climbing them")
        for e in endpoints:
            key = _key(f"{e.method} {e.url}" if e.api else e.url, cov.problems, f"{where} {e.name}")
            if key is not None:
                cov.rungs.setdefault(key, set()).update(e.rungs())
        unscoped = getattr(module, "UNSCOPED", {})
        if not isinstance(unscoped, dict):
            cov.problems.append(f"{where}: UNSCOPED must map a concrete URL to the reason it is public")
            unscoped = {}
        tables.append((where, unscoped, getattr(module, "NOT_APPLICABLE", {})))
    for where, unscoped, not_applicable in tables:
        for url, reason in unscoped.items():
            key = _key(url, cov.problems, where)
            if key is not None:
                cov.unscoped[key] = reason
        for key, rungs in not_applicable.items():
            unknown = set(rungs) - set(RUNGS)
            if unknown:
                cov.problems.append(f"{where}: NOT_APPLICABLE[{key!r}] names unknown rungs {sorted(unknown)}")
            cov.not_applicable.setdefault(key, {}).update(rungs)
    return cov


def missing_rungs(cov: Coverage) -> dict[str, list[str]]:
    out = {}
    for key in sorted(all_keys()):
        if key in cov.unscoped:
            continue
        have = cov.rungs.get(key, set()) | set(cov.not_applicable.get(key, {}))
        lacking = [r for r in RUNGS if r not in have]
        if lacking:
            out[key] = lacking
    return out


def test_every_url_and_operation_climbs_every_rung_that_applies() -> None:
    cov = coverage()
    assert not cov.problems, "\n".join(cov.problems)
    missing = missing_rungs(cov)
    assert not missing, "Endpoints without these permission-ladder rungs (add them to the app's " \
        "tests/test_ladder.py ENDPOINTS, or say in NOT_APPLICABLE why a rung does not apply):\n" + \
        "\n".join(f"  {k}: {', '.join(v)}" for k, v in missing.items())


def test_the_table_names_only_existing_endpoints_and_rungs_not_climbed() -> None:
    cov = coverage()
    stale = set(cov.not_applicable) - all_keys()
    assert not stale, f"NOT_APPLICABLE names endpoints that do not exist: {sorted(stale)}"
    both = {k for k, rungs in cov.not_applicable.items() for r in rungs if r in cov.rungs.get(k, set())}
    assert not both, f"NOT_APPLICABLE says a rung does not apply, yet ENDPOINTS climb it: {sorted(both)}"


def test_two_views_sharing_a_url_name_are_two_keys() -> None:
    # POST …/results/batch and POST …/results/{tps}/{contest} were both named "api:submit".
    posts = {k for k in all_keys() if k.startswith("POST ") and "/results/" in k}
    assert any(k.endswith("/results/batch") for k in posts)
    assert any(k.endswith("/results/{tps_code}/{contest_code}") for k in posts)


def test_a_missing_rung_is_named() -> None:
    cov = coverage()
    key = next(k for k in sorted(all_keys()) if re.fullmatch(r"GET /api(/v1)?/regions/\{\w+\}", k))
    cov.rungs[key] = {"allowed"}
    cov.not_applicable.pop(key, None)
    assert missing_rungs(cov)[key] == ["forbidden", "out_of_scope"]
