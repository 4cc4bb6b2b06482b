"""Query counts of list operations (issue 18 item 7): a list's page is read in a fixed number of
queries, whatever the number of rows — ``assert_constant_queries`` calls ``url`` with the rows
that exist, lets ``grow`` add as many again, and compares the counts."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def query_count(client: Client, url: str) -> tuple[int, int]:
    """(queries, rows in the page) of one GET, after a first call that warms the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), len(response.json()["items"])


def assert_constant_queries(client: Client, url: str, grow: Callable[[], object]) -> tuple[int, int]:
    """n rows, then 2n: the same number of queries. Returns (queries, rows after growing)."""
    before, n = query_count(client, url)
    grow()
    after, n2 = query_count(client, url)
    assert n2 > n > 0, f"{url}: the rows did not grow ({n} → {n2})"
    assert after == before, f"{url}: {before} queries for {n} rows, {after} for {n2}"
    return after, n2
