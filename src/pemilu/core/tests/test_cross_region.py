"""No writes across regions (issue 17 item 1): every importer and every API write, run by KPU of
Kota Binjai (12.75) against a record of Kota Tebing Tinggi (12.76), answers an error, changes
nothing in the database, and names nothing of the record (no name, no work region, no counts).

Both lists are enumerated, so a new one cannot slip past: the importers are the functions that
read an uploaded table (``read_table``), the API writes are the POST/PUT/PATCH/DELETE operations of
the OpenAPI schema. Each must have a case here or a justified entry in an exclusion list.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from pemilu.core.exceptions import DomainError
from pemilu.core.tests.cross_region_world import (
    APPLICANT_COLUMNS,
    ASN_HIJACK,
    ASSIGNMENT_BINJAI_WITH_TT_NIP,
    ASSIGNMENT_TT,
    HASAN,
    RESULTS_TT,
    SRC,
    World,
    _client,
    assert_silent,
    changed,
    csv_file,
    snapshot,
)
from pemilu.regions.importers import import_regions


def _import_cases() -> dict[str, Callable[[World], Any]]:
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
    from pemilu.candidacy.dpd_actions import do_import_supporters as dpd_import
    from pemilu.candidacy.dpd_import import do_import_dpd_candidates
    from pemilu.candidacy.importer import do_import_lists
    from pemilu.neutrality.holidays import import_holidays
    from pemilu.neutrality.outreach import import_attendance
    from pemilu.regions.importers import import_tps
    from pemilu.results.candidates import do_import_candidates
    from pemilu.results.importers import do_import_results
    from pemilu.results.reference import do_import_reference
    from pemilu.schedule.importers import import_schedule
    from pemilu.secretariats.importer import import_assignments

    def rec_b(w: World) -> Any:
        return w.ids["rec_binjai"]

    return {
        "asn/actions.py:import_employees": lambda w: import_employees(ASN_HIJACK.encode(), actor=w.admin),
        "candidacy/dpd_actions.py:_parse_rows": lambda w: dpd_import(w.ids["dpd_candidate"], (
            b"nik,nama,kode_wilayah,tanggal_lahir,jenis_kelamin,status_perkawinan\n"
            b"1275010101800001,Orang Binjai,12.75.01.1001,1980-01-01,L,S\n"), actor=w.admin),
        "candidacy/dpd_import.py:do_import_dpd_candidates": lambda w: do_import_dpd_candidates(
            w.ids["election"], b"kode_provinsi,nama,nik,jenis_kelamin,tanggal_lahir\n"
            b"12,Calon DPD Lain,1276010101700002,L,1970-01-01\n", actor=w.admin),
        "secretariats/importer.py:import_assignments[tt region]": lambda w: import_assignments(
            w.ids["election"], ASSIGNMENT_TT.encode(), actor=w.admin),
        "secretariats/importer.py:import_assignments[tt employee]": lambda w: import_assignments(
            w.ids["election"], ASSIGNMENT_BINJAI_WITH_TT_NIP.encode(), actor=w.admin),
        "neutrality/outreach.py:import_attendance": lambda w: import_attendance(
            w.ids["event_tt"], f"nama,nip\nOrang Binjai,{HASAN}\n".encode(), actor=w.admin),
        "adhoc/actions/registration.py:do_import_applicants[tt area]": lambda w: adhoc.do_import_applicants(
            w.ids["rec"], (APPLICANT_COLUMNS + "1276011006,1276010000009999,Orang Lain,L,1990-01-01,"
                           "1276011006,SMA\n").encode(), actor=w.admin, filename="p.csv"),
        "adhoc/actions/registration.py:do_import_applicants[tt nik]": lambda w: adhoc.do_import_applicants(
            rec_b(w), (APPLICANT_COLUMNS + "1275011001,1276010000000000,Orang Lain,L,1990-01-01,"
                       "1275011001,SMA\n").encode(), actor=w.admin, filename="p.csv"),
        "adhoc/actions/selection.py:do_import_scores": lambda w: adhoc.do_import_scores(
            w.ids["rec"], b"nik,nilai\n1276010000000000,99\n", actor=w.admin, which="written", filename="n.csv"),
        "adhoc/actions/config.py:do_import_party_members": lambda w: adhoc.do_import_party_members(
            b"nik,partai\n1276010000000000,Partai X\n", actor=w.admin, filename="m.csv"),
        "adhoc/actions/config.py:do_import_service_history": lambda w: adhoc.do_import_service_history(
            b"nik,badan,periode\n1276010000000000,pps,2019\n", actor=w.admin, filename="s.csv"),
        "results/importers.py:do_import_results": lambda w: do_import_results(
            RESULTS_TT.encode(), election=w.ids["election"], actor=w.admin, filename="r.csv"),
        "results/candidates.py:do_import_candidates": lambda w: do_import_candidates(
            w.ids["election"], b"provinsi,nomor,nama\n12,1,Calon\n", actor=w.admin, filename="c.csv"),
        "results/reference.py:do_import_reference": lambda w: do_import_reference(
            w.ids["election"], dapil_file=b"jenis_dapil,kode_dapil,nama_dapil,kode_wilayah\nDPR,SU-1,SU I,12.76\n",
            parties_file=b"ballot_no,party,party_name\n1,PKB,PKB\n", candidates_file=b"x\n1\n", actor=w.admin),
        "candidacy/importer.py:do_import_lists": lambda w: do_import_lists(
            w.ids["election"], b"kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir\n"
            b"127602,4,1,Calon Lain,L,1276010101800001,1980-01-01\n", level="dprd-kabkota", actor=w.admin),
        "regions/importers.py:import_regions": lambda w: import_regions(
            b"kode,nama\n12.76.01,Nama Baru\n", actor=w.admin, filename="w.csv"),
        "regions/importers.py:import_tps": lambda w: import_tps(
            b"kode_desa,tps_count\n1276011006,9\n", actor=w.admin, filename="t.csv"),
        "neutrality/holidays.py:parse[import_holidays]": lambda w: import_holidays(
        b"tanggal,jenis,nama,dasar\n2024-02-14,libur_nasional,Pemungutan suara,Keppres 1/2024\n", actor=w.admin,
        filename="h.csv"),
    "schedule/importers.py:import_schedule": lambda w: import_schedule(
            b"no,code,stage,stage_en,start,end,depends_on\n1,pemungutan-suara,Baru,New,2024-02-14,2024-02-14,\n",
            w.ids["election"], actor=w.admin, filename="j.csv"),
    }


# The scope check each case must meet (anything else — a validation error — would prove nothing).
IMPORT_ANSWERS = {
    "asn/actions.py:import_employees": "kolom nip: sudah terdaftar di luar wilayah wewenang Anda",
    "secretariats/importer.py:import_assignments[tt region]": "wilayah 12.76.01 di luar wewenang Anda",
    "secretariats/importer.py:import_assignments[tt employee]": f"NIP {HASAN} tidak ada di register ASN wilayah Anda",
    "adhoc/actions/registration.py:do_import_applicants[tt nik]": "kolom nik: NIK sudah terdaftar",
    "candidacy/importer.py:do_import_lists": "kolom kode_dapil: dapil di luar wilayah Anda",
    "candidacy/dpd_import.py:do_import_dpd_candidates": "kolom kode_provinsi: provinsi di luar wilayah Anda",
}  # every other case: "Tidak ditemukan." (404, as for a record that does not exist)

# Functions that read a table but write nothing of an existing scoped record.
IMPORTERS_EXCLUDED = {
    "seats/inputs.py:read_dapil_votes": "parses a votes file into memory; the write is POST /api/v1/seats/runs "
                                        "(do_allocate_seats, checked below)",
    "seats/inputs.py:read_national_votes": "parses a file into memory for the seat calculation",
    "seats/inputs.py:read_candidate_votes": "parses a file into memory for the seat calculation",
    "seats/inputs.py:read_tie_resolutions": "parses a file into memory for the seat calculation",
    "schedule/importers.py:parse_file": "parses a schedule file and writes nothing (import_schedule writes)",
    "core/tabular.py:read_table": "the reader itself",
    "voters/checks.py:check_file": "checks a voter file and writes nothing (no voter data is stored yet)",
    "candidacy/inputs.py:read_lists": "parses a candidate-list file into memory for `candidates check`",
    "candidacy/inputs.py:read_seats": "parses a seats-per-dapil file into memory for `candidates check`",
}


def _table_readers() -> set[str]:
    """``module.py:function`` of every function in src that calls ``read_table``."""
    found: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in rel or rel.startswith("testing/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                calls = [c for c in ast.walk(node) if isinstance(c, ast.Call)]
                if any(getattr(c.func, "id", getattr(c.func, "attr", "")) == "read_table" for c in calls):
                    found.add(f"{rel}:{node.name}")
    found.add("core/tabular.py:read_table")
    return found


def test_every_importer_has_a_cross_region_case() -> None:
    covered = {name.split("[")[0] for name in _import_cases()} | set(IMPORTERS_EXCLUDED)
    missing = _table_readers() - covered
    assert not missing, f"importers without a cross-region case (add one to _import_cases): {sorted(missing)}"


@pytest.mark.parametrize("case", sorted(_import_cases()))
def test_an_importer_run_by_another_kabkota_changes_nothing_and_says_nothing(world: World, case: str) -> None:
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        _import_cases()[case](world)
    text = caught.value.message
    assert IMPORT_ANSWERS.get(case, "Tidak ditemukan.") in text, f"{case}: {text}"
    assert changed(before, snapshot()) == [], f"{case}: changed the database: {text}"
    assert_silent(case, text)
    if "[tt employee]" in case or "[tt nik]" in case or case.startswith("asn/"):
        assert "12.76" not in text, f"{case}: the answer names the record's region: {text}"


def test_attendance_in_ones_own_event_links_no_employee_of_another_kabkota(world: World) -> None:
    """Binjai's own attendance list may carry any NIP typed by hand, but it is not linked to (and
    learns nothing from) Tebing Tinggi's register."""
    from pemilu.neutrality.models import Attendee
    from pemilu.neutrality.outreach import import_attendance

    import_attendance(world.ids["event_binjai"], f"nama,nip\nOrang Binjai,{HASAN}\n".encode(), actor=world.admin)
    row = Attendee.objects.get(event=world.ids["event_binjai"])
    assert (row.employee_id, row.agency) == (None, "")


# --- the ASN hijack of the issue, through the API and the page --------------------------------

def test_the_asn_hijack_answers_an_error_and_changes_nothing(world: World) -> None:
    hasan = world.ids["hasan"]
    for who in (world.staff, world.admin):
        client = _client(who)
        before = snapshot()
        r = client.post("/api/v1/asn/import", {"file": csv_file(ASN_HIJACK)})
        assert r.status_code == 400, r.content
        body = r.content.decode()
        assert json.loads(body)["errors"] == [{"row": 2, "column": "nip", "message": (
            "sudah terdaftar di luar wilayah wewenang Anda; hanya KPU wilayah tersebut yang dapat mengubahnya")}]
        assert "created" not in body and "updated" not in body and "12.76" not in body
        assert_silent("POST /api/v1/asn/import", body)
        page = client.post("/asn/impor/", {"berkas": csv_file(ASN_HIJACK)})
        assert "di luar wilayah wewenang Anda" in page.content.decode()
        assert_silent("POST /asn/impor/", page.content.decode().replace("Binjai", ""))
        assert changed(before, snapshot()) == []
    hasan.refresh_from_db()
    assert (hasan.name, hasan.region_id, hasan.kab_code) == ("Hasan Basri Lubis", "12.76", "12.76")
    # Tebing Tinggi's own office still updates him (the check is on scope, not on existence).
    from pemilu.asn.actions import import_employees

    r2 = import_employees(ASN_HIJACK.replace("12.75", "12.76.01").encode(), actor=world.cast.kpu_staff_a)
    assert (r2.created, r2.updated) == (0, 1)


def test_a_finding_in_ones_own_region_links_no_employee_of_another_kabkota(world: World) -> None:
    """Binjai may record a temuan about anyone by NIP, but the case is not linked to (nor typed
    from) Tebing Tinggi's register, and the answer names nothing of him."""
    from pemilu.neutrality.actions import today_for
    from pemilu.neutrality.models import Case
    from pemilu.testing.factories import make_user

    day = today_for(world.ids["election"]).isoformat()
    bawaslu_binjai = make_user("bawaslu_binjai", "bawaslu", "12.75")  # findings are Bawaslu's (issue 20 item 4)
    r = _client(bawaslu_binjai).post("/api/v1/neutrality/findings", json.dumps({
        "election": world.ids["election"].code, "region_code": "12.75.01", "category": "asn_neutrality",
        "description": "ASN ikut kampanye.", "event_date": day, "found_on": day, "place": "Lapangan",
        "suspect_nip": HASAN}), content_type="application/json")
    assert r.status_code == 200, r.content
    assert_silent("POST /api/v1/neutrality/findings (own region)", r.content.decode())
    case = Case.objects.get(pk=r.json()["id"])
    assert (case.suspect_id, case.suspect_employment, case.region_id) == (None, "", "12.75.01")


# --- page uploads (the same importers behind a form), enumerated from the views ---------------------

@dataclass
class PageCase:
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    answer: str = ""  # an error page shown with 200 must carry this text; otherwise a 4xx


PAGE_CASES: dict[str, list[PageCase]] = {
    "asn/views.py:employee_import": [
        PageCase(lambda w: "/asn/impor/", lambda w: {"berkas": csv_file(ASN_HIJACK)},
                 answer="di luar wilayah wewenang Anda")],
    "secretariats/views.py:import_view": [
        PageCase(lambda w: "/sekretariat/impor/", lambda w: {"file": csv_file(ASSIGNMENT_TT)}),
        PageCase(lambda w: "/sekretariat/impor/", lambda w: {"file": csv_file(ASSIGNMENT_BINJAI_WITH_TT_NIP)})],
    "adhoc/views/applicants.py:import_file": [
        PageCase(lambda w: f"/adhoc/{w.ids['rec'].pk}/impor/pelamar/", lambda w: {"file": csv_file(
            APPLICANT_COLUMNS + "1276011006,1276010000009999,Orang Lain,L,1990-01-01,1276011006,SMA\n")}),
        PageCase(lambda w: f"/adhoc/{w.ids['rec_binjai'].pk}/impor/pelamar/", lambda w: {"file": csv_file(
            APPLICANT_COLUMNS + "1275011001,1276010000000000,Orang Lain,L,1990-01-01,1275011001,SMA\n")}),
        PageCase(lambda w: f"/adhoc/{w.ids['rec'].pk}/impor/nilai-tertulis/",
                 lambda w: {"file": csv_file("nik,nilai\n1276010000000000,99\n")})],
    "neutrality/views.py:event_detail": [
        PageCase(lambda w: f"/netralitas/sosialisasi/{w.ids['event_tt'].pk}/",
                 lambda w: {"attendance": csv_file(f"nama,nip\nOrang Binjai,{HASAN}\n")})],
    "seats/views.py:run_new": [
        PageCase(lambda w: "/kursi/baru/", lambda w: {
            "election": w.ids["election"].pk, "contest_kind": "DPRD_KABKOTA", "region_code": "12.76", "threshold": "0",
            "tie_rules": "votes,lots", "votes_file": csv_file("dapil_code,seats,pkb,pdip\nTT-1,3,10,5\n")})],
    "schedule/views.py:upload": [
        PageCase(lambda w: f"/jadwal/{w.ids['election'].code}/unggah/", lambda w: {"file": csv_file(
            "no,code,stage,stage_en,start,end,depends_on\n1,pemungutan-suara,Baru,New,2024-02-14,2024-02-14,\n"),
            "reason": "uji"})],
}


def _importer_names() -> set[str]:
    names = set()
    for key in _table_readers():
        names.add(key.split(":")[1])
    return names | {"import_employees", "import_assignments", "import_attendance", "import_schedule",
                    "import_holidays", "do_import_candidates", "do_import_reference"}


def _upload_views() -> set[str]:
    """``app/views.py:view`` (or ``app/views/<module>.py:view``) of every view that calls an importer."""
    importers = _importer_names()
    found: set[str] = set()
    for path in sorted([*SRC.glob("*/views.py"), *SRC.glob("*/views/*.py")]):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                calls = [c for c in ast.walk(node) if isinstance(c, ast.Call)]
                if any(getattr(c.func, "id", getattr(c.func, "attr", "")) in importers for c in calls):
                    found.add(f"{rel}:{node.name}")
    return found


def test_every_upload_page_has_a_cross_region_case() -> None:
    views = _upload_views()
    assert "asn/views.py:employee_import" in views, views
    missing = views - set(PAGE_CASES)
    assert not missing, f"upload pages without a cross-region case: {sorted(missing)}"


PAGES = [(view, i, case) for view, cases in PAGE_CASES.items() for i, case in enumerate(cases)]


@pytest.mark.parametrize(("view", "i", "case"), PAGES, ids=[f"{v}#{i}" for v, i, _c in PAGES])
def test_an_upload_page_used_by_another_kabkota_changes_nothing_and_says_nothing(
        world: World, view: str, i: int, case: PageCase) -> None:
    client = _client(world.admin)
    before = snapshot()
    r = client.post(case.url(world), case.data(world))
    text = r.content.decode()
    if case.answer:
        assert case.answer in text, f"{view}#{i}: {r.status_code}"
    else:
        assert 400 <= r.status_code < 500, f"{view}#{i}: {r.status_code} {text[:300]}"
    assert changed(before, snapshot()) == [], f"{view}#{i}: changed the database"
    assert_silent(f"{view}#{i}", text)
