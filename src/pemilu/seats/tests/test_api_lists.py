"""The run list in the API is paged (one page schema, issue 18 item 7), and its query count does
not grow with the number of runs."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pemilu.seats.inputs import DapilVotes
from pemilu.seats.tests.factories import make_run
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _run(cast: Cast, i: int) -> None:
    """A distinct run (the action returns the stored run for the same inputs)."""
    make_run(cast.kpu_admin_a, dapils=[DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000 + i, "B": 600})],
             contest_label=f"uji {i}")


def test_the_run_list_is_paged_with_constant_queries(cast: Cast) -> None:
    client = client_for(cast, "bawaslu_a")
    for i in range(2):
        _run(cast, i)
    small = _queries(client, "/api/v1/seats/runs")
    for i in range(2, 4):
        _run(cast, i)
    assert _queries(client, "/api/v1/seats/runs") == small
    page = client.get("/api/v1/seats/runs?limit=3").json()
    assert page["count"] == 4 and [r["contest_label"] for r in page["items"]] == ["uji 3", "uji 2", "uji 1"]
    assert [r["contest_label"] for r in client.get("/api/v1/seats/runs?offset=3").json()["items"]] == ["uji 0"]
    assert client.get("/api/v1/seats/runs?limit=0").status_code == 422
    run = page["items"][0]["id"]
    assert client.get(f"/api/v1/seats/runs/{run}").json()["id"] == run  # {run_id}, named after the resource
