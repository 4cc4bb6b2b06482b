"""A few seconds of per-process memory for the reference data the recap reads on every request.

On election night the kab/kota recap is asked for many times a second while the forms pour in.
Its own figures must be live, but what frames them — the child regions with their names and
TPS counts, the result configuration, the recap stages' windows — changes before the night, not
during it. Reading those from this cache took the recap from five queries to two and cut its CPU
(docs/benchmarks.md). Another process sees a change within ``SECONDS``; this process sees it at
once, because saving or deleting a Region, a schedule Stage or a ResultConfig empties the cache
(signals, connected in ``ResultsConfig.ready``), and so do the bulk region and TPS imports.
What refuses or records a write (the correction guard, a plenary lock's "late" flag) reads live
instead (``queries.windows_of(..., live=True)``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

T = TypeVar("T")

SECONDS = 5.0
MAX_ENTRIES = 10_000  # keys include the region asked for: a client must not grow it without end
_store: dict[Hashable, tuple[float, Any]] = {}


def remember(key: Hashable, load: Callable[[], T], seconds: float = SECONDS) -> T:
    """``load()``'s value for ``key``, computed again once it is ``seconds`` old."""
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return cast(T, hit[1])
    value = load()
    if len(_store) >= MAX_ENTRIES:
        for stale in [k for k, (expires, _v) in _store.items() if expires <= now]:
            del _store[stale]
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
    _store[key] = (now + seconds, value)
    return value


def forget(*_args: Any, **_kwargs: Any) -> None:
    """Empty the cache (also usable as a signal receiver)."""
    _store.clear()
