"""Every page, export and API endpoint of the schedule app climbs the permission ladder.

The timeline, its downloads and the schedule API are public (the schedule is a public
document): they are listed in UNSCOPED and tested for anonymous access in test_views.py.
"""

import pytest

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb

UNSCOPED = {
    "/jadwal/": "the schedule (a public document)",
    "/jadwal/pemilu-2024/": "the schedule (a public document)",
    "/jadwal/pemilu-2024/jadwal.csv": "the schedule (a public document)",
    "GET /api/v1/schedule/pemilu-2024/stages": "the schedule (a public document)",
    "GET /api/v1/schedule/pemilu-2024/open": "the schedule (a public document)",
}

LOCAL: dict[str, object] = {"stage_code": "pendaftaran-pps", "region_code": "12.76", "start": "2022-12-20",
                            "end": "2023-01-05", "reason": "ladder"}

ENDPOINTS = [
    Endpoint("schedule:manage", "/jadwal/pemilu-2024/kelola/", allowed=["kpu_admin_a", "kpu_admin_b"],
             forbidden=["kpu_staff_a", "ppk_a1", "pps_a1", "bawaslu_a", "nobody"]),
    Endpoint("schedule:local_set", "/jadwal/pemilu-2024/lokal/", method="post", data=LOCAL, ok_status=302,
             allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"],
             # (kpu_admin_b, a schedule admin elsewhere, gets a form error on the code: 400, nothing
             # revealed — core/tests/test_no_debug_pages.py)
             hidden=["ppk_a1", "pps_a1", "pps_b1", "nobody"]),
    # National stages belong to KPU RI (kpu_ri, made below): every regional user is outside that
    # scope (404); KPU RI's staff is inside it without the role (403).
    Endpoint("schedule:stage_edit", "/jadwal/pemilu-2024/tahapan/{kampanye}/ubah/", method="post",
             data={"s{kampanye}-start": "2023-11-28", "s{kampanye}-end": "2024-02-10", "s{kampanye}-reason": "uji"},
             ok_status=302, allowed=["kpu_ri"], forbidden=["kpu_ri_staff"],
             hidden=["kpu_admin_a", "kpu_admin_b", "pps_a1", "nobody"]),
    # KPU RI's upload reaches the form check (400 without a file): the import itself in test_views.py.
    Endpoint("schedule:upload", "/jadwal/pemilu-2024/unggah/", method="post", data={}, allowed=["kpu_ri"],
             ok_status=400, forbidden=["kpu_admin_a", "kpu_admin_b"], hidden=["pps_a1", "kpu_staff_a", "nobody"]),
    Endpoint("schedule:local_delete", "/jadwal/pemilu-2024/lokal/{local}/hapus/", method="post", data={},
             ok_status=302, allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"],
             hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
    # The schedule edits in the API: the page's actions and rungs (a local window of Tebing Tinggi).
    Endpoint("api:update_stage", "/api/v1/schedule/pemilu-2024/stages/{local}", api=True, method="put",
             data={"start": "2023-12-02", "end": "2024-02-01", "reason": "ladder"}, allowed=["kpu_admin_a"],
             forbidden=["kpu_staff_a", "bawaslu_a"], hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
    Endpoint("api:set_local_window", "/api/v1/schedule/pemilu-2024/local-windows", api=True, method="post",
             data=LOCAL, ok_status=201, allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"],
             hidden=["kpu_admin_b", "ppk_a1", "pps_a1", "pps_b1", "nobody"]),
    Endpoint("api:delete_local_window", "/api/v1/schedule/pemilu-2024/local-windows/{local}", api=True,
             method="delete", ok_status=204, allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"],
             hidden=["kpu_admin_b", "pps_a1", "pps_b1", "nobody"]),
]


def _resolve(endpoint: Endpoint, ids: dict[str, int]) -> Endpoint:
    def fill(text: str) -> str:
        for key, value in ids.items():
            text = text.replace("{" + key + "}", str(value))
        return text

    data = {fill(k): v for k, v in endpoint.data.items()} if endpoint.data else endpoint.data
    return Endpoint(endpoint.name, fill(endpoint.url), endpoint.allowed, endpoint.forbidden, endpoint.hidden,
                    endpoint.api, endpoint.method, data, endpoint.ok_status)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, pemilu_2024, endpoint: Endpoint) -> None:
    import datetime

    from pemilu.accounts.actions import get_system_user
    from pemilu.schedule.actions import do_set_local_window
    from pemilu.schedule.models import Stage
    from pemilu.testing.factories import make_user

    make_user("kpu_ri", "kpu_admin", "")
    make_user("kpu_ri_staff", "kpu_staff", "")
    local = do_set_local_window(pemilu_2024, "kampanye", "12.76", start=datetime.date(2023, 12, 1),
                                end=datetime.date(2024, 2, 1), actor=get_system_user())
    ids = {"kampanye": Stage.objects.get(code="kampanye", region_code="").pk, "local": local.pk}
    climb(_resolve(endpoint, ids), cast)
