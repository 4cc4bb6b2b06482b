"""Issue 17 item 6: how long an action holds its audit-chain head is measured, from the lock to
the commit (real commits: transactional tests)."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from pemilu.audit import holds
from pemilu.audit.events import record_event, record_events
from pemilu.testing.factories import Cast


class StillClock:
    """The holds' clock, moved only by the test: the measured hold is exact whatever the machine's load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.django_db(transaction=True)
def test_hold_runs_from_the_lock_to_the_commit(cast: Cast, settings: object, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    settings.PEMILU_AUDIT_HOLD_WARN_MS = 150  # type: ignore[attr-defined]
    clock = StillClock()
    monkeypatch.setattr(holds, "clock", clock)
    with holds.recording() as rec:
        with transaction.atomic():
            clock.sleep(0.3)  # work before the lock is not a hold
            record_event("test.first", actor=cast.kpu_admin_a, region_code="12.76.01")
            record_event("test.second", actor=cast.kpu_admin_a, region_code="12.76.01")  # same transaction: one hold
            clock.sleep(0.2)  # work after the lock, before the commit, is
        with transaction.atomic():
            record_events([{"event_type": "test.batch", "region_code": "12.76"}], actor=cast.kpu_admin_a)
        with pytest.raises(RuntimeError), transaction.atomic():
            record_event("test.rolled_back", actor=cast.kpu_admin_a, region_code="12.76")
            raise RuntimeError
    assert [(h.chain_key, h.event_type) for h in rec.holds] == [("12.76", "test.first"), ("12.76", "test.batch")]
    assert rec.holds[0].seconds == pytest.approx(0.2) and rec.holds[1].seconds == 0.0
    assert rec.longest == rec.holds[0]
    warned = [r.getMessage() for r in caplog.records if r.name == "pemilu.audit.holds" and r.levelno == logging.WARNING]
    assert len(warned) == 1 and "test.first" in warned[0]


@pytest.mark.django_db(transaction=True)
def test_events_of_a_loop_are_appended_at_the_end_in_order(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from pemilu.audit.events import appended_at_end
    from pemilu.audit.models import AuditEvent
    from pemilu.audit.verify import verify_chains

    clock = StillClock()
    monkeypatch.setattr(holds, "clock", clock)
    with holds.recording() as rec:
        with transaction.atomic(), appended_at_end():
            for i in range(3):
                record_event("test.row", actor=cast.kpu_admin_a, region_code="12.76.01", after={"i": i})
                clock.sleep(0.15)  # per-row work: before the lock, since nothing is appended yet
        with pytest.raises(RuntimeError), transaction.atomic(), appended_at_end():
            record_event("test.rolled_back", actor=cast.kpu_admin_a, region_code="12.76")
            raise RuntimeError
    assert len(rec.holds) == 1 and rec.holds[0].seconds == 0.0  # the rows' work is not in the hold
    rows = list(AuditEvent.objects.filter(chain_key="12.76").order_by("seq").values_list("event_type", "after", "seq"))
    first = rows[-3][2]  # the cast's own events come first; the loop's three are the chain's last, in order
    assert rows[-3:] == [("test.row", {"i": 0}, first), ("test.row", {"i": 1}, first + 1),
                         ("test.row", {"i": 2}, first + 2)]
    assert verify_chains().ok
