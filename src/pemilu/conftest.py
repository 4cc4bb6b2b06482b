from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pemilu.testing.factories import Cast, make_cast


@pytest.fixture(autouse=True)
def _fast_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _forget_process_caches() -> None:
    """Per-worker caches (tokens, election-night reference data) must not outlive a test's data."""
    from pemilu.core.auth import forget_tokens
    from pemilu.results.ingest import forget_reference

    forget_tokens()
    forget_reference()


@pytest.fixture(autouse=True)
def _indonesian_by_default() -> None:
    """A test that switches to English must not leave the next test in English."""
    from django.utils import translation

    translation.activate("id")


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(scope="session", autouse=True)
def _close_stray_sessions(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """On PostgreSQL, end the sessions a test left open on the test database before it is dropped:
    a live server's request thread or an election-night server process still connected made the
    drop fail ("is being accessed by other users") and left test databases behind."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
