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
from pemilu.testing.ladder import Endpoint, client_for, climb, fill

# Public list: finished runs for everyone (+ open ones in the user's scope).
UNSCOPED = {"/kursi/": "the published seat allocations"}

KAB_A = ["kpu_admin_a", "kpu_staff_a", "bawaslu_a"]
OUTSIDE = ["ppk_a1", "pps_a1", "kpps_a1", "kpu_admin_b", "pps_b1", "nobody"]

ENDPOINTS = [
    Endpoint("seats:run (open tie)", "/kursi/{tied}/", allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("seats:dapil (open tie)", "/kursi/{tied}/dapil/1276-2/", allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("seats:new", "/kursi/baru/", data={"wilayah": "12.76"}, allowed=["kpu_admin_a", "kpu_staff_a"],
             forbidden=["bawaslu_a"], hidden=["ppk_a1", "pps_a1", "kpu_admin_b", "nobody"]),
    # No region named: the user's own allocation region (never the debug 404 of issue 17).
    Endpoint("seats:new (no region)", "/kursi/baru/", allowed=["kpu_admin_a", "kpu_staff_a", "kpu_admin_b"],
             forbidden=["bawaslu_a", "ppk_a1", "nobody"]),
    Endpoint("api:list_runs", "/api/v1/seats/runs", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="finished runs are published results"),
    Endpoint("api:get_run (finished)", "/api/v1/seats/runs/{clean}", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="finished runs are published results"),
    Endpoint("api:get_run (open tie)", "/api/v1/seats/runs/{tied}", api=True, allowed=KAB_A, hidden=OUTSIDE),
    Endpoint("api:get_dapil (open tie)", "/api/v1/seats/runs/{tied}/dapil/1276-2", api=True, allowed=KAB_A,
             hidden=OUTSIDE),
    Endpoint("api:create_run", "/api/v1/seats/runs", api=True, method="post", ok_status=201,
             allowed=["kpu_admin_a", "kpu_staff_a"], forbidden=["bawaslu_a"],
             hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
]

KPU_A = ["kpu_admin_a", "kpu_staff_a"]
# Seats from the recap, the decree and PAW (issue 21 items 5, 7, 9): {run} is a run from KPU Kota
# Tebing Tinggi's locked DPRD Kota recap (its decree published unless the endpoint publishes it),
# {decree} its decree, {member} its first member.
RECAP_ENDPOINTS = [
    Endpoint("seats:recap", "/kursi/rekap/", data={"jenis": "dprd-kabkota", "wilayah": "12.76"}, allowed=KPU_A,
             forbidden=["bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("seats:recap (own contest)", "/kursi/rekap/", allowed=[*KPU_A, "kpu_admin_b"],
             forbidden=["bawaslu_a", "ppk_a1", "nobody"]),
    Endpoint("seats:publish", "/kursi/{run}/tetapkan/", method="post", data={"number": "1/PL/2024"}, ok_status=302,
             allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b"]),
    Endpoint("seats:replace", "/kursi/penetapan/{decree}/anggota/{member}/ganti/", method="post", ok_status=302,
             data={"cause": "death", "ended_on": "2025-01-02", "reason": "surat 1/2025"}, allowed=["kpu_admin_a"],
             forbidden=["kpu_staff_a", "bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:recap_seats", "/api/v1/seats/from-recap?contest=dprd-kabkota&region=12.76", api=True,
             allowed=KPU_A, forbidden=["bawaslu_a"], hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:allocate", "/api/v1/seats/from-recap", api=True, method="post", ok_status=200,
             data={"contest": "dprd-kabkota", "region": "12.76"}, allowed=KPU_A, forbidden=["bawaslu_a"],
             hidden=["ppk_a1", "kpu_admin_b", "nobody"]),
    Endpoint("api:publish", "/api/v1/seats/runs/{run}/decree", api=True, method="post", ok_status=201,
             data={"number": "2/PL/2024"}, allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"],
             hidden=["kpu_admin_b", "nobody"]),
    Endpoint("api:list_decrees", "/api/v1/seats/decrees", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="a published decree is announced to everyone"),
    Endpoint("api:get_decree", "/api/v1/seats/decrees/{decree}", api=True, allowed=[*KAB_A, *OUTSIDE],
             public_data="a published decree is announced to everyone"),
    Endpoint("api:replace", "/api/v1/seats/members/{member}/replace", api=True, method="post", ok_status=201,
             data={"cause": "resignation", "ended_on": "2025-01-02", "reason": "surat 2/2025"},
             allowed=["kpu_admin_a"], forbidden=["kpu_staff_a", "bawaslu_a"], hidden=["kpu_admin_b", "nobody"]),
]
ENDPOINTS += RECAP_ENDPOINTS

# The decree, its files and its members' votes per kecamatan are announced to the public
# (permalinks; issue 21 item 7), like KPU's own Keputusan.
UNSCOPED.update({
    "/kursi/penetapan/{pk}/": "a published KPU decree (seats, elected members, divisor tables)",
    "/kursi/penetapan/{pk}/keputusan.pdf": "the published decree as PDF",
    "/kursi/penetapan/{pk}/keputusan.xlsx": "the published decree as XLSX",
    "/kursi/penetapan/{pk}/anggota/{member_id}/": "an elected member's votes per kecamatan (published)",
})

READ = "every role whose scope covers the row may read it: no role in scope is refused (403)"
PUBLISHED = "a published decree: every user reads it, nobody is refused or out of scope"
NOT_APPLICABLE = {
    "GET /api/v1/seats/decrees": {"forbidden": PUBLISHED, "out_of_scope": PUBLISHED},
    "GET /api/v1/seats/decrees/{decree_id}": {"forbidden": PUBLISHED, "out_of_scope": PUBLISHED},
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


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e not in RECAP_ENDPOINTS], ids=lambda e: e.name)
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


@pytest.mark.parametrize("endpoint", RECAP_ENDPOINTS, ids=lambda e: e.name)
def test_the_recap_ladder(cast: Cast, endpoint: Endpoint) -> None:
    from pemilu.seats import decree as decrees
    from pemilu.seats import from_recap
    from pemilu.seats.tests import recap_world as world
    from pemilu.seats.tests.test_from_recap import DAPIL1, DAPIL2

    election = world.build()
    for dapil, votes in (("127601", DAPIL1), ("127602", DAPIL2)):
        world.lock(world.enter(election, dapil, votes, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    # Stored once here: the API's allocation then answers 200 (same locked recap, same run).
    run, _ = from_recap.do_allocate_from_recap(election, "dprd-kabkota", region_code="12.76", actor=cast.kpu_admin_a)
    ids = {"run": run.pk}
    if "publish" not in endpoint.name:
        decree = decrees.do_publish_decree(run, actor=cast.kpu_admin_a, number="1/2024")
        ids.update(decree=decree.pk, member=decree.members.order_by("pk")[0].pk)
    climb(fill(endpoint, ids), cast)
