"""Query counts of list operations (issue 18 item 7): a list's page is read in a fixed number of
queries, whatever the number of rows (``core/tests/test_list_queries.py`` checks every list of the
API with it)."""

from __future__ import annotations

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
