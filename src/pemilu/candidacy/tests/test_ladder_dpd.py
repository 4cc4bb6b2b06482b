"""Every page and API operation of DPD support climbs the permission ladder (listed in test_ladder.py).

DPD support (issue 23 item 6) is a province's: ``kpu_prov_12`` (KPU Sumatera Utara) manages it and
``bawaslu_12`` reads it; the cast's KPU Kab/Kota verify the sampled supporters filed under their
kab/kota. The fixture builds one province, two candidates with supporters in Tebing Tinggi and Karo,
and the second one's sample."""

from __future__ import annotations

import datetime

import pytest

from pemilu.candidacy import dpd_actions
from pemilu.candidacy.dpd_contests import do_contest_support
from pemilu.candidacy.models import DpdCandidate, Supporter
from pemilu.candidacy.tests.test_dpd_support import HEADER, person
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.testing.factories import Cast, make_user
from pemilu.testing.ladder import Endpoint, climb, fill
from pemilu.voters.rules import compose_nik

KEY = "candidacy-test-key-0123456789abcdefghijkl"
NEW_NIK = compose_nik("127601", datetime.date(1971, 7, 7), True, 4321)
FILE = (HEADER + person(7001) + person(7002, "12.06")).encode()
IMPORTED_NIK = compose_nik("127601", datetime.date(1972, 2, 2), False, 4322)
IMPORT_FILE = (f"kode_provinsi,nama,nik,jenis_kelamin,tanggal_lahir\n"
               f"12,Calon Impor,{IMPORTED_NIK},L,1972-02-02\n").encode()
CONTESTED_NIK = compose_nik("127601", datetime.date(1980, 1, 1), False, 101)  # person(101): the first of A's list

DPD_ENDPOINTS = [
    Endpoint("candidacy_dpd:desk", "/pencalonan/dpd/", allowed=["kpu_prov_12", "bawaslu_12", "kpu_admin_b"],
             forbidden=["ppk_a1", "pps_a1", "nobody"]),
    Endpoint("candidacy_dpd:desk (register)", "/pencalonan/dpd/", method="post", ok_status=302,
             data={"province": "{province}", "name": "Calon Halaman", "nik": NEW_NIK, "sex": "P",
                   "birth_date": "1971-07-07"},
             allowed=["kpu_prov_12"], forbidden=["bawaslu_12", "ppk_a1"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("candidacy_dpd:candidate", "/pencalonan/dpd/{a}/", allowed=["kpu_prov_12", "bawaslu_12"],
             hidden=["kpu_admin_a", "kpu_admin_b", "ppk_a1", "nobody"]),
    Endpoint("candidacy_dpd:candidate (upload)", "/pencalonan/dpd/{a}/", method="post", multipart=True,
             data={"berkas": FILE}, allowed=["kpu_prov_12"], ok_status=302, forbidden=["bawaslu_12"],
             hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("candidacy_dpd:candidate (registers)", "/pencalonan/dpd/{a}/", method="post", data={"do": "registers"},
             allowed=["kpu_prov_12"], ok_status=302, forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("candidacy_dpd:candidate (decree)", "/pencalonan/dpd/{a}/", method="post", ok_status=302,
             data={"do": "decree", "number": "800/12/2023", "decided_on": "2023-05-01"}, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("candidacy_dpd:verification", "/pencalonan/dpd/verifikasi/",
             allowed=["kpu_staff_a", "kpu_admin_b", "kpu_prov_12"], forbidden=["bawaslu_a", "ppk_a1", "nobody"]),
    Endpoint("candidacy_dpd:verify", "/pencalonan/dpd/pendukung/{sampled}/verifikasi/", method="post",
             data={"outcome": "ms"}, allowed=["kpu_staff_a"], ok_status=302, forbidden=["bawaslu_a", "ppk_a1"],
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:list_dpd_candidates", "/api/v1/candidacy/dpd/candidates", api=True,
             allowed=["kpu_prov_12", "bawaslu_12", "kpu_admin_b", "nobody"]),
    Endpoint("api:get_dpd_candidate", "/api/v1/candidacy/dpd/candidates/{a}", api=True,
             allowed=["kpu_prov_12", "bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_dpd_supporters", "/api/v1/candidacy/dpd/candidates/{a}/supporters", api=True,
             allowed=["kpu_prov_12", "kpu_staff_a", "kpu_admin_b", "nobody"]),
    Endpoint("api:set_dpd_province", "/api/v1/candidacy/dpd/provinces/12", api=True, method="put",
             data={"dpt": 10_853_940, "dpt_source": "Keputusan KPU Provinsi"}, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:register_dpd_candidate", "/api/v1/candidacy/dpd/provinces/12/candidates", api=True, method="post",
             data={"name": "Calon Baru", "nik": NEW_NIK, "sex": "P", "birth_date": "1971-07-07"}, ok_status=201,
             allowed=["kpu_prov_12"], forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:check_dpd_support", "/api/v1/candidacy/dpd/provinces/12/check", api=True, method="post",
             allowed=["kpu_prov_12"], forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:import_dpd_supporters", "/api/v1/candidacy/dpd/candidates/{a}/supporters", api=True,
             method="post", multipart=True, data={"file": FILE}, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:draw_dpd_sample", "/api/v1/candidacy/dpd/candidates/{a}/sample", api=True, method="post",
             data={"seed": 42}, allowed=["kpu_prov_12"], forbidden=["bawaslu_12"],
             hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:check_dpd_registers", "/api/v1/candidacy/dpd/provinces/12/register-check", api=True,
             method="post", allowed=["kpu_prov_12"], forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("api:record_dpd_decree", "/api/v1/candidacy/dpd/candidates/{a}/resignation-decree", api=True,
             method="post", data={"number": "800/12/2023", "decided_on": "2023-05-01"}, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_admin_b"]),
    Endpoint("candidacy_dpd:contests", "/pencalonan/dpd/sanggahan/",
             allowed=["kpu_prov_12", "bawaslu_12", "kpu_admin_b"], forbidden=["ppk_a1", "pps_a1", "nobody"]),
    Endpoint("candidacy_dpd:resolve_contest", "/pencalonan/dpd/sanggahan/{contest}/putus/", method="post",
             data={"outcome": "terbukti", "reason": "Surat pernyataan bermeterai"}, ok_status=302,
             allowed=["kpu_prov_12"], forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"]),
    Endpoint("api:list_dpd_contests", "/api/v1/candidacy/dpd/contests", api=True,
             allowed=["kpu_prov_12", "bawaslu_12", "kpu_admin_b", "nobody"]),
    Endpoint("api:resolve_dpd_contest", "/api/v1/candidacy/dpd/contests/{contest}/resolution", api=True,
             method="post", data={"upheld": False, "reason": "Tanda tangan cocok"}, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12"], hidden=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"]),
    Endpoint("api:import_dpd_candidates", "/api/v1/candidacy/dpd/imports", api=True, method="post",
             multipart=True, data={"file": IMPORT_FILE}, ok_status=201, allowed=["kpu_prov_12"],
             forbidden=["bawaslu_12", "ppk_a1"]),
    Endpoint("api:verify_dpd_supporter", "/api/v1/candidacy/dpd/supporters/{sampled}/verification", api=True,
             method="post", data={"outcome": "tms", "note": "tidak mengenal calon"}, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a", "ppk_a1"], hidden=["kpu_admin_b", "nobody"]),
]

_READ = ("reads go through dpd_queries.readable_*, the rows the user's roles may read: a role without "
         "candidacy.dpd_view finds no row (404), never 403")
DPD_NOT_APPLICABLE = {
    "GET /api/v1/candidacy/dpd/candidates": {"forbidden": "a list: every user gets the rows their roles may read"},
    "GET /api/v1/candidacy/dpd/candidates/{candidate_id}": {"forbidden": _READ},
    "GET /api/v1/candidacy/dpd/candidates/{candidate_id}/supporters": {
        "forbidden": "a list: every user gets the rows their roles may read"},
    "GET /api/v1/candidacy/dpd/contests": {"forbidden": "a list: every user gets the rows their roles may read"},
    "POST /api/v1/candidacy/dpd/imports": {"out_of_scope": "an import names its province per row: a province outside "
                                                           "the actor's scope is a row error (test_dpd_import.py)"},
}

DPD_UNSCOPED = {
    "/cek-dukungan/": "public: anyone checks whether their NIK is on a DPD supporter list (rate-limited, masked)",
    "POST /api/v1/candidacy/dpd/support-lookup": "public: the cek dukungan of the page, rate-limited and masked",
    "/cek-dukungan/sanggah/": "public: a person contests their own listing (their NIK typed again; rate-limited)",
    "POST /api/v1/candidacy/dpd/support-contests": "public: the contest of the page, rate-limited with the lookup",
}


@pytest.fixture
def ids(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    kpu_prov = make_user("kpu_prov_12", "kpu_admin", "12")
    make_user("bawaslu_12", "bawaslu", "12")
    province = dpd_actions.do_set_dpd_province(get_or_create_pemilu_2024(), Region.objects.get(code="12"),
                                               dpt=900_000, dpt_source="uji", actor=kpu_prov)
    made: list[DpdCandidate] = []
    for n in (1, 2):
        c = dpd_actions.do_register_dpd_candidate(province, name=f"Calon DPD {n}", nik=compose_nik(
            "127601", datetime.date(1970, 1, n), False, 9000 + n), sex="L", birth_date=datetime.date(1970, 1, n),
            actor=kpu_prov)
        rows = [person(n * 100 + i) for i in range(1, 6)] + [person(n * 100 + 50, "12.06")]
        dpd_actions.do_import_supporters(c, (HEADER + "".join(rows)).encode(), actor=kpu_prov)
        made.append(c)
    dpd_actions.do_draw_sample(made[1], actor=kpu_prov, seed=1)
    sampled = Supporter.objects.filter(candidate=made[1], in_sample=True, kab_code="12.76").first()
    assert sampled is not None
    contest = do_contest_support(nik=CONTESTED_NIK, candidate_id=made[0].pk, name="Pendukung 101",
                                 contact="081234567890", statement="Saya tidak pernah memberi dukungan.")
    return {"a": made[0].pk, "sampled": sampled.pk, "contest": contest.pk, "province": province.pk}


@pytest.mark.parametrize("endpoint", DPD_ENDPOINTS, ids=lambda e: e.name)
def test_the_dpd_ladder(cast: Cast, ids: dict[str, int], endpoint: Endpoint) -> None:
    climb(fill(endpoint, ids), cast)
