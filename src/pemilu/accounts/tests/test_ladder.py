"""Every people page and API operation climbs the permission ladder: KPU administrators of the
region manage its people; anyone else with a role gets 403; another kab/kota's person is 404."""

from __future__ import annotations

import pytest

from pemilu.accounts.actions import do_create_token
from pemilu.accounts.models import RoleAssignment
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb

OTHERS_A = ["kpu_staff_a", "ppk_a1", "pps_a1", "kpps_a1", "observer_a"]


def _endpoints(cast: Cast) -> list[Endpoint]:
    ppk = cast.ppk_a1.pk
    role = RoleAssignment.objects.get(user=cast.pps_a2).pk
    token, _raw = do_create_token(cast.pps_a2, "script", actor=cast.pps_a2)
    grant: dict[str, object] = {"role": "kpps", "scope_code": "12.76.01.1006.002", "reason": "uji tangga"}
    return [
        Endpoint("accounts:users", "/akun/pengguna/", allowed=["kpu_admin_a", "kpu_admin_b"], forbidden=OTHERS_A),
        Endpoint("accounts:user_new", "/akun/pengguna/baru/", allowed=["kpu_admin_a", "kpu_admin_b"],
                 forbidden=OTHERS_A),
        Endpoint("accounts:user_detail", f"/akun/pengguna/{ppk}/", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"]),
        Endpoint("accounts:grant", f"/akun/pengguna/{ppk}/peran/", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"], method="post", data=grant, ok_status=302),
        Endpoint("accounts:revoke", f"/akun/peran/{role}/cabut/", allowed=[], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"], method="post", data={"reason": "uji"}),
        Endpoint("accounts:revoke_token", f"/akun/token/{token.pk}/cabut/", allowed=[],
                 forbidden=["kpu_staff_a", "ppk_a1"], hidden=["kpu_admin_b", "pps_b1", "pps_a1"], method="post",
                 data={"reason": "uji"}),
        Endpoint("api:list_users", "/api/users", allowed=["kpu_admin_a", "kpu_admin_b"], forbidden=OTHERS_A,
                 api=True),
        Endpoint("api:get_user", f"/api/users/{ppk}", allowed=["kpu_admin_a"], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"], api=True),
        Endpoint("api:create_user", "/api/users", allowed=[], forbidden=OTHERS_A, api=True, method="post",
                 data={"username": "x1", "full_name": "X", "role": "kpps", "scope_code": "12.76.01.1006.002",
                       "reason": "uji"}),
        Endpoint("api:grant_role", f"/api/users/{ppk}/roles", allowed=[], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"], api=True, method="post", data=grant),
        Endpoint("api:revoke_role", f"/api/roles/{role}/revoke", allowed=[], forbidden=OTHERS_A,
                 hidden=["kpu_admin_b"], api=True, method="post", data={"reason": "uji"}),
        Endpoint("api:revoke_token", f"/api/tokens/{token.pk}/revoke", allowed=[],
                 forbidden=["kpu_staff_a", "ppk_a1"], hidden=["kpu_admin_b", "pps_b1"], api=True, method="post",
                 data={"reason": "uji"}),
    ]


# The URL names this module covers (read by core/tests/test_url_coverage.py).
ENDPOINTS = [Endpoint(name, "", allowed=[]) for name in (
    "accounts:users", "accounts:user_new", "accounts:user_detail", "accounts:grant", "accounts:revoke",
    "accounts:revoke_token", "api:list_users", "api:get_user", "api:create_user", "api:grant_role",
    "api:revoke_role", "api:revoke_token")]


@pytest.mark.parametrize("index", range(len(ENDPOINTS)), ids=[e.name for e in ENDPOINTS])
def test_the_ladder(cast: Cast, index: int) -> None:
    climb(_endpoints(cast)[index], cast)
