"""Pages, API and CLI beyond the ladder: who sees identity data, JSON steps, exports, imports."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from pemilu.adhoc import actions
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.adhoc.tests.conftest import register
from pemilu.testing.factories import PASSWORD, Cast


def client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_identity_data_only_for_the_handling_kpu_office(cast: Cast, rec) -> None:
    a = register(rec, cast.kpu_staff_a, nik="1276014101900007", phone="081299998888")
    staff = client(cast.kpu_staff_a).get(f"/adhoc/pelamar/{a.pk}/").content.decode()
    assert "1276014101900007" in staff and "081299998888" in staff
    for reader in (cast.pps_a1, cast.ppk_a1, cast.bawaslu_a):
        body = client(reader).get(f"/adhoc/pelamar/{a.pk}/").content.decode()
        assert "127601********07" in body and "1276014101900007" not in body and "081299998888" not in body
        api = client(reader).get(f"/api/v1/adhoc/applicants/{a.pk}").json()
        assert api["nik"] == "127601********07" and api["phone"] is None
    assert client(cast.kpu_staff_a).get(f"/api/v1/adhoc/applicants/{a.pk}").json()["nik"] == "1276014101900007"


def test_an_applicant_of_another_kabupaten_is_404_for_this_office(cast: Cast, election) -> None:
    karo = actions.do_create_recruitment(election, "pps", "12.06", actor=cast.kpu_admin_b)
    karo = actions.do_open_registration(karo, actor=cast.kpu_admin_b, start=datetime.date(2022, 12, 18),
                                        end=datetime.date(2022, 12, 27))
    a = register(karo, cast.kpu_admin_b, area_code="12.06.01.2001", domicile_code="12.06.01.2001")
    for url in (f"/adhoc/pelamar/{a.pk}/", f"/adhoc/{karo.pk}/", f"/adhoc/{karo.pk}/wilayah/{a.area_id}/",
                f"/api/v1/adhoc/applicants/{a.pk}", f"/adhoc/pelamar/{a.pk}/dokumen/{a.documents.first().pk}/"):  # type: ignore[union-attr]
        r = client(cast.kpu_staff_a).get(url)
        assert r.status_code == 404 and "Kacaribu" not in r.content.decode(), url
    r = client(cast.kpu_staff_a).post(f"/adhoc/pelamar/{a.pk}/verifikasi/", {"result": "tms", "reason": "x"})
    assert r.status_code == 404
    assert client(cast.kpu_admin_b).get(f"/adhoc/pelamar/{a.pk}/").status_code == 200


def test_import_page_names_the_bad_row_and_writes_nothing(cast: Cast, rec) -> None:
    sheet = openpyxl.Workbook()
    ws = sheet.active
    assert ws is not None
    ws.append(["kode_wilayah", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "domisili", "pendidikan"])
    ws.append(["12.76.01.1006", "1276010101900001", "Ani", "P", "1990-01-01", "12.76.01.1006", "SMA"])
    ws.append(["12.76.01.9999", "1276010101900002", "Budi", "L", "1990-01-01", "12.76.01.1006", "SMA"])
    buf = io.BytesIO()
    sheet.save(buf)
    upload = io.BytesIO(buf.getvalue())
    upload.name = "kertas.xlsx"
    r = client(cast.kpu_staff_a).post(f"/adhoc/{rec.pk}/impor/pelamar/", {"file": upload})
    assert r.status_code == 400
    assert "baris 3, kolom kode_wilayah: wilayah 12.76.01.9999 bukan bagian dari rekrutmen ini" in r.content.decode()
    assert Applicant.objects.count() == 0


def test_dashboard_xlsx_lists_every_area_sorted_by_shortfall(cast: Cast, rec) -> None:
    for _ in range(6):
        register(rec, cast.kpu_staff_a, docs=False)
    register(rec, cast.kpu_staff_a, docs=False, area_code="12.76.04.1002", domicile_code="12.76.04.1002")
    r = client(cast.kpu_staff_a).get(f"/adhoc/{rec.pk}/pendaftar.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [tuple(c.value for c in row[:6]) for row in ws.iter_rows(min_row=2)]
    assert rows == [("12.76.01.1007", "Bandar Sono", 0, 6, 3, 6), ("12.76.04.1002", "Pelita", 1, 6, 3, 5),
                    ("12.76.01.1006", "Persiakan", 6, 6, 3, 0)]


def test_api_steps_with_json_and_blockers(cast: Cast, rec) -> None:
    url = f"/api/v1/adhoc/recruitments/{rec.pk}/step"
    body = json.dumps({"action": "close"})
    r = client(cast.kpu_staff_a).post(url, body, content_type="application/json")
    assert r.status_code == 409 and "Pelita: 0 pendaftar dari minimal 6" in r.json()["detail"]
    assert client(cast.bawaslu_a).post(url, body, content_type="application/json").status_code == 403
    assert client(cast.kpu_admin_b).post(url, body, content_type="application/json").status_code == 404
    assert client(cast.nobody).post(url, body, content_type="application/json").status_code == 404
    areas = client(cast.pps_a1).get(f"/api/v1/adhoc/recruitments/{rec.pk}/areas").json()["items"]
    assert [a["code"] for a in areas] == ["12.76.01.1006"]   # a PPS member sees their kelurahan


def test_a_shortfall_is_an_alarm_only_while_registration_matters(cast: Cast, rec) -> None:
    area = rec.areas.get(code="12.76.01.1006")  # no registrants: 0 of the 6 required
    staff = client(cast.kpu_staff_a)
    page = staff.get(f"/adhoc/{rec.pk}/wilayah/{area.pk}/").content.decode()
    assert 'id="area-count" class="error"' in page
    dashboard = staff.get(f"/adhoc/{rec.pk}/").content.decode()
    assert f'id="area-{area.code}" class="flag"' in dashboard and "di bawah minimal: perpanjang" in dashboard
    Recruitment.objects.filter(pk=rec.pk).update(status="inaugurated")
    page = staff.get(f"/adhoc/{rec.pk}/wilayah/{area.pk}/").content.decode()
    assert 'id="area-count" class="muted"' in page and 'id="extend-form"' not in page
    dashboard = staff.get(f"/adhoc/{rec.pk}/").content.decode()
    assert 'class="flag"' not in dashboard and "di bawah minimal" not in dashboard
    assert "pendaftaran ditutup" in dashboard


def test_transition_page_lists_blockers(cast: Cast, rec) -> None:
    body = client(cast.kpu_staff_a).get(f"/adhoc/{rec.pk}/tahap/").content.decode()
    assert "Pelita: 0 pendaftar dari minimal 6" in body and "disabled" in body


def test_cli(cast: Cast, election, tmp_path) -> None:
    out = io.StringIO()
    call_command("adhoc", "plan", "12.76", stdout=out)
    assert "PPS\t3 badan\t3/badan\t9 anggota" in out.getvalue()
    call_command("adhoc", "create", "pps", "12.76", stdout=out)
    rec = Recruitment.objects.get()
    call_command("adhoc", "open", str(rec.pk), "--start", "2022-12-18", "--end", "2022-12-27", stdout=out)
    sheet = tmp_path / "p.csv"
    sheet.write_text("kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
                     "1276011006,1276010101900001,Ani,P,1990-01-01,1276011006,SMA\n")
    call_command("adhoc", "import", str(rec.pk), str(sheet), stdout=out)
    call_command("adhoc", "status", str(rec.pk), stdout=out)
    assert "12.76.04.1002\tPelita\t0/6\t3\textend" in out.getvalue()
    assert "penghalang: Pelita: 0 pendaftar dari minimal 6" in out.getvalue()
    with pytest.raises(CommandError, match="Pelita"):
        call_command("adhoc", "close", str(rec.pk), stdout=out)


def test_english_second(cast: Cast, rec) -> None:
    a = register(rec, cast.kpu_staff_a, birth_date=datetime.date(1990, 5, 1))
    c = client(cast.kpu_staff_a)
    c.cookies["django_language"] = "en"
    body = c.get(f"/adhoc/pelamar/{a.pk}/").content.decode()
    assert "Eligibility check" in body and "age 32 on 27-12-2022; limit at least 17 years" in body
    body = c.get(f"/adhoc/{rec.pk}/").content.decode()
    assert "Registrants per area" in body and "Close registration" in body


def test_the_applicant_owns_and_edits_their_record(cast: Cast, rec) -> None:
    a = register(rec, cast.kpu_staff_a, education=2)
    Applicant.objects.filter(pk=a.pk).update(user=cast.nobody)
    assert client(cast.nobody).get("/adhoc/daftar/").content.decode().count("id=\"my-application\"") == 1
    r = client(cast.nobody).post(f"/adhoc/daftar/{a.pk}/profil/", {"address": "Jl. Baru 2", "phone": "0813 1234 5678",
                                                                     "education": "5", "sentence_years": "0"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.address, a.education, a.elig_outcome) == ("Jl. Baru 2", 5, "met")
    from pemilu.audit.models import AuditEvent

    ev = AuditEvent.objects.filter(event_type="adhoc.profile_updated").get()
    assert ev.actor_id == cast.nobody.pk and "0813" not in str(ev.after)   # no phone in the trail
    # Another account cannot touch it.
    assert client(cast.pps_a1).post(f"/adhoc/daftar/{a.pk}/profil/", {"education": "3"}).status_code == 404
