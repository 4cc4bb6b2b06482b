"""Every list of the API reads a page in a fixed number of queries (issue 18 item 7; style.md §17).

The test walks the OpenAPI document: every operation answering ``Page[T]`` must have an entry
in ``LISTS`` — who reads it, its URL in the world built below and, where rows can be added
through the actions, how to add one more. For each list it counts the SQL queries of

1. the first page with ``limit=1`` (one row),
2. the whole list (n ≥ 2 rows),
3. the whole list again after adding rows (m > n),

and fails when the counts differ: a query per row (N+1) or per row of the whole list. A new list
without an entry fails ``test_every_list_has_a_query_count_check``, so the coverage holds."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from pemilu.api import api
from pemilu.core.tests.list_rows_voters import _coklit_voter, _dps_response, _duplicate, _transfer
from pemilu.testing.factories import Cast, make_user
from pemilu.testing.ladder import client_for
from pemilu.testing.queries import query_count

D = datetime.date
PERSIAKAN = "12.76.01.1006"
ASN_HEAD = "nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"


@dataclass
class World:
    """One state in which every list has at least two rows."""

    cast: Cast
    refs: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["refs"][name]
        except KeyError as e:
            raise AttributeError(name) from e


@dataclass(frozen=True)
class ListCheck:
    who: str  # a cast member, a user made by the world ("national") or "" for anonymous
    url: Callable[[World], str]
    add: Callable[[World, int], object] | None = None  # adds the i-th row (None: no action adds one)
    why_no_add: str = ""


# --- adding rows, through the importers and actions --------------------------------------------

def _region(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_regions

    import_regions(f"kode,nama,level,parent_kode,jenis\n{81 + i},Provinsi Uji {i},provinsi,,\n".encode(),
                   actor=get_system_user(), filename="provinsi.csv")


def _desa(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_regions

    import_regions((f"kode,nama,level,parent_kode,jenis\n12.76.01.{2001 + i},Desa Uji {i},desa_kelurahan,"
                    "12.76.01,kelurahan\n").encode(), actor=get_system_user(), filename="desa.csv")


def _tps(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_tps

    n = 2 + i + 1  # Bandar Sono has 2 TPS in the factory file; each call adds one more
    import_tps((TPS_HEAD + f"1276011007,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,BANDAR SONO,{n},{n},,\n")
               .encode(), actor=get_system_user(), filename="tps.csv")


TPS_HEAD = "kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to\n"


def _user(w: World, i: int) -> None:
    make_user(f"petugas{i}", "pps", PERSIAKAN)


def _employee(w: World, i: int) -> None:
    from pemilu.asn.actions import import_employees

    import_employees((ASN_HEAD + f"19800101200501{i:04d},Pegawai {i},Kelurahan Persiakan,Staf,PNS,{PERSIAKAN}\n")
                     .encode(), actor=w.cast.kpu_admin_a)


def _run(w: World, i: int) -> None:
    from pemilu.seats.inputs import DapilVotes
    from pemilu.seats.tests.factories import make_run

    make_run(w.cast.kpu_admin_a, dapils=[DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000 + i, "B": 600})],
             contest_label=f"uji {i}")


def _decree(w: World, i: int) -> None:
    """A published seat decree (rows: the recap behind a real one is seats/tests' business), each
    for another contest (one decree per contest)."""
    from pemilu.seats.inputs import DapilVotes
    from pemilu.seats.models import Decree
    from pemilu.seats.tests.factories import make_run

    run = make_run(w.cast.kpu_admin_a, dapils=[DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 2000 + i, "B": 600})])
    Decree.objects.create(run=run, election=run.election, contest_kind=run.contest_kind, region_code=f"13.{i:02d}",
                          number=f"{i}/2024", decided_on=D(2024, 3, 15), published_by=w.cast.kpu_admin_a)


def _case(w: World, i: int) -> None:
    from pemilu.neutrality import actions
    from pemilu.neutrality.tests.conftest import intake

    actions.submit_report(intake(w.election, suspect_name=f"Terlapor {i}", place=f"Tempat {i}"), [],
                          received_on=D(2024, 1, 12))
    if i == 0:  # a second report of the first case: the report count is per case
        actions.submit_report(intake(w.election, suspect_name="Terlapor 0", place="Tempat 0"), [],
                              received_on=D(2024, 1, 12))


def _pledge(w: World, i: int) -> None:
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.neutrality import outreach

    nip = f"19900101201501{i:04d}"
    import_employees((ASN_HEAD + f"{nip},Penanda {i},Kelurahan Persiakan,Staf,PNS,{PERSIAKAN}\n").encode(),
                     actor=w.cast.kpu_admin_a)
    outreach.do_record_pledge(w.election, AsnEmployee.objects.get(nip=nip), D(2023, 11, 30),
                              actor=w.cast.kpu_staff_a)


def _event(w: World, i: int) -> None:
    from pemilu.neutrality import outreach

    event = outreach.do_create_event(outreach.EventData(w.election, "12.76.01", D(2023, 11, 1 + i), f"Aula {i}",
                                                        "KPU", "ASN"), actor=w.cast.kpu_staff_a)
    outreach.import_attendance(event, f"nama\nPeserta {i}\nTamu {i}\n".encode(), actor=w.cast.kpu_staff_a,
                               filename="hadir.csv")


def _secretariats(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_regions
    from pemilu.secretariats import actions

    if i:  # a new kecamatan with one kelurahan: one PPK and one PPS secretariat more
        import_regions((f"kode,nama,level,parent_kode,jenis\n12.76.{10 + i},Kecamatan Uji {i},kecamatan,12.76,\n"
                        f"12.76.{10 + i}.1001,Kelurahan Uji {i},desa_kelurahan,12.76.{10 + i},kelurahan\n").encode(),
                       actor=get_system_user(), filename="kecamatan.csv")
    actions.do_form_secretariats(w.election, "12.76", actor=w.cast.kpu_staff_a)


def _recruitment(w: World, i: int) -> None:
    from pemilu.adhoc import actions
    from pemilu.elections.models import Election

    other = Election.objects.create(code=f"uji-{i}", name=f"Pemilu Uji {i}", voting_day=D(2019, 4, 17 - i))
    actions.do_create_recruitment(other, "pps", "12.76", actor=w.cast.kpu_staff_a)


def _applicant(w: World, i: int) -> None:
    from pemilu.adhoc.tests.conftest import register

    w.refs.setdefault("people", []).append(register(w.rec, w.cast.kpu_staff_a, docs=False))


def _document(w: World, i: int) -> None:
    from pemilu.adhoc import actions
    from pemilu.adhoc.tests.conftest import DOCS, PDF

    actions.do_upload_document(w.people[0], DOCS[i], f"{DOCS[i]}.pdf", PDF, actor=w.cast.kpu_staff_a)


def _comment(w: World, i: int) -> None:
    from pemilu.adhoc import actions

    actions.submit_comment(w.announcement, w.people[0].pk, f"Tanggapan masyarakat nomor {i}.")


def _extension(w: World, i: int) -> None:
    from pemilu.adhoc import actions

    actions.do_extend_work(w.appointed, actor=w.cast.kpu_staff_a, kind="psu", new_end=D(2024, 4, 10 + i),
                           reason=f"PSU {i}")


def _ppwp(w: World) -> Any:
    """The PPWP contest (reference data set up once, on first use)."""
    if "ppwp" not in w.refs:
        from pemilu.accounts.actions import get_system_user
        from pemilu.results.reference import do_setup_ppwp

        w.refs["ppwp"] = do_setup_ppwp(w.election, actor=get_system_user())
    return w.ppwp


def _attendee(w: World, i: int) -> None:
    from pemilu.testing.factories import attend_plenary

    # The attendance is recorded as a whole list: each call lists the body and one witness more.
    attend_plenary(_ppwp(w), "12.76.01", w.cast.ppk_a1, witnesses=i + 1)


def _plenary_record(w: World, i: int) -> None:
    from pemilu.results.actions import do_record_objection

    do_record_objection(_ppwp(w), "12.76.01", actor=w.cast.ppk_a1, kind="objection", text=f"Keberatan {i}",
                        raised_by=f"Saksi {i}")


def _candidacy(w: World) -> Any:
    """Kota Tebing Tinggi's DPRD Kota dapil, the parties and one DCS list (candidacy's test world)."""
    if "candidacy" not in w.refs:
        from pemilu.candidacy import actions
        from pemilu.candidacy.tests.world import make_world, slate

        world = make_world(w.cast)
        dcs = actions.do_submit_list(world.pdip, world.other_dapil, slate("PLL", start=90), actor=world.liaison_pdip)
        actions.do_verify_documents(dcs, actor=w.cast.kpu_staff_a, verified=True)
        w.refs["candidacy"], w.refs["dcs"] = world, actions.do_announce_dcs(dcs, actor=w.cast.kpu_admin_a)
    return w.refs["candidacy"]


def _party_list(w: World, i: int, *, announce: bool = False) -> None:
    """The list of party ``i + 5`` (a liaison officer appointed for it) in DPRD Kota Tebing Tinggi 2."""
    from pemilu.candidacy import actions
    from pemilu.candidacy.tests.world import slate
    from pemilu.results.models import Party

    world = _candidacy(w)
    party = Party.objects.get(election=world.election, ballot_no=5 + i + (4 if announce else 0))
    officer = make_user(f"lo_{party.abbr.lower()}")
    actions.do_appoint_liaison(officer, party, "12.76", actor=w.cast.kpu_admin_a, reason="uji")
    lst = actions.do_submit_list(party, world.dapil, slate("LPL", start=100 + 10 * i + (50 if announce else 0)),
                                 actor=officer)
    if announce:
        actions.do_verify_documents(lst, actor=w.cast.kpu_staff_a, verified=True)
        actions.do_announce_dcs(lst, actor=w.cast.kpu_admin_a)


def _checklist_row(w: World, i: int) -> None:
    """Golkar's list grows by one candidate; the newcomer's checklist, KTP upload and CV statement."""
    from pemilu.candidacy import actions, documents
    from pemilu.candidacy.tests.world import slate

    world = _candidacy(w)
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPLPLP"[:i + 2], start=200),
                                 actor=world.liaison_golkar)
    documents.do_open_checklist(lst, due=D(2099, 1, 1), actor=w.cast.kpu_staff_a)
    newest = lst.candidates.get(number=i + 2)
    documents.do_submit_document(newest.documents.get(kind="ktp"), actor=world.liaison_golkar,
                                 file=documents.DOCUMENT_FILES.check("ktp.pdf", b"%PDF-1.4\n%%EOF\n"))
    documents.do_record_cv_consent(newest, publish=i % 2 == 0, stated_on=D(2023, 5, 10), actor=w.cast.kpu_staff_a)
    w.refs["golkar_list"] = lst


def _public_list(w: World, i: int) -> None:
    _party_list(w, i, announce=True)


def _response(w: World, i: int) -> None:
    from pemilu.candidacy import responses

    _candidacy(w)
    responses.do_record_response(w.dcs, candidate_number=1 + i % 3, respondent_name=f"Warga {i}",
                                 respondent_nik="1276014101900001", respondent_contact="081234567890",
                                 content="Mohon diperiksa.")
def _dpd(w: World) -> Any:
    """A DPD province (Sumatera Utara) with its KPU, set up once, on first use; the voter key seals NIKs."""
    if "dpd" not in w.refs:
        import os

        from pemilu.accounts.actions import get_system_user
        from pemilu.candidacy.dpd_actions import do_set_dpd_province
        from pemilu.regions.models import Region

        os.environ.setdefault("PEMILU_VOTER_KEY", "list-queries-key-0123456789abcdefghijkl")
        w.refs["dpd"] = do_set_dpd_province(w.election, Region.objects.get(code="12"), dpt=900_000,
                                            dpt_source="uji", actor=get_system_user())
    return w.dpd


def _dpd_candidate(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.candidacy.dpd_actions import do_register_dpd_candidate
    from pemilu.voters.rules import compose_nik

    born = D(1970, 1, 1 + i)
    c = do_register_dpd_candidate(_dpd(w), name=f"Calon DPD {i}", nik=compose_nik("127601", born, False, 8000 + i),
                                  sex="L", birth_date=born, actor=get_system_user())
    w.refs.setdefault("dpd_first", c)


def _dpd_supporter(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.candidacy.dpd_actions import do_import_supporters
    from pemilu.candidacy.tests.test_dpd_support import HEADER, person

    if "dpd_first" not in w.refs:
        _dpd_candidate(w, 90)
    do_import_supporters(w.dpd_first, (HEADER + person(500 + i)).encode(), actor=get_system_user())




def _dpd_contest(w: World, i: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.candidacy.dpd_actions import do_import_supporters
    from pemilu.candidacy.dpd_contests import do_contest_support
    from pemilu.candidacy.tests.test_dpd_support import HEADER, person

    if "dpd_first" not in w.refs:
        _dpd_candidate(w, 90)
    row = person(700 + i)
    do_import_supporters(w.dpd_first, (HEADER + row).encode(), actor=get_system_user())
    do_contest_support(nik=row.split(",")[0], candidate_id=w.dpd_first.pk, name=f"Pendukung {700 + i}",
                       contact="081234567890", statement="Saya tidak pernah memberi dukungan.")

LISTS: dict[str, ListCheck] = {
    "GET /api/v1/regions": ListCheck("national", lambda w: "/api/v1/regions", _region),
    "GET /api/v1/regions/{region_code}/children": ListCheck(
        "kpu_admin_a", lambda w: "/api/v1/regions/12.76.01/children", _desa),
    "GET /api/v1/regions/{region_code}/tps": ListCheck(
        "kpu_admin_a", lambda w: "/api/v1/regions/12.76.01.1007/tps", _tps),
    "GET /api/v1/users": ListCheck("kpu_admin_a", lambda w: "/api/v1/users", _user),
    "GET /api/v1/asn": ListCheck("kpu_admin_a", lambda w: "/api/v1/asn", _employee),
    "GET /api/v1/seats/runs": ListCheck("bawaslu_a", lambda w: "/api/v1/seats/runs", _run),
    "GET /api/v1/seats/decrees": ListCheck("nobody", lambda w: "/api/v1/seats/decrees", _decree),
    "GET /api/v1/schedule/{election_code}/stages": ListCheck(
        "", lambda w: f"/api/v1/schedule/{w.election.code}/stages?region=12.76.01.1006",
        why_no_add="the stages are the builtin schedule's; a local window replaces a row, it adds none"),
    "GET /api/v1/neutrality/cases": ListCheck("bawaslu_a", lambda w: "/api/v1/neutrality/cases", _case),
    "GET /api/v1/neutrality/pledges": ListCheck("bawaslu_a", lambda w: "/api/v1/neutrality/pledges", _pledge),
    "GET /api/v1/neutrality/events": ListCheck("bawaslu_a", lambda w: "/api/v1/neutrality/events", _event),
    "GET /api/v1/voters/transfers": ListCheck("kpu_staff_a", lambda w: "/api/v1/voters/transfers", _transfer),
    "GET /api/v1/voters/duplicates": ListCheck("kpu_staff_a", lambda w: "/api/v1/voters/duplicates", _duplicate),
    "GET /api/v1/secretariats/": ListCheck("kpu_staff_a", lambda w: "/api/v1/secretariats/", _secretariats),
    "GET /api/v1/adhoc/recruitments": ListCheck("kpu_staff_a", lambda w: "/api/v1/adhoc/recruitments",
                                                _recruitment),
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/areas": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/recruitments/{w.rec.pk}/areas",
        why_no_add="a recruitment's areas are made with it, from the region tree"),
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/applicants": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/recruitments/{w.rec.pk}/applicants", _applicant),
    "GET /api/v1/adhoc/applicants/{applicant_id}/eligibility": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/applicants/{w.people[0].pk}/eligibility",
        why_no_add="one verdict per eligibility rule of the body (rules as data, not rows)"),
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/work-extensions": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/recruitments/{w.appointed.pk}/work-extensions", _extension),
    "GET /api/v1/adhoc/recruitments/{recruitment_id}/comments": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/recruitments/{w.rec.pk}/comments", _comment),
    "GET /api/v1/adhoc/applicants/{applicant_id}/documents": ListCheck(
        "kpu_staff_a", lambda w: f"/api/v1/adhoc/applicants/{w.people[0].pk}/documents", _document),
    "GET /api/v1/recap/{contest_code}/plenary/attendance": ListCheck(
        "ppk_a1", lambda w: "/api/v1/recap/ppwp/plenary/attendance?region=12.76.01", _attendee),
    "GET /api/v1/candidacy/dpd/candidates": ListCheck(
        "national", lambda w: "/api/v1/candidacy/dpd/candidates", _dpd_candidate),
    "GET /api/v1/candidacy/dpd/contests": ListCheck(
        "national", lambda w: "/api/v1/candidacy/dpd/contests", _dpd_contest),
    "GET /api/v1/candidacy/dpd/candidates/{candidate_id}/supporters": ListCheck(
        "national", lambda w: f"/api/v1/candidacy/dpd/candidates/{w.dpd_first.pk}/supporters", _dpd_supporter),
    "GET /api/v1/recap/{contest_code}/plenary/records": ListCheck(
        "ppk_a1", lambda w: "/api/v1/recap/ppwp/plenary/records?region=12.76.01", _plenary_record),
    "GET /api/v1/candidacy/lists": ListCheck("kpu_admin_a", lambda w: "/api/v1/candidacy/lists", _party_list),
    "GET /api/v1/candidacy/lists/{list_id}/responses": ListCheck(
        "kpu_admin_a", lambda w: f"/api/v1/candidacy/lists/{w.dcs.pk}/responses", _response),
    "GET /api/v1/candidacy/public/lists": ListCheck("", lambda w: "/api/v1/candidacy/public/lists", _public_list),
    "GET /api/v1/candidacy/lists/{list_id}/documents": ListCheck(
        "kpu_admin_a", lambda w: f"/api/v1/candidacy/lists/{w.golkar_list.pk}/documents", _checklist_row),
    "GET /api/v1/coklit/areas/{tps_code}/voters": ListCheck(
        "pps_a1", lambda w: f"/api/v1/coklit/areas/{PERSIAKAN}.001/voters", _coklit_voter),
    "GET /api/v1/coklit/progress/{region_code}": ListCheck(
        "pps_a1", lambda w: f"/api/v1/coklit/progress/{PERSIAKAN}", None,
        why_no_add="one row per TPS area of the desa (the TPS list); the counts in a row grow with its voters, "
                   "checked by the voters list above"),
    "GET /api/v1/voters/villages/{region_code}/lists": ListCheck(
        "pps_a1", lambda w: "/api/v1/voters/villages/12.76.01.1006/lists",
        why_no_add="a desa's lists are its stages, each compiled once and in order"),
    "GET /api/v1/voters/announcements": ListCheck(
        "", lambda w: "/api/v1/voters/announcements", why_no_add="one per desa once its DPS is compiled"),
    "GET /api/v1/voters/announcements/{announcement_id}/voters": ListCheck(
        "", lambda w: f"/api/v1/voters/announcements/{w.voters['announcement']}/voters",
        why_no_add="an announced DPS is compiled once and never changes"),
    "GET /api/v1/voters/announcements/{announcement_id}/responses": ListCheck(
        "pps_a1", lambda w: f"/api/v1/voters/announcements/{w.voters['announcement']}/responses", _dps_response),
    "GET /api/v1/voters/recap/{region_code}": ListCheck(
        "kpu_admin_a", lambda w: "/api/v1/voters/recap/12.76", why_no_add="one row per region below (the tree)"),
}


def _paged_operations() -> set[str]:
    schema = api.get_openapi_schema()
    found = set()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            content = op["responses"].get(200, {}).get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref", "")
            if ref:
                body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
                if set(body.get("properties", {})) == {"count", "limit", "offset", "items"}:
                    found.add(f"{method.upper()} {path}")
    return found


def test_every_list_has_a_query_count_check() -> None:
    paged = _paged_operations()
    assert len(paged) >= 18
    assert not paged - set(LISTS), f"lists without a query-count check in LISTS: {sorted(paged - set(LISTS))}"
    assert not set(LISTS) - paged, f"LISTS names operations that are not paged lists: {sorted(set(LISTS) - paged)}"
    assert all(c.add is not None or c.why_no_add for c in LISTS.values())


def _world(cast: Cast) -> World:
    from pemilu.accounts.actions import get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.adhoc.models import Announcement, Applicant, Recruitment, RecruitmentStatus
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.schedule.actions import do_load_builtin_schedule

    w = World(cast)
    make_user("national", "kpu_admin", "")
    w.refs["election"] = get_or_create_pemilu_2024()
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    rec = adhoc.do_create_recruitment(w.election, "pps", "12.76", actor=cast.kpu_staff_a)
    w.refs["rec"] = adhoc.do_open_registration(rec, actor=cast.kpu_staff_a, start=D(2022, 12, 18),
                                               end=D(2022, 12, 27))
    appointed = adhoc.do_create_recruitment(w.election, "ppk", "12.76", actor=cast.kpu_staff_a)
    Recruitment.objects.filter(pk=appointed.pk).update(status=RecruitmentStatus.APPOINTED,
                                                       work_start=D(2023, 1, 17), work_end=D(2024, 4, 4))
    appointed.refresh_from_db()
    w.refs["appointed"] = appointed
    for i in range(2):
        _applicant(w, i)
    Applicant.objects.filter(pk__in=[p.pk for p in w.people]).update(admin_result="ms")
    from pemilu.voters.tests.conftest import flow_world

    w.refs["voters"] = flow_world(cast, w.election, announce_all=True)
    w.refs["announcement"] = Announcement.objects.create(
        recruitment=w.rec, step="admin", number="1/q", file="adhoc/q.pdf", sha256="0" * 64,
        created_by=cast.kpu_staff_a)
    return w


def _client(w: World, who: str) -> Client:
    if not who:
        return Client()
    if hasattr(w.cast, who):
        return client_for(w.cast, who)
    from pemilu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=who))
    return client


@pytest.mark.django_db
def test_every_list_reads_a_page_in_a_fixed_number_of_queries(cast: Cast,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pemilu.candidacy.tests.world import KEY

    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)  # candidates' NIKs are sealed
    w = _world(cast)
    for check in LISTS.values():
        if check.add is not None:
            for i in range(2):
                check.add(w, i)
    measured: dict[str, tuple[int, ...]] = {}
    for name, check in LISTS.items():
        client, url = _client(w, check.who), check.url(w)
        sep = "&" if "?" in url else "?"
        one, rows_one = query_count(client, f"{url}{sep}limit=1")
        many, rows = query_count(client, url)
        assert rows_one == 1 and rows >= 2, f"{name}: the world needs two rows or more ({rows_one}, {rows})"
        measured[name] = (one, many, rows)
    for check in LISTS.values():
        if check.add is not None:
            for i in range(2, 4):
                check.add(w, i)
    problems = []
    for name, check in LISTS.items():
        one, many, rows = measured[name]
        if check.add is not None:
            more, grown = query_count(_client(w, check.who), check.url(w))
            assert grown > rows, f"{name}: adding rows did not grow the list ({rows} → {grown})"
            measured[name] = (one, many, more, rows, grown)
        else:
            more = many
        if not one == many == more:
            problems.append(f"{name}: {measured[name]}")
    assert not problems, "queries grow with the rows (limit=1, whole, grown[, rows, grown rows]):\n" + "\n".join(
        problems)
