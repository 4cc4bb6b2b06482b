"""The one per-process cache: reference data a worker reads on every request, kept a few seconds
in its memory, dropped everywhere when it changes.

An entry is a value in this process's memory under ``(namespace, key)`` with a time to live and
the namespace's *generation* at the time it was loaded. The generation is a random number kept
in the shared Django cache (``caches["default"]``; ``CACHE_URL=redis://…`` makes it one for
every worker and server). A write calls ``bump(namespace)``, which gives the namespace a new
generation: every process that reads an entry compares its generation with the shared one and
loads the value again when they differ. So a change made anywhere is seen

- at once by every worker where the Django cache is shared (Redis, production);
- at once by the writing process, and by the others within the entry's time to live, where it
  is not (the default local-memory cache of a development server).

A generation is random rather than a counter: a cleared or evicted shared cache gives the
namespace a fresh generation, never one an old entry could still carry. ``bump`` runs at once
(the writing transaction reads its own writes) and again when the transaction commits (another
worker that loaded the old rows in between does not keep them).

Namespaces: ``results`` (contests, entry mode, dapil areas, the recap's regions, stages and
configuration: bumped by the reference imports and the model signals of ``results.apps``) and
``tokens`` (API tokens with their user's scopes: bumped by the role and token actions).
What refuses or records a write reads live instead of through this cache.

When the shared cache cannot be reached (Redis down), nothing is kept: every ``remember`` loads
live and a ``bump`` drops this process's entries only — slower, never stale, never an error
for the request or the write (logged as a warning at most once a minute).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, TypeVar, cast

from django.core.cache import caches
from django.db import connection, transaction

T = TypeVar("T")
logger = logging.getLogger("pemilu.cache")

CACHE_ALIAS = "default"
MAX_ENTRIES = 10_000  # keys include what a client asks for (a region, a token): never grow without end


class _Entry(NamedTuple):
    expires: float
    generation: int
    value: Any


_store: dict[tuple[str, Hashable], _Entry] = {}
_lock = threading.Lock()
_warned_at = -1e9


def _generation_key(namespace: str) -> str:
    return f"pemilu:cache-generation:{namespace}"


def _unreachable(exc: Exception) -> None:
    global _warned_at
    now = time.monotonic()
    if now - _warned_at > 60:
        _warned_at = now
        logger.warning("shared cache unreachable, reference data read live: %s", exc)


def generation(namespace: str) -> int | None:
    """The namespace's current generation in the shared cache (created when missing); None when
    the shared cache cannot be reached."""
    shared = caches[CACHE_ALIAS]
    key = _generation_key(namespace)
    try:
        value = shared.get(key)
        if value is None:
            shared.add(key, secrets.randbits(63), timeout=None)  # add: two processes agree on one
            value = shared.get(key)
    except Exception as exc:  # noqa: BLE001 - any backend error: read live rather than fail
        _unreachable(exc)
        return None
    return cast(int | None, value)


def remember(namespace: str, key: Hashable, load: Callable[[], T], seconds: float) -> T:
    """``load()``'s value for ``key``, loaded again once it is ``seconds`` old or the namespace's
    generation has changed (one read of the shared cache per call)."""
    now = time.monotonic()
    current = generation(namespace)
    hit = _store.get((namespace, key))
    if current is not None and hit is not None and hit.expires > now and hit.generation == current:
        return cast(T, hit.value)
    value = load()
    if current is None:
        return value
    with _lock:
        if len(_store) >= MAX_ENTRIES:
            for stale in [k for k, e in _store.items() if e.expires <= now]:
                del _store[stale]
            if len(_store) >= MAX_ENTRIES:
                _store.clear()
        _store[(namespace, key)] = _Entry(now + seconds, current, value)
    return value


def forget(namespace: str, key: Hashable) -> None:
    """Drop one entry of this process (the next ``remember`` loads it again)."""
    _store.pop((namespace, key), None)


def bump(*namespaces: str) -> None:
    """A write changed the data of ``namespaces``: give each a new generation now and again when
    the current transaction commits."""
    _forget_namespaces(namespaces)
    _new_generations(namespaces)
    if connection.in_atomic_block:
        # (sids, callback, robust) each; the callback is the second item
        pending = {getattr(entry[1], "_pemilu_cache_bump", None) for entry in connection.run_on_commit}
        for namespace in namespaces:
            if namespace not in pending:
                again = _after_commit(namespace)
                transaction.on_commit(again)


def _forget_namespaces(namespaces: tuple[str, ...]) -> None:
    with _lock:
        for stale in [k for k in _store if k[0] in namespaces]:
            del _store[stale]


def _new_generations(namespaces: tuple[str, ...]) -> None:
    try:
        caches[CACHE_ALIAS].set_many({_generation_key(n): secrets.randbits(63) for n in namespaces}, timeout=None)
    except Exception as exc:  # noqa: BLE001 - a write never fails for the cache's sake
        _unreachable(exc)


def _after_commit(namespace: str) -> Callable[[], None]:
    def again() -> None:
        _forget_namespaces((namespace,))
        _new_generations((namespace,))

    again._pemilu_cache_bump = namespace  # type: ignore[attr-defined]  # one per namespace and transaction
    return again


def receiver(*namespaces: str) -> Callable[..., None]:
    """A signal receiver that bumps ``namespaces`` (``post_save.connect(receiver("results"), …)``)."""

    def bump_on_signal(*_args: object, **_kwargs: object) -> None:
        bump(*namespaces)

    return bump_on_signal


def forget_local() -> None:
    """Empty this process's entries (tests start from nothing; the generations stay)."""
    with _lock:
        _store.clear()
