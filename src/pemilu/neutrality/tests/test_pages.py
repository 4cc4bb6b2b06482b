import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.neutrality import actions
from pemilu.neutrality.models import Attendee, Case, Evidence, Pledge, Report
from pemilu.neutrality.tests.conftest import intake, jpeg_with_exif
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

D = datetime.date


def form(election: Election, **over: Any) -> dict[str, Any]:
    today = actions.today_for(election)
    data: dict[str, Any] = {
        "election": election.code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Camat mengajak ASN hadir di kampanye.", "suspect_name": "Budi Santoso",
        "suspect_nip": "", "suspect_agency": "Kecamatan Padang Hulu", "event_date": today.isoformat(),
        "known_on": today.isoformat(), "place": "Gedung Serbaguna", "links": "https://example.org/post/1",
        "reporter_name": "Rina", "reporter_contact": "rina@example.org", "reporter_address": "Jl. Sudirman 1",
    }
    data.update(over)
    return data


def test_it_files_a_report_from_the_public_form_and_shows_the_code_once(cast: Cast, election: Election) -> None:
    photo = jpeg_with_exif()
    r = Client().post("/netralitas/lapor/", {**form(election), "evidence": [SimpleUploadedFile("a.jpg", photo)]})
    assert r.status_code == 200
    code = r.context["result"].tracking_code
    assert code in r.content.decode()
    assert Evidence.objects.get().file.read() == photo
    t = Client().post("/netralitas/lacak/", {"code": code})
    body = t.content.decode()
    assert "Diterima" in body and "Rina" not in body  # the tracking page never shows identity
    assert "Kode tidak dikenal" in Client().post("/netralitas/lacak/", {"code": "SALAH"}).content.decode()


def test_an_anonymous_report_keeps_no_identity(cast: Cast, election: Election) -> None:
    r = Client().post("/netralitas/lapor/", form(election, is_anonymous="on"))
    assert r.status_code == 200
    report = Report.objects.get()
    assert report.is_anonymous and report.reporter_name == report.reporter_contact == ""


def test_a_disallowed_upload_gets_a_clear_error_and_nothing_is_stored(cast: Cast, election: Election,
                                                                       _media: Path, settings: Any) -> None:
    exe = SimpleUploadedFile("bukti.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="image/jpeg")
    r = Client().post("/netralitas/lapor/", {**form(election), "evidence": [exe]})
    assert r.status_code == 400
    assert "bukti.jpg: jenis berkas tidak diizinkan" in r.content.decode()
    settings.PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES = 1000
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf")
    r = Client().post("/netralitas/lapor/", {**form(election), "evidence": [big]})
    assert r.status_code == 400 and "terlalu besar" in r.content.decode()
    assert (Case.objects.count(), Report.objects.count(), Evidence.objects.count()) == (0, 0, 0)
    assert not any(p.is_file() for p in _media.rglob("*"))


def test_it_rate_limits_public_intake_per_ip(cast: Cast, election: Election, settings: Any) -> None:
    settings.PEMILU_NEUTRALITY_INTAKE_PER_HOUR = 2
    client = Client(REMOTE_ADDR="10.0.0.7")
    assert [client.post("/netralitas/lapor/", form(election)).status_code for _i in range(3)] == [200, 200, 429]
    assert Client(REMOTE_ADDR="10.0.0.8").post("/netralitas/lapor/", form(election)).status_code == 200
    assert Report.objects.count() == 3


def test_a_staff_user_of_another_kabupaten_gets_404_for_the_case(cast: Cast, election: Election) -> None:
    case = actions.submit_report(intake(election), [], received_on=D(2024, 1, 12)).report.case
    for url in (f"/netralitas/kasus/{case.pk}/", f"/api/v1/neutrality/cases/{case.pk}"):
        r = client_for(cast, "kpu_admin_b").get(url)
        assert r.status_code == 404 and "Budi" not in r.content.decode()
    r = client_for(cast, "kpu_admin_b").post(f"/netralitas/kasus/{case.pk}/aksi/register/")
    assert r.status_code == 404
    assert Case.objects.get().status == "received"
    ok = client_for(cast, "bawaslu_a").get(f"/netralitas/kasus/{case.pk}/")
    assert ok.status_code == 200 and "Rina" in ok.content.decode()  # the handling Bawaslu sees the reporter


def test_the_api_moves_a_case_with_the_same_actions(cast: Cast, election: Election) -> None:
    case = actions.submit_report(intake(election, known_on=actions.today_for(election),
                                        event_date=actions.today_for(election)), []).report.case
    url = f"/api/v1/neutrality/cases/{case.pk}/transition"

    def post(who: str, body: dict[str, str]) -> Any:
        return client_for(cast, who).post(url, body, content_type="application/json")

    assert post("kpu_admin_b", {"action": "register"}).status_code == 404
    assert post("ppk_a1", {"action": "register"}).status_code == 403
    r = post("bawaslu_a", {"action": "register", "note": "lengkap"})
    assert r.status_code == 200 and r.json()["status"] == "registered" and r.json()["due"]
    assert post("bawaslu_a", {"action": "decide", "decision": "proven"}).status_code == 409
    assert AuditEvent.objects.filter(event_type="neutrality.case_registered").count() == 1


def test_the_statistics_count_cases_and_export_xlsx(cast: Cast, election: Election) -> None:
    case = actions.submit_report(intake(election, suspect_agency="Dinas Pendidikan", suspect_employment="pns"), [],
                                 received_on=D(2024, 1, 12)).report.case
    actions.submit_report(intake(election), [], received_on=D(2024, 1, 12))  # duplicate: one case, two reports
    case = actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 12))
    case = actions.do_examine_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 13))
    case = actions.do_decide_case(case, "proven", actor=cast.bawaslu_a, on=D(2024, 1, 16))
    actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a, on=D(2024, 1, 17))
    page = client_for(cast, "bawaslu_a").get("/netralitas/statistik/")
    totals = page.context["total"]
    assert (totals.reports, totals.cases, totals.proven, totals.referred, totals.median_days) == (2, 1, 1, 1, 4.0)
    assert "<svg" in page.content.decode() and "Padang Hulu" in page.content.decode()
    assert client_for(cast, "kpu_admin_b").get("/netralitas/statistik/").context["total"].cases == 0
    x = client_for(cast, "kpu_staff_a").get("/netralitas/statistik.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    rows = list(wb["Per wilayah"].iter_rows(values_only=True))
    assert rows[1][:7] == ("12.76.01", "Padang Hulu", 2, 1, 1, 1, 0)
    agencies = [r[0] for r in wb["Per instansi"].iter_rows(values_only=True)]
    assert "Dinas Pendidikan" in agencies


REGISTER = ("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
            "198001012005011001,Budi Santoso,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n"
            "199203152019032002,Sari Lubis,Kelurahan Persiakan,Staf,PPPK,12.76.01.1006\n"
            "197705052003121003,Ahmad Nasution,Kecamatan Padang Hulu,Camat,PNS,12.76.01\n")


def test_it_records_pledges_and_lists_coverage_and_reminders(cast: Cast, election: Election) -> None:
    import_employees(REGISTER.encode(), actor=cast.kpu_admin_a)
    client = client_for(cast, "kpu_staff_a")
    r = client.post("/netralitas/ikrar/", {"nip": "19800101 200501 1 001", "signed_on": "2023-11-30",
                                           "document": SimpleUploadedFile("ikrar.pdf", b"%PDF-1.4\n%%EOF")})
    assert r.status_code == 302 and Pledge.objects.get().document_sha256
    assert AuditEvent.objects.filter(event_type="neutrality.pledge_recorded").count() == 1
    bad = client.post("/netralitas/ikrar/", {"nip": "199203152019032002", "signed_on": "2023-11-30",
                                             "document": SimpleUploadedFile("ikrar.pdf", b"<html>")})
    assert "jenis berkas tidak diizinkan" in bad.content.decode() and Pledge.objects.count() == 1
    page = client.get("/netralitas/ikrar/")
    coverage = {c.agency: (c.signed, c.employees) for c in page.context["coverage"]}
    assert coverage == {"Kelurahan Persiakan": (1, 2), "Kecamatan Padang Hulu": (0, 1)}
    assert "1 dari 2" in page.content.decode()
    assert [e.name for e in page.context["missing"]] == ["Ahmad Nasution", "Sari Lubis"]
    assert client_for(cast, "bawaslu_a").post("/netralitas/ikrar/", {"nip": "199203152019032002",
                                                                     "signed_on": "2023-11-30"}).status_code == 403


def test_it_creates_an_event_and_imports_its_attendance(cast: Cast, election: Election) -> None:
    import_employees(REGISTER.encode(), actor=cast.kpu_admin_a)
    client = client_for(cast, "kpu_staff_a")
    r = client.post("/netralitas/sosialisasi/", {"region": "12.76.01", "held_on": "2023-11-30", "place": "Aula",
                                                 "organiser": "KPU Kota Tebing Tinggi", "audience": "ASN kecamatan"})
    assert r.status_code == 302
    url = r["Location"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["nama", "nip", "instansi"])
    ws.append(["Budi Santoso", "198001012005011001", ""])
    ws.append(["Warga", "", "Karang Taruna"])
    buf = io.BytesIO()
    wb.save(buf)
    ok = client.post(url, {"attendance": SimpleUploadedFile("hadir.xlsx", buf.getvalue())})
    assert ok.status_code == 302 and Attendee.objects.count() == 2
    assert Attendee.objects.get(nip="198001012005011001").agency == "Kelurahan Persiakan"
    bad = client.post(url, {"attendance": SimpleUploadedFile("hadir.csv", b"nama,nip\nA,123\n,\nB,123\n")})
    assert "baris 2" in bad.content.decode() and Attendee.objects.count() == 2
    summary = client.get("/netralitas/sosialisasi/").context["summary"]
    assert summary == [{"code": "12.76.01", "events": 1, "attendees": 2}]
    assert client_for(cast, "bawaslu_a").post(url, {}).status_code == 403


def test_the_public_form_speaks_english_when_asked(cast: Cast, election: Election) -> None:
    from django.utils import translation

    client = Client()
    client.cookies["django_language"] = "en"
    # LocaleMiddleware activates English in this thread; restore the language afterwards so
    # later tests in the same worker do not run in English.
    with translation.override(translation.get_language()):
        body = client.get("/netralitas/lapor/").content.decode()
    assert "Report an ASN neutrality or election violation" in body and "Send report" in body


def test_a_temuan_is_set_from_its_page_and_the_api_and_the_case_page_shows_the_pppk_rules(
        cast: Cast, election: Election) -> None:
    import_employees(REGISTER.encode(), actor=cast.kpu_admin_a)
    today = actions.today_for(election)
    data = {"region_code": "12.76.01", "category": "asn_neutrality",
            "description": "Staf kelurahan membagikan stiker calon.", "event_date": today.isoformat(),
            "found_on": today.isoformat(), "place": "Kantor Kelurahan Persiakan",
            "suspect_name": "Sari Lubis", "suspect_nip": "199203152019032002", "suspect_employment": "",
            "suspect_role": "", "links": ""}
    observer = client_for(cast, "bawaslu_a")
    r = observer.post("/netralitas/temuan/", data)
    assert r.status_code == 302
    case = Case.objects.get()
    assert (case.source, case.status, case.suspect_employment) == ("temuan", "registered", "pppk")
    late = observer.post("/netralitas/temuan/", {**data, "found_on": (today - datetime.timedelta(days=30)).isoformat(),
                                                 "event_date": (today - datetime.timedelta(days=30)).isoformat()})
    assert late.status_code == 400 and "Temuan terlambat" in late.content.decode() and Case.objects.count() == 1
    page = observer.get(f"/netralitas/kasus/{case.pk}/").content.decode()
    assert "Disiplin PPPK" in page and "PP 49/2018" in page and "Pemutusan hubungan perjanjian kerja" in page
    assert "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS" not in page
    assert "Temuan (pengawasan Bawaslu)" in page
    api = observer.get(f"/api/v1/neutrality/cases/{case.pk}").json()
    assert api["source"] == "temuan" and api["suspect_employment"] == "pppk"
    assert [r["regime"] for r in api["sanction_rules"]] == ["pppk_disiplin"]
    assert api["referral_routes"][0] == {"destination": "bkn", "citation": api["referral_routes"][0]["citation"]}
    body = {"election": election.code, "region_code": "12.76.01", "category": "asn_neutrality",
            "description": "Camat memakai mobil dinas ke kampanye.", "event_date": today.isoformat(),
            "found_on": today.isoformat(), "place": "Jl. Sudirman", "suspect_name": "Ahmad Nasution",
            "suspect_nip": "197705052003121003"}

    def post(who: str) -> Any:
        return client_for(cast, who).post("/api/v1/neutrality/findings", body, content_type="application/json")

    assert post("kpu_admin_b").status_code == 404 and post("ppk_a1").status_code == 403
    r = post("bawaslu_a")
    assert r.status_code == 200 and r.json()["status"] == "registered" and r.json()["suspect_employment"] == "pns"
    late_body = {**body, "found_on": "2024-01-01", "event_date": "2024-01-01", "suspect_name": "Lain"}
    late = client_for(cast, "bawaslu_a").post("/api/v1/neutrality/findings", late_body,
                                               content_type="application/json")
    assert late.status_code == 400 and "Pasal 454 ayat (5)" in late.json()["detail"]
