"""Every page and API operation of candidacy climbs the permission ladder.

Rows (per run): Golkar's list in DPRD Kota Tebing Tinggi 2 as submitted (``{list}``), PDIP's list
in dapil 1 announced as the DCS with one public response (``{dcs}``, ``{response}``). The
liaison officers ``lo_golkar`` and ``lo_pdip`` (KPU Kota Tebing Tinggi) each see their own party's."""

from __future__ import annotations

import pytest

from pemilu.candidacy import actions, responses
from pemilu.candidacy.tests.world import World, candidate, slate
from pemilu.testing.factories import Cast, make_user
from pemilu.testing.ladder import Endpoint, climb, fill

KPU_A = ["kpu_admin_a", "kpu_staff_a"]
READERS_A = [*KPU_A, "bawaslu_a", "pemantau_a"]
OUTSIDE = ["kpu_admin_b", "nobody"]

UNSCOPED = {
    "/pencalonan/publik/": "the public DCS/DCT index",
    "/pencalonan/publik/dapil/{dapil}/": "a dapil's public DCS/DCT with the response form",
    "/pencalonan/publik/daftar/{dcs}/tanggapan/": "the public response form (anonymous, rate-limited)",
    "POST /api/v1/candidacy/public/lists/{dcs}/responses": "the public response (as the page)",
    "GET /api/v1/candidacy/public/lists": "the public DCS/DCT",
    "/pencalonan/publik/dapil/{dapil}/surat-suara.pdf": "a dapil's ballot specimen, printed from its public DCT",
    "GET /api/v1/candidacy/public/ballots/{level}/{dapil_code}": "the ballot specimen's columns (the public DCT)",
    "GET /api/v1/candidacy/public/ballots/{level}/{dapil_code}/pdf": "the ballot specimen PDF (as the page)",
}

NEW = candidate(1, woman=False, serial=70)
IMPORT_CSV = ("kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir\n"
              f"127602,5,1,{NEW.name},L,{NEW.nik},{NEW.birth_date}\n").encode()

ENDPOINTS = [
    Endpoint("candidacy:index", "/pencalonan/", allowed=[*READERS_A, "lo_golkar", "kpu_admin_b"],
             forbidden=["ppk_a1", "pps_a1", "kpps_a1", "nobody"]),
    Endpoint("candidacy:ballots", "/pencalonan/surat-suara/", allowed=[*KPU_A, "kpu_admin_b"],
             forbidden=["bawaslu_a", "pemantau_a", "lo_golkar", "ppk_a1", "nobody"]),
    Endpoint("candidacy:submit", "/pencalonan/ajukan/", allowed=["lo_golkar"],
             forbidden=[*READERS_A, "ppk_a1", "nobody"]),
    Endpoint("candidacy:detail", "/pencalonan/daftar/{list}/", allowed=[*READERS_A, "lo_golkar"],
             hidden=[*OUTSIDE, "lo_pdip", "ppk_a1"]),
    Endpoint("candidacy:list_action", "/pencalonan/daftar/{list}/aksi/verify/", method="post", ok_status=302,
             allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pemantau_a", "lo_golkar"],
             hidden=[*OUTSIDE, "lo_pdip"]),
    Endpoint("candidacy:response_action", "/pencalonan/tanggapan/{response}/aksi/dismiss/", method="post",
             data={"text": "Tidak terbukti."}, ok_status=302, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a", "pemantau_a", "lo_pdip"], hidden=[*OUTSIDE, "lo_golkar"]),
    Endpoint("api:list_lists", "/api/v1/candidacy/lists", api=True,
             allowed=[*READERS_A, "lo_golkar", "kpu_admin_b", "ppk_a1", "nobody"]),
    Endpoint("api:get_list", "/api/v1/candidacy/lists/{list}", api=True, allowed=[*READERS_A, "lo_golkar"],
             hidden=[*OUTSIDE, "lo_pdip"]),
    Endpoint("api:submit_list", "/api/v1/candidacy/lists", api=True, method="post", ok_status=201,
             data={"level": "dprd-kabkota", "dapil_code": "127602", "party_ballot_no": 4,
                   "candidates": [{"number": c.number, "name": c.name, "sex": c.sex, "nik": c.nik,
                                   "birth_date": c.birth_date.isoformat()} for c in slate("LPL")]},
             allowed=["lo_golkar"], forbidden=[*READERS_A], hidden=["kpu_admin_b", "lo_pdip"]),
    Endpoint("api:transition_list", "/api/v1/candidacy/lists/{list}/transition", api=True, method="post",
             data={"action": "verify"}, allowed=["kpu_staff_a"], forbidden=["bawaslu_a", "pemantau_a", "lo_golkar"],
             hidden=[*OUTSIDE, "lo_pdip"]),
    Endpoint("api:list_responses", "/api/v1/candidacy/lists/{dcs}/responses", api=True,
             allowed=[*READERS_A, "lo_pdip"], hidden=[*OUTSIDE, "lo_golkar"]),
    Endpoint("api:transition_response", "/api/v1/candidacy/responses/{response}/transition", api=True,
             method="post", data={"action": "dismiss", "text": "Tidak terbukti."}, allowed=["kpu_staff_a"],
             forbidden=["bawaslu_a", "pemantau_a", "lo_pdip"], hidden=[*OUTSIDE, "lo_golkar"]),
    Endpoint("api:import_lists", "/api/v1/candidacy/imports", api=True, method="post", multipart=True,
             data={"level": "dprd-kabkota", "file": IMPORT_CSV}, ok_status=201, allowed=["kpu_admin_a"],
             forbidden=["kpu_staff_a", "bawaslu_a", "lo_golkar"]),
    Endpoint("api:appoint_liaison", "/api/v1/candidacy/liaisons", api=True, method="post", ok_status=201,
             data={"username": "lo_nasdem", "party_ballot_no": 5, "scope_code": "12.76", "reason": "surat DPD"},
             allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"], hidden=["kpu_admin_b"]),
]

EVERY_READER = ("every role that sees the list may read it (the liaison officer: its own party's), so nothing "
                "answers 403")
NOT_APPLICABLE = {
    "/pencalonan/daftar/{pk}/": {"forbidden": EVERY_READER},
    "/pencalonan/ajukan/": {"out_of_scope": "a form naming no record: its parties and dapil are the officer's own "
                                            "(another party's list is 404 in test_lists.py)"},
    "GET /api/v1/candidacy/lists": {"forbidden": "a list: every user gets the lists they may see, never 403"},
    "GET /api/v1/candidacy/lists/{list_id}": {"forbidden": EVERY_READER},
    "GET /api/v1/candidacy/lists/{list_id}/responses": {"forbidden": EVERY_READER},
    "POST /api/v1/candidacy/imports": {"out_of_scope": "an import names its dapil per row: a dapil outside the "
                                                       "actor's scope is a row error (test_import.py)"},
}


@pytest.fixture
def rows(world: World, cast: Cast) -> dict[str, object]:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    dcs = actions.do_submit_list(world.pdip, world.other_dapil, slate("PLL", start=20), actor=world.liaison_pdip)
    actions.do_verify_documents(dcs, actor=cast.kpu_staff_a, verified=True)
    dcs = actions.do_announce_dcs(dcs, actor=cast.kpu_admin_a)
    response = responses.do_record_response(dcs, candidate_number=1, respondent_name="Warga Bajenis",
                                            respondent_nik="1276014101900001", respondent_contact="081234567890",
                                            content="Mohon diperiksa.")
    make_user("lo_nasdem")
    return {"list": lst.pk, "dcs": dcs.pk, "response": response.pk, "dapil": world.dapil.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, object], endpoint: Endpoint) -> None:
    climb(fill(endpoint, rows), cast)


# DPD support's endpoints climb in test_ladder_dpd.py (their own fixture); listed here, after
# test_the_ladder took its parameters, for the coverage test (core/tests/test_url_coverage.py).
from pemilu.candidacy.tests.test_ladder_documents import (  # noqa: E402
    DOC_ENDPOINTS,
    DOC_NOT_APPLICABLE,
    DOC_UNSCOPED,
)
from pemilu.candidacy.tests.test_ladder_dpd import (  # noqa: E402
    DPD_ENDPOINTS,
    DPD_NOT_APPLICABLE,
    DPD_UNSCOPED,
)

ENDPOINTS = ENDPOINTS + DPD_ENDPOINTS + DOC_ENDPOINTS
NOT_APPLICABLE = {**NOT_APPLICABLE, **DPD_NOT_APPLICABLE, **DOC_NOT_APPLICABLE}
UNSCOPED = {**globals().get("UNSCOPED", {}), **DPD_UNSCOPED, **DOC_UNSCOPED}
