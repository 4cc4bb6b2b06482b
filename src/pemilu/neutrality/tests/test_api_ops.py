"""The neutrality pages' actions through the API (issue 18 item 7): public intake, case
transitions as a typed enum, pledges, events and attendance — each with the page's permission
(allowed; 403 in scope without the role; 404 out of scope) — and every list paged, with a query
count that does not grow with the number of rows."""

from __future__ import annotations

import datetime
import html
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.neutrality import actions, outreach
from pemilu.neutrality.models import Attendee, Case, Evidence, Pledge, Report, SocialisationEvent
from pemilu.neutrality.tests.conftest import intake, jpeg_with_exif
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for


def query_count(client: Client, url: str) -> int:
    """Queries of one GET (after a warm-up call, so per-process caches do not count)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries)


def _json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


# --- public intake ----------------------------------------------------------------------------

def report(election: Election, **over: Any) -> dict[str, Any]:
    today = actions.today_for(election).isoformat()
    data: dict[str, Any] = {
        "election": election.code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Camat mengajak ASN hadir di kampanye.", "event_date": today, "known_on": today,
        "place": "Gedung Serbaguna", "suspect_name": "Budi Santoso", "links": ["https://example.org/post/1"],
        "reporter_name": "Rina", "reporter_contact": "rina@example.org"}
    data.update(over)
    return data


def test_anyone_files_a_report_through_the_api_as_on_the_page(cast: Cast, election: Election) -> None:
    photo = jpeg_with_exif()
    r = Client().post("/api/v1/neutrality/reports",
                      {**report(election), "evidence": [SimpleUploadedFile("a.jpg", photo)]})
    assert r.status_code == 201, r.content
    code = r.json()["tracking_code"]
    assert actions.find_by_tracking_code(code) == Report.objects.get()
    assert Evidence.objects.get().file.read() == photo and Case.objects.get().reports.count() == 1
    assert Report.objects.get().links == "https://example.org/post/1"
    anonymous = Client().post("/api/v1/neutrality/reports", {**report(election, suspect_name="Sari"),
                                                          "is_anonymous": "true"})
    assert anonymous.status_code == 201
    assert Report.objects.get(is_anonymous=True).reporter_name == ""


def test_a_bad_report_names_the_field_and_stores_nothing(cast: Cast, election: Election) -> None:
    bad_category = Client().post("/api/v1/neutrality/reports", report(election, category="gosip"))
    assert bad_category.status_code == 422 and "category" in bad_category.content.decode()
    future = (actions.today_for(election) + datetime.timedelta(days=3)).isoformat()
    late = Client().post("/api/v1/neutrality/reports", report(election, event_date=future, known_on=future))
    assert late.status_code == 400 and "tanggal" in late.json()["detail"]
    exe = SimpleUploadedFile("bukti.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100)
    refused = Client().post("/api/v1/neutrality/reports", {**report(election), "evidence": [exe]})
    assert refused.status_code == 400 and "bukti.jpg" in refused.json()["detail"]
    old_election = {**report(election), "election": "pemilu-1955"}
    assert Client().post("/api/v1/neutrality/reports", old_election).status_code == 404
    # No election named is no election: an intake never lands in the latest one by default.
    assert Client().post("/api/v1/neutrality/reports", {**report(election), "election": ""}).status_code == 404
    assert (Case.objects.count(), Report.objects.count(), Evidence.objects.count()) == (0, 0, 0)


def test_a_bad_value_gets_the_same_message_on_the_page_and_in_the_api(cast: Cast, election: Election) -> None:
    """One schema reads both intakes' pages and API bodies (intake.ReportIn, FindingIn): the page
    names the field by its label, the API by its key, and the message is the same."""
    api = Client().post("/api/v1/neutrality/reports", report(election, category="gosip"))
    assert api.status_code == 422
    (message,) = [e["message"] for e in api.json()["errors"] if e["field"] == "category"]
    page = Client(REMOTE_ADDR="10.0.0.10").post("/netralitas/lapor/", {**report(election, category="gosip"),
                                                                       "links": "https://example.org/post/1"})
    assert page.status_code == 400 and f"Kategori: {message}" in html.unescape(page.content.decode())
    finding = {k: v for k, v in report(election).items() if k not in ("known_on", "links")}
    finding["found_on"] = finding.pop("event_date")
    finding["event_date"], finding["place"] = finding["found_on"], ""
    staff = client_for(cast, "bawaslu_a")
    api = _json(staff, "/api/v1/neutrality/findings", {k: v for k, v in finding.items() if k != "place"})
    assert api.status_code == 422 and api.json()["errors"] == [{"field": "place", "message": "wajib diisi"}]
    page = staff.post("/netralitas/temuan/", finding, follow=True)
    assert "Tempat kejadian: wajib diisi" in page.content.decode()
    assert (Case.objects.count(), Report.objects.count(), AuditEvent.objects.filter(
        event_type__startswith="neutrality.").count()) == (0, 0, 0)


def test_the_api_intake_shares_the_pages_limit_per_address(cast: Cast, election: Election, settings: Any) -> None:
    settings.PEMILU_NEUTRALITY_INTAKE_PER_HOUR = 2
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert client.post("/api/v1/neutrality/reports", report(election)).status_code == 201
    page_form = {"election": election.code, "region_code": "12.76.01", "category": "other", "description": "x",
                 "event_date": report(election)["event_date"], "known_on": report(election)["known_on"],
                 "place": "Pasar", "is_anonymous": "on"}
    assert client.post("/netralitas/lapor/", page_form).status_code == 200
    assert client.post("/api/v1/neutrality/reports", report(election)).status_code == 429
    assert Report.objects.count() == 2


# --- cases --------------------------------------------------------------------------------------

def _cases(election: Election, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        actions.submit_report(intake(election, suspect_name=f"Terlapor {i}", place=f"Tempat {i}"), [],
                              received_on=datetime.date(2024, 1, 12))


def test_the_case_list_is_paged_and_its_queries_do_not_grow_with_the_cases(cast: Cast, election: Election) -> None:
    client = client_for(cast, "bawaslu_a")
    _cases(election, 3)
    actions.submit_report(intake(election, suspect_name="Terlapor 0", place="Tempat 0"), [],
                          received_on=datetime.date(2024, 1, 12))  # a second report of case 0
    small = query_count(client, "/api/v1/neutrality/cases")
    _cases(election, 3, start=3)
    assert query_count(client, "/api/v1/neutrality/cases") == small
    body = client.get("/api/v1/neutrality/cases?limit=4&offset=0").json()
    assert body["count"] == 6 and len(body["items"]) == 4
    assert sorted(c["reports"] for c in client.get("/api/v1/neutrality/cases").json()["items"]) == [1, 1, 1, 1, 1, 2]
    assert all(c["due"] for c in body["items"])
    rest = client.get("/api/v1/neutrality/cases?limit=4&offset=4").json()
    assert len(rest["items"]) == 2 and {c["id"] for c in rest["items"]}.isdisjoint(c["id"] for c in body["items"])
    assert client.get("/api/v1/neutrality/cases?limit=1001").status_code == 422
    assert client.get("/api/v1/neutrality/cases?status=open").status_code == 422  # a typed status
    assert client.get("/api/v1/neutrality/cases?status=received").json()["count"] == 6
    outside = client_for(cast, "kpu_admin_b").get("/api/v1/neutrality/cases").json()
    assert outside == {"count": 0, "limit": 100, "offset": 0, "items": []}


def test_a_transition_is_a_typed_action(cast: Cast, election: Election) -> None:
    _cases(election, 1)
    case = Case.objects.get()
    url = f"/api/v1/neutrality/cases/{case.pk}/transition"
    bogus = _json(client_for(cast, "bawaslu_a"), url, {"action": "close"})
    assert bogus.status_code == 422 and "action" in bogus.content.decode()
    r = _json(client_for(cast, "bawaslu_a"), url, {"action": "register"})
    assert r.status_code == 200 and r.json()["status"] == "registered" and r.json()["reports"] == 1


# --- pledges ------------------------------------------------------------------------------------

def _register(cast: Cast, n: int) -> None:
    rows = "".join(f"19800101200501{i:04d},Pegawai {i},Kelurahan Persiakan,Staf,PNS,12.76.01.1006\n"
                   for i in range(n))
    import_employees(("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n" + rows).encode(),
                     actor=cast.kpu_admin_a)


def test_a_pledge_is_recorded_with_the_pages_permission(cast: Cast, election: Election) -> None:
    _register(cast, 2)
    body = {"nip": "198001012005010000", "signed_on": "2023-11-30"}
    assert client_for(cast, "bawaslu_a").post("/api/v1/neutrality/pledges", body).status_code == 403  # reads only
    assert client_for(cast, "ppk_a1").post("/api/v1/neutrality/pledges", body).status_code == 403
    hidden = client_for(cast, "kpu_admin_b").post("/api/v1/neutrality/pledges", body)
    assert hidden.status_code == 404 and "Pegawai" not in hidden.content.decode()
    bad = client_for(cast, "kpu_staff_a").post("/api/v1/neutrality/pledges", {
        **body, "document": SimpleUploadedFile("ikrar.pdf", b"<html>")})
    assert bad.status_code == 400 and "jenis berkas" in bad.json()["detail"]
    assert not Pledge.objects.exists()
    r = client_for(cast, "kpu_staff_a").post("/api/v1/neutrality/pledges", {
        **body, "document": SimpleUploadedFile("ikrar.pdf", b"%PDF-1.4\n%%EOF")})
    assert r.status_code == 201 and r.json()["name"] == "Pegawai 0" and r.json()["document_sha256"]
    assert client_for(cast, "kpu_staff_a").post("/api/v1/neutrality/pledges", body).status_code == 409
    assert AuditEvent.objects.filter(event_type="neutrality.pledge_recorded").count() == 1


def test_the_pledge_list_is_paged_with_constant_queries(cast: Cast, election: Election) -> None:
    _register(cast, 6)
    employees = list(AsnEmployee.objects.order_by("nip"))
    for e in employees[:3]:
        outreach.do_record_pledge(election, e, datetime.date(2023, 11, 30), actor=cast.kpu_staff_a)
    client = client_for(cast, "bawaslu_a")
    small = query_count(client, "/api/v1/neutrality/pledges")
    for e in employees[3:]:
        outreach.do_record_pledge(election, e, datetime.date(2023, 11, 30), actor=cast.kpu_staff_a)
    assert query_count(client, "/api/v1/neutrality/pledges") == small
    page = client.get("/api/v1/neutrality/pledges?limit=5").json()
    assert page["count"] == 6 and len(page["items"]) == 5
    assert client.get("/api/v1/neutrality/pledges?region=12.76.04").json()["count"] == 0
    assert client_for(cast, "ppk_a1").get("/api/v1/neutrality/pledges").status_code == 403
    assert client_for(cast, "kpu_admin_b").get("/api/v1/neutrality/pledges").json() == {"count": 0, "limit": 100,
                                                                                    "offset": 0, "items": []}


# --- events -------------------------------------------------------------------------------------

def _event_body(election: Election, **over: Any) -> dict[str, Any]:
    return {"election": election.code, "region_code": "12.76.01", "held_on": "2023-11-30", "place": "Aula",
            "organiser": "KPU Kota Tebing Tinggi", "audience": "ASN kecamatan", **over}


def test_an_event_and_its_attendance_through_the_api(cast: Cast, election: Election) -> None:
    _register(cast, 1)
    assert _json(client_for(cast, "bawaslu_a"), "/api/v1/neutrality/events", _event_body(election)).status_code == 403
    assert _json(client_for(cast, "ppk_a1"), "/api/v1/neutrality/events", _event_body(election)).status_code == 403
    assert _json(client_for(cast, "kpu_admin_b"), "/api/v1/neutrality/events", _event_body(election)).status_code == 404
    blank = _json(client_for(cast, "kpu_staff_a"), "/api/v1/neutrality/events", _event_body(election, place=""))
    assert blank.status_code == 422 and "place" in blank.content.decode()
    assert not SocialisationEvent.objects.exists()
    r = _json(client_for(cast, "kpu_staff_a"), "/api/v1/neutrality/events", _event_body(election))
    assert r.status_code == 201 and r.json()["attendees"] == 0
    url = f"/api/v1/neutrality/events/{r.json()['id']}/attendance"
    good = b"nama,nip,instansi\nPegawai 0,198001012005010000,\nWarga,,Karang Taruna\n"

    def send(who: str, raw: bytes) -> Any:
        return client_for(cast, who).post(url, {"file": SimpleUploadedFile("hadir.csv", raw)})

    assert send("bawaslu_a", good).status_code == 403
    assert send("kpu_admin_b", good).status_code == 404
    assert send("pps_a1", good).status_code == 404
    bad = send("kpu_staff_a", b"nama,nip\nA,123\n")
    assert bad.status_code == 400 and bad.json()["errors"][0]["row"] == 2
    assert not Attendee.objects.exists()
    ok = send("kpu_staff_a", good)
    assert ok.status_code == 200 and ok.json()["attendees"] == 2
    assert Attendee.objects.get(nip="198001012005010000").agency == "Kelurahan Persiakan"


def test_the_event_list_is_paged_with_constant_queries(cast: Cast, election: Election) -> None:
    def make(n: int) -> None:
        for i in range(n):
            event = outreach.do_create_event(outreach.EventData(election, "12.76.01", datetime.date(2023, 11, 1 + i),
                                                              f"Aula {i}", "KPU", "ASN"), actor=cast.kpu_staff_a)
            outreach.import_attendance(event, f"nama\nPeserta {i}\n".encode(), actor=cast.kpu_staff_a,
                                      filename="hadir.csv")

    make(2)
    client = client_for(cast, "bawaslu_a")
    small = query_count(client, "/api/v1/neutrality/events")
    make(2)
    assert query_count(client, "/api/v1/neutrality/events") == small
    page = client.get("/api/v1/neutrality/events?limit=3").json()
    assert page["count"] == 4 and [e["attendees"] for e in page["items"]] == [1, 1, 1]
    assert client_for(cast, "ppk_a1").get("/api/v1/neutrality/events").status_code == 403
    assert client_for(cast, "kpu_admin_b").get("/api/v1/neutrality/events").json()["count"] == 0
