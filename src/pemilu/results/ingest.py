"""The election-night write path: a batch of C.Hasil submissions (typically the five forms of
one TPS) accepted in ONE transaction with a fixed number of statements, whatever the batch size.

Same rules as ``do_submit_result`` (permission, shape, checks, entry mode, idempotency, running
totals, audit), but set-based: the common case — a form typed for the first time — costs, on
PostgreSQL, one read and ONE prepared autocommit statement per batch (``ingest_pg.py``); on
SQLite about 15 ORM statements per batch (``_write`` below). Both execute the first-entry plan of
``entry.plan_entry``, as ``do_submit_result`` does. Anything unusual
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
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, can_see
from pemilu.audit.events import record_events
from pemilu.core import cache
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.elections.queries import current
from pemilu.regions.models import Tps
from pemilu.results import rollup
from pemilu.results.actions import do_submit_result
from pemilu.results.entry import (
    ChecksFailed,
    EntryPlan,
    clean_figures,
    dpt_reference,
    ensure_tps_in_contest,
    evaluate,
    plan_entry,
)
from pemilu.results.idempotency import run_idempotent
from pemilu.results.models import (
    FORM_FIELDS,
    Contest,
    EntryMode,
    IdempotencyKey,
    Result,
    ResultStatus,
    ResultVersion,
    VersionKind,
)
from pemilu.results.reference import config_for

MAX_BATCH = 25


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


def submit_batch(user: User, submissions: list[dict[str, Any]], *,
                 statement: bool | None = None) -> list[dict[str, Any]]:
    """Validate every item, then store the valid ones with one writer: PostgreSQL's one statement
    (``statement``; the default on PostgreSQL) or the ORM's bulk statements (the default elsewhere;
    ``statement=False`` chooses it on PostgreSQL too, as the three-writer test does)."""
    if statement is None:
        statement = connection.vendor == "postgresql"
    if len(submissions) > MAX_BATCH:
        raise DomainError(_("Paling banyak {n} formulir per kiriman.").format(n=MAX_BATCH))
    items = [_item(i, s) for i, s in enumerate(submissions)]
    _election, mode, contests = _reference({it.contest_code for it in items})
    from pemilu.results import ingest_pg

    pg = ingest_pg.prepare(items) if statement else None
    tps_rows = pg.tps if pg is not None else _tps_rows({it.tps_code for it in items})
    seen_keys: set[str] = set()
    batch_codes = sorted({it.tps_code for it in items})
    references: dict[int, dict[str, dict[str, int]]] = {}
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
        try:
            ensure_tps_in_contest(contest, tps.code)
            it.figures = clean_figures(contest, it.body)
            if contest.election_id not in references:  # the batch's set DPT, one query per election
                references[contest.election_id] = dpt_reference(contest.election_id, batch_codes)
            it.codes = evaluate(it.figures, it.acks, reference=references[contest.election_id].get(tps.code))
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
            ingest_pg.write(user, ready, mode, pg)
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


def _write(user: User, items: list[Item], mode: EntryMode) -> None:
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
        one_by_one(user, fresh, prints)
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


def _fast(user: User, items: list[Item], mode: EntryMode, existing: dict[tuple[int, str], Result]) -> None:
    """Execute each form's first-entry plan (``entry.plan_entry``) with bulk statements."""
    now = timezone.now()
    results: list[Result] = []
    new: list[Result] = []
    plans: list[EntryPlan] = []
    for it in items:
        assert it.contest is not None and it.tps is not None
        row = existing.get((it.contest.pk, it.tps_code))
        if row is None:
            row = Result(contest=it.contest, tps_id=it.tps_code, prov_code=it.tps.prov_code,
                         kab_code=it.tps.kab_code, kec_code=it.tps.kec_code, desa_code=it.tps.desa_code,
                         status=ResultStatus.EMPTY)
            new.append(row)
        results.append(row)
        plans.append(plan_entry(it.figures, it.codes, mode, previous=row.status))
    Result.objects.bulk_create(new)
    versions = ResultVersion.objects.bulk_create([
        ResultVersion(result=row, number=plan.number, kind=VersionKind.ENTRY, codes=it.codes, acknowledgements=it.acks,
                      entered_by=user, votes=it.figures["votes"], **{f: it.figures.get(f) for f in FORM_FIELDS})
        for it, row, plan in zip(items, results, plans, strict=True)])
    deltas: list[tuple[rollup.Key, str, int]] = []
    for it, row, version, plan in zip(items, results, versions, plans, strict=True):
        row.current = version
        row.codes = plan.codes
        row.is_incomplete = plan.is_incomplete
        row.status = plan.status
        row.updated_at = now
        k = (row.contest_id, row.kec_code, row.kab_code, row.prov_code)
        deltas += [(k, choice, value) for choice, value in plan.totals_delta.items()]
        it.status, it.answer = 200, plan.answer(it.tps_code, it.contest_code)
    _update_results(results)
    rollup.bump(rollup.group(deltas))
    record_events([{"event_type": "results.entered", "region_code": row.tps_id, "target_type": "results.result",
                    "target_id": row.pk, "object_repr": row.tps_id, "before": plan.audit_before,
                    "after": plan.audit_after}
                   for row, plan in zip(results, plans, strict=True)], actor=user)


def _update_results(results: list[Result]) -> None:
    """One UPDATE per row, sent as one pipelined executemany (Django's bulk_update builds a CASE
    expression per field, which costs more Python than the rows cost the database)."""
    table = connection.ops.quote_name(Result._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET current_id = %s, codes = %s, is_incomplete = %s, status = %s, "  # noqa: S608
            "updated_at = %s WHERE id = %s",
            [(r.current_id, json.dumps(r.codes), r.is_incomplete, r.status, r.updated_at, r.pk) for r in results])


def _slow(user: User, it: Item) -> None:
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


def one_by_one(user: User, items: list[Item], prints: dict[str, str]) -> None:
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
