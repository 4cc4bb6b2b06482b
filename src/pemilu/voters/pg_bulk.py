"""PostgreSQL bulk-load helpers for the voter table (issue 22 item 8), used by the DP4 import and
the TPS mapping (its narrow ``VoterTps`` table) when they write most of a table: the table's
secondary indexes and foreign keys as ``pg_get_indexdef`` / ``pg_get_constraintdef`` give them back,
to drop them before a bulk write and re-create them after it in the same transaction (a failure
rolls all of it back).

A foreign key re-added after the load checks every row with one join; left in place it queues one
deferred check per row and key (16 M for 4 M imported voters with their 4 keys), each a query. An
index built after the load is one sort of the column; kept, it takes one B-tree insert per row into
pages that no longer fit ``shared_buffers`` (the hash columns are random).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

from pemilu.voters.models import Voter


def fire_deferred_checks(cursor: CursorWrapper) -> None:
    """Run the deferred key checks already queued (e.g. of rows this transaction inserted): ALTER TABLE
    and CREATE INDEX refuse a table with pending trigger events. Then back to Django's default."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def secondary_indexes(cursor: CursorWrapper, model: type[Model] = Voter) -> list[tuple[str, str]]:
    """(name, CREATE INDEX …) of the voter table's (``model``'s) indexes that back no constraint (not
    the primary key, no unique constraint)."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [model._meta.db_table])
    return [(str(name), str(definition)) for name, definition in cursor.fetchall()]


def foreign_keys(cursor: CursorWrapper, column: str = "", *, model: type[Model] = Voter) -> list[tuple[str, str]]:
    """(name, FOREIGN KEY …) of the voter table's (``model``'s) own foreign keys (only those on ``column``
    if given)."""
    cursor.execute(
        "SELECT k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_attribute a "
        "ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
        "WHERE k.conrelid = %s::regclass AND k.contype = 'f' AND (%s = '' OR a.attname = %s) ORDER BY k.conname",
        [model._meta.db_table, column, column])
    return [(str(name), str(definition)) for name, definition in cursor.fetchall()]


LOAD_MAINTENANCE_WORK_MEM = "512MB"  # this transaction's index builds after a bulk load (not the server's setting)


@contextmanager
def loaded_bare(cursor: CursorWrapper, *, indexes: bool = True) -> Iterator[None]:
    """The voter table without its foreign keys and its secondary indexes inside the block (a bulk
    load into the empty table: COPY then writes only the heap); after it the indexes are built in one
    sort each (``maintenance_work_mem`` raised for this transaction only), the table is analysed and
    the keys re-added, checking every row. Takes the table's ACCESS EXCLUSIVE lock until the
    transaction ends. An exception inside the block skips the rebuild: the caller rolls back.
    ``indexes=False`` keeps the indexes (the benchmark's comparison)."""
    table = connection.ops.quote_name(Voter._meta.db_table)
    keys, dropped = foreign_keys(cursor), secondary_indexes(cursor) if indexes else []
    fire_deferred_checks(cursor)
    for name, _definition in keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    for name, _definition in dropped:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    fire_deferred_checks(cursor)
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{LOAD_MAINTENANCE_WORK_MEM}'")
    for _name, definition in dropped:
        cursor.execute(definition)
    cursor.execute(f"ANALYZE {table}")  # the checks' joins and the next queries are planned for the loaded rows
    for name, definition in keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
