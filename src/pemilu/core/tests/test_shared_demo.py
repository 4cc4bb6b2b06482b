"""The shared demo's mechanism (``pemilu.testing.demo``), with a one-row load in place of the demo:
loaded once, each test's changes rolled back on top of it, gone before any other test."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from pemilu.accounts.models import User
from pemilu.testing.demo import FIXTURE, Guard, SharedDemo, order


def _one_user(out: io.StringIO) -> None:
    User.objects.create(username="demo.probe", full_name="Probe")
    out.write("loaded")


def test_loaded_once_each_test_rolled_back_and_gone_before_any_other_test(
        request: pytest.FixtureRequest, transactional_db: None, django_db_blocker: DjangoDbBlocker,
        tmp_path: Path) -> None:
    state = SharedDemo(_one_user)
    state.enter(django_db_blocker, tmp_path)
    with transaction.atomic():  # a test on top of it (pytest-django's db: a savepoint), rolled back
        User.objects.filter(username="demo.probe").update(full_name="Changed")
        User.objects.create(username="demo.other")
        transaction.set_rollback(True)
    state.enter(django_db_blocker, tmp_path)  # the next test that asks for it: no second load
    assert state.loaded and state.loads == 1 and state.output == "loaded"
    assert list(User.objects.values_list("username", "full_name")) == [("demo.probe", "Probe")]
    assert FIXTURE not in request.node.fixturenames
    Guard(state).pytest_runtest_setup(request.node)  # this test does not ask for it: rolled back
    assert (state.loaded, User.objects.exists()) == (False, False)


def test_a_test_whose_transaction_is_already_open_is_refused(transactional_db: None,
                                                             django_db_blocker: DjangoDbBlocker,
                                                             tmp_path: Path) -> None:
    state = SharedDemo(_one_user)
    with transaction.atomic(), pytest.raises(pytest.UsageError, match="without db"):
        state.enter(django_db_blocker, tmp_path)
    assert not state.loaded and not User.objects.exists()


@dataclass
class Item:
    name: str
    fixturenames: list[str]


def test_the_tests_that_use_it_run_first_in_their_order() -> None:
    items = [Item("a", ["db"]), Item("b", [FIXTURE, "db"]), Item("c", []), Item("d", ["x", FIXTURE])]
    order(items)
    assert [i.name for i in items] == ["b", "d", "a", "c"]
