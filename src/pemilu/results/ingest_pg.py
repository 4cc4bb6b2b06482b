"""The election-night batch on PostgreSQL: ONE prepared statement per batch (``ingest.py``
validates the items and chooses this writer on PostgreSQL; the plan of each first entry comes
from ``entry.plan_entry``, as for the other two writers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from pemilu.accounts.models import User
from pemilu.regions.models import Tps
from pemilu.results import rollup
from pemilu.results.entry import EntryPlan, plan_entry
from pemilu.results.ingest import TPS_COLUMNS, Item, fingerprint, one_by_one
from pemilu.results.models import (
    FORM_FIELDS,
    EntryMode,
    IdempotencyKey,
    KecamatanTotal,
    Result,
    ResultVersion,
    VersionKind,
)

# --- PostgreSQL: the batch in one statement --------------------------------------------------
#
# Before: one read (autocommit) returns the batch's TPS, ids for the new results and versions
# (from their sequences; gaps are harmless) and which region chains exist.
# Then ONE statement, in autocommit — its own transaction, so no BEGIN/COMMIT round trips and no
# lock is held while Python runs — made of data-modifying CTEs, ordered by data dependencies:
#   k      the idempotency keys with the answers, ON CONFLICT DO NOTHING (a concurrent duplicate
#          waits on the unique index here);
#   r, v   results (``current`` already set — the foreign keys are deferred) and versions, once k ran;
#   t      the running-totals upsert (rows in key order), once r ran;
#   heads  the region chain heads, locked in key order, once t ran — the lock order of the
#          per-form path (key, result, totals, chain head last), so the two never deadlock;
#   hashed the audit hash chain continued in SQL (WITH RECURSIVE, sha256): Python prepared each
#          row's canonical JSON around its seq, so the digest equals audit.chain.row_hash;
#   a, hu  the audit rows and the new chain heads.
# If any key was used before, a chain is missing or a row did not go in, the statement fails on
# purpose (a cast of a non-constant text) and nothing of it is kept; then the batch goes through the
# per-form path (``ingest.one_by_one``), which holds the one set of rules (resend → stored answer,
# other body → 409, a result that exists → second entry / 409). A unique violation (a result
# stored meanwhile) takes the same way.

FALLBACK = "pemilu-batch-fallback"
SEQ_MARK = -918273645  # stands for the row's seq in its canonical JSON; never a real seq


@dataclass
class PgPrepared:
    tps: dict[str, Tps]
    result_ids: list[int]
    version_ids: list[int]
    chains: set[str]


def prepare(items: list[Item]) -> PgPrepared:
    from pemilu.audit.events import chain_key_for
    from pemilu.audit.models import AuditChain

    qn = connection.ops.quote_name
    codes = sorted({it.tps_code for it in items})
    chains = sorted({chain_key_for(c) for c in codes})
    n = len(items)
    cols = ", ".join(qn(c) for c in TPS_COLUMNS)
    sql = (f"SELECT (SELECT json_agg(json_build_array({cols})) FROM {qn(Tps._meta.db_table)} "  # noqa: S608
           "WHERE code = ANY(%s)), "
           f"ARRAY(SELECT nextval(pg_get_serial_sequence('{Result._meta.db_table}', 'id')) "
           "FROM generate_series(1, %s)), "
           f"ARRAY(SELECT nextval(pg_get_serial_sequence('{ResultVersion._meta.db_table}', 'id')) "
           "FROM generate_series(1, %s)), "
           f"ARRAY(SELECT key FROM {qn(AuditChain._meta.db_table)} WHERE key = ANY(%s))")
    params = [codes, n, n, chains]
    # This read is the request's first use of its persistent connection, so it doubles as the
    # health check Django would otherwise make with a "SELECT 1" round trip per request
    # (CONN_HEALTH_CHECKS): a connection broken by a database restart fails here, before
    # anything is written, and the read is simply made again on a new connection.
    reused = connection.connection is not None and not connection.in_atomic_block
    if reused:
        connection.health_check_done = True  # type: ignore[attr-defined]  # Django sets it per request
    try:
        row = _execute_prepared(sql, params, fetch=True)
    except (OperationalError, InterfaceError):
        if not reused:
            raise
        connection.close()
        row = _execute_prepared(sql, params, fetch=True)
    assert row is not None
    tps_json, result_ids, version_ids, existing = row
    tps = {row[1]: Tps.from_db("default", TPS_COLUMNS, row) for row in (tps_json or [])}
    return PgPrepared(tps, list(result_ids), list(version_ids), set(existing))


_sql_cache: dict[str, str] = {}


def _spec(model: type[Any], columns: list[str]) -> tuple[str, str]:
    """(column list, json_to_recordset column spec) for ``columns`` of ``model``, typed as Django
    declares them."""
    qn = connection.ops.quote_name
    by_column = {f.column: f for f in model._meta.concrete_fields}
    spec = ", ".join(f"{qn(c)} {by_column[c].db_type(connection)}" for c in columns)
    return ", ".join(qn(c) for c in columns), spec


RESULT_COLUMNS = ["id", "contest_id", "tps_code", "prov_code", "kab_code", "kec_code", "desa_code", "status",
                  "current_id", "codes", "is_incomplete", "corrections", "updated_at"]
VERSION_COLUMNS = ["id", "result_id", "number", "kind", *FORM_FIELDS, "votes", "codes", "acknowledgements",
                   "reason", "entered_by_id", "entered_at"]
AUDIT_COLUMNS = ["chain_key", "created_at", "actor_id", "actor_name", "region_code", "prov_code", "kab_code",
                 "kec_code", "desa_code", "event_type", "target_type", "target_id", "object_repr", "before", "after",
                 "reason", "request_id", "hash_version"]
KEY_COLUMNS = ["user_id", "key", "body_hash", "status_code", "response", "created_at"]


AUDIT_IN_BATCH = True  # benchmarks/audit_cost.py turns it off to price the audit; nothing else does


def _batch_sql() -> str:
    key = "batch" if AUDIT_IN_BATCH else "batch-without-audit"
    if key not in _sql_cache:
        _sql_cache[key] = _build_batch_sql(AUDIT_IN_BATCH)
    return _sql_cache[key]


def _build_batch_sql(audit: bool) -> str:
    from pemilu.audit.models import AuditChain, AuditEvent

    qn = connection.ops.quote_name
    chain = qn(AuditChain._meta.db_table)
    # Locks are taken in the order of the per-form path (do_submit_result: key, result, running
    # totals, chain head last), forced by data dependencies between the CTEs — otherwise a batch
    # and a single submission in the same kecamatan deadlock (test_batch.py caught it).
    after_keys = "(SELECT count(*) FROM k) = %(n)s"
    after_results = "(SELECT count(*) FROM r) = %(n)s"

    def insert(name: str, model: type[Any], columns: list[str], where: str, suffix: str = "") -> str:
        cols, spec = _spec(model, columns)
        return (f"{name} AS (INSERT INTO {qn(model._meta.db_table)} ({cols}) SELECT {cols} "  # noqa: S608
                f"FROM json_to_recordset(%({name})s::json) AS x({spec}) WHERE {where} {suffix} RETURNING 1)")

    audit_cols, audit_spec = _spec(AuditEvent, AUDIT_COLUMNS)
    digest = "encode(sha256(convert_to({prev} || e.pre || ({seq})::text || e.post, 'UTF8')), 'hex')"
    ctes = [insert("k", IdempotencyKey, KEY_COLUMNS, "true", "ON CONFLICT (user_id, key) DO NOTHING")]
    ctes += [
        insert("r", Result, RESULT_COLUMNS, after_keys),
        insert("v", ResultVersion, VERSION_COLUMNS, after_keys),
        insert("t", KecamatanTotal, rollup.COLUMNS, after_results, rollup.upsert_suffix("postgresql")),
    ]
    if audit:
        ctes += [
            f"heads AS (SELECT key, last_seq, last_hash FROM {chain} WHERE key = ANY(%(chain_keys)s) "  # noqa: S608 (names from the models, values bound)
            "AND (SELECT count(*) FROM t) >= 0 AND (SELECT count(*) FROM r) = %(n)s ORDER BY key FOR UPDATE)",
            f"ev AS (SELECT * FROM json_to_recordset(%(ev)s::json) AS x(ord int, pre text, post text, {audit_spec}))",  # noqa: S608
            "hashed AS (SELECT e.chain_key, e.ord, h.last_seq + 1 AS seq, h.last_hash::text AS prev_hash, "  # noqa: S608
            + digest.format(prev="h.last_hash", seq="h.last_seq + 1") + " AS hash "
            "FROM ev e JOIN heads h ON h.key = e.chain_key WHERE e.ord = 1 "
            "UNION ALL SELECT e.chain_key, e.ord, p.seq + 1, p.hash, " + digest.format(prev="p.hash", seq="p.seq + 1")
            + " FROM hashed p JOIN ev e ON e.chain_key = p.chain_key AND e.ord = p.ord + 1)",
        ]
    if audit:
        ctes += [
            f"a AS (INSERT INTO {qn(AuditEvent._meta.db_table)} ({audit_cols}, seq, prev_hash, hash) "  # noqa: S608 (names from the models, values bound)
            f"SELECT {', '.join('e.' + c for c in audit_cols.split(', '))}, h.seq, h.prev_hash, h.hash "
            "FROM ev e JOIN hashed h ON h.chain_key = e.chain_key AND h.ord = e.ord RETURNING 1)",
            f"hu AS (UPDATE {chain} c SET last_seq = x.seq, last_hash = x.hash FROM (SELECT DISTINCT ON (chain_key) "  # noqa: S608
            "chain_key, seq, hash FROM hashed ORDER BY chain_key, ord DESC) x WHERE c.key = x.chain_key RETURNING 1)",
        ]
    counts = ["k", "r", "a", "hu"] if audit else ["k", "r"]
    expected = {"k": "%(n)s", "r": "%(n)s", "a": "%(n)s", "hu": "%(chains)s"}
    # Every count must be what was sent; otherwise fail the statement (the cast of a text that
    # depends on the counts cannot be folded at plan time), so nothing of it is kept.
    return ("WITH RECURSIVE " + ",\n".join(ctes) + "\nSELECT CASE WHEN "  # noqa: S608
            + " AND ".join(f"c.{n} = {expected[n]}" for n in counts)
            + f" THEN c.r ELSE ('{FALLBACK} ' || " + " || ' ' || ".join(f"c.{n}" for n in counts) + ")::int END "
            "FROM (SELECT " + ", ".join(f"(SELECT count(*) FROM {n}) AS {n}" for n in counts) + ") c")  # noqa: S608


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def write(user: User, items: list[Item], mode: EntryMode, pg: PgPrepared) -> None:
    from django.db import DataError

    from pemilu.audit.events import chain_key_for

    prints = {it.key: fingerprint(it.tps_code, it.contest_code, {**it.body, "acknowledgements": it.acks})
              for it in items}
    # Every result is new here (an existing one makes the statement fail over to the per-form path).
    plans = [plan_entry(it.figures, it.codes, mode) for it in items]
    for it, plan in zip(items, plans, strict=True):
        it.status, it.answer = 200, plan.answer(it.tps_code, it.contest_code)
    chains = sorted({chain_key_for(it.tps_code) for it in items})
    missing = [c for c in chains if c not in pg.chains]
    if missing:
        _create_chains(missing)  # a region's first audit row ever
    params = _rows(user, items, plans, pg.result_ids, pg.version_ids, prints)
    params.update(chain_keys=chains, chains=len(chains), n=len(items))
    try:
        if connection.in_atomic_block:  # inside a caller's transaction (tests): a savepoint
            with transaction.atomic():
                _execute_prepared(_batch_sql(), params)
        else:
            _execute_prepared(_batch_sql(), params)
    except (DataError, IntegrityError) as exc:
        if isinstance(exc, DataError) and FALLBACK not in str(exc):
            raise
        for it in items:
            it.status, it.answer = 0, {}
        one_by_one(user, items, prints)


def _execute_prepared(sql: str, params: dict[str, Any] | list[Any], fetch: bool = False) -> tuple[Any, ...] | None:
    """Run one of the batch path's two statements (its read, its write) as a prepared statement of
    this connection (server-side binding, psycopg's ``prepare=True``; ``fetch``: return the first
    row): the planner runs once per connection instead of once per batch
    (0.7 ms of the database's CPU per batch, measured). Errors arrive as Django's, as from
    ``connection.cursor()``. The statement does not pass through Django's query wrappers.

    Django opens psycopg connections with ``prepare_threshold=None``, which makes psycopg ignore
    ``prepare=True`` as well (the statement was planned on every batch until 2026-12-03: the
    server log said ``execute <unnamed>``). A threshold no statement reaches turns explicit
    preparation back on without preparing anything else automatically."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = NEVER_AUTOMATIC
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone() if fetch else None


NEVER_AUTOMATIC = 2**31 - 1  # psycopg prepares a query automatically after this many runs


def _create_chains(keys: list[str]) -> None:
    from pemilu.audit.chain import GENESIS
    from pemilu.audit.models import AuditChain

    table = connection.ops.quote_name(AuditChain._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (key, last_seq, last_hash) SELECT k, 0, %s "  # noqa: S608
                       "FROM unnest(%s::varchar[]) k ON CONFLICT (key) DO NOTHING", [GENESIS, keys])


def _rows(user: User, items: list[Item], plans: list[EntryPlan], result_ids: list[int], version_ids: list[int],
          prints: dict[str, str]) -> dict[str, Any]:
    """The statement's parameters: every row as JSON (column → value)."""
    from pemilu.audit.chain import HASH_VERSION, canonical, normalise_json, placement, utc_iso
    from pemilu.audit.events import chain_key_for
    from pemilu.core.middleware import current_request_id

    now = timezone.now()
    stamp = utc_iso(now)
    request_id = current_request_id.get() or ""
    actor_name = str(user.get_username())[:150]
    keys, results, versions, events = [], [], [], []
    deltas: list[tuple[rollup.Key, str, int]] = []
    per_chain: dict[str, int] = {}
    for it, plan, rid, vid in zip(items, plans, result_ids, version_ids, strict=False):
        assert it.contest is not None and it.tps is not None
        tps = it.tps
        keys.append({"user_id": user.pk, "key": it.key, "body_hash": prints[it.key], "status_code": 200,
                     "response": it.answer, "created_at": stamp})
        results.append({"id": rid, "contest_id": it.contest.pk, "tps_code": tps.code, "prov_code": tps.prov_code,
                        "kab_code": tps.kab_code, "kec_code": tps.kec_code, "desa_code": tps.desa_code,
                        "status": plan.status.value, "current_id": vid, "codes": plan.codes,
                        "is_incomplete": plan.is_incomplete, "corrections": 0, "updated_at": stamp})
        versions.append({"id": vid, "result_id": rid, "number": plan.number, "kind": VersionKind.ENTRY.value,
                         **{f: it.figures.get(f) for f in FORM_FIELDS}, "votes": it.figures["votes"],
                         "codes": it.codes, "acknowledgements": it.acks, "reason": "", "entered_by_id": user.pk,
                         "entered_at": stamp})
        k = (it.contest.pk, tps.kec_code, tps.kab_code, tps.prov_code)
        deltas += [(k, choice, value) for choice, value in plan.totals_delta.items()]
        # The content record_events hashes, with SEQ_MARK where the database puts the seq.
        key = chain_key_for(tps.code)
        per_chain[key] = per_chain.get(key, 0) + 1
        content: dict[str, Any] = {
            "chain_key": key, "seq": SEQ_MARK, "created_at": stamp, "actor_id": user.pk, "actor_name": actor_name,
            "region_code": tps.code, "event_type": "results.entered", "target_type": "results.result",
            "target_id": str(rid), "object_repr": tps.code[:200], "before": normalise_json(plan.audit_before),
            "after": normalise_json(plan.audit_after),
            "reason": "", "request_id": request_id, **placement(tps.code), "hash_version": HASH_VERSION,
        }
        pre, post = canonical(content).split(f'"seq":{SEQ_MARK}')
        del content["seq"]
        events.append({**content, "ord": per_chain[key], "pre": pre + '"seq":', "post": post})
    totals = [{"contest_id": k[0], "kec_code": k[1], "kab_code": k[2], "prov_code": k[3], "totals": t}
              for k, t in rollup.group(deltas)]
    return {"k": _dumps(keys), "r": _dumps(results), "v": _dumps(versions), "t": _dumps(totals), "ev": _dumps(events)}
