"""The kecamatan running totals: one row per contest and kecamatan whose ``totals`` JSON maps
each choice key (and the ``#`` counters) to its sum.

Writers add a form's figures with one ``INSERT … ON CONFLICT DO UPDATE`` whose update adds the
new figures key by key inside the database (``merge_sql``), so concurrent writers never read
and write back (no lost update) and the row lock is held only for the statement's update.
Rows are written in (contest, kecamatan) order, so writers lock them in the same order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from django.db import connection

from pemilu.results.models import KecamatanTotal

Key = tuple[int, str, str, str]  # contest id, kec_code, kab_code, prov_code
COLUMNS = ["contest_id", "kec_code", "kab_code", "prov_code", "totals"]


def merge_sql(vendor: str, table: str) -> str:
    """The SET expression adding ``excluded.totals`` into the stored row, key by key."""
    if vendor == "postgresql":
        # The stored keys the form does not touch stay; the touched ones are replaced by their
        # sums (``||`` on jsonb objects: the right side wins). ``->>`` is a binary search.
        return (f"totals = {table}.totals || coalesce((SELECT jsonb_object_agg(d.key, d.value::bigint "  # noqa: S608 (a table name from the model)
                f"+ coalesce(({table}.totals ->> d.key)::bigint, 0)) FROM jsonb_each_text(excluded.totals) d), "
                "'{}'::jsonb)")
    path = "'$.\"' || d.key || '\"'"
    return (f"totals = json_patch({table}.totals, coalesce((SELECT json_group_object(d.key, d.value "  # noqa: S608 (a table name from the model)
            f"+ coalesce(json_extract({table}.totals, {path}), 0)) FROM json_each(excluded.totals) d), '{{}}'))")


def upsert_suffix(vendor: str) -> str:
    table = connection.ops.quote_name(KecamatanTotal._meta.db_table)
    return f"ON CONFLICT (contest_id, kec_code) DO UPDATE SET {merge_sql(vendor, table)}"


def group(deltas: Iterable[tuple[Key, str, int]]) -> list[tuple[Key, dict[str, int]]]:
    """(row key, choice, delta) triples → one totals dict per row, in lock order, zeros dropped."""
    rows: dict[Key, dict[str, int]] = {}
    for key, choice, value in deltas:
        if value:
            row = rows.setdefault(key, {})
            row[choice] = row.get(choice, 0) + value
    return [(k, {c: v for c, v in sorted(t.items()) if v}) for k, t in sorted(rows.items()) if any(t.values())]


def bump(rows: list[tuple[Key, dict[str, int]]]) -> None:
    """Add each row's figures into the running totals in one statement."""
    rows = [r for r in rows if r[1]]
    if not rows:
        return
    table = connection.ops.quote_name(KecamatanTotal._meta.db_table)
    cols = ", ".join(COLUMNS)
    params: list[Any] = []
    for (contest_id, kec, kab, prov), totals in rows:
        params += [contest_id, kec, kab, prov, orjson.dumps(totals).decode()]
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    values = ",".join([f"(%s, %s, %s, %s, %s{cast})"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({cols}) VALUES {values} {upsert_suffix(connection.vendor)}",  # noqa: S608
                       params)


def add_into(into: dict[str, int], totals: dict[str, Any]) -> None:
    for choice, value in totals.items():
        into[choice] = into.get(choice, 0) + int(value)
