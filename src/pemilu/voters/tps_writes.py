"""Writing the voters' new TPS after a mapping (issue 22 items 5 and 8), the database's bulk way.

SQLite: one ``UPDATE … WHERE id IN (…)`` per ``UPDATE_CHUNK`` voters of a TPS (measured 20 s for
1 M voters, docs/benchmarks.md).

PostgreSQL: the (voter, TPS) pairs go in with ``COPY`` into a temporary table and one
``UPDATE voters_voter … FROM`` writes them. Every updated row is a new tuple in every index of
``voters_voter`` (``tps_id`` is indexed, so no HOT update): for a first mapping of a freshly
imported kab/kota that is millions of random B-tree inserts into the NIK/KK hash indexes, which
was the cost (1 M voters: 95 s as 1,112 ``IN`` batches, 110 s as one ``UPDATE … FROM``, both with
the indexes). When the moves are most of the table (``REBUILD_SHARE``, at least ``REBUILD_MIN``
voters) the secondary indexes and the TPS foreign key are dropped before the UPDATE and rebuilt
after it (1 M: 18 s UPDATE + 23 s indexes + the key check). Dropping an index locks the voter
table for the rest of the mapping's transaction (``ACCESS EXCLUSIVE``): readers of the voter list
wait until it commits, which is why it happens only when this region is most of the table (a
kab/kota's own database, or its first mapping); a kab/kota inside a national table always takes
the plain UPDATE. Everything runs in the caller's transaction: a failure rolls the indexes back too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from pemilu.voters.models import Voter
from pemilu.voters.pg_bulk import fire_deferred_checks, foreign_keys, secondary_indexes

UPDATE_CHUNK = 900  # ids per UPDATE on SQLite (under its bound-parameter limit)
REBUILD_MIN = 200_000  # PostgreSQL: fewer moves than this never rebuild the indexes
REBUILD_SHARE = 0.5  # … nor do moves below this share of the table's rows
MAINTENANCE_WORK_MEM = "256MB"  # for the index builds, this transaction only


def write_moves(moves: dict[int, list[int]], *, rebuild: bool | None = None) -> str:
    """Set ``tps_id`` of the voters ``moves[tps_id]``. ``rebuild`` forces (True) or forbids (False)
    the PostgreSQL index rebuild; None decides by size. Returns how it was written."""
    if connection.vendor != "postgresql":
        for tps_id, ids in moves.items():
            for i in range(0, len(ids), UPDATE_CHUNK):
                Voter.objects.filter(pk__in=ids[i:i + UPDATE_CHUNK]).update(tps_id=tps_id)
        return "update"
    count = sum(len(ids) for ids in moves.values())
    if rebuild is None:
        rebuild = count >= REBUILD_MIN and count >= REBUILD_SHARE * _table_rows()
    pairs = ((pk, tps_id) for tps_id, ids in moves.items() for pk in ids)
    _update_from(pairs, rebuild=rebuild)
    return "rebuild" if rebuild else "update"


def _table_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Voter._meta.db_table])
        row = cursor.fetchone()
    return max(float(row[0]) if row else 0.0, 0.0)


def _update_from(pairs: Iterable[tuple[int, int]], *, rebuild: bool) -> None:
    table = connection.ops.quote_name(Voter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE pemilu_voter_moves (id bigint, tps_id bigint) ON COMMIT DROP")
        with cursor.cursor.copy("COPY pemilu_voter_moves (id, tps_id) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        cursor.execute("ANALYZE pemilu_voter_moves")
        indexes: list[tuple[str, str]] = []
        keys: list[tuple[str, str]] = []
        if rebuild:
            indexes, keys = secondary_indexes(cursor), foreign_keys(cursor, "tps_id")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            fire_deferred_checks(cursor)
            for name, _definition in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute(f"UPDATE {table} AS v SET tps_id = m.tps_id FROM pemilu_voter_moves AS m "  # noqa: S608
                       "WHERE v.id = m.id")
        if rebuild:
            fire_deferred_checks(cursor)  # rows inserted by this same transaction queue their key checks
        for _name, definition in indexes:
            cursor.execute(definition)
        if rebuild:
            cursor.execute(f"ANALYZE {table}")  # the key check below and the next queries see the new TPS
        for name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
        cursor.execute("DROP TABLE pemilu_voter_moves")
