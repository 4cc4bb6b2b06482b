"""The one per-process cache (core/cache.py): bounded, expires, follows the shared generation.

The cross-process case (a real import in one process, a running worker in another) is
``results/tests/test_cross_process_reference.py``."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction

from pemilu.core import cache


def counter() -> tuple[list[int], Callable[[], int]]:
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    return loads, load


def test_it_never_holds_more_than_max_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 50)
    cache.forget_local()
    for i in range(500):
        assert cache.remember("results", ("children", f"12.76.{i}"), lambda i=i: i, 5) == i  # type: ignore[misc]
        assert len(cache._store) <= 50
    assert cache.remember("results", ("children", "12.76.499"), lambda: -1, 5) == 499  # still cached
    cache.forget_local()


def test_an_entry_is_loaded_again_once_its_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    loads, load = counter()
    assert cache.remember("results", "k", load, 5) == 1
    assert cache.remember("results", "k", load, 5) == 1
    later = time.monotonic() + 6
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert cache.remember("results", "k", load, 5) == 2


def test_another_process_bumping_the_shared_generation_drops_the_entry_here() -> None:
    loads, load = counter()
    assert cache.remember("results", "k", load, 300) == 1
    assert cache.remember("tokens", "k", load, 300) == 2
    # Another worker's write: it sets a new generation in the shared cache (Redis in production);
    # this process has not been told anything else.
    caches[cache.CACHE_ALIAS].set(cache._generation_key("results"), 12345, timeout=None)
    assert cache.remember("results", "k", load, 300) == 3
    assert cache.remember("tokens", "k", load, 300) == 2  # another namespace is untouched
    cache.bump("tokens")
    assert cache.remember("tokens", "k", load, 300) == 4


def test_a_cleared_shared_cache_never_brings_back_an_old_generation() -> None:
    loads, load = counter()
    assert cache.remember("results", "k", load, 300) == 1
    cache.bump("results")
    assert cache.remember("results", "k", load, 300) == 2
    caches[cache.CACHE_ALIAS].clear()  # evicted or flushed: a fresh random generation, not "0"
    assert cache.remember("results", "k", load, 300) == 3


@pytest.mark.django_db
def test_a_bump_inside_a_transaction_is_repeated_at_commit(
        django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[object]]]) -> None:
    """A worker that reads the old rows between the writer's bump and its commit (here: a load
    inside the transaction, under the new generation) does not keep them past the commit."""
    loads, load = counter()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        cache.bump("results")
        cache.bump("results")  # a second write of the same transaction adds no second callback
        assert cache.remember("results", "k", load, 300) == 1
    assert len(callbacks) == 1
    assert cache.remember("results", "k", load, 300) == 2


def test_without_the_shared_cache_it_reads_live_and_a_write_still_succeeds(settings: Any) -> None:
    """Redis down (here: nothing listens on the port): no request and no write fails because of
    the cache; every read is live until it is back."""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                      "LOCATION": "redis://127.0.0.1:1/0"}}
    loads, load = counter()
    assert cache.remember("results", "k", load, 300) == 1
    assert cache.remember("results", "k", load, 300) == 2
    cache.bump("results")
    assert cache.remember("results", "k", load, 300) == 3
