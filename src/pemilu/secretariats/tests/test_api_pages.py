import datetime
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
from django.core.management import call_command
from django.test import Client

from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.secretariats.models import Assignment, Secretariat, StaffCandidate
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

D = datetime.date


def post_json(client: Client, url: str, body: dict[str, object]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_actions_for_the_kpu_office_only(cast: Cast, election: Election, formed: dict[str, Secretariat],
                                             register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    staff, ppk_member, other = (client_for(cast, w) for w in ("kpu_staff_a", "ppk_a1", "kpu_admin_b"))
    r = post_json(staff, "/api/v1/secretariats/form", {"kab_code": "12.76"})
    assert r.status_code == 200 and r.json() == {"created": 0, "existing": 5, "positions": 0}
    assert post_json(other, "/api/v1/secretariats/form", {"kab_code": "12.76"}).status_code == 404
    observer = client_for(cast, "bawaslu_a")
    assert post_json(observer, "/api/v1/secretariats/form", {"kab_code": "12.76"}).status_code == 403
    url = f"/api/v1/secretariats/{ppk.pk}/candidates"
    body = {"kind": "sekretaris", "employee_id": register["nurhayati"].pk, "letter_number": "270/PPK/2022"}
    assert post_json(ppk_member, url, body).status_code == 403
    assert post_json(other, url, body).status_code == 404
    r = post_json(staff, url, body)
    assert r.status_code == 200 and r.json()["status"] == "proposed"
    assert post_json(staff, url, body).json()["detail"].endswith("sudah diusulkan untuk sekretariat ini.")
    cand = r.json()["id"]
    r = post_json(staff, f"/api/v1/secretariats/{ppk.pk}/keputusan",
                  {"number": "100.3.3/01/2023", "date": "2023-01-06", "candidate_ids": [cand]})
    assert r.status_code == 200 and r.json()["issued_by"] == "Bupati/Wali Kota"
    r = post_json(staff, f"/api/v1/secretariats/{ppk.pk}/penetapan", {"number": "01/2023", "date": "2023-01-10"})
    assert r.status_code == 200 and r.json()["kind"] == "penetapan"
    detail = staff.get(f"/api/v1/secretariats/{ppk.pk}").json()
    assert detail["filled"] == 1 and detail["staff"][0]["nip"] == "198104232006042011"
    # A PPK member reads the staff but not the NIPs.
    assert ppk_member.get(f"/api/v1/secretariats/{ppk.pk}").json()["staff"][0]["nip"] == ""
    page = staff.get("/api/v1/secretariats/?region=12.76").json()  # one page schema (issue 18 item 7)
    gaps = page["items"]
    assert [g["region_code"] for g in gaps][:1] == ["12.76.01.1006"] and len(gaps) == page["count"] == 5
    assert next(g for g in gaps if g["region_code"] == "12.76.01")["missing"] == 2
    hidden = other.get("/api/v1/secretariats/?region=12.76").json()
    assert (hidden["count"], hidden["items"]) == (0, [])
    assert {g["region_code"] for g in client_for(cast, "pps_a1").get("/api/v1/secretariats/").json()["items"]} == {
        "12.76.01.1006"}


def test_api_import_names_the_bad_row(cast: Cast, election: Election, formed: dict[str, Secretariat]) -> None:
    staff = client_for(cast, "kpu_staff_a")
    content = (b"kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
               b"12.76.01,sekretaris,198104232006042011,1/2023,2023-01-06,\n"
               b"12.76.01,staf,123,1/2023,2023-01-06,\n")
    r = staff.post("/api/v1/secretariats/import", {"file": io.BytesIO(content)}, format="multipart")
    assert r.status_code == 400
    assert r.json()["errors"] == [{"row": 3, "column": "nip",
                                   "message": "NIP 123 tidak ada di register ASN wilayah Anda"}]
    assert not Assignment.objects.exists()


def test_pages_show_gaps_and_the_gap_list_exports(cast: Cast, election: Election, formed: dict[str, Secretariat],
                                                  register: dict[str, AsnEmployee]) -> None:
    staff = client_for(cast, "kpu_staff_a")
    page = staff.get("/sekretariat/?wilayah=12.76").content.decode()
    assert "0 dari 15 kursi terisi; kurang 15." in page and "Kantor Lurah Persiakan" in page
    assert "Persiakan" not in client_for(cast, "kpu_admin_b").get("/sekretariat/").content.decode()
    pps = client_for(cast, "pps_a1").get("/sekretariat/").content.decode()
    assert "Persiakan" in pps and "Bandar Sono" not in pps and "Bentuk sekretariat" not in pps
    partial = staff.get("/sekretariat/?badan=ppk", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<p id="gap-total">') and "Kantor Lurah" not in partial
    wb = openpyxl.load_workbook(io.BytesIO(staff.get("/sekretariat/kekurangan.xlsx?wilayah=12.76").content))
    ws = wb.active
    assert ws is not None
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("Kode wilayah", "Badan", "Wilayah", "Kantor", "Terisi", "Dibutuhkan", "Kurang")
    assert values[1][:2] == ("12.76.01", "PPK") and values[-1] == ("Jumlah", None, None, None, 0, 15, 15)
    # htmx search of the register for the proposal form: only people who may serve this PPS.
    sec = formed["12.76.01.1006"]
    options = staff.get(f"/sekretariat/{sec.pk}/cari-asn/?q=").content.decode()
    assert "Sri Wahyuni" in options and "Nurhayati" not in options and "Kacaribu" not in options


def test_propose_pick_through_the_page_and_the_letter_pdf(cast: Cast, election: Election,
                                                          formed: dict[str, Secretariat],
                                                          register: dict[str, AsnEmployee]) -> None:
    staff = client_for(cast, "kpu_staff_a")
    ppk = formed["12.76.01"]
    r = staff.post(f"/sekretariat/{ppk.pk}/aksi/propose/", {"kind": "sekretaris",
                                                             "employee": register["kacaribu"].pk})
    assert r.status_code == 400 and not StaffCandidate.objects.exists()  # Karo's register row is not readable here
    staff.post(f"/sekretariat/{ppk.pk}/aksi/propose/", {"kind": "sekretaris", "employee": register["rudi"].pk})
    c = StaffCandidate.objects.get()
    page = staff.get(f"/sekretariat/{ppk.pk}/").content.decode()
    assert "Bekerja di lingkungan pemerintah kabupaten/kota 12.76." in page
    staff.post(f"/sekretariat/{ppk.pk}/aksi/pick/", {"candidate": [c.pk], "number": "100.3.3/01/2023",
                                                      "date": "2023-01-06", "issued_by": "Wali Kota Tebing Tinggi"})
    assert Assignment.objects.active().get().employee == register["rudi"]
    pdf = staff.get(f"/sekretariat/{ppk.pk}/surat.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="penetapan-sekretariat-ppk-12.76.01.pdf"' in pdf["Content-Disposition"]
    bad = staff.post(f"/sekretariat/{ppk.pk}/aksi/pick/", {"candidate": [c.pk], "number": "", "date": ""},
                     follow=True)
    assert "tidak lagi berstatus diusulkan" in bad.content.decode() or "wajib" in bad.content.decode()


def test_import_page_shows_the_bad_row(cast: Cast, election: Election, formed: dict[str, Secretariat]) -> None:
    staff = client_for(cast, "kpu_staff_a")
    content = (b"kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
               b"12.76.09,staf,198104232006042011,1/2023,2023-01-06,\n")
    r = staff.post("/sekretariat/impor/", {"file": io.BytesIO(content)})
    assert r.status_code == 400 and "baris 2, kolom kode_wilayah" in r.content.decode()


def test_cli_plan_gaps_import(cast: Cast, election: Election, register: dict[str, AsnEmployee],
                              tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("secretariats", "plan", "12.76", stdout=out)
    assert "12.76.01\tPPK\tKantor Camat Padang Hulu\t3 kursi" in out.getvalue()
    assert not Secretariat.objects.exists()
    call_command("secretariats", "--as-user", "kpu_staff_a", "plan", "12.76", "--apply", stdout=out)
    assert Secretariat.objects.filter(kab_code="12.76").count() == 5
    csv = tmp_path / "sk.csv"
    csv.write_text("kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
                   "12.76.01,sekretaris,198104232006042011,1/2023,2023-01-06,\n", encoding="utf-8")
    call_command("secretariats", "--as-user", "kpu_staff_a", "import", str(csv), stdout=out)
    xlsx = tmp_path / "gaps.xlsx"
    out = io.StringIO()
    call_command("secretariats", "--as-user", "kpu_staff_a", "gaps", "12.76", "--xlsx", str(xlsx), stdout=out)
    assert "1/15 kursi terisi, kurang 14" in out.getvalue() and xlsx.read_bytes().startswith(b"PK")
    assert AuditEvent.objects.filter(event_type="secretariats.imported", actor=cast.kpu_staff_a).exists()


def test_pages_in_english(cast: Cast, election: Election, formed: dict[str, Secretariat]) -> None:
    staff = client_for(cast, "kpu_staff_a")
    staff.post("/i18n/setlang/", {"language": "en", "next": "/sekretariat/"})
    page = staff.get("/sekretariat/").content.decode()
    assert "Staffing gaps" in page and "0 of 15 seats filled; 15 missing." in page and ">Secretariats<" in page
    detail = staff.get(f"/sekretariat/{formed['12.76.01'].pk}/").content.decode()
    assert "The regent/mayor picks 1 secretary and 2 staff by decree." in detail


def test_cli_composition(cast: Cast, election: Election) -> None:
    from pemilu.testing.factories import make_user

    make_user("kpu_ri", "kpu_admin", "")
    out = io.StringIO()
    call_command("secretariats", "composition", "pps", stdout=out)
    assert "PPS: 1 sekretaris + 2 staf" in out.getvalue() and "usulan paling banyak 3 + 4" in out.getvalue()
    out = io.StringIO()
    call_command("secretariats", "--as-user", "kpu_ri", "composition", "pps", "--duty", "Teknis", "--duty",
                 "Tata usaha", "--duty", "Logistik", "--max-staff", "6", stdout=out)
    assert "PPS: 1 sekretaris + 3 staf (Teknis; Tata usaha; Logistik); usulan paling banyak 3 + 6" in out.getvalue()
    assert AuditEvent.objects.filter(event_type="secretariats.composition_set").count() == 1
