"""No writes across regions (issue 17 item 1): every importer and every API write, run by KPU of
Kota Binjai (12.75) against a record of Kota Tebing Tinggi (12.76), answers an error, changes
nothing in the database, and names nothing of the record (no name, no work region, no counts).

Both lists are enumerated, so a new one cannot slip past: the importers are the functions that
read an uploaded table (``read_table``), the API writes are the POST/PUT/PATCH/DELETE operations of
the OpenAPI schema. Each must have a case here or a justified entry in an exclusion list.
"""

from __future__ import annotations

import ast
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.core.exceptions import DomainError
from pemilu.regions.importers import import_regions
from pemilu.testing.factories import Cast, make_user

SRC = Path(__file__).resolve().parents[2]  # src/pemilu
HASAN = "197305121998031004"  # the employee of the issue: Pemerintah Kota Tebing Tinggi, 12.76
REGISTER_TT = f"""nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah
{HASAN},Hasan Basri Lubis,Pemerintah Kota Tebing Tinggi,Analis Kebijakan,PNS,12.76
198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01
197912012005011006,Ahmad Syahputra,Kelurahan Persiakan,Sekretaris Lurah,PNS,12.76.01.1006
"""
BINJAI = """kode,nama,level,parent_kode,jenis
12.75,Kota Binjai,kabkota,12,kota
12.75.01,Binjai Kota,kecamatan,12.75,
12.75.01.1001,Tangsi,desa_kelurahan,12.75.01,kelurahan
"""
# What Binjai must never learn from an answer: Tebing Tinggi's names and its employees' data.
SECRETS = ("Hasan", "Basri", "Nurhayati", "Ahmad Syahputra", "Pemerintah Kota Tebing Tinggi", "Analis Kebijakan",
           "Siti Lubis", "Tebing Tinggi", "Padang Hulu", "Persiakan", "Bandar Sono", "Bajenis", "Pelita",
           "Kantor Camat", "Kantor Lurah", "Drs. Budi")
VOLATILE = {"sessions.session"}  # a request's own session, not domain state


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (small test database): an error must leave all of it as it was."""
    state: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or label.startswith("axes."):
            continue
        state[label] = list(model._base_manager.order_by("pk").values())
    return state


def changed(before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def csv_file(text: str, name: str = "berkas.csv") -> io.BytesIO:
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


@dataclass
class World:
    cast: Cast
    admin: Any  # KPU admin, Kota Binjai
    staff: Any  # KPU staff, Kota Binjai
    ids: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Path) -> World:
    """Tebing Tinggi with a record of every kind an importer or API write could reach; Binjai with
    its own election objects, so the attacker's requests pass every check but the scope."""
    from pemilu.adhoc import actions as adhoc
    from pemilu.adhoc.models import AdminResult, Applicant, Step
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality import actions as neutrality
    from pemilu.neutrality import outreach
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.schedule.actions import do_load_builtin_schedule
    from pemilu.secretariats import actions as secretariats
    from pemilu.secretariats.models import Secretariat

    settings.MEDIA_ROOT = tmp_path / "media"
    system = get_system_user()
    import_regions(BINJAI.encode(), actor=system, filename="binjai.csv")
    w = World(cast, make_user("kpu_admin_binjai", "kpu_admin", "12.75"),
              make_user("kpu_staff_binjai", "kpu_staff", "12.75"))
    import_employees(REGISTER_TT.encode(), actor=cast.kpu_admin_a, filename="asn.csv")
    election = do_load_builtin_schedule("pemilu-2024", actor=system).election
    assert election == get_or_create_pemilu_2024()
    contest = do_setup_ppwp(election, actor=system)
    secretariats.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    secretariats.do_form_secretariats(election, "12.75", actor=w.admin)
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    rec = adhoc.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                     end=datetime.date(2022, 12, 27))
    people = [adhoc.do_register(rec, adhoc.ApplicantData(
        area_code="12.76.01.1006", nik=f"12760100000000{i:02d}", name="Siti Lubis", gender="P",
        birth_date=datetime.date(1990, 5, 1), domicile_code="12.76.01.1006", education=3, sentence_years=0,
        health="fit", phone="081200001111", address="Jl. Sudirman 1"), actor=cast.kpu_staff_a) for i in range(3)]
    Applicant.objects.filter(pk__in=[a.pk for a in people]).update(admin_result=AdminResult.MS)
    from pemilu.adhoc.actions.base import announce

    ann = announce(rec, Step.ADMIN, cast.kpu_staff_a)
    comment = adhoc.submit_comment(ann, people[0].pk, "Calon ini tercatat sebagai pengurus partai pada 2021 "
                                                      "(foto terlampir di media sosial).")
    rec_binjai = adhoc.do_create_recruitment(election, "pps", "12.75", actor=w.admin)
    rec_binjai = adhoc.do_open_registration(rec_binjai, actor=w.admin, start=datetime.date(2022, 12, 18),
                                            end=datetime.date(2022, 12, 27))
    case = neutrality.submit_report(neutrality.IntakeData(
        election=election, region_code="12.76.01", category="asn_neutrality",
        description="Lurah ikut kampanye terbuka dan memakai atribut partai.", event_date=datetime.date(2024, 1, 10),
        known_on=datetime.date(2024, 1, 11), place="Lapangan Merdeka", suspect_name="Drs. Budi Santoso",
        suspect_nip=HASAN, suspect_agency="Pemerintah Kota Tebing Tinggi", is_anonymous=True), [],
        received_on=datetime.date(2024, 1, 12)).report.case
    event_tt = outreach.do_create_event(outreach.EventData(
        election=election, region_code="12.76", held_on=datetime.date(2024, 1, 5), place="Aula Kantor Lurah Persiakan",
        organiser="KPU Kota Tebing Tinggi", audience="ASN Kota Tebing Tinggi"), actor=cast.kpu_staff_a)
    event_binjai = outreach.do_create_event(outreach.EventData(
        election=election, region_code="12.75", held_on=datetime.date(2024, 1, 5), place="Aula KPU Binjai",
        organiser="KPU Kota Binjai", audience="ASN Kota Binjai"), actor=w.admin)
    from pemilu.regions.models import Tps
    from pemilu.results.actions import do_record_objection, do_submit_result
    from pemilu.results.tests.conftest import good_form

    do_submit_result(contest, Tps.objects.get(code="12.76.01.1006.001"), good_form(), actor=cast.kpps_a1)
    do_record_objection(contest, "12.76.01", actor=cast.ppk_a1, kind="special", text="listrik padam")
    from pemilu.accounts.actions import do_create_token
    from pemilu.accounts.models import RoleAssignment

    token, _secret = do_create_token(cast.kpu_staff_a, "laptop", actor=cast.kpu_staff_a)
    from pemilu.schedule.actions import do_set_local_window

    local_tt = do_set_local_window(election, "kampanye", "12.76", actor=cast.kpu_admin_a,
                                   start=datetime.date(2023, 12, 1), end=datetime.date(2024, 2, 1))
    w.ids = {
        "token": token, "role_tt": RoleAssignment.objects.get(user=cast.kpu_staff_a),
        "election": election, "contest": contest, "rec": rec, "rec_binjai": rec_binjai, "comment": comment,
        "case": case, "event_tt": event_tt, "event_binjai": event_binjai,
        "sec_tt": Secretariat.objects.get(election=election, region_id="12.76.01"),
        "sec_binjai": Secretariat.objects.get(election=election, region_id="12.75.01"),
        "hasan": AsnEmployee.objects.get(nip=HASAN),
        "applicant_tt": comment.applicant, "area_tt": rec.areas.get(code="12.76.01.1006"), "local_tt": local_tt,
    }
    return w


# --- importers -------------------------------------------------------------------------------

ASN_HIJACK = f"""nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah
{HASAN},Nama Baru,Pemerintah Kota Binjai,Staf,PNS,12.75
"""
ASSIGNMENT_TT = ("kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
                 "12.76.01,sekretaris,198104232006042011,KEP-1/2024,2023-01-10,Camat\n")
ASSIGNMENT_BINJAI_WITH_TT_NIP = ("kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
                                 f"12.75.01,sekretaris,{HASAN},KEP-1/2024,2023-01-10,Camat\n")
APPLICANT_COLUMNS = "kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
RESULTS_TT = "tps_code,contest,field,value\n" + "".join(
    f"12.76.01.1006.001,ppwp,{f},{v}\n" for f, v in (("votes.1", 1), ("votes.2", 2), ("votes.3", 3)))


def _import_cases() -> dict[str, Callable[[World], Any]]:
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
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


def assert_silent(name: str, text: str, *, allow: tuple[str, ...] = ()) -> None:
    for secret in SECRETS:
        if secret not in allow:
            assert secret not in text, f"{name}: the answer names {secret!r}: {text[:400]}"


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

def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


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


# --- API writes, enumerated from the OpenAPI schema ----------------------------------------------

@dataclass
class ApiCase:
    body: Callable[[World], Any]
    path: Callable[[World], str] | None = None  # default: the schema path as is
    multipart: bool = False
    batch: bool = False  # the answer is 200 with one status per item
    status: int = 404  # the scope check's answer: 404, exactly as for a record that does not exist
    method: str = "post"


def _good_form() -> dict[str, Any]:
    from pemilu.results.tests.conftest import good_form

    return {**good_form(), "acknowledgements": {}}


FORM_TT = "/api/v1/results/12.76.01.1006.001/ppwp"  # a submitted C.Hasil of Tebing Tinggi (world)
API_CASES: dict[str, ApiCase] = {
    "POST /api/v1/users": ApiCase(lambda w: {
        "username": "orang_baru", "full_name": "Orang Baru", "role": "kpu_staff", "scope_code": "12.76",
        "reason": "uji"}),
    "POST /api/v1/users/{user_id}/roles": ApiCase(
        lambda w: {"role": "kpu_staff", "scope_code": "12.75", "reason": "uji"},
        lambda w: f"/api/v1/users/{w.cast.kpu_staff_a.pk}/roles"),
    "POST /api/v1/roles/{role_id}/revoke": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/roles/{w.ids['role_tt'].pk}/revoke"),
    "POST /api/v1/tokens/{token_id}/revoke": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/tokens/{w.ids['token'].pk}/revoke"),
    "POST /api/v1/asn/import": ApiCase(lambda w: {"file": csv_file(ASN_HIJACK)}, multipart=True, status=400),
    "POST /api/v1/neutrality/findings": ApiCase(lambda w: {
        "election": w.ids["election"].code, "region_code": "12.76.01", "category": "asn_neutrality",
        "description": "Lurah ikut kampanye.", "event_date": "2024-01-10", "found_on": "2024-01-10",
        "place": "Lapangan", "suspect_nip": HASAN}),
    "POST /api/v1/seats/runs": ApiCase(lambda w: {
        "election": w.ids["election"].code, "contest_kind": "DPRD_KABKOTA", "region_code": "12.76",
        "dapils": [{"code": "TT-1", "seats": 3, "votes": {"A": 10, "B": 5}}]}),
    "POST /api/v1/neutrality/cases/{case_id}/transition": ApiCase(
        lambda w: {"action": "register", "note": "x"},
        lambda w: f"/api/v1/neutrality/cases/{w.ids['case'].pk}/transition"),
    "POST /api/v1/results/{tps_code}/{contest_code}": ApiCase(
        lambda w: _good_form(), lambda w: "/api/v1/results/12.76.01.1006.001/ppwp"),
    "POST /api/v1/results/{tps_code}/{contest_code}/verify": ApiCase(
        lambda w: {}, lambda w: f"{FORM_TT}/verify"),
    "POST /api/v1/results/{tps_code}/{contest_code}/resolve": ApiCase(
        lambda w: {"decision": "send_back", "reason": "uji"}, lambda w: f"{FORM_TT}/resolve"),
    "POST /api/v1/results/{tps_code}/{contest_code}/correct": ApiCase(
        lambda w: {**_good_form(), "reason": "uji"}, lambda w: f"{FORM_TT}/correct"),
    "POST /api/v1/results/{tps_code}/{contest_code}/photos": ApiCase(
        lambda w: {"file": io.BytesIO(b"%PDF-1.4\n%%EOF\n")}, lambda w: f"{FORM_TT}/photos", multipart=True),
    "POST /api/v1/recap/{contest_code}/plenary/lock": ApiCase(
        lambda w: {"region": "12.76.01"}, lambda w: "/api/v1/recap/ppwp/plenary/lock"),
    "POST /api/v1/recap/{contest_code}/plenary/reopen": ApiCase(
        lambda w: {"region": "12.76.01", "reason": "uji"}, lambda w: "/api/v1/recap/ppwp/plenary/reopen"),
    "POST /api/v1/recap/{contest_code}/plenary/records": ApiCase(
        lambda w: {"region": "12.76.01", "kind": "objection", "text": "uji"},
        lambda w: "/api/v1/recap/ppwp/plenary/records"),
    "POST /api/v1/recap/{contest_code}/sheet": ApiCase(
        lambda w: {"region": "12.76.01", "rows": {"12.76.01.1006": {"1": 1}}}, lambda w: "/api/v1/recap/ppwp/sheet"),
    "POST /api/v1/neutrality/pledges": ApiCase(
        lambda w: {"nip": HASAN, "signed_on": "2023-11-30"}, multipart=True),
    "POST /api/v1/neutrality/events": ApiCase(lambda w: {
        "region_code": "12.76.01", "held_on": "2024-01-05", "place": "Aula", "organiser": "KPU", "audience": "ASN"}),
    "POST /api/v1/neutrality/events/{event_id}/attendance": ApiCase(
        lambda w: {"file": csv_file(f"nama,nip\nOrang,{HASAN}\n")},
        lambda w: f"/api/v1/neutrality/events/{w.ids['event_tt'].pk}/attendance", multipart=True),
    "POST /api/v1/results/batch": ApiCase(lambda w: {"submissions": [
        {"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k-1", **_good_form()}]}, batch=True),
    "POST /api/v1/secretariats/form": ApiCase(lambda w: {"election": w.ids["election"].code, "kab_code": "12.76"}),
    "POST /api/v1/secretariats/{secretariat_id}/candidates": ApiCase(
        lambda w: {"kind": "sekretaris", "employee_id": w.ids["hasan"].pk},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/candidates"),
    "POST /api/v1/secretariats/{secretariat_id}/keputusan": ApiCase(
        lambda w: {"number": "KEP-1", "date": "2023-01-10", "candidate_ids": []},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/keputusan"),
    "POST /api/v1/secretariats/{secretariat_id}/penetapan": ApiCase(
        lambda w: {"number": "PEN-1", "date": "2023-01-10"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/penetapan"),
    "POST /api/v1/secretariats/{secretariat_id}/office": ApiCase(
        lambda w: {"office_name": "Kantor Binjai"}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/office"),
    "POST /api/v1/secretariats/{secretariat_id}/candidates/{candidate_id}/withdraw": ApiCase(
        lambda w: {"reason": "uji"}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/candidates/1/withdraw"),
    "POST /api/v1/secretariats/{secretariat_id}/forward": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/forward"),
    "POST /api/v1/secretariats/{secretariat_id}/documents": ApiCase(
        lambda w: {"kind": "keputusan", "file": io.BytesIO(b"%PDF-1.4\n%%EOF\n")},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/documents", multipart=True),
    "POST /api/v1/secretariats/{secretariat_id}/assignments/{assignment_id}/pakta": ApiCase(
        lambda w: {"signed_on": "2023-01-26"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/assignments/1/pakta",
        multipart=True),
    "POST /api/v1/secretariats/{secretariat_id}/assignments/{assignment_id}/remove": ApiCase(
        lambda w: {"reason": "death", "on": "2023-06-01"},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_tt'].pk}/assignments/1/remove"),
    "POST /api/v1/secretariats/import": ApiCase(lambda w: {"file": csv_file(ASSIGNMENT_TT)}, multipart=True,
                                             status=400),  # an import names its rows: 400 with row errors
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/step": ApiCase(
        lambda w: {"action": "close"}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/step"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions": ApiCase(
        lambda w: {"kind": "psu", "new_end": "2024-03-30", "reason": "PSU"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/work-extensions"),
    "POST /api/v1/adhoc/recruitments": ApiCase(
        lambda w: {"election": w.ids["election"].code, "body": "kpps", "region_code": "12.76"}),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/applicants": ApiCase(
        lambda w: {"area_code": "12.76.01.1006", "nik": "1276010000009999", "name": "Orang Lain", "gender": "L",
                   "birth_date": "1990-01-01", "domicile_code": "12.76.01.1006", "education": 3},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/applicants"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/applicants/import": ApiCase(
        lambda w: {"file": csv_file(APPLICANT_COLUMNS + "1276011006,1276010000009999,Orang Lain,L,1990-01-01,"
                                                        "1276011006,SMA\n")},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/applicants/import", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/scores/import": ApiCase(
        lambda w: {"which": "written", "file": csv_file("nik,nilai\n1276010000000000,99\n")},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/scores/import", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/eligibility/evaluate": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/eligibility/evaluate"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/verify-eligible": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/verify-eligible"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/areas/{area_id}/registration-extensions": ApiCase(
        lambda w: {"new_end": "2022-12-30", "reason": "uji"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/areas/{w.ids['area_tt'].pk}/registration-extensions"),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/areas/{area_id}/continue": ApiCase(
        lambda w: {"reason": "uji"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/areas/{w.ids['area_tt'].pk}/continue"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/verification": ApiCase(
        lambda w: {"result": "tms", "reason": "uji"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/verification"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/scores": ApiCase(
        lambda w: {"which": "written", "value": "99"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/scores"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/health": ApiCase(
        lambda w: {"health": "unfit"}, lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/health"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/documents": ApiCase(
        lambda w: {"kind": "ktp", "file": csv_file("bukan pdf")},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/documents", multipart=True),
    "POST /api/v1/adhoc/recruitments/{recruitment_id}/activation-slips": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec'].pk}/activation-slips"),
    "POST /api/v1/adhoc/applicants/{applicant_id}/replacement": ApiCase(
        lambda w: {"reason": "resigned", "detail": "uji", "decided_on": "2023-03-01"},
        lambda w: f"/api/v1/adhoc/applicants/{w.ids['applicant_tt'].pk}/replacement"),
    "PUT /api/v1/schedule/{election_code}/stages/{stage_id}": ApiCase(
        lambda w: {"start": "2023-12-02", "end": "2024-02-01", "reason": "uji"},
        lambda w: f"/api/v1/schedule/pemilu-2024/stages/{w.ids['local_tt'].pk}", method="put"),
    "POST /api/v1/schedule/{election_code}/local-windows": ApiCase(
        lambda w: {"stage_code": "kampanye", "region_code": "12.76", "start": "2023-12-02", "end": "2024-02-01"},
        lambda w: "/api/v1/schedule/pemilu-2024/local-windows", status=404),
    "DELETE /api/v1/schedule/{election_code}/local-windows/{stage_id}": ApiCase(
        lambda w: {}, lambda w: f"/api/v1/schedule/pemilu-2024/local-windows/{w.ids['local_tt'].pk}",
        method="delete"),
    "POST /api/v1/adhoc/comments/{comment_id}/follow-up": ApiCase(
        lambda w: {"follow_up": "diperiksa"}, lambda w: f"/api/v1/adhoc/comments/{w.ids['comment'].pk}/follow-up"),
}
# Second requests aimed at Binjai's own objects carrying Tebing Tinggi's record inside.
CANDIDATES = "POST /api/v1/secretariats/{secretariat_id}/candidates"
EXTEND = "POST /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions"
API_VARIANTS: dict[str, tuple[str, ApiCase]] = {
    "users: own region, Tebing Tinggi's username": ("POST /api/v1/users", ApiCase(lambda w: {
        "username": "kpu_staff_a", "full_name": "Orang Baru", "role": "kpu_staff", "scope_code": "12.75",
        "reason": "uji"}, status=409)),  # the name is taken (usernames are global); nothing else is said
    "candidates: own secretariat, Tebing Tinggi's employee": (CANDIDATES, ApiCase(
        lambda w: {"kind": "sekretaris", "employee_id": w.ids["hasan"].pk},
        lambda w: f"/api/v1/secretariats/{w.ids['sec_binjai'].pk}/candidates", status=400)),
    "secretariat import: own secretariat, Tebing Tinggi's NIP": ("POST /api/v1/secretariats/import", ApiCase(
        lambda w: {"file": csv_file(ASSIGNMENT_BINJAI_WITH_TT_NIP)}, multipart=True, status=400)),
    "work extension: own recruitment, Tebing Tinggi's area": (EXTEND, ApiCase(
        lambda w: {"kind": "psu", "new_end": "2024-03-30", "reason": "PSU", "area_code": "12.76.01.1006"},
        lambda w: f"/api/v1/adhoc/recruitments/{w.ids['rec_binjai'].pk}/work-extensions")),
}
# API writes that touch no existing scoped record (a reason is required for each).
API_EXCLUDED: dict[str, str] = {
    "POST /api/v1/neutrality/reports": "the public intake (anonymous, as the page /netralitas/lapor/): anyone may "
                                    "report about any region, and the answer is a tracking code only",
}


def _api_writes() -> set[str]:
    from pemilu.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops
            if method in ("post", "put", "patch", "delete")}


def test_every_api_write_has_a_cross_region_case() -> None:
    writes = _api_writes()
    assert len(writes) >= 13, writes
    missing = writes - set(API_CASES) - set(API_EXCLUDED)
    assert not missing, f"API writes without a cross-region case (add one to API_CASES): {sorted(missing)}"
    assert not (set(API_CASES) - writes), "cases for operations the API no longer has"


def _post(client: Client, operation: str, case: ApiCase, w: World) -> Any:
    path = case.path(w) if case.path else operation.split(" ", 1)[1]
    body = case.body(w)
    if case.multipart:
        return client.post(path, body)
    return getattr(client, case.method)(path, json.dumps(body, default=str), content_type="application/json",
                                        HTTP_IDEMPOTENCY_KEY="cross-region-1")


ALL_API = [(op, op, case) for op, case in API_CASES.items()] + [
    (name, op, case) for name, (op, case) in API_VARIANTS.items()]


@pytest.mark.parametrize(("name", "operation", "case"), ALL_API, ids=[n for n, _o, _c in ALL_API])
def test_an_api_write_by_another_kabkota_changes_nothing_and_says_nothing(
        world: World, name: str, operation: str, case: ApiCase) -> None:
    client = _client(world.admin)
    before = snapshot()
    r = _post(client, operation, case, world)
    text = r.content.decode()
    if case.batch:
        assert r.status_code == 200, text
        assert [item["status"] for item in r.json()["results"]] == [case.status], text
    else:
        assert r.status_code == case.status, f"{name}: {r.status_code} {text}"
    assert changed(before, snapshot()) == [], f"{name}: changed the database: {text}"
    assert_silent(name, text)


# --- single actions matching by NIK ----------------------------------------------------------------

def test_registering_a_nik_of_another_kabkota_says_only_that_it_is_taken(world: World) -> None:
    """An officer of Binjai (or a member of the public on the portal) registering the NIK of a
    Tebing Tinggi applicant learns that it is taken, not where or for which body."""
    from pemilu.adhoc import actions as adhoc
    from pemilu.core.exceptions import ConflictError

    def data() -> Any:
        return adhoc.ApplicantData(
            area_code="12.75.01.1001", nik="1276010000000000", name="Orang Lain", gender="L",
            birth_date=datetime.date(1990, 5, 1), domicile_code="12.75.01.1001", education=3, sentence_years=0,
            health="fit", phone="081200002222", address="Jl. Binjai 1")

    for actor, portal in ((world.admin, False), (world.cast.nobody, True)):
        before = snapshot()
        with time_machine.travel(datetime.datetime(2022, 12, 20, 3, 0, tzinfo=datetime.UTC)), \
                pytest.raises(ConflictError) as caught:  # the portal is open during registration only
            adhoc.do_register(world.ids["rec_binjai"], data(), actor=actor, portal=portal)
        assert caught.value.message == "NIK ini sudah terdaftar"
        assert changed(before, snapshot()) == []
    # Tebing Tinggi's own office is told where (it may see that application).
    with pytest.raises(ConflictError) as own:
        adhoc.do_register(world.ids["rec"], adhoc.ApplicantData(**{
            **data().__dict__, "area_code": "12.76.01.1007", "domicile_code": "12.76.01.1007"}),
            actor=world.cast.kpu_staff_a)
    assert "Persiakan" in own.value.message


def test_a_finding_in_ones_own_region_links_no_employee_of_another_kabkota(world: World) -> None:
    """Binjai may record a temuan about anyone by NIP, but the case is not linked to (nor typed
    from) Tebing Tinggi's register, and the answer names nothing of him."""
    from pemilu.neutrality.actions import today_for
    from pemilu.neutrality.models import Case

    day = today_for(world.ids["election"]).isoformat()
    r = _client(world.admin).post("/api/v1/neutrality/findings", json.dumps({
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
