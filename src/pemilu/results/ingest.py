"""The election-night write path: a batch of C.Hasil submissions (typically the five forms of
one TPS) accepted in ONE transaction with a fixed number of statements, whatever the batch size.

Same rules as ``do_submit_result`` (permission, shape, checks, entry mode, idempotency, running
totals, audit), but set-based: the common case — a form typed for the first time — costs, on
PostgreSQL, one read and ONE prepared autocommit statement per batch (see "PostgreSQL: the
batch in one statement" below); on SQLite about 15 ORM statements per batch. Anything unusual
(a result that already has an entry, a used key, a concurrent duplicate) is handed to the
per-form action, so there is one set of rules and this module only decides how many statements
it takes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import can, can_see
from pemilu.audit.events import record_events
from pemilu.core import cache
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.elections.queries import current
from pemilu.regions.models import Tps
from pemilu.results import rollup, rules
from pemilu.results.actions import ChecksFailed, clean_figures, do_submit_result, evaluate
from pemilu.results.dapil import tps_in_contest
from pemilu.results.idempotency import run_idempotent
from pemilu.results.models import (
    FORM_FIELDS,
    Contest,
    EntryMode,
    IdempotencyKey,
    KecamatanTotal,
    Result,
    ResultStatus,
    ResultVersion,
    VersionKind,
)
from pemilu.results.reference import config_for

MAX_BATCH = 25
FIRST_STATUS = {EntryMode.DIRECT: ResultStatus.ACCEPTED, EntryMode.VERIFY: ResultStatus.SUBMITTED,
                EntryMode.DOUBLE: ResultStatus.FIRST_ENTRY}


def fingerprint(tps_code: str, contest_code: str, body: dict[str, Any]) -> str:
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(f"{tps_code}|{contest_code}|".encode() + canonical).hexdigest()


@dataclass
class Item:
    index: int
    tps_code: str
    contest_code: str
    key: str
    body: dict[str, Any]
    acks: dict[str, str]
    status: int = 0
    answer: dict[str, Any] = field(default_factory=dict)
    contest: Contest | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    tps: Tps | None = None

    def fail(self, status: int, detail: str, codes: list[str] | None = None) -> None:
        self.status, self.answer = status, {"detail": detail, "codes": codes or []}


def submit_batch(user: Any, submissions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(submissions) > MAX_BATCH:
        raise DomainError(_("Paling banyak {n} formulir per kiriman.").format(n=MAX_BATCH))
    items = [_item(i, s) for i, s in enumerate(submissions)]
    election, mode, contests = _reference({it.contest_code for it in items})
    pg = _prepare_pg(items) if connection.vendor == "postgresql" else None
    tps_rows = pg.tps if pg is not None else _tps_rows({it.tps_code for it in items})
    seen_keys: set[str] = set()
    for it in items:
        if it.status:
            continue
        if it.key in seen_keys:
            it.fail(400, _("Kunci idempotensi ganda dalam satu kiriman."))
            continue
        seen_keys.add(it.key)
        tps = tps_rows.get(it.tps_code)
        # Out of scope answers exactly like a missing TPS (404), inside scope without the role 403.
        if tps is None or not can_see(user, tps):
            it.fail(404, _("TPS tidak ditemukan."))
            continue
        if not can(user, "results.enter", tps):
            it.fail(403, _("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
            continue
        contest = contests.get(it.contest_code)
        if contest is None:
            it.fail(404, _("Pemilihan tidak ditemukan."))
            continue
        if not tps_in_contest(election, contest, tps.code):
            it.fail(400, _("TPS ini tidak memilih dalam pemilihan tersebut."))
            continue
        try:
            it.figures = clean_figures(contest, it.body)
            it.codes = evaluate(it.figures, it.acks)
        except ChecksFailed as exc:
            it.fail(422, exc.message, exc.codes)
            continue
        except DomainError as exc:
            it.fail(400, exc.message)
            continue
        it.tps, it.contest = tps, contest
    ready = [it for it in items if not it.status]
    if ready:
        if pg is not None:
            _write_pg(user, ready, mode, pg)
        else:
            with transaction.atomic():
                _write(user, ready, mode)
    return [{"index": it.index, "idempotency_key": it.key, "status": it.status, "body": it.answer} for it in items]


TPS_COLUMNS = ["id", "code", "prov_code", "kab_code", "kec_code", "desa_code"]


def _tps_rows(codes: set[str]) -> dict[str, Tps]:
    """The batch's TPS in one plain query (the ORM's query building cost more than the query):
    instances with only the scope columns loaded, the others deferred."""
    qn = connection.ops.quote_name
    table = qn(Tps._meta.db_table)
    cols = ", ".join(qn(c) for c in TPS_COLUMNS)
    ordered = sorted(codes)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {cols} FROM {table} WHERE code = ANY(%s)", [ordered])  # noqa: S608
        else:
            marks = ",".join(["%s"] * len(ordered))
            cursor.execute(f"SELECT {cols} FROM {table} WHERE code IN ({marks})", ordered)  # noqa: S608
        rows = cursor.fetchall()
    return {row[1]: Tps.from_db("default", TPS_COLUMNS, row) for row in rows}


REFERENCE_SECONDS = 5.0
CONTEST_SECONDS = 300.0  # a re-imported ballot applies within five minutes where the cache is not shared


def _reference(codes: set[str]) -> tuple[Any, EntryMode, dict[str, Contest]]:
    """The election, its entry mode and contests, kept per worker (core/cache.py, namespace
    "results"): reference data that changes before election night, not during it."""

    def load_election() -> tuple[Any, EntryMode]:
        election = current()
        return election, EntryMode(config_for(election).entry_mode)

    election, mode = cache.remember("results", "election", load_election, REFERENCE_SECONDS)

    def load_contests() -> dict[str, Contest]:
        # Every contest of the election at once (2,749 in 2024 with their ballots: ~85 MB per
        # worker, measured): one query per worker every CONTEST_SECONDS instead of one per request
        # while the cache warms (17 % of a worker's CPU in a short run). DPR/DPRD contests differ
        # per dapil, so a cache of single contests renewed every few seconds would mostly miss.
        contests = {}
        for c in Contest.objects.filter(election=election):
            c.election = election
            contests[c.code] = c
        return contests

    key = ("contests", election.pk)
    contests = cache.remember("results", key, load_contests, CONTEST_SECONDS)
    if any(c not in contests for c in codes):  # a contest this worker has not seen yet
        cache.forget("results", key)
        contests = cache.remember("results", key, load_contests, CONTEST_SECONDS)
    return election, mode, {c: contests[c] for c in codes if c in contests}


def cached_contest(code: str) -> Contest | None:
    """The current election's contest ``code`` (its ``election`` loaded) from this worker's
    reference cache: the recap and public pages read it on every request."""
    return _reference({code})[2].get(code)


def warm_reference() -> None:
    """Fill this process's reference cache (gunicorn's post_worker_init)."""
    from pemilu.results.dapil import area_map

    election = _reference({"ppwp"})[0]
    area_map(election.pk)


def _item(index: int, raw: dict[str, Any]) -> Item:
    body = dict(raw)
    tps_code = str(body.pop("tps", ""))
    contest_code = str(body.pop("contest", ""))
    key = str(body.pop("idempotency_key", "")).strip()
    acks = body.pop("acknowledgements", None) or {}
    it = Item(index, tps_code, contest_code, key, body, acks)
    if not key or len(key) > 100:
        it.fail(400, _("Kunci idempotensi wajib (maksimal 100 karakter)."))
    return it


def _write(user: Any, items: list[Item], mode: EntryMode) -> None:
    prints = {it.key: fingerprint(it.tps_code, it.contest_code, {**it.body, "acknowledgements": it.acks})
              for it in items}
    # 1. Idempotency: insert every key up front (a concurrent duplicate waits on the unique index).
    # A key already used — a resend, or another body (409) — sends the batch through the
    # per-form path, which answers each from what was stored.
    fresh = list(items)
    try:
        with transaction.atomic():
            keys = IdempotencyKey.objects.bulk_create(
                [IdempotencyKey(user=user, key=it.key, body_hash=prints[it.key]) for it in fresh])
    except IntegrityError:
        _one_by_one(user, fresh, prints)
        return
    key_rows = {k.key: k for k in keys}
    # 2. Results: forms typed for the first time take the set-based path.
    pairs = {(it.contest.pk, it.tps_code) for it in fresh if it.contest is not None}
    existing = {(r.contest_id, r.tps_id): r for r in Result.objects.select_for_update().filter(
        contest_id__in={c for c, _ in pairs}, tps_id__in={t for _, t in pairs})}
    slow = [it for it in fresh if it.contest is not None and (it.contest.pk, it.tps_code) in existing
            and existing[(it.contest.pk, it.tps_code)].status != ResultStatus.EMPTY]
    fast = [it for it in fresh if it not in slow]
    if fast:
        try:
            with transaction.atomic():
                _fast(user, fast, mode, existing)
        except IntegrityError:
            slow += fast  # another request created one of these results meanwhile
    for it in slow:
        _slow(user, it)
    # A form refused on the slow path keeps no key (as with a single submission): the client
    # may fix it and send it again under the same key.
    refused = [key_rows[it.key].pk for it in fresh if it.status != 200]
    if refused:
        IdempotencyKey.objects.filter(pk__in=refused).delete()
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET response = %s, status_code = %s WHERE id = %s",  # noqa: S608
            [(json.dumps(it.answer), it.status, key_rows[it.key].pk) for it in fresh if it.status == 200])


def _fast(user: Any, items: list[Item], mode: EntryMode, existing: dict[tuple[int, str], Result]) -> None:
    status = FIRST_STATUS[mode]
    now = timezone.now()
    results: list[Result] = []
    new: list[Result] = []
    for it in items:
        assert it.contest is not None and it.tps is not None
        row = existing.get((it.contest.pk, it.tps_code))
        if row is None:
            row = Result(contest=it.contest, tps_id=it.tps_code, prov_code=it.tps.prov_code,
                         kab_code=it.tps.kab_code, kec_code=it.tps.kec_code, desa_code=it.tps.desa_code,
                         status=ResultStatus.EMPTY)
            new.append(row)
        results.append(row)
    Result.objects.bulk_create(new)
    versions = ResultVersion.objects.bulk_create([
        ResultVersion(result=row, number=1, kind=VersionKind.ENTRY, codes=it.codes, acknowledgements=it.acks,
                      entered_by=user, votes=it.figures["votes"], **{f: it.figures.get(f) for f in FORM_FIELDS})
        for it, row in zip(items, results, strict=True)])
    deltas: list[tuple[rollup.Key, str, int]] = []
    for it, row, version in zip(items, results, versions, strict=True):
        was_new = row in new
        row.current = version
        row.codes = it.codes
        row.is_incomplete = rules.is_incomplete(it.figures)
        row.status = status
        row.updated_at = now
        delta = rules.status_delta(None if was_new else ResultStatus.EMPTY, status)
        if status == ResultStatus.ACCEPTED:
            delta.update({k: v for k, v in (rules.vote_totals(it.figures) or {}).items() if v})
            if row.is_incomplete:
                delta["#incomplete"] = 1
        k = (row.contest_id, row.kec_code, row.kab_code, row.prov_code)
        deltas += [(k, choice, value) for choice, value in delta.items()]
        it.status = 200
        it.answer = {"tps": it.tps_code, "contest": it.contest_code, "status": status, "version": 1,
                     "codes": it.codes}
    _update_results(results)
    rollup.bump(rollup.group(deltas))
    record_events([{"event_type": "results.entered", "region_code": row.tps_id, "target_type": "results.result",
                    "target_id": row.pk, "object_repr": row.tps_id, "before": {"status": ResultStatus.EMPTY},
                    "after": {"status": status, "version": 1, "digest": rules.figures_digest(it.figures),
                              "codes": it.codes}}
                   for it, row in zip(items, results, strict=True)], actor=user)


def _update_results(results: list[Result]) -> None:
    """One UPDATE per row, sent as one pipelined executemany (Django's bulk_update builds a CASE
    expression per field, which costs more Python than the rows cost the database)."""
    table = connection.ops.quote_name(Result._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET current_id = %s, codes = %s, is_incomplete = %s, status = %s, "  # noqa: S608
            "updated_at = %s WHERE id = %s",
            [(r.current_id, json.dumps(r.codes), r.is_incomplete, r.status, r.updated_at, r.pk) for r in results])


def _slow(user: Any, it: Item) -> None:
    assert it.contest is not None and it.tps is not None
    try:
        with transaction.atomic():
            result = do_submit_result(it.contest, it.tps, it.figures, actor=user, acknowledgements=it.acks)
        assert result.current is not None
        it.status, it.answer = 200, {"tps": it.tps_code, "contest": it.contest_code, "status": result.status,
                                     "version": result.current.number, "codes": result.codes}
    except ChecksFailed as exc:
        it.fail(422, exc.message, exc.codes)
    except ConflictError as exc:
        it.fail(409, exc.message)
    except DomainError as exc:
        it.fail(exc.status, exc.message)


def _one_by_one(user: Any, items: list[Item], prints: dict[str, str]) -> None:
    for it in items:
        def send(it: Item = it) -> dict[str, Any]:
            _slow(user, it)
            if it.status != 200:
                raise _NotStored(it)
            return it.answer

        try:
            with transaction.atomic():
                it.answer = run_idempotent(user, it.key, prints[it.key], send)
                it.status = 200
        except _NotStored:
            pass
        except ConflictError as exc:
            it.fail(409, exc.message)


class _NotStored(Exception):
    def __init__(self, item: Item) -> None:
        super().__init__(item.key)
        self.item = item


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
# per-form path (``_one_by_one``), which holds the one set of rules (resend → stored answer,
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


def _prepare_pg(items: list[Item]) -> PgPrepared:
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


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _write_pg(user: Any, items: list[Item], mode: EntryMode, pg: PgPrepared) -> None:
    from django.db import DataError

    from pemilu.audit.events import chain_key_for

    status = FIRST_STATUS[mode]
    prints = {it.key: fingerprint(it.tps_code, it.contest_code, {**it.body, "acknowledgements": it.acks})
              for it in items}
    for it in items:
        it.status = 200
        it.answer = {"tps": it.tps_code, "contest": it.contest_code, "status": status, "version": 1,
                     "codes": it.codes}
    chains = sorted({chain_key_for(it.tps_code) for it in items})
    missing = [c for c in chains if c not in pg.chains]
    if missing:
        _create_chains(missing)  # a region's first audit row ever
    params = _rows(user, items, status, pg.result_ids, pg.version_ids, prints)
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
        _one_by_one(user, items, prints)


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


def _rows(user: Any, items: list[Item], status: str, result_ids: list[int], version_ids: list[int],
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
    for it, rid, vid in zip(items, result_ids, version_ids, strict=False):
        assert it.contest is not None and it.tps is not None
        tps = it.tps
        keys.append({"user_id": user.pk, "key": it.key, "body_hash": prints[it.key], "status_code": 200,
                     "response": it.answer, "created_at": stamp})
        incomplete = rules.is_incomplete(it.figures)
        results.append({"id": rid, "contest_id": it.contest.pk, "tps_code": tps.code, "prov_code": tps.prov_code,
                        "kab_code": tps.kab_code, "kec_code": tps.kec_code, "desa_code": tps.desa_code,
                        "status": status, "current_id": vid, "codes": it.codes, "is_incomplete": incomplete,
                        "corrections": 0, "updated_at": stamp})
        versions.append({"id": vid, "result_id": rid, "number": 1, "kind": VersionKind.ENTRY.value,
                         **{f: it.figures.get(f) for f in FORM_FIELDS}, "votes": it.figures["votes"],
                         "codes": it.codes, "acknowledgements": it.acks, "reason": "", "entered_by_id": user.pk,
                         "entered_at": stamp})
        delta = rules.status_delta(None, status)
        if status == ResultStatus.ACCEPTED:
            delta.update({k: v for k, v in (rules.vote_totals(it.figures) or {}).items() if v})
            if incomplete:
                delta["#incomplete"] = 1
        k = (it.contest.pk, tps.kec_code, tps.kab_code, tps.prov_code)
        deltas += [(k, choice, value) for choice, value in delta.items()]
        # The content record_events hashes, with SEQ_MARK where the database puts the seq.
        key = chain_key_for(tps.code)
        per_chain[key] = per_chain.get(key, 0) + 1
        content: dict[str, Any] = {
            "chain_key": key, "seq": SEQ_MARK, "created_at": stamp, "actor_id": user.pk, "actor_name": actor_name,
            "region_code": tps.code, "event_type": "results.entered", "target_type": "results.result",
            "target_id": str(rid), "object_repr": tps.code[:200], "before": {"status": ResultStatus.EMPTY.value},
            "after": normalise_json({"status": status, "version": 1, "digest": rules.figures_digest(it.figures),
                                     "codes": it.codes}),
            "reason": "", "request_id": request_id, **placement(tps.code), "hash_version": HASH_VERSION,
        }
        pre, post = canonical(content).split(f'"seq":{SEQ_MARK}')
        del content["seq"]
        events.append({**content, "ord": per_chain[key], "pre": pre + '"seq":', "post": post})
    totals = [{"contest_id": k[0], "kec_code": k[1], "kab_code": k[2], "prov_code": k[3], "totals": t}
              for k, t in rollup.group(deltas)]
    return {"k": _dumps(keys), "r": _dumps(results), "v": _dumps(versions), "t": _dumps(totals), "ev": _dumps(events)}
