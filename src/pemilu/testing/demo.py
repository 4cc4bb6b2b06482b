"""The demo (``pemilu demo``) loaded once per test process, shared by the tests that read it.

A full demo load takes ~18 s of CPU on SQLite and more on PostgreSQL; six test files each loaded
it (two of them twice). A test that asks for the ``shared_demo`` fixture (``pemilu/conftest.py``)
now finds it loaded:

- **Once per process.** The first such test loads it inside an outer transaction that is never
  committed (as a test's own load was, inside pytest-django's per-test transaction); the test itself
  then runs in pytest-django's ``db`` transaction, a savepoint on top of the loaded demo, so what a
  test changes (a plenary locked, a decree published, a session) is rolled back before the next.
- **Gone before any other test.** Before a test that does not ask for it runs (and at the end of
  the session) the outer transaction is rolled back: the database is as empty as before, and no
  other test sees a demo row. Whichever tests an xdist worker receives, this holds.
- **Next to each other.** The collection puts the tests that ask for it first (``order``), in
  their order, so each worker runs its share of them one after the other and loads the demo once.

The demo is loaded as ``python3 tasks.py demo`` shows it: on its day (``PEMILU_TODAY``,
``DEMO_DAY``), with its stored files in a folder of its own (``media_root``).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DEMO_DAY = datetime.date(2024, 2, 19)
FIXTURE = "shared_demo"


def load_demo(out: io.StringIO) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(PEMILU_TODAY=DEMO_DAY):
        call_command("demo", stdout=out)


class SharedDemo:
    """This process's loaded demo: ``output`` is what ``pemilu demo`` printed while loading it;
    ``loads`` counts the loads (one, when the tests that use it run one after the other)."""

    def __init__(self, load: Callable[[io.StringIO], None] = load_demo) -> None:
        self.load = load
        self.output = ""
        self.media_root: Path | None = None
        self.loads = 0
        self._atomic: Any = None
        self._blocker: Any = None

    @property
    def loaded(self) -> bool:
        return self._atomic is not None

    def enter(self, blocker: Any, media_root: Path) -> None:
        """Load the demo unless this process has it loaded; a test's transaction must not be open yet."""
        from django.db import connection

        with blocker.unblock():
            if connection.atomic_blocks != ([self._atomic] if self.loaded else []):
                raise pytest.UsageError(f"{FIXTURE} must open the test's transaction itself: ask for "
                                        f"{FIXTURE} without db, transactional_db or the django_db marker")
            if not self.loaded:
                self._load(blocker, media_root)

    def _load(self, blocker: Any, media_root: Path) -> None:
        from django.db import transaction
        from django.test import override_settings

        self.media_root, self._blocker = media_root, blocker
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # as TestCase's: durable blocks nest in it
        atomic.__enter__()
        self._atomic = atomic
        out = io.StringIO()
        try:
            with override_settings(MEDIA_ROOT=media_root):
                self.load(out)
        except BaseException:
            self.unload()
            raise
        self.output = out.getvalue()
        self.loads += 1

    def unload(self) -> None:
        """Roll the demo back (its stored files' commit hooks remove them from ``media_root``)."""
        if not self.loaded:
            return
        from django.db import transaction
        from django.test import override_settings

        atomic, self._atomic = self._atomic, None
        with self._blocker.unblock(), override_settings(MEDIA_ROOT=self.media_root):
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        self.output = ""


STATE = SharedDemo()


def order(items: list[Any]) -> None:
    """The tests that ask for the shared demo first, each group in its collected order."""
    items[:] = sorted(items, key=lambda item: FIXTURE not in getattr(item, "fixturenames", ()))


class Guard:
    """Registered as a plugin (not path-bound like a conftest's hooks): no test outside the shared
    demo's runs while it is loaded."""

    def __init__(self, state: SharedDemo) -> None:
        self.state = state

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if self.state.loaded and FIXTURE not in getattr(item, "fixturenames", ()):
            self.state.unload()

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        order(items)
