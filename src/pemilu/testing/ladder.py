"""The permission ladder, applied to every page and API operation (NetBox ViewTestCases style).

A test module ``pemilu/<app>/tests/test_ladder.py`` declares ``ENDPOINTS``: for each, a URL
(``{placeholders}`` filled per run by the module's fixture), the method, and the cast members on
each rung:

* ``allowed`` — answer ``ok_status``;
* ``forbidden`` — in scope but without the role: 403;
* ``hidden`` — out of scope: 404, exactly like a missing row.

Anonymous users are redirected to login (pages) or get 401 (API). Refused calls write nothing
to the audit trail. Every answer, on every rung, goes through the **leak check**: it may not
contain any identifying value (region codes and names, TPS codes, NIKs, NIPs, people's names,
contacts…) of the rows of a kab/kota the user has no scope in (``foreign_values``). A list
answered to a user of the other kab/kota is thus its out-of-scope rung: 200 with none of the
rows. ``core/tests/test_url_coverage.py`` keys every endpoint on its route (pages) or its
operation (``METHOD /api/v1/...``) and fails when one lacks a rung that applies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from pemilu.testing.factories import PASSWORD, Cast

RUNGS = ("allowed", "forbidden", "out_of_scope")

# Cast members outside Kota Tebing Tinggi (12.76), where each module's rows live: an answer to
# them, when it passes the leak check, is a list's out-of-scope rung.
OUTSIDE_A = frozenset({"kpu_admin_b", "pps_b1", "nobody"})


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
    # Why an out-of-scope user may see this answer's data (a published result): the leak check
    # is then skipped for the ``allowed`` rung, which no longer counts as an out-of-scope rung.
    public_data: str = ""
    # An upload (multipart form): ``bytes`` values in ``data`` are sent as files named after the key.
    multipart: bool = False

    def rungs(self) -> set[str]:
        """The rungs this endpoint climbs (see the module docstring)."""
        out = set()
        if self.allowed:
            out.add("allowed")
        if self.forbidden:
            out.add("forbidden")
        if self.hidden or (not self.public_data and OUTSIDE_A & set(self.allowed)):
            out.add("out_of_scope")
        return out


def fill(endpoint: Endpoint, ids: dict[str, Any]) -> Endpoint:
    """The endpoint with ``{placeholders}`` in its URL and data replaced by this run's ids (a data
    value that is just ``"{name}"`` becomes the id itself, e.g. an int)."""
    def value(v: Any) -> Any:
        if isinstance(v, str):
            whole = re.fullmatch(r"\{(\w+)\}", v)
            return ids[whole.group(1)] if whole else v.format(**ids)
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return v

    data = {k.format(**ids): value(v) for k, v in endpoint.data.items()} if endpoint.data else endpoint.data
    return replace(endpoint, url=endpoint.url.format(**ids), data=data)


# --- keys: what the coverage test counts ------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^}/]+\}")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _path_view(callback: Any) -> Any | None:
    """The django-ninja ``PathView`` behind a URL pattern's callback, or None for a page."""
    for cell in getattr(callback, "__closure__", None) or ():
        contents = cell.cell_contents
        if type(contents).__name__ == "PathView" and hasattr(contents, "operations"):
            return contents
    return None


def _route_key(route: str) -> str:
    return "/" + _CONVERTER.sub(r"{\1}", route)


def endpoint_key(url: str, method: str = "get") -> str:
    """The coverage key of a concrete URL: ``/route/{param}/`` for a page (any method; its
    rungs are counted together), ``METHOD /api/v1/path/{param}`` for an API operation.
    ``{placeholders}`` in ``url`` stand for ids and are resolved as ``1``."""
    path = _PLACEHOLDER.sub("1", url.split("?")[0])
    match = resolve(path)
    view = _path_view(match.func)
    if view is None:
        return _route_key(match.route)
    methods = {m.upper() for op in view.operations for m in op.methods}
    if method.upper() not in methods:
        raise LookupError(f"{url}: no {method.upper()} operation (only {sorted(methods)})")
    return f"{method.upper()} {_route_key(match.route)}"


def all_keys() -> set[str]:
    """Every page route and API operation of the URL configuration (the Django admin aside:
    it has its own staff-only, read-only permissions, tested in core/tests/test_admin_readonly.py)."""
    keys: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.app_name != "admin":
                    walk(p, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = _route_key(prefix + str(p.pattern))
                view = _path_view(p.callback)
                if view is None:
                    keys.add(route)
                else:
                    keys.update(f"{m.upper()} {route}" for op in view.operations for m in op.methods)

    walk(get_resolver(), "")
    return keys


# --- the leak check ---------------------------------------------------------------------------

# Fields whose values identify a place, a person or a record to someone who reads the page.
IDENTIFYING_FIELDS = frozenset({
    "code", "name", "alt_name", "username", "full_name", "nik", "spouse_nik", "nip", "suspect_name",
    "suspect_nip", "reporter_name", "reporter_contact", "sender_name", "sender_contact", "office_name",
    "phone", "email",
})
_KAB_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}")


def _kab_of(code: str) -> str:
    return code[:5] if len(code) >= 5 else ""


def values_by_kab() -> dict[str, set[str]]:
    """Identifying values of every row, grouped by the kab/kota code the row lies in ("" for rows
    above kab/kota: provinces, national). Users count in the kab/kota of their roles."""
    from pemilu.accounts.models import RoleAssignment, User
    from pemilu.regions.models import Region

    kabs = set(Region.objects.filter(level=2).values_list("code", flat=True))
    out: dict[str, set[str]] = {kab: set() for kab in kabs}
    out[""] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("pemilu."):
            continue
        fields = [f.name for f in model._meta.get_fields()
                  if isinstance(f, models.CharField | models.TextField) and f.name in IDENTIFYING_FIELDS]
        qs: Any = model._default_manager.all()
        if not fields or not hasattr(qs, "in_region"):
            continue
        for kab in kabs:
            for row in qs.in_region(kab).values_list(*fields):
                out[kab].update(str(v) for v in row if v)
    for user_id, code in RoleAssignment.objects.values_list("user_id", "scope_code"):
        user = User.objects.filter(pk=user_id).values_list("username", "full_name", "nik").get()
        out[_kab_of(code) if _kab_of(code) in kabs else ""].update(str(v) for v in user if v)
    for region in Region.objects.filter(level__lt=2).values_list("code", "name", "alt_name"):
        out[""].update(v for v in region if v)
    return out


def foreign_values(user: Any, by_kab: dict[str, set[str]]) -> set[str]:
    """What ``user`` may not read anywhere: the identifying values of every kab/kota none of the
    user's scopes overlaps, minus values that also belong to a place the user may see (a
    shared name is no leak)."""
    from pemilu.accounts.permissions import user_scopes
    from pemilu.core.levels import covers

    scopes = [s.code for s in user_scopes(user)] if user is not None else []
    foreign: set[str] = set()
    own: set[str] = set(by_kab[""])
    for kab, values in by_kab.items():
        if kab and not any(covers(s, kab) or covers(kab, s) for s in scopes):
            foreign |= values
        else:
            own |= values
    return {v for v in foreign - own if len(v) >= 4}


# Form hints are written in the code ("mis. 12.76"), not read from the data.
_HINTS = re.compile(r'placeholder="[^"]*"|<span class="helptext"[^>]*>.*?</span>', re.S)


def leaked(body: str, values: Iterable[str], sent: str = "") -> list[str]:
    """The values found in ``body`` but not in ``sent`` (what the request itself named: its URL
    and data, which a page may echo). A bare kab/kota code (``12.06``) is matched as a code, not
    inside a time of day (``12.06 WIB``) or a longer number."""
    body = _HINTS.sub("", body)
    found = []
    for v in values:
        if v in sent:
            continue
        if _KAB_CODE.fullmatch(v):
            if re.search(rf"(?<![\d.,:])(?<!, ){re.escape(v)}(?![\d])(?!\s*WI)", body):
                found.append(v)
        elif v in body:
            found.append(v)
    return sorted(found)


# --- climbing ---------------------------------------------------------------------------------

def user_of(cast: Cast, who: str) -> Any:
    from pemilu.accounts.models import User

    user = getattr(cast, who, None)
    return user if user is not None else User.objects.get(username=who)


def client_for(cast: Cast | None, who: str | None) -> Client:
    client = Client()
    if cast is not None and who is not None:
        user = user_of(cast, who)
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _call(client: Client, endpoint: Endpoint) -> Any:
    if endpoint.multipart:
        from django.core.files.uploadedfile import SimpleUploadedFile

        form = {k: SimpleUploadedFile(k, v) if isinstance(v, bytes) else v for k, v in (endpoint.data or {}).items()}
        return getattr(client, endpoint.method)(endpoint.url, form)
    if endpoint.api and endpoint.method != "get":
        # The API reads JSON bodies: a form-encoded body would be refused (422) before the view
        # could answer 403/404, hiding the rung under test.
        return getattr(client, endpoint.method)(endpoint.url, json.dumps(endpoint.data or {}),
                                                content_type="application/json")
    return getattr(client, endpoint.method)(endpoint.url, endpoint.data or {})


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    content: bytes = response.content
    if content[:4] == b"PK\x03\x04":  # an XLSX: read its cells
        return _xlsx_text(content)
    return content.decode(errors="replace")


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for c in row if c is not None)


def _audit_count() -> int:
    from pemilu.audit.models import AuditEvent

    return AuditEvent.objects.count()


def climb(endpoint: Endpoint, cast: Cast) -> None:
    """Run the whole ladder for one endpoint; assertion messages name the rung."""
    by_kab = values_by_kab()
    sent = endpoint.url + json.dumps(endpoint.data or {}, default=str)

    def check_leak(who: str, response: Any, rung: str) -> None:
        values = foreign_values(user_of(cast, who), by_kab)
        found = leaked(_body(response), values, sent)
        assert not found, f"{endpoint.name}: {who} ({rung}) saw data of a region outside their scope: {found}"

    before = _audit_count()
    anon = _call(client_for(None, None), endpoint)
    if endpoint.api:
        assert anon.status_code == 401, f"{endpoint.name}: anonymous got {anon.status_code}"
    else:
        assert anon.status_code in (302, 404), f"{endpoint.name}: anonymous got {anon.status_code}"
        if anon.status_code == 302:
            assert "/akun/masuk/" in anon["Location"]
    for who in endpoint.hidden:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == 404, f"{endpoint.name}: {who} (out of scope) got {r.status_code}"
        check_leak(who, r, "out of scope")
    for who in endpoint.forbidden:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == 403, f"{endpoint.name}: {who} (in scope, wrong role) got {r.status_code}"
        check_leak(who, r, "in scope, wrong role")
    assert _audit_count() == before, f"{endpoint.name}: a refused call wrote to the audit trail"
    for who in endpoint.allowed:
        r = _call(client_for(cast, who), endpoint)
        assert r.status_code == endpoint.ok_status, f"{endpoint.name}: {who} got {r.status_code}"
        if not endpoint.public_data:
            check_leak(who, r, "allowed")
