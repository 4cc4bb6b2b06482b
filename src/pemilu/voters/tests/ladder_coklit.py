"""The coklit's pages and API operations on the permission ladder (``test_ladder.py`` climbs them)."""

from __future__ import annotations

from typing import Any

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint
from pemilu.voters.tests import coklit_world
from pemilu.voters.tests.coklit_world import NEW_VOTER

AREA = "/pemilih/coklit/tps/{tps}/"
VIEWERS = ["pantarlih_a1", "pps_a1", "kpu_staff_a", "ppk_a1", "bawaslu_a"]

ENDPOINTS: list[Endpoint] = [
    Endpoint("coklit home", "/pemilih/coklit/", allowed=["kpu_admin_a", "kpu_admin_b"], hidden=["nobody", "kpps_a1"]),
    Endpoint("coklit area", AREA, allowed=VIEWERS, forbidden=["kpps_a1", "pemantau_a"],
             hidden=["pps_a2", "kpu_admin_b", "nobody"]),
    Endpoint("coklit record", AREA + "pemilih/{voter_id}/", method="post", data={"outcome": "sesuai"},
             ok_status=302, allowed=["pantarlih_a1", "pps_a1"], forbidden=["bawaslu_a", "ppk_a1"],
             hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("coklit new voter", AREA + "baru/", method="post", data=NEW_VOTER, ok_status=302,
             allowed=["pantarlih_a1"], forbidden=["bawaslu_a", "kpps_a1"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("coklit progress", "/pemilih/coklit/progres/{desa}/", allowed=["pps_a1", "kpu_staff_a", "bawaslu_a"],
             forbidden=["pemantau_a"], hidden=["pps_a2", "kpu_admin_b", "pantarlih_a1"]),
    Endpoint("api coklit voters", "/api/v1/coklit/areas/{tps}/voters", api=True, allowed=VIEWERS,
             forbidden=["kpps_a1", "pemantau_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api coklit outcome", "/api/v1/coklit/areas/{tps}/voters/{voter_id}/outcome", api=True,
             method="post", data={"outcome": "sesuai"}, ok_status=201, allowed=["pantarlih_a1", "kpu_staff_a"],
             forbidden=["bawaslu_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api coklit batch", "/api/v1/coklit/areas/{tps}/batch", api=True, method="post",
             data={"items": [{"voter_id": "{voter_id}", "outcome": "sesuai"}]}, ok_status=201,
             allowed=["pantarlih_a1", "pps_a1"], forbidden=["bawaslu_a"], hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api coklit new voter", "/api/v1/coklit/areas/{tps}/voters", api=True, method="post",
             data=NEW_VOTER, ok_status=201, allowed=["pantarlih_a1"], forbidden=["bawaslu_a"],
             hidden=["pps_a2", "kpu_admin_b"]),
    Endpoint("api coklit progress", "/api/v1/coklit/progress/{desa}", api=True,
             allowed=["pps_a1", "kpu_staff_a", "bawaslu_a"], forbidden=["pemantau_a"],
             hidden=["pps_a2", "kpu_admin_b", "pantarlih_a1"]),
]

# /pemilih/coklit/ sends each person to their own areas: no region in its path to be refused in.
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "/pemilih/coklit/": {"forbidden": "a dispatcher to the person's own TPS areas or desa; without a role that "
                                      "reads voters there is nothing to show (404)"},
}


def ids(cast: Cast) -> dict[str, Any]:
    world = coklit_world.build(cast)
    return {"tps": coklit_world.TPS1, "desa": coklit_world.PERSIAKAN, "voter_id": world["voters"][0].pk}
