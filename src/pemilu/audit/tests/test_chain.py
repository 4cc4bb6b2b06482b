import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from pemilu.accounts.actions import get_system_user
from pemilu.audit.events import record_event
from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.audit.verify import verify_chains

pytestmark = pytest.mark.django_db


def _write(n: int, region: str = "12.76.01") -> list[AuditEvent]:
    actor = get_system_user()
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(record_event("test.event", actor=actor, region_code=region, object_repr=f"obj {i}",
                                       before={"v": i}, after={"v": i + 1, "nested": {"b": [1, 2], "a": "é"}}))
    return events


def test_it_chains_rows_per_region_and_verifies() -> None:
    _write(3, "12.76.01")
    _write(2, "12.06.01")
    assert set(AuditChain.objects.values_list("key", "last_seq")) == {("12.76", 3), ("12.06", 2)}
    result = verify_chains()
    assert result.ok and result.rows == 5


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        record_event("x", actor=get_system_user())


def test_it_names_the_row_edited_with_raw_sql(capsys) -> None:
    events = _write(4)
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["diubah", events[2].id])
    result = verify_chains()
    assert not result.ok
    assert result.problems[0].event_id == events[2].id and result.problems[0].seq == 3
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1
    assert f"id {events[2].id}" in capsys.readouterr().err


def test_it_detects_a_deleted_row() -> None:
    events = _write(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    problem = verify_chains().problems[0]
    assert problem.seq == 2 and "hilang" in problem.message


def test_it_detects_a_deleted_last_row() -> None:
    events = _write(3)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    assert "kepala rantai" in verify_chains().problems[0].message


def test_it_detects_two_swapped_rows() -> None:
    events = _write(4)
    a, b = events[1], events[2]
    with connection.cursor() as cur:
        # Swap the rows' positions in the chain (their seq and links), keeping each row's content.
        cur.execute("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.id])
        cur.execute("UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s", [a.seq, a.prev_hash, b.id])
        cur.execute("UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s", [b.seq, b.prev_hash, a.id])
    assert not verify_chains().ok


def test_the_cli_passes_on_an_untouched_database(capsys) -> None:
    _write(2)
    call_command("audit", "verify")
    assert "OK" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_produce_a_valid_chain() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    actor = get_system_user()
    errors: list[Exception] = []

    def writer(region: str) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    record_event("test.concurrent", actor=actor, region_code=region, after={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(r,)) for r in ["12.76.01", "12.76.02", "12.06.01", "12.76.01"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = verify_chains()
    assert result.ok and result.rows == 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", ["edit", "delete", "swap"])
def test_verify_catches_tampering_in_a_chain_written_concurrently(tamper: str) -> None:
    """Four threads append to two regions' chains at once (batched appends too); afterwards an
    edited, a deleted or a swapped row is named by verify."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    from pemilu.audit.events import record_events

    actor = get_system_user()
    errors: list[Exception] = []

    def writer(region: str, batched: bool) -> None:
        try:
            for i in range(8):
                with transaction.atomic():
                    if batched:
                        record_events([{"event_type": "test.batch", "region_code": region, "after": {"i": i, "j": j}}
                                       for j in range(3)], actor=actor)
                    else:
                        record_event("test.single", actor=actor, region_code=region, after={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=args) for args in
               [("12.76.01", False), ("12.76.02", True), ("12.06.01", False), ("12.06.01.2001", True)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert verify_chains().ok and AuditEvent.objects.count() == 2 * (8 + 24)
    rows = list(AuditEvent.objects.filter(chain_key="12.76").order_by("seq"))
    a, b = rows[5], rows[6]
    with connection.cursor() as cur:
        if tamper == "edit":
            cur.execute("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"i": 99}', a.id])
        elif tamper == "delete":
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [a.id])
        else:
            cur.execute("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.id])
            move = "UPDATE audit_auditevent SET seq = %s, prev_hash = %s WHERE id = %s"
            cur.execute(move, [a.seq, a.prev_hash, b.id])
            cur.execute(move, [b.seq, b.prev_hash, a.id])
    problems = verify_chains().problems
    assert len(problems) == 1 and problems[0].chain_key == "12.76" and problems[0].seq == a.seq
