from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings

from pemilu.testing import demo
from pemilu.testing.factories import Cast, make_cast
from pemilu.testing.flush import delete_instead_of_truncate

# No per-example deadline: on a shared 2-core CI machine a slow example is load, not a bug (three
# property tests failed only under load, never alone). The properties themselves are unchanged.
settings.register_profile("pemilu", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pemilu")


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pemilu-shared-demo"):
        config.pluginmanager.register(demo.Guard(demo.STATE), "pemilu-shared-demo")


@pytest.fixture(scope="session", autouse=True)
def _flush_with_delete() -> Iterator[None]:
    """On PostgreSQL a transactional test's flush deletes rows instead of truncating every table
    (``pemilu/testing/flush.py``: TRUNCATE fsyncs each rebuilt index file)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield
        return
    with delete_instead_of_truncate():
        yield


@pytest.fixture(autouse=True)
def _fast_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _own_media_root(settings: Settings, tmp_path: Path) -> None:
    """Each test stores its uploads in its own folder: stored files are named by their content and
    a rolled-back test removes what it wrote, so a media folder shared by the xdist workers let one
    worker's rollback delete a file another worker had just written (seen once in the results ladder)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _forget_process_caches() -> None:
    """Per-worker caches (tokens, election-night reference data) must not outlive a test's data."""
    from pemilu.core.cache import forget_local

    forget_local()


@pytest.fixture(autouse=True)
def _login_throttle_per_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no failed logins and no public-form counts (the axes and default
    caches), so a suite that logs in or signs up many times is never locked out;
    ``accounts/tests/test_throttle.py`` proves the limits themselves.

    Django's test ``Client.login`` calls ``authenticate()`` without a request, which the axes
    backend rightly refuses (every real login form passes one); here it gets a bare request, so
    test logins still pass through the throttle's check."""
    from django.core.cache import caches
    from django.http import HttpRequest
    from django.test import Client

    caches["axes"].clear()
    caches["default"].clear()
    original = Client.login

    def login(self: Client, **credentials: object) -> bool:
        credentials.setdefault("request", HttpRequest())
        return original(self, **credentials)

    monkeypatch.setattr(Client, "login", login)


@pytest.fixture(autouse=True)
def _indonesian_by_default() -> None:
    """A test that switches to English must not leave the next test in English."""
    from django.utils import translation

    translation.activate("id")


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(scope="session")
def _shared_demo_media(tmp_path_factory: pytest.TempPathFactory, django_db_setup: None) -> Iterator[Path]:
    """The shared demo's stored files; at the session's end, before the test database goes, the
    demo is rolled back if the last test used it (``pemilu/testing/demo.py``)."""
    yield tmp_path_factory.mktemp("shared-demo-media")
    demo.STATE.unload()


@pytest.fixture
def _shared_demo_loaded(_shared_demo_media: Path, django_db_blocker: DjangoDbBlocker) -> None:
    demo.STATE.enter(django_db_blocker, _shared_demo_media)


@pytest.fixture
def shared_demo(_shared_demo_loaded: None, db: None, settings: Settings) -> demo.SharedDemo:
    """The demo, loaded once per test process (``pemilu/testing/demo.py``); the test runs in its own
    transaction on top of it, so what it changes is rolled back. Ask for it instead of ``db``."""
    settings.MEDIA_ROOT = demo.STATE.media_root
    return demo.STATE


@pytest.fixture(scope="session", autouse=True)
def _close_stray_sessions(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
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
