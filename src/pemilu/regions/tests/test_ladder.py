"""Every page, export and API endpoint of the regions app climbs the permission ladder."""

import pytest

from pemilu.accounts.actions import do_create_token
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb

ALL_A = ["kpu_admin_a", "kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a"]

ENDPOINTS = [
    Endpoint("regions:dashboard", "/wilayah/", allowed=[*ALL_A, "kpu_admin_b", "nobody"]),
    Endpoint("regions:detail", "/wilayah/12.76.01.1006/", allowed=ALL_A,
             hidden=["kpu_admin_b", "pps_a2", "pps_b1", "kpps_a1", "nobody"]),
    Endpoint("regions:detail (kab)", "/wilayah/12.76/", allowed=["kpu_admin_a", "bawaslu_a"],
             hidden=["ppk_a1", "pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("regions:tps", "/wilayah/tps/12.76.01.1006.001/", allowed=[*ALL_A, "kpps_a1"],
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("regions:export_tps", "/wilayah/12.76.01.1006/tps.csv", allowed=ALL_A,
             hidden=["pps_a2", "kpu_admin_b", "pps_b1", "nobody"]),
    Endpoint("audit:region", "/audit/12.76.01.1006/", allowed=["kpu_admin_a", "kpu_staff_a", "bawaslu_a"],
             forbidden=["pps_a1", "ppk_a1"], hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:get_region", "/api/v1/regions/12.76.01.1006", allowed=ALL_A, api=True,
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_children", "/api/v1/regions/12.76.01/children", allowed=["kpu_admin_a", "ppk_a1"], api=True,
             hidden=["pps_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_tps", "/api/v1/regions/12.76.01.1006/tps", allowed=ALL_A, api=True,
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:get_tps", "/api/v1/tps/12.76.01.1006.002", allowed=ALL_A, api=True,
             hidden=["kpps_a1", "pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:list_roots", "/api/v1/regions", allowed=[*ALL_A, "nobody"], api=True),
    # Where the TPS stands: KPU Kab/Kota staff set it; the ad hoc bodies and Bawaslu read it.
    Endpoint("regions:tps_address", "/wilayah/tps/12.76.01.1006.001/alamat/", method="post", ok_status=302,
             data={"address": "Jl. Pendidikan No. 5", "location_note": "halaman SD Negeri 1"},
             allowed=["kpu_admin_a", "kpu_staff_a"], forbidden=["ppk_a1", "pps_a1", "kpps_a1", "bawaslu_a"],
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("api:set_tps_address", "/api/v1/tps/12.76.01.1006.001/address", method="put", api=True,
             data={"address": "Jl. Pendidikan No. 5", "location_note": ""},
             allowed=["kpu_admin_a", "kpu_staff_a"], forbidden=["ppk_a1", "pps_a1", "bawaslu_a"],
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
]

READ = "every role whose scope covers the row may read it: no role in scope is refused (403)"
NOT_APPLICABLE = {
    "/wilayah/": {"forbidden": "a list: every user gets the rows of their own scope (leak-checked), never 403"},
    "/wilayah/{code}/": {"forbidden": READ},
    "/wilayah/tps/{code}/": {"forbidden": READ},
    "/wilayah/{code}/tps.csv": {"forbidden": READ},
    "GET /api/v1/regions": {
        "forbidden": "a list: every user gets the rows of their own scope (leak-checked), never 403"},
    "GET /api/v1/regions/{region_code}": {"forbidden": READ},
    "GET /api/v1/regions/{region_code}/children": {"forbidden": READ},
    "GET /api/v1/regions/{region_code}/tps": {"forbidden": READ},
    "GET /api/v1/tps/{tps_code}": {"forbidden": READ},
}

@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, endpoint: Endpoint) -> None:
    climb(endpoint, cast)


def test_a_pps_member_of_one_kelurahan_gets_404_for_another_through_a_token(cast: Cast, client) -> None:
    _token, raw = do_create_token(cast.pps_a1, "script", actor=cast.pps_a1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/regions/12.76.01.1006", **auth).status_code == 200
    assert client.get("/api/v1/regions/12.76.01.1007", **auth).status_code == 404
    assert client.get("/api/v1/regions/12.76.01.1007", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
