"""Issue 18 item 7: an API parameter that only takes the values of a value set is typed with that
set's one declaration (docs/architecture.md), so the OpenAPI document lists the values and any other
value is ninja's 422 in the one error schema. The refusals of the writes, and that they write nothing,
are in test_bad_input_corpus_api.API_CASES ("enum-…"); the query filters' are here."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
from django.test import Client

from pemilu.accounts.models import Role
from pemilu.adhoc.models import Revote
from pemilu.asn.models import EmploymentType
from pemilu.candidacy.api_dpd import SupportVerdictIn
from pemilu.core.models import Sex
from pemilu.neutrality.models import CaseDecision
from pemilu.neutrality.sanctions import Breach, Destination, Employment, OrganiserRole, SanctionGrade, Track
from pemilu.seats.models import SeatContestKind
from pemilu.secretariats.rules import PositionKind
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters.models import Marital, NotEligibleReason

TRANSITION = "/api/v1/neutrality/cases/{case_id}/transition"
RESPONSES = "/api/v1/voters/announcements/{announcement_id}/responses"
PUBLIC_RESPONSES = "/api/v1/voters/announcements/{announcement_id}/public-responses"

# (method, path, "body" or "query", field ("items[].reason": each item's), its value set)
TYPED: list[tuple[str, str, str, str, type[Enum]]] = [
    ("post", TRANSITION, "body", "decision", CaseDecision),
    ("post", TRANSITION, "body", "breach", Breach),
    ("post", TRANSITION, "body", "employment", Employment),
    ("post", TRANSITION, "body", "role", OrganiserRole),
    ("post", TRANSITION, "body", "referred_to", Destination),
    ("post", TRANSITION, "body", "track", Track),
    ("post", TRANSITION, "body", "sanction_level", SanctionGrade),
    ("post", "/api/v1/adhoc/recruitments/{recruitment_id}/work-extensions", "body", "kind", Revote),
    ("post", "/api/v1/coklit/areas/{tps_code}/voters/{voter_id}/outcome", "body", "reason", NotEligibleReason),
    ("post", "/api/v1/coklit/areas/{tps_code}/batch", "body", "items[].reason", NotEligibleReason),
    ("post", RESPONSES, "body", "reason", NotEligibleReason),
    ("post", RESPONSES, "body", "person_sex", Sex),
    ("post", PUBLIC_RESPONSES, "body", "reason", NotEligibleReason),
    ("post", PUBLIC_RESPONSES, "body", "person_sex", Sex),
    ("post", "/api/v1/voters/dpk/{tps_code}", "body", "sex", Sex),
    ("post", "/api/v1/voters/dpk/{tps_code}", "body", "marital", Marital),
    ("post", "/api/v1/seats/runs", "body", "contest_kind", SeatContestKind),
    ("post", "/api/v1/seats/runs", "body", "candidates[].sex", Sex),
    ("post", "/api/v1/secretariats/{secretariat_id}/candidates", "body", "kind", PositionKind),
    ("post", "/api/v1/candidacy/dpd/provinces/{region_code}/candidates", "body", "sex", Sex),
    ("post", "/api/v1/candidacy/dpd/supporters/{supporter_id}/verification", "body", "outcome", SupportVerdictIn),
    ("post", "/api/v1/coklit/areas/{tps_code}/voters", "body", "jenis_kelamin", Sex),
    ("post", "/api/v1/coklit/areas/{tps_code}/voters", "body", "status_kawin", Marital),
    ("get", "/api/v1/users", "query", "role", Role),
    ("get", "/api/v1/asn", "query", "employment_type", EmploymentType),
]


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _field(doc: dict[str, Any], method: str, path: str, where: str, field: str) -> dict[str, Any]:
    op = doc["paths"][path][method]
    if where == "query":
        node: dict[str, Any] = next(p["schema"] for p in op["parameters"] if p["in"] == "query" and p["name"] == field)
        return node
    node = op["requestBody"]["content"]["application/json"]["schema"]
    for part in field.split("."):
        name = part.removesuffix("[]")
        node = _resolve(doc, node)["properties"][name]
        if part.endswith("[]"):
            node = _resolve(doc, node)["items"]
    return node


def _listed(doc: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = _resolve(doc, node)
    values = set(node.get("enum", ()))
    for alt in [*node.get("anyOf", ()), *node.get("allOf", ())]:
        values |= _listed(doc, alt)
    return values


@pytest.mark.parametrize(("method", "path", "where", "field", "values"),
                         [pytest.param(*t, id=f"{t[1].removeprefix('/api/v1/')}:{t[3]}") for t in TYPED])
def test_the_document_lists_the_value_set(method: str, path: str, where: str, field: str,
                                          values: type[Enum]) -> None:
    from pemilu.api import api

    doc = api.get_openapi_schema()
    assert _listed(doc, _field(doc, method, path, where, field)) == {v.value for v in values}


def _admin(cast: Cast) -> Client:
    c = Client()
    assert c.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    return c


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "field"), [("/api/v1/users", "role"), ("/api/v1/asn", "employment_type")])
def test_a_filter_outside_its_value_set_is_a_422(cast: Cast, url: str, field: str) -> None:
    admin = _admin(cast)
    response = admin.get(url, {field: "menari"})
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and body["code"] == "invalid"
    assert body["detail"].startswith("Masukan tidak sah: ")
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message"].startswith("harus salah satu dari")
    assert admin.get(url).status_code == 200  # no filter: every row the reader may see


@pytest.mark.django_db
def test_a_filter_in_its_value_set_filters(cast: Cast) -> None:
    admin = _admin(cast)
    staff = admin.get("/api/v1/users", {"role": Role.KPU_STAFF.value}).json()["items"]
    assert staff and cast.kpu_staff_a.username in {u["username"] for u in staff}
    assert cast.kpu_admin_a.username not in {u["username"] for u in staff}
