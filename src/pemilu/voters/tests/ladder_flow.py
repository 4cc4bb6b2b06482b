"""The DPS → DPT flow's pages and API operations on the ladder (views/flow.py, api_flow.py): their
endpoints, the public ones, and the world they climb in (``flow_ids``: Persiakan's DPS announced with
open responses, on a day inside its window)."""

from __future__ import annotations

import datetime
from typing import Any

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint
from pemilu.voters.tests.conftest import ANNOUNCED_ON, flow_world

UNSCOPED: dict[str, str] = {
    "/pemilih/dps/12.76.01.1006/": "the announced DPS (public by law: posted at the desa for the public's "
                                   "responses; name, sex, RT/RW and TPS only) and its public response form",
    "GET /api/v1/voters/announcements": "where and until when each desa's DPS is announced (public)",
    "GET /api/v1/voters/announcements/1/voters": "an announced DPS as posted (public; no NIK, KK or birth date)",
    "POST /api/v1/voters/announcements/1/public-responses": "the public's response to an announced DPS "
                                                            "(anyone, as the page; rate-limited)",
}
VIEWERS = ["pps_a1", "kpu_admin_a", "bawaslu_a"]  # voters.view in Persiakan
KAB_VIEWERS = ["kpu_admin_a", "kpu_staff_a", "bawaslu_a"]
RESPONSE: dict[str, object] = {"kind": "perbaikan", "voter_id": "{voter}",
                               "details": "Alamat sudah pindah ke Jl. Baru.", "sender_name": "Pemilih sendiri"}
ATTENDANCE: dict[str, object] = {"attendees": [{"kind": "member", "name": f"Anggota {n}"} for n in range(1, 6)]}
ENDPOINTS = [
    Endpoint("voters:village", "/pemilih/desa/{persiakan}/", allowed=[*VIEWERS, "ppk_a1"],
             forbidden=["pemantau_a"], hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("voters:village_compile", "/pemilih/desa/{bandar_sono}/susun/", method="post", data={"stage": "dphp"},
             ok_status=302, allowed=["pps_a2"], forbidden=["bawaslu_a"], hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("voters:village_announce", "/pemilih/desa/{other_desa}/umumkan/", method="post",
             data={"place": "Kantor Lurah"}, ok_status=302, allowed=["kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("voters:village_response", "/pemilih/desa/{persiakan}/tanggapan/", method="post", data=RESPONSE,
             ok_status=302, allowed=["pps_a1"], forbidden=["bawaslu_a"], hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("voters:response_resolve", "/pemilih/tanggapan/{response}/selesaikan/", method="post",
             data={"decision": "accept", "resolution": "akta kematian diperiksa"}, ok_status=302, allowed=["pps_a1"],
             forbidden=["bawaslu_a"], hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("voters:recap", "/pemilih/rekap/12.76/", allowed=KAB_VIEWERS, forbidden=["pemantau_a"],
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("voters:plenary", "/pemilih/pleno/12.76/", allowed=KAB_VIEWERS, forbidden=["pemantau_a"],
             hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    # The lock's blockers are named on the page (Bandar Sono has no DPSHP Akhir): 302 to it.
    Endpoint("voters:plenary_lock", "/pemilih/pleno/12.76/tetapkan/", method="post", data={}, ok_status=302,
             allowed=["kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_voter_lists", "/api/v1/voters/villages/{persiakan}/lists", api=True, allowed=VIEWERS,
             forbidden=["pemantau_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api:compile_voter_list", "/api/v1/voters/villages/{bandar_sono}/lists", api=True, method="post",
             data={"stage": "dphp"}, ok_status=201, allowed=["pps_a2"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpu_admin_b"]),
    Endpoint("api:announce_dps", "/api/v1/voters/villages/{other_desa}/announcement", api=True, method="post",
             data={"place": "Kantor Lurah"}, ok_status=201, allowed=["kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["pps_a1", "kpu_admin_b"]),
    Endpoint("api:record_response", "/api/v1/voters/announcements/{announcement}/responses", api=True,
             method="post", data=RESPONSE, ok_status=201, allowed=["pps_a1"], forbidden=["bawaslu_a"],
             hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api:list_responses", "/api/v1/voters/announcements/{announcement}/responses", api=True,
             allowed=VIEWERS, forbidden=["pemantau_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api:resolve_response", "/api/v1/voters/responses/{response}/resolve", api=True, method="post",
             data={"accept": False, "resolution": "Pantarlih mengenal beliau"}, allowed=["pps_a1"],
             forbidden=["bawaslu_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api:voter_recap", "/api/v1/voters/recap/12.76", api=True, allowed=KAB_VIEWERS,
             forbidden=["pemantau_a"], hidden=["pps_a1", "kpu_admin_b"]),
    Endpoint("api:voter_funnel", "/api/v1/voters/funnel/12.76", api=True, allowed=KAB_VIEWERS,
             forbidden=["pemantau_a"], hidden=["pps_a1", "kpu_admin_b"]),
    Endpoint("api:get_dpt_plenary", "/api/v1/voters/dpt-plenary/12.76", api=True, allowed=KAB_VIEWERS,
             forbidden=["pemantau_a"], hidden=["ppk_a1", "kpu_admin_b"]),
    Endpoint("api:record_dpt_attendance", "/api/v1/voters/dpt-plenary/12.76/attendance", api=True, method="put",
             data=ATTENDANCE, allowed=["kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b"]),
    # Refused with the blockers named (409): the lock itself is in test_flow.py and the browser test.
    Endpoint("api:set_dpt", "/api/v1/voters/dpt-plenary/12.76/lock", api=True, method="post", data={},
             ok_status=409, allowed=["kpu_admin_a"], forbidden=["bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b"]),
]



def flow_ids(cast: Cast, settings: Any) -> dict[str, Any]:
    settings.PEMILU_TODAY = ANNOUNCED_ON.isoformat()  # inside Persiakan's response window
    election = Election.objects.get_or_create(code="pemilu-2024", defaults={
        "name": "Pemilu 2024", "voting_day": datetime.date(2024, 2, 14)})[0]
    return flow_world(cast, election)
