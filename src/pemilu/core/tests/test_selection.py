"""CI's PostgreSQL pass keeps exactly the tests that reach a database (``pemilu.testing.selection``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pemilu.testing import selection


@dataclass
class Item:
    fixturenames: list[str]
    markers: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.markers else None


def test_database_fixtures_and_markers_keep_a_test_and_nothing_else_does() -> None:
    pure = Item(["django_db_setup", "django_db_blocker", "tmp_path"])  # in every test's closure: no sign
    items = [Item(["db"]), pure, Item(["live_server"]), Item([], {"django_db"}), Item([], {"postgresql"}),
             Item(["transactional_db", "cast"]), Item(["monkeypatch"], {"browser"})]
    kept, left = selection.split(items)
    assert left == [pure, items[-1]]
    assert kept == [items[0], items[2], items[3], items[4], items[5]]


def test_the_switch_takes_all_or_database_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(selection.ENV, raising=False)
    assert not selection.enabled()
    monkeypatch.setenv(selection.ENV, "database")
    assert selection.enabled()
    monkeypatch.setenv(selection.ENV, "databse")
    with pytest.raises(ValueError, match="must be 'all' or 'database'"):
        selection.enabled()
