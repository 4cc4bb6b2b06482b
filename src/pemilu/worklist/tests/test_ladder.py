""""Tugas saya" climbs the permission ladder: a page every signed-in person has, showing the
work of their own scopes only (leak-checked)."""

import pytest

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb

ENDPOINTS = [
    Endpoint("worklist:mine", "/tugas/",
             allowed=["kpu_admin_a", "kpu_staff_a", "ppk_a1", "pps_a1", "kpps_a1", "bawaslu_a", "kpu_admin_b",
                      "nobody"]),
]

NOT_APPLICABLE = {
    "/tugas/": {"forbidden": "a person's own work: every signed-in user gets the items of their own scopes "
                             "(leak-checked), never 403"},
}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, endpoint: Endpoint) -> None:
    climb(endpoint, cast)
