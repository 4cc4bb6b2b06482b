"""CI's PostgreSQL pass runs only the tests that reach a database (``PEMILU_TESTS=database``).

A test that never opens a database connection (a pure rule function, a hypothesis property of
one, a template-free unit test) runs the same code on either database: the SQLite pass has
already run it, so the PostgreSQL pass leaves it out. pytest-django refuses database access to
a test that did not ask for it, so what a test asks for is a reliable sign of whether it uses a
database: one of the fixtures below, directly or through a fixture it uses (``item.fixturenames``
is the whole closure), or the ``django_db`` marker. ``django_db_setup``/``django_db_blocker`` are
in every test's closure (``_close_stray_sessions`` in ``pemilu/conftest.py`` uses them), so they
say nothing and are not used here. A test that needs PostgreSQL in another way (e.g. a
subprocess with its own server, ``results/tests/test_chaos.py``) carries the ``postgresql``
marker and is kept.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

ENV = "PEMILU_TESTS"
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_reset_sequences",
                               "django_db_serialized_rollback"})


def enabled() -> bool:
    value = os.environ.get(ENV, "all")
    if value not in ("all", "database"):
        raise ValueError(f"{ENV} must be 'all' or 'database', not {value!r}")
    return value == "database"


def uses_database(item: Any) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None \
        or item.get_closest_marker("postgresql") is not None


def split(items: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """(tests that reach a database, tests that do not)."""
    kept: list[Any] = []
    left: list[Any] = []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    return kept, left


def summary(kept: int, left: int) -> str:
    return (f"{ENV}=database: {kept} tests that reach a database run; {left} that never do were left out "
            f"(the SQLite pass runs them)")
