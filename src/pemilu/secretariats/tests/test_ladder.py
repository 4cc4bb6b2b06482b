"""Every page, export and API endpoint of secretariats climbs the permission ladder.

``{sec}`` is PPS Persiakan (12.76.01.1006, staffed), ``{doc}`` its uploaded keputusan; ids differ between
databases, so they are filled per run."""

import datetime

import pytest

from pemilu.asn.models import AsnEmployee
from pemilu.elections.models import Election
from pemilu.secretariats import actions
from pemilu.secretariats.models import Assignment, Secretariat
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill

READERS = ["kpu_admin_a", "kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a"]   # of PPS Persiakan
MANAGERS = ["kpu_admin_a", "kpu_staff_a"]
READ_ONLY = ["ppk_a1", "pps_a1", "bawaslu_a"]
OUTSIDE = ["kpu_admin_b", "pps_a2", "pps_b1", "kpps_a1", "nobody"]           # PPS Bandar Sono, Karo, a TPS, no role

ENDPOINTS = [
    Endpoint("secretariats:index", "/sekretariat/", allowed=[*READERS, "kpu_admin_b", "pps_a2"],
             forbidden=["kpps_a1", "nobody"]),
    Endpoint("secretariats:gaps_xlsx", "/sekretariat/kekurangan.xlsx", allowed=[*READERS, "kpu_admin_b"],
             forbidden=["kpps_a1", "nobody"]),
    Endpoint("secretariats:form", "/sekretariat/bentuk/", allowed=MANAGERS, forbidden=["bawaslu_a"],
             hidden=["kpu_admin_b", "ppk_a1", "pps_a1", "nobody"], method="post", data={"kab": "12.76"},
             ok_status=302),
    Endpoint("secretariats:import", "/sekretariat/impor/", allowed=[*MANAGERS, "kpu_admin_b"],
             forbidden=[*READ_ONLY, "kpps_a1", "nobody"]),
    Endpoint("secretariats:detail", "/sekretariat/{sec}/", allowed=READERS, hidden=OUTSIDE),
    Endpoint("secretariats:letter", "/sekretariat/{sec}/surat.pdf", allowed=READERS, hidden=OUTSIDE),
    Endpoint("secretariats:register_search", "/sekretariat/{sec}/cari-asn/?q=Sri", allowed=MANAGERS,
             forbidden=READ_ONLY, hidden=OUTSIDE),
    Endpoint("secretariats:action", "/sekretariat/{sec}/aksi/office/", allowed=MANAGERS, forbidden=READ_ONLY,
             hidden=OUTSIDE, method="post", data={"office_name": "Kantor Lurah Persiakan", "address": "Jl. Contoh"},
             ok_status=302),
    Endpoint("secretariats:document", "/sekretariat/{sec}/dokumen/{doc}/", allowed=MANAGERS, forbidden=READ_ONLY,
             hidden=OUTSIDE),
    Endpoint("api:list_secretariats", "/api/v1/secretariats/", allowed=[*READERS, *OUTSIDE], api=True),
    Endpoint("api:get_secretariat", "/api/v1/secretariats/{sec}", allowed=READERS, hidden=OUTSIDE, api=True),
    # The effects of the writes: test_api_pages.py.
    Endpoint("api:form_secretariats", "/api/v1/secretariats/form", api=True, method="post", data={"kab_code": "12.76"},
             allowed=MANAGERS, forbidden=["bawaslu_a"], hidden=["kpu_admin_b", "pps_b1", "nobody"]),
    Endpoint("api:propose_candidate", "/api/v1/secretariats/{sec}/candidates", api=True, method="post",
             data={"kind": "staf", "employee_id": "{sri}", "letter_number": "270/PPS/2022"},
             allowed=["kpu_staff_a"], forbidden=READ_ONLY, hidden=OUTSIDE),
    # The seats are filled by the fixture's keputusan: a second one reaches the action's state check.
    Endpoint("api:pick_candidates", "/api/v1/secretariats/{sec}/keputusan", api=True, method="post",
             data={"number": "100.3.3/02/2023", "date": "2023-01-21", "candidate_ids": ["{cand}"]}, ok_status=409,
             allowed=["kpu_staff_a"], forbidden=READ_ONLY, hidden=OUTSIDE),
    Endpoint("api:set_penetapan", "/api/v1/secretariats/{sec}/penetapan", api=True, method="post",
             data={"number": "01/2023", "date": "2023-01-25"},
             allowed=["kpu_staff_a"], forbidden=READ_ONLY, hidden=OUTSIDE),
    Endpoint("api:import_secretariat_assignments", "/api/v1/secretariats/import", api=True, method="post",
             multipart=True,
             data={"file": b"kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
                           b"12.76.01,sekretaris,198104232006042011,1/2023,2023-01-06,\n"},
             allowed=["kpu_staff_a"], forbidden=READ_ONLY),
    # The page's other actions (issue 18 item 7). The candidate is already picked and the proposal
    # forwarded: withdraw and forward reach the action's state check (409).
    # The staff's activation slips (issue 20 item 2): new codes for the people set, shown once.
    Endpoint("api:issue_activation_slips", "/api/v1/secretariats/{sec}/activation-slips", allowed=MANAGERS,
             forbidden=[*READ_ONLY, "pemantau_a"], hidden=OUTSIDE, api=True, method="post"),
    Endpoint("secretariats:action (kode-aktivasi)", "/sekretariat/{sec}/aksi/kode-aktivasi/", allowed=MANAGERS,
             forbidden=[*READ_ONLY, "pemantau_a"], hidden=OUTSIDE, method="post"),
    Endpoint("api:update_office", "/api/v1/secretariats/{sec}/office", allowed=MANAGERS, forbidden=READ_ONLY,
             hidden=OUTSIDE, api=True, method="post", data={"office_name": "Kantor Lurah", "address": "Jl. Contoh"}),
    Endpoint("api:withdraw_candidate", "/api/v1/secretariats/{sec}/candidates/{cand}/withdraw", allowed=MANAGERS,
             forbidden=READ_ONLY, hidden=OUTSIDE, api=True, method="post", data={"reason": "mundur"},
             ok_status=409),
    Endpoint("api:forward_proposal", "/api/v1/secretariats/{sec}/forward", allowed=MANAGERS, forbidden=READ_ONLY,
             hidden=OUTSIDE, api=True, method="post", ok_status=409),
    Endpoint("api:remove_assignment", "/api/v1/secretariats/{sec}/assignments/{asg}/remove", allowed=["kpu_staff_a"],
             forbidden=READ_ONLY, hidden=OUTSIDE, api=True, method="post",
             data={"reason": "death", "on": "2023-06-01"}),
    Endpoint("api:upload_secretariat_document", "/api/v1/secretariats/{sec}/documents", allowed=MANAGERS,
             forbidden=READ_ONLY, hidden=OUTSIDE, api=True, method="post", multipart=True, ok_status=201,
             data={"kind": "keputusan", "file": b"%PDF-1.4\n%%EOF\n"}),
    # Not yet set by KPU (penetapan): the pakta reaches the action's check (409).
    Endpoint("api:record_pakta", "/api/v1/secretariats/{sec}/assignments/{asg}/pakta", allowed=MANAGERS,
             forbidden=READ_ONLY, hidden=OUTSIDE, api=True, method="post", multipart=True,
             data={"signed_on": "2023-01-26"}, ok_status=409),
]

READ = "every role whose scope covers the secretariat may read it: no role in scope is refused (403)"
NOT_APPLICABLE = {
    "/sekretariat/{pk}/": {"forbidden": READ},
    "/sekretariat/{pk}/surat.pdf": {"forbidden": READ},
    "GET /api/v1/secretariats/": {"forbidden": "a list: every user gets the secretariats of their scope, never 403"},
    "GET /api/v1/secretariats/{secretariat_id}": {"forbidden": READ},
    "POST /api/v1/secretariats/import": {
        "out_of_scope": "the file names each row's region: a row outside the user's scope is a row error (400) "
                        "naming nothing (core/tests/test_cross_region.py)"},
}


@pytest.fixture
def rows(cast: Cast, election: Election, formed: dict[str, Secretariat],
         register: dict[str, AsnEmployee]) -> dict[str, int]:
    sec = formed["12.76.01.1006"]
    c = actions.do_propose(sec, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    actions.do_forward(sec, actor=cast.kpu_staff_a)
    actions.do_pick(sec, [c.pk], actor=cast.kpu_staff_a, number="800/1006/2023", date=datetime.date(2023, 1, 20))
    doc = actions.do_upload_document(sec, "keputusan", ("sk.pdf", b"%PDF-1.4\n%%EOF\n"), actor=cast.kpu_staff_a)
    assignment = Assignment.objects.get(secretariat=sec)
    return {"sec": sec.pk, "doc": doc.pk, "sri": register["sri"].pk, "cand": c.pk, "asg": assignment.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, int], endpoint: Endpoint) -> None:
    climb(fill(endpoint, rows), cast)
