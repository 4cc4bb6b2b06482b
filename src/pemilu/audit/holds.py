"""How long an action holds an audit-chain head (issue 17 item 6).

``record_event``/``record_events`` lock their chain head with SELECT … FOR UPDATE; the lock lasts
until the action's transaction commits, and every other audited write of that kab/kota waits for
it. ``start`` is called just before the lock is taken: it registers one timer per transaction
with ``transaction.on_commit``, which measures from the first lock to the commit, logs it
(WARNING above ``PEMILU_AUDIT_HOLD_WARN_MS``) and keeps it for ``recording()`` (benchmarks, tests).
A transaction that rolls back drops its on-commit callbacks and is not measured.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

logger = logging.getLogger("pemilu.audit.holds")


@dataclass(frozen=True)
class Hold:
    chain_key: str
    event_type: str  # the event whose append took the lock first
    seconds: float


@dataclass
class Recording:
    holds: list[Hold] = field(default_factory=list)

    @property
    def longest(self) -> Hold | None:
        return max(self.holds, key=lambda h: h.seconds, default=None)


_recordings: list[Recording] = []
clock = time.perf_counter  # a module attribute, so a test can hold the time still


class _Timer:
    def __init__(self, chain_key: str, event_type: str) -> None:
        self.hold_start = clock()
        self.chain_key, self.event_type = chain_key, event_type

    def __call__(self) -> None:
        hold = Hold(self.chain_key, self.event_type, clock() - self.hold_start)
        for rec in _recordings:
            rec.holds.append(hold)
        level = logging.WARNING if hold.seconds * 1000 > settings.PEMILU_AUDIT_HOLD_WARN_MS else logging.DEBUG
        logger.log(level, "audit chain %r held %.3f s (first event %s)", hold.chain_key, hold.seconds,
                   hold.event_type)


def start(chain_key: str, event_type: str) -> None:
    """Call just before locking a chain head inside the action's transaction (once is enough).

    On PostgreSQL the foreign keys Django creates are DEFERRABLE INITIALLY DEFERRED: checked at
    COMMIT, i.e. while the chain head is locked (1.3 s for 7,755 imported applicants). They are
    checked here instead, before the lock, and at once for the rest of the transaction."""
    conn = transaction.get_connection()
    if any(isinstance(func, _Timer) for _sids, func, _robust in conn.run_on_commit):
        return
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    transaction.on_commit(_Timer(chain_key, event_type))


@contextmanager
def recording() -> Iterator[Recording]:
    """Collect every hold committed in this process while the block runs."""
    rec = Recording()
    _recordings.append(rec)
    try:
        yield rec
    finally:
        _recordings.remove(rec)
