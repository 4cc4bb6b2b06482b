"""Seats pages and API on the permission ladder.

UNSCOPED (public) on purpose: the run list, and the run and dapil pages *of a finished run*.
Seat results are published by KPU (e.g. Keputusan KPU 1205/2024) and derive from public vote
totals, so anonymous visitors may read them (read-only; nothing else is shown). A run with an
open tie is not a result yet: its pages climb the ladder below (404 outside the run's scope).
Creating a run (form and API) is KPU-only in the run's region (``seats.allocate``).
"""

import dataclasses
import json

import pytest
from django.test import Client

from pemilu.seats.tests.factories import CLEAN, TIED, make_run
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, client_for, climb

# Public list: finished runs for everyone (+ open ones in the user's scope).
UNSCOPED = {"/kursi/": "the published seat allocations"}

KAB_A = ["kpu_admin_a", "kpu_staff_a", "observer_a"]
OUTSIDE = ["ppk_a1", "pps_a1", "kpps_a1", "kpu_admin_b", "pps_b1", "nobody"]

ENDPOINTS = [
    Endpoint("seats:run (open tie)", "/kursi/{tied}/", allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("seats:dapil (open tie)", "/kursi/{tied}/dapil/1276-2/", allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("seats:new", "/kursi/baru/", data={"wilayah": "12.76"}, allowed=["kpu_admin_a", "kpu_staff_a"],
             forbidden=["observer_a"], hidden=["ppk_a1", "pps_a1", "kpu_admin_b", "nobody"]),
    # No region named: the user's own allocation region (never the debug 404 of issue 17).
    Endpoint("seats:new (no region)", "/kursi/baru/", allowed=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"],
             forbidden=["observer_a", "ppk_a1", "nobody"]),
    Endpoint("api:list_runs", "/api/v1/seats/runs", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="finished runs are published results"),
    Endpoint("api:get_run (finished)", "/api/v1/seats/runs/{clean}", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="finished runs are published results"),
    Endpoint("api:get_run (open tie)", "/api/v1/seats/runs/{tied}", api=True, allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("api:get_dapil (open tie)", "/api/v1/seats/runs/{tied}/dapil/1276-2", api=True, allowed=KAB_A,
             hidden=OUTSIDE),
    Endpoint("api:create_run", "/api/v1/seats/runs", api=True, method="post", ok_status=201,
             allowed=["kpu_admin_a", "kpu_staff_a"], forbidden=["observer_a"],
             hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
]

READ = "every role whose scope covers the row may read it: no role in scope is refused (403)"
NOT_APPLICABLE = {
    "/kursi/{pk}/": {"forbidden": READ},
    "/kursi/{pk}/dapil/{code}/": {"forbidden": READ},
    "GET /api/v1/seats/runs/{run_id}": {"forbidden": READ},
    "GET /api/v1/seats/runs/{run_id}/dapil/{dapil_code}": {"forbidden": READ},
    "GET /api/v1/seats/runs": {
        "forbidden": "a list: every user gets the finished runs and the open ones of their scope, never 403",
        "out_of_scope": "finished runs are published to everyone; that an open tie stays out of the list "
                        "of other regions (the page's): test_finished_results_are_public_and_open_ties_are_not"},
}


@pytest.fixture
def runs(cast: Cast) -> dict[str, int]:
    return {"clean": make_run(cast.kpu_admin_a).pk, "tied": make_run(cast.kpu_admin_a, dapils=TIED).pk}


def _json_climb(endpoint: Endpoint, cast: Cast) -> None:
    """The ladder for the JSON POST (climb() posts form data); each allowed user posts new inputs."""
    def post(client: Client, seats: int) -> int:
        body = {"election": "pemilu-2024", "contest_kind": "DPRD_KABKOTA", "region_code": "12.76",
                "dapils": [{"code": "X", "seats": seats, "votes": {"A": 10, "B": 7}}]}
        return client.post(endpoint.url, json.dumps(body), content_type="application/json").status_code

    assert post(Client(), 2) == 401
    for i, who in enumerate(endpoint.allowed):
        assert post(client_for(cast, who), 3 + i) == endpoint.ok_status, who
    for who in endpoint.forbidden:
        assert post(client_for(cast, who), 9) == 403, who
    for who in endpoint.hidden:
        assert post(client_for(cast, who), 9) == 404, who


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, runs: dict[str, int], endpoint: Endpoint) -> None:
    endpoint = dataclasses.replace(endpoint, url=endpoint.url.format(**runs))
    if endpoint.method == "post":
        _json_climb(endpoint, cast)
    else:
        climb(endpoint, cast)


def test_finished_results_are_public_and_open_ties_are_not(cast: Cast, runs: dict[str, int]) -> None:
    anon = Client()
    listing = anon.get("/kursi/").content.decode()
    assert f'href="/kursi/{runs["clean"]}/"' in listing and f'href="/kursi/{runs["tied"]}/"' not in listing
    assert anon.get(f"/kursi/{runs['clean']}/").status_code == 200
    page = anon.get(f"/kursi/{runs['clean']}/dapil/1276-1/")
    assert page.status_code == 200 and 'id="quotients"' in page.content.decode()
    assert anon.get(f"/kursi/{runs['tied']}/").status_code == 404
    assert anon.get(f"/kursi/{runs['clean']}/dapil/nope/").status_code == 404
    assert "Hitung kursi baru" not in listing  # the create link is for KPU only
    staff = client_for(cast, "kpu_admin_a").get("/kursi/").content.decode()
    assert f'href="/kursi/{runs["tied"]}/"' in staff
    assert CLEAN  # the factory inputs used above
