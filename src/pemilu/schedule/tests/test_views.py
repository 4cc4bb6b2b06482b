import datetime
from pathlib import Path

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.schedule.models import Stage
from pemilu.testing.factories import PASSWORD, make_user

DATA = Path(__file__).resolve().parent / "data"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def kpu_ri(db):
    return make_user("kpu_ri", "kpu_admin", "")


@pytest.mark.django_db
def test_it_shows_the_public_timeline_to_anonymous_visitors(pemilu_2024) -> None:
    r = Client().get("/jadwal/pemilu-2024/?tanggal=2024-02-12")
    assert r.status_code == 200
    body = r.content.decode()
    assert "<svg" in body and 'class="today"' in body
    assert 'id="bar-masa-tenang"' in body and 'class="row open" id="bar-masa-tenang"' in body
    assert 'class="row past" id="bar-kampanye"' in body
    assert "Pemungutan suara 2 hari lagi" in body
    assert "disesuaikan dengan akhir masa jabatan" in body
    assert Client().get("/jadwal/").status_code == 200
    assert Client().get("/jadwal/pemilu-1999/").status_code == 404


@pytest.mark.django_db
def test_it_shows_the_timeline_in_english(pemilu_2024) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/jadwal/pemilu-2024/?tanggal=2024-02-12").content.decode()
    assert "Quiet period" in body and "Stages and schedule" in body


@pytest.mark.django_db
def test_it_offers_public_downloads(pemilu_2024) -> None:
    client = Client()
    ics = client.get("/jadwal/pemilu-2024/jadwal.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(ics.content).walk("VEVENT")) == 33
    assert client.get("/jadwal/pemilu-2024/jadwal.csv").content.startswith(b"no,code,stage")
    assert client.get("/jadwal/pemilu-2024/jadwal.xlsx").content[:2] == b"PK"
    assert client.get("/jadwal/pemilu-2024/jadwal.pdf").status_code == 404


@pytest.mark.django_db
def test_it_answers_the_public_api(pemilu_2024) -> None:
    client = Client()
    r = client.get("/api/v1/schedule/pemilu-2024/open?date=2024-02-12")
    assert r.status_code == 200
    data = r.json()
    assert data["days_until_voting"] == 2
    assert "masa-tenang" in [s["code"] for s in data["open"]]
    page = client.get("/api/v1/schedule/pemilu-2024/stages").json()
    stages = page["items"]
    assert page["count"] == len(stages) == 36
    sub = next(s for s in stages if s["code"] == "pendaftaran-ppk")
    assert sub["parent_code"] == "pembentukan-ppk" and sub["start"] == "2022-11-20"
    assert client.get("/api/v1/schedule/nope/stages").status_code == 404


def test_it_applies_local_windows_in_the_api(cast, pemilu_2024) -> None:
    login(cast.kpu_admin_a).post("/jadwal/pemilu-2024/lokal/", {
        "stage_code": "pendaftaran-pps", "region_code": "12.76", "start": "2022-12-20", "end": "2023-01-05"})
    r = Client().get("/api/v1/schedule/pemilu-2024/open?date=2023-01-03&region=12.76.01.1006").json()
    assert "pendaftaran-pps" in [s["code"] for s in r["open"]]
    r = Client().get("/api/v1/schedule/pemilu-2024/open?date=2023-01-03").json()
    assert "pendaftaran-pps" not in [s["code"] for s in r["open"]]


def test_it_rejects_an_upload_with_errors_and_saves_nothing(kpu_ri, pemilu_2024) -> None:
    client = login(kpu_ri)
    before = AuditEvent.objects.count()
    upload = SimpleUploadedFile("jadwal.txt", (DATA / "pkpu3_2022_kubu_raya.txt").read_bytes())
    r = client.post("/jadwal/pemilu-2024/unggah/", {"file": upload})
    assert r.status_code == 400
    body = r.content.decode()
    assert "tahapan 5 (Penetapan Peserta Pemilu)" in body and "tidak ada yang disimpan" in body
    assert AuditEvent.objects.count() == before
    assert not Stage.objects.filter(name_id="Penetapan Peserta Pemilu").exists()


def test_it_imports_a_clean_upload_and_shows_warnings(kpu_ri, pemilu_2024) -> None:
    # A one-day planning meeting is unusual (a warning), not wrong.
    text = (DATA / "pkpu3_2022_kubu_raya.txt").read_text().replace("14 Desember 2022 – 14 Februari 2022",
                                                                   "14 Desember 2022").replace(
        "14 Juni 2022 – 14 Desember 2023", "14 Juni 2022")
    r = login(kpu_ri).post("/jadwal/pemilu-2024/unggah/",
                           {"file": SimpleUploadedFile("jadwal.txt", text.encode()), "reason": "uji"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "jadwal disimpan" in body and "PERINGATAN" in body
    assert Stage.objects.get(code="penetapan-peserta", region_code="").name_id == "Penetapan Peserta Pemilu"
    assert AuditEvent.objects.get(event_type="schedule.imported").reason == "uji"


def test_it_lets_the_national_admin_edit_a_stage_and_shows_refusals(kpu_ri, pemilu_2024) -> None:
    stage = Stage.objects.get(code="pendaftaran-kpps")
    client = login(kpu_ri)
    url = f"/jadwal/pemilu-2024/tahapan/{stage.pk}/ubah/"
    r = client.post(url, {f"s{stage.pk}-start": "2023-12-11", f"s{stage.pk}-end": "2023-12-22",
                          f"s{stage.pk}-reason": "KPT 1669/2023"})
    assert r.status_code == 302
    stage.refresh_from_db()
    assert stage.end == datetime.date(2023, 12, 22)
    assert AuditEvent.objects.get(event_type="schedule.stage_updated").reason == "KPT 1669/2023"
    r = client.post(url, {f"s{stage.pk}-start": "2023-12-11", f"s{stage.pk}-end": "2024-03-01"}, follow=True)
    assert "harus berada di dalam" in r.content.decode()
    stage.refresh_from_db()
    assert stage.end == datetime.date(2023, 12, 22)
    assert client.get("/jadwal/pemilu-2024/kelola/").status_code == 200


def test_it_lets_a_kabupaten_admin_delete_its_local_window(cast, pemilu_2024) -> None:
    client = login(cast.kpu_admin_a)
    client.post("/jadwal/pemilu-2024/lokal/", {
        "stage_code": "pendaftaran-pps", "region_code": "12.76", "start": "2022-12-20", "end": "2023-01-05"})
    local = Stage.objects.get(region_code="12.76")
    page = client.get("/jadwal/pemilu-2024/kelola/").content.decode()
    assert f"/lokal/{local.pk}/hapus/" in page
    assert "/unggah/" not in page  # regional admins cannot upload the national schedule
    assert client.post(f"/jadwal/pemilu-2024/lokal/{local.pk}/hapus/").status_code == 302
    assert not Stage.objects.filter(region_code="12.76").exists()
    r = client.post("/jadwal/pemilu-2024/lokal/", {
        "stage_code": "pendaftaran-pps", "region_code": "12.76", "start": "2022-12-20", "end": "2023-02-05"},
        follow=True)
    assert "harus berada di dalam jadwal nasional" in r.content.decode()


def test_it_fills_the_edit_forms_with_iso_dates_in_any_language(kpu_ri, pemilu_2024) -> None:
    client = login(kpu_ri)
    stage = Stage.objects.get(code="kampanye")
    for lang in ("id", "en"):
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
        body = client.get("/jadwal/pemilu-2024/kelola/").content.decode()
        assert f'name="s{stage.pk}-start" value="2023-11-28"' in body
        assert f'name="s{stage.pk}-end" value="2024-02-10"' in body
