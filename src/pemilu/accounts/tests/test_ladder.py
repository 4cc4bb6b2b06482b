"""Every people page and API operation climbs the permission ladder: KPU administrators of the
region manage its people; anyone else with a role gets 403; another kab/kota's person is 404."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pemilu.accounts.actions import do_create_token
from pemilu.accounts.models import RoleAssignment
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb

OTHERS_A = ["kpu_staff_a", "ppk_a1", "pps_a1", "kpps_a1", "bawaslu_a"]


GRANT: dict[str, object] = {"role": "kpps", "scope_code": "12.76.01.1006.002", "reason": "uji tangga"}

ENDPOINTS = [
    Endpoint("accounts:users", "/akun/pengguna/", allowed=["kpu_admin_a", "kpu_admin_b"], forbidden=OTHERS_A),
    Endpoint("accounts:user_new", "/akun/pengguna/baru/", allowed=["kpu_admin_a", "kpu_admin_b"],
             forbidden=OTHERS_A),
    Endpoint("accounts:user_detail", "/akun/pengguna/{ppk}/", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"]),
    Endpoint("accounts:grant", "/akun/pengguna/{ppk}/peran/", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"], method="post", data=GRANT, ok_status=302),
    Endpoint("accounts:revoke", "/akun/peran/{role}/cabut/", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"], method="post", data={"reason": "uji"}, ok_status=302),
    # A token is its holder's (pps_a2's): the administrator of the region may revoke it too.
    Endpoint("accounts:revoke_token", "/akun/token/{token}/cabut/", allowed=["kpu_admin_a"], ok_status=302,
             forbidden=["kpu_staff_a", "ppk_a1"], hidden=["kpu_admin_b", "pps_b1", "pps_a1"], method="post",
             data={"reason": "uji"}),
    Endpoint("api:list_users", "/api/v1/users", allowed=["kpu_admin_a", "kpu_admin_b"], forbidden=OTHERS_A,
             api=True),
    Endpoint("api:get_user", "/api/v1/users/{ppk}", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"], api=True),
    # Another kab/kota's administrator naming a scope in Tebing Tinggi: 404 (the scope is not theirs).
    Endpoint("api:create_user", "/api/v1/users", allowed=["kpu_admin_a"], forbidden=OTHERS_A, hidden=["kpu_admin_b"],
             api=True, method="post", ok_status=201,
             data={"username": "x1", "full_name": "X", "role": "kpps", "scope_code": "12.76.01.1006.002",
                   "reason": "uji"}),
    Endpoint("api:grant_role", "/api/v1/users/{ppk}/roles", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"], api=True, method="post", data=GRANT, ok_status=201),
    Endpoint("api:revoke_role", "/api/v1/roles/{role}/revoke", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
             hidden=["kpu_admin_b"], api=True, method="post", data={"reason": "uji"}),
    Endpoint("api:revoke_token", "/api/v1/tokens/{token}/revoke", allowed=["kpu_admin_a"], ok_status=204,
             forbidden=["kpu_staff_a", "ppk_a1"], hidden=["kpu_admin_b", "pps_b1"], api=True, method="post",
             data={"reason": "uji"}),
]


@pytest.fixture
def rows(cast: Cast) -> dict[str, int]:
    token, _raw = do_create_token(cast.pps_a2, "script", actor=cast.pps_a2)
    return {"ppk": cast.ppk_a1.pk, "role": RoleAssignment.objects.get(user=cast.pps_a2).pk, "token": token.pk}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, rows: dict[str, int], endpoint: Endpoint) -> None:
    climb(replace(endpoint, url=endpoint.url.format(**rows)), cast)
