"""The API's conventions (core/api.py; docs/architecture.md "API conventions"), checked on the
whole OpenAPI document and on real answers: one error schema, one page schema, resource-named
path parameters, the document at /api/v1/openapi.json."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client

from pemilu.api import api
from pemilu.core.api import MAX_LIMIT
from pemilu.testing.factories import PASSWORD, Cast

# Path parameters that are not named after their resource yet (apimore's apps); only shrinks.
NOT_YET_RENAMED: set[str] = set()


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema()


def _operations() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", op) for path, ops in _schema()["paths"].items()
            for method, op in ops.items()]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _ok_schema(schema: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    for status in (200, "200", 201, "201"):  # ints in the Python document, strings once serialised
        content = op["responses"].get(status, {}).get("content", {}).get("application/json")
        if content:
            return _resolve(schema, content["schema"])
    return {}


def test_the_document_is_served_at_v1(db: None) -> None:
    r = Client().get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["paths"] and all(p.startswith("/api/v1/") for p in doc["paths"])
    assert Client().get("/api/v1/docs").status_code == 200


def test_every_list_is_one_page_schema_with_a_bounded_limit() -> None:
    schema = _schema()
    unpaged, unbounded, paged = [], [], []
    for name, op in _operations():
        body = _ok_schema(schema, op)
        props = set(body.get("properties", {}))
        if body.get("type") == "array" or ("items" in props and props != {"count", "limit", "offset", "items"}):
            unpaged.append(name)
        elif props == {"count", "limit", "offset", "items"}:
            paged.append(name)
            params = {p["name"]: p["schema"] for p in op.get("parameters", []) if p["in"] == "query"}
            if params.get("limit", {}).get("maximum") != MAX_LIMIT or "offset" not in params:
                unbounded.append(name)
    assert not unpaged, f"lists not answering Page[T]: {sorted(unpaged)}"
    assert not unbounded, f"pages without limit ≤ {MAX_LIMIT} and offset: {unbounded}"
    assert len(paged) >= 18


def test_path_parameters_are_named_after_the_resource() -> None:
    generic = {"pk", "id", "code"}
    bad = {name for name, _op in _operations() if set(re.findall(r"\{(?:\w+:)?(\w+)\}", name)) & generic}
    assert bad <= NOT_YET_RENAMED, f"path parameters named {generic}: {sorted(bad - NOT_YET_RENAMED)}"
    assert not (NOT_YET_RENAMED - bad), f"renamed now, drop from NOT_YET_RENAMED: {NOT_YET_RENAMED - bad}"


# Operations whose request body once shared a schema name with another app's (the document kept one
# of the two classes, so the other operation showed its fields): the component each references now,
# and the fields its handler reads. A shared name again would show the other side's fields here.
REQUEST_BODIES = {
    "PUT /api/v1/voters/dpt-plenary/{region_code}/attendance": ("DptAttendanceIn", {"attendees"}),
    "POST /api/v1/recap/{contest_code}/plenary/attendance": ("PlenaryAttendanceIn", {"region", "attendees"}),
    "POST /api/v1/voters/responses/{response_id}/resolve": ("DpsResponseResolveIn",
                                                            {"accept", "resolution", "changes", "fields"}),
    "POST /api/v1/results/{tps_code}/{contest_code}/resolve": ("ResultResolveIn",
                                                               {"decision", "keep_version", "reason"}),
    "POST /api/v1/voters/duplicates/{duplicate_id}/decision": ("DuplicateDecisionIn",
                                                               {"decision", "reason", "duplicate"}),
    "POST /api/v1/secretariats/{secretariat_id}/penetapan": ("SecretariatDecisionIn",
                                                             {"number", "date", "issued_by", "candidate_ids"}),
    "POST /api/v1/voters/cek-dpt": ("DptLookupIn", {"nik", "name", "election"}),
    "POST /api/v1/candidacy/dpd/support-lookup": ("SupportLookupIn", {"nik"}),
    "POST /api/v1/candidacy/dpd/contests/{contest_id}/resolution": ("DpdContestResolutionIn", {"upheld", "reason"}),
    "POST /api/v1/seats/runs/{run_id}/decree": ("SeatDecreeIn", {"number", "decided_on", "reason"}),
    "POST /api/v1/candidacy/dpd/candidates/{candidate_id}/resignation-decree": ("DpdResignationDecreeIn",
                                                                                {"number", "decided_on"}),
    "POST /api/v1/candidacy/lists": ("ListSubmitIn",
                                     {"election", "level", "dapil_code", "party_ballot_no", "candidates"}),
}
# The same for answers: a page of one app's responses once listed the other app's columns.
PAGE_ITEMS = {
    "GET /api/v1/voters/announcements/{announcement_id}/responses": ("DpsResponseOut", {"kind", "voter_id",
                                                                                        "person_name"}),
    "GET /api/v1/candidacy/lists/{list_id}/responses": ("DcsResponseOut", {"candidate_name", "respondent_name",
                                                                           "party_reply"}),
}


def _schema_classes(cls: type[Any]) -> list[type[Any]]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_schema_classes(sub))]


def test_each_schema_name_in_the_document_is_one_class() -> None:
    from collections import defaultdict

    from ninja import Schema

    names = set(_schema()["components"]["schemas"])
    classes: dict[str, set[type[Any]]] = defaultdict(set)  # Page[X] of two X: two classes of core.api
    for cls in _schema_classes(Schema):
        name = re.sub(r"[^\w.-]", "_", cls.__name__)  # Page[RegionOut] → Page_RegionOut_, as pydantic names it
        if name in names and cls.__module__.startswith("pemilu.") and ".tests." not in cls.__module__:
            classes[name].add(cls)
    shared = {name: sorted(map(repr, where)) for name, where in classes.items() if len(where) > 1}
    assert not shared, f"one component name, two classes (the document shows only one): {shared}"


def test_formerly_shared_schemas_document_the_fields_their_handler_reads() -> None:
    schema = _schema()
    operations = dict(_operations())
    for name, (component, fields) in REQUEST_BODIES.items():
        ref = operations[name]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{component}", name
        assert set(schema["components"]["schemas"][component]["properties"]) == fields, name
    for name, (component, fields) in PAGE_ITEMS.items():
        items = _ok_schema(schema, operations[name])["properties"]["items"]["items"]
        assert items == {"$ref": f"#/components/schemas/{component}"}, name
        assert fields <= set(_resolve(schema, items)["properties"]), name


def test_every_operation_documents_the_error_schema() -> None:
    schema = _schema()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"detail", "code", "errors"}
    for name, op in _operations():
        assert op["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut"), name


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    assert c.login(username=getattr(cast, who).username, password=PASSWORD)
    return c


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and body["code"] == code, body
    return body  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_every_error_has_one_shape_in_indonesian(cast: Cast) -> None:
    from pemilu.adhoc import actions as adhoc
    from pemilu.elections.demo import get_or_create_pemilu_2024

    staff = _client(cast, "kpu_staff_a")
    # 401: no session, no token.
    body = _error(Client().get("/api/v1/regions"), 401, "unauthenticated")
    assert "Perlu masuk" in body["detail"]
    # 422: ninja's validation, one item per field, Indonesian, never a list in `detail`.
    body = _error(staff.get("/api/v1/regions?limit=0&offset=-1"), 422, "invalid")
    assert {(e["field"], e["message"]) for e in body["errors"]} == {("limit", "harus paling kecil 1"),
                                                                   ("offset", "harus paling kecil 0")}
    assert body["detail"].startswith("Masukan tidak sah: ")
    body = _error(staff.get(f"/api/v1/regions?limit={MAX_LIMIT + 1}"), 422, "invalid")
    assert body["errors"] == [{"field": "limit", "message": f"harus paling besar {MAX_LIMIT}"}]
    rec = adhoc.do_create_recruitment(get_or_create_pemilu_2024(), "pps", "12.76", actor=cast.kpu_admin_a)
    adhoc.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                               end=datetime.date(2022, 12, 27))
    url = f"/api/v1/adhoc/recruitments/{rec.pk}/step"
    body = _error(staff.post(url, json.dumps({"action": "menari"}), content_type="application/json"), 422, "invalid")
    assert body["errors"][0]["field"] == "action" and body["errors"][0]["message"].startswith("harus salah satu dari")
    body = _error(staff.post(url, "{", content_type="application/json"), 400, "invalid")
    assert body["errors"] == [{"field": "body", "message": "bukan JSON yang sah"}]
    # 404: missing and out of scope answer alike.
    assert _error(staff.get("/api/v1/regions/12.06"), 404, "not_found")["detail"] == "Tidak ditemukan."
    assert _error(staff.get("/api/v1/adhoc/applicants/999999"), 404, "not_found")["detail"] == "Tidak ditemukan."
    # A path no operation has: JSON too, not the HTML 404 page.
    assert _error(staff.get("/api/v1/no/such/thing"), 404, "not_found")["detail"] == "Tidak ditemukan."
    assert _error(staff.get("/api/v1/secretariats/-5.5e-08"), 404, "not_found")
    assert b"<html" in staff.get("/wilayah/no/such/page/").content
    # 403: in scope, the role may not act.
    body = _error(_client(cast, "bawaslu_a").post(url, json.dumps({"action": "close"}),
                                                   content_type="application/json"), 403, "forbidden")
    assert "Peran Anda" in body["detail"]
    # A broken rule (DomainError): its own message, with the blockers as items.
    body = _error(staff.post(url, json.dumps({"action": "close"}), content_type="application/json"),
                  409, "transition_blocked")
    assert body["errors"] and all(e["message"] and e["code"] for e in body["errors"])
    # An import names its rows.
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("asn.csv", b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n1,,,,PNS,12.76\n")
    body = _error(_client(cast, "kpu_admin_a").post("/api/v1/asn/import", {"file": bad}), 400, "import_failed")
    assert body["errors"] and all(isinstance(e["row"], int) and e["message"] for e in body["errors"])
    # Middleware answers (NUL) have the shape too.
    body = _error(staff.get("/api/v1/regions", {"q": "a\x00b"}), 400, "invalid")
    assert body["errors"] == [{"field": "q", "message": body["detail"]}]


@pytest.mark.django_db
def test_english_requests_get_english_errors(cast: Cast) -> None:
    staff = _client(cast, "kpu_staff_a")
    staff.cookies["django_language"] = "en"
    body = _error(staff.get("/api/v1/regions?limit=0"), 422, "invalid")
    assert body["errors"] == [{"field": "limit", "message": "must be at least 1"}]
    assert _error(staff.get("/api/v1/regions/12.06"), 404, "not_found")["detail"] == "Not found."


@pytest.mark.django_db
def test_a_page_is_a_window_on_the_whole_list(cast: Cast) -> None:
    admin = _client(cast, "kpu_admin_a")
    whole = admin.get("/api/v1/regions/12.76.01.1006/tps").json()
    assert whole["count"] == len(whole["items"]) == 3 and (whole["limit"], whole["offset"]) == (100, 0)
    pages = [admin.get(f"/api/v1/regions/12.76.01.1006/tps?limit=2&offset={o}").json() for o in (0, 2)]
    assert [(p["count"], len(p["items"])) for p in pages] == [(3, 2), (3, 1)]
    assert [t["code"] for p in pages for t in p["items"]] == [t["code"] for t in whole["items"]]
