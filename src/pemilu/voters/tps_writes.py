"""Writing the voters' TPS after a mapping (issue 22 items 5 and 8) into the narrow ``VoterTps``
table (voter id, TPS id), the database's bulk way; the wide voter rows are never rewritten.

SQLite: one ``INSERT … ON CONFLICT (voter_id) DO UPDATE`` per pair, ``executemany`` per
``CHUNK`` pairs.

PostgreSQL: the pairs go in with ``COPY`` into a temporary table and one ``INSERT … SELECT … ON
CONFLICT (voter_id) DO UPDATE`` writes them. A mapping of most of the table (``BULK_SHARE`` of the
voters, at least ``BULK_MIN`` moves: a kab/kota's own database, its first mapping) drops the narrow
table's TPS index and its two foreign keys first and re-creates them after the write (one join per
key instead of one deferred check per row and key — 8 M checks for 4 M voters); that takes the
ACCESS EXCLUSIVE lock of the voter table and the TPS table until the mapping commits, which is why
a kab/kota inside a national table always takes the plain path. Everything runs in the caller's
transaction: a failure rolls back the keys and the index too.

Why a table of its own: setting the TPS on the voter rows meant a new version of every wide row
(1.8 GB of heap at 4 M voters, doubled by the UPDATE, through PostgreSQL's default 128 MB of shared
buffers) and of its indexes: the 4 M mapping took 256 s that way and takes 56 s with the narrow
table (169 MB), on the same quiet box (docs/benchmarks.md, "session 3: TPS mapping").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.backends.utils import CursorWrapper

from pemilu.voters.models import Voter, VoterTps
from pemilu.voters.pg_bulk import fire_deferred_checks, foreign_keys, secondary_indexes

CHUNK = 10_000  # pairs per executemany on SQLite
BULK_MIN = 200_000  # PostgreSQL: fewer moves than this never drop the keys
BULK_SHARE = 0.5  # … nor do moves below this share of the voter table's rows
MAINTENANCE_WORK_MEM = "256MB"  # for the index build, this transaction only


def write_moves(moves: dict[int, list[int]], *, bulk: bool | None = None) -> str:
    """Set the TPS of the voters ``moves[tps_id]`` (a row of ``VoterTps`` each, created or replaced).
    ``bulk`` forces (True) or forbids (False) PostgreSQL's key-less write; None decides by size.
    Returns how it was written ("upsert" or "bulk")."""
    pairs = ((pk, tps_id) for tps_id, ids in moves.items() for pk in ids)
    if connection.vendor != "postgresql":
        write_pairs(pairs)
        return "upsert"
    count = sum(len(ids) for ids in moves.values())
    if bulk is None:
        bulk = count >= BULK_MIN and count >= BULK_SHARE * _voter_rows()
    _copy_upsert(pairs, bulk=bulk)
    return "bulk" if bulk else "upsert"


def write_pairs(pairs: Iterable[tuple[int, int | None]]) -> None:
    """(voter id, TPS id or None) into ``VoterTps``, row by row (SQLite; small writes on PostgreSQL)."""
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(VoterTps._meta.db_table)} (voter_id, tps_id) VALUES (%s, %s) "  # noqa: S608
           "ON CONFLICT (voter_id) DO UPDATE SET tps_id = excluded.tps_id")
    with connection.cursor() as cursor:
        for chunk in _chunks(pairs):
            cursor.executemany(sql, chunk)


def _chunks(pairs: Iterable[tuple[int, int | None]]) -> Iterator[list[tuple[int, int | None]]]:
    chunk: list[tuple[int, int | None]] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _voter_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Voter._meta.db_table])
        row = cursor.fetchone()
    return max(float(row[0]) if row else 0.0, 0.0)


def _copy_upsert(pairs: Iterable[tuple[int, int]], *, bulk: bool) -> None:
    table = connection.ops.quote_name(VoterTps._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE pemilu_voter_moves (id bigint, tps_id bigint) ON COMMIT DROP")
        with cursor.cursor.copy("COPY pemilu_voter_moves (id, tps_id) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        cursor.execute("ANALYZE pemilu_voter_moves")
        indexes: list[tuple[str, str]] = []
        keys: list[tuple[str, str]] = []
        if bulk:
            indexes, keys = _drop_keys(cursor)
        cursor.execute(f"INSERT INTO {table} (voter_id, tps_id) SELECT id, tps_id FROM pemilu_voter_moves "  # noqa: S608
                       "ORDER BY id ON CONFLICT (voter_id) DO UPDATE SET tps_id = excluded.tps_id")
        if bulk:
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute(f"ANALYZE {table}")  # the key checks below and the next queries see the rows
            for name, definition in keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
        cursor.execute("DROP TABLE pemilu_voter_moves")


def _drop_keys(cursor: CursorWrapper) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Drop the narrow table's secondary indexes and foreign keys; return them to re-create."""
    table = connection.ops.quote_name(VoterTps._meta.db_table)
    indexes, keys = secondary_indexes(cursor, VoterTps), foreign_keys(cursor, model=VoterTps)
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    fire_deferred_checks(cursor)
    for name, _definition in keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return indexes, keys
