"""The two kab/kota of the cross-region tests (issue 17 item 1): Kota Tebing Tinggi (12.76) with
its records, and Kota Binjai (12.75) whose KPU tries to write them. Shared by test_cross_region.py
(importers, upload pages) and test_cross_region_api.py (API writes)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from pemilu.accounts.actions import get_system_user
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
def world(cast: Cast, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Tebing Tinggi with a record of every kind an importer or API write could reach; Binjai with
    its own election objects, so the attacker's requests pass every check but the scope."""
    from pemilu.adhoc import actions as adhoc
    from pemilu.adhoc.models import AdminResult, Applicant, Step
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality import actions as neutrality
    from pemilu.neutrality import outreach
    from pemilu.neutrality.intake import ReportIn
    from pemilu.neutrality.models import Category
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
    case = neutrality.submit_report(ReportIn(
        election=election.code, region_code="12.76.01", category=Category.ASN_NEUTRALITY,
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
    from pemilu.seats.inputs import DapilVotes
    from pemilu.seats.models import Decree, ElectedMember
    from pemilu.seats.tests.factories import make_run

    # A seat run of Tebing Tinggi's DPRD Kota and a decree with one member (rows only: the recap
    # behind a real one is seats/tests' business; here only the scope check is under test).
    seat_run = make_run(cast.kpu_admin_a, dapils=[DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000, "B": 600})])
    decree = Decree.objects.create(run=seat_run, election=election, contest_kind=seat_run.contest_kind,
                                   region_code="12.76", number="1/2024", decided_on=datetime.date(2024, 3, 15),
                                   published_by=cast.kpu_admin_a)
    member = ElectedMember.objects.create(decree=decree, dapil_code="1276-1", dapil_name="Tebing Tinggi 1",
                                          party="A", seat_number=1, rank=1, name="Siti Lubis", ballot_no=1,
                                          votes=10)
    # Candidacy: Golkar's list as submitted, PDIP's announced as the DCS with a public response.
    from pemilu.candidacy import actions as candidacy
    from pemilu.candidacy import responses
    from pemilu.candidacy.tests.world import KEY, make_world, slate

    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    cw = make_world(cast)
    list_tt = candidacy.do_submit_list(cw.golkar, cw.dapil, slate("LPL"), actor=cw.liaison_golkar)
    dcs_tt = candidacy.do_submit_list(cw.pdip, cw.other_dapil, slate("PLL", start=20), actor=cw.liaison_pdip)
    candidacy.do_verify_documents(dcs_tt, actor=cast.kpu_staff_a, verified=True)
    dcs_tt = candidacy.do_announce_dcs(dcs_tt, actor=cast.kpu_admin_a)
    response_tt = responses.do_record_response(dcs_tt, candidate_number=1, respondent_name="Warga Bajenis",
                                               respondent_nik="1276014101900001", respondent_contact="081234567890",
                                               content="Mohon diperiksa.")
    # Its documents checklist (issue 23 item 4): the first candidate's KTP.
    from pemilu.candidacy import documents as candidacy_documents
    from pemilu.candidacy.models import CandidateDocument

    candidacy_documents.do_open_checklist(list_tt, due=datetime.date(2099, 1, 1), actor=cast.kpu_staff_a)
    doc_tt = CandidateDocument.objects.get(candidate__candidate_list=list_tt, candidate__number=1, kind="ktp")
    # Voters of Tebing Tinggi, imported from a DP4 (issue 22), under the same voter key.
    from pemilu.voters.duplicates import run_search, start_duplicate_search
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter
    from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

    import_dp4(dp4_csv(dp4_rows(6, exact_duplicates=1)), election=election, region_code="12.76",
               actor=cast.kpu_staff_a)
    # One exact duplicate among them, searched: one pair in the review queue.
    dup_tt = run_search(start_duplicate_search(election, "12.76", actor=cast.kpu_staff_a)).pairs.get()

    # DPD support of Sumatera Utara (province-wide; its supporters filed under Tebing Tinggi), sampled.
    from pemilu.candidacy import dpd_actions
    from pemilu.candidacy.models import Supporter
    from pemilu.candidacy.tests.test_dpd_support import HEADER, person
    from pemilu.regions.models import Region
    from pemilu.voters.rules import compose_nik

    kpu_prov = make_user("kpu_prov_12", "kpu_admin", "12")
    dpd = dpd_actions.do_set_dpd_province(election, Region.objects.get(code="12"), dpt=900_000, dpt_source="uji",
                                          actor=kpu_prov)
    dpd_candidate = dpd_actions.do_register_dpd_candidate(
        dpd, name="Calon DPD Sumut", nik=compose_nik("127601", datetime.date(1970, 1, 1), False, 9001), sex="L",
        birth_date=datetime.date(1970, 1, 1), actor=kpu_prov)
    dpd_actions.do_import_supporters(dpd_candidate, (HEADER + person(1) + person(2)).encode(), actor=kpu_prov)
    dpd_actions.do_draw_sample(dpd_candidate, actor=kpu_prov, seed=1)
    from pemilu.candidacy.dpd_contests import do_contest_support

    dpd_contest = do_contest_support(nik=compose_nik("127601", datetime.date(1980, 1, 1), False, 1),
                                     candidate_id=dpd_candidate.pk, name="Pendukung 1", contact="081234567890",
                                     statement="Saya tidak pernah memberi dukungan.")
    w.ids = {
        "dup_tt": dup_tt,
        "voter_tt": Voter.objects.filter(desa_code="12.76.01.1006").order_by("pk").first(),
        "list_tt": list_tt, "dcs_tt": dcs_tt, "response_tt": response_tt, "doc_tt": doc_tt,
        "dpd_candidate": dpd_candidate, "dpd_supporter": Supporter.objects.filter(candidate=dpd_candidate).first(),
        "dpd_contest": dpd_contest,
        "seat_run": seat_run, "member": member,
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



def assert_silent(name: str, text: str, *, allow: tuple[str, ...] = ()) -> None:
    for secret in SECRETS:
        if secret not in allow:
            assert secret not in text, f"{name}: the answer names {secret!r}: {text[:400]}"




def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


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
