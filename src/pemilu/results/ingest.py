"""The election-night write path: a batch of C.Hasil submissions (typically the five forms of
one TPS) accepted in ONE transaction with a fixed number of statements, whatever the batch size.

Same rules as ``do_submit_result`` (permission, shape, checks, entry mode, idempotency, running
totals, audit), but set-based: the common case — a form typed for the first time — costs
about 15 statements per batch instead of ~25 per form. Anything unusual (a result that already
has an entry, a concurrent duplicate) is handed to the per-form action, so there is one set of
rules and this module only decides how many statements it takes.
"""

from __future__ import annotations

import hashlib
import json
import time
import typing
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import can, can_see
from pemilu.audit.events import record_events
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.regions.models import Tps
from pemilu.results import rules
from pemilu.results.actions import ChecksFailed, clean_figures, do_submit_result, evaluate
from pemilu.results.idempotency import run_idempotent
from pemilu.results.models import (
    ADMIN_FIELDS,
    FORM_FIELDS,
    Contest,
    EntryMode,
    IdempotencyKey,
    KecamatanTotal,
    Result,
    ResultVersion,
    Status,
    VersionKind,
)
from pemilu.results.reference import config_for, get_election, tps_in_contest

MAX_BATCH = 25
FIRST_STATUS = {EntryMode.DIRECT: Status.ACCEPTED, EntryMode.VERIFY: Status.SUBMITTED,
                EntryMode.DOUBLE: Status.FIRST_ENTRY}


def fingerprint(tps_code: str, contest_code: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{tps_code}|{contest_code}|{canonical}".encode()).hexdigest()


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
    tps_rows = {t.code: t for t in Tps.objects.filter(code__in={it.tps_code for it in items})}
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
        with transaction.atomic():
            _write(user, ready, mode)
    return [{"index": it.index, "idempotency_key": it.key, "status": it.status, "body": it.answer} for it in items]


REFERENCE_SECONDS = 5.0
_reference_cache: dict[str, tuple[float, Any]] = {}


def _reference(codes: set[str]) -> tuple[Any, EntryMode, dict[str, Contest]]:
    """The election, its entry mode and contests, kept a few seconds per worker: reference data
    that changes before election night, not during it (a changed entry mode applies within
    REFERENCE_SECONDS)."""
    now = time.monotonic()
    hit = _reference_cache.get("ref")
    if hit is None or hit[0] < now:
        election = get_election()
        empty: dict[str, Contest] = {}
        hit = (now + REFERENCE_SECONDS, (election, EntryMode(config_for(election).entry_mode), empty))
        _reference_cache["ref"] = hit
    election, mode, contests = hit[1]
    contests = typing.cast(dict[str, Contest], contests)
    missing = codes - set(contests)
    if missing:
        for c in Contest.objects.select_related("election").filter(election=election, code__in=missing):
            contests[c.code] = c
    return election, mode, {c: contests[c] for c in codes if c in contests}


def forget_reference() -> None:
    _reference_cache.clear()


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
            and existing[(it.contest.pk, it.tps_code)].status != Status.EMPTY]
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
                         status=Status.EMPTY)
            new.append(row)
        results.append(row)
    Result.objects.bulk_create(new)
    versions = ResultVersion.objects.bulk_create([
        ResultVersion(result=row, number=1, kind=VersionKind.ENTRY, codes=it.codes, acknowledgements=it.acks,
                      entered_by=user, votes=it.figures["votes"], **{f: it.figures.get(f) for f in FORM_FIELDS})
        for it, row in zip(items, results, strict=True)])
    deltas: dict[tuple[int, str, str, str, str], int] = {}
    for it, row, version in zip(items, results, versions, strict=True):
        was_new = row in new
        row.current = version
        row.codes = it.codes
        row.is_incomplete = all(it.figures.get(f) is None for f in ADMIN_FIELDS)
        row.status = status
        row.updated_at = now
        delta = rules.status_delta(None if was_new else Status.EMPTY, status)
        if status == Status.ACCEPTED:
            delta.update({k: v for k, v in rules.vote_totals(it.figures).items() if v})
            if row.is_incomplete:
                delta["#incomplete"] = 1
        for choice, value in delta.items():
            k = (row.contest_id, row.kec_code, row.kab_code, row.prov_code, choice)
            deltas[k] = deltas.get(k, 0) + value
        it.status = 200
        it.answer = {"tps": it.tps_code, "contest": it.contest_code, "status": status, "version": 1,
                     "codes": it.codes}
    _update_results(results)
    _bump_many(deltas)
    record_events([{"event_type": "results.entered", "region_code": row.tps_id, "target_type": "results.result",
                    "target_id": row.pk, "object_repr": row.tps_id, "before": {"status": Status.EMPTY},
                    "after": {"status": status, "version": 1, "codes": it.codes}}
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


def _bump_many(deltas: dict[tuple[int, str, str, str, str], int]) -> None:
    """All running-total changes of the batch in one statement, rows in key order so concurrent
    batches lock them in the same order."""
    rows = sorted((k, v) for k, v in deltas.items() if v)
    if not rows:
        return
    table = connection.ops.quote_name(KecamatanTotal._meta.db_table)
    upsert = (f"ON CONFLICT (contest_id, kec_code, choice) DO UPDATE SET votes = {table}.votes + excluded.votes")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Six array parameters instead of six per row: a DPR form has ~200 choice keys, and
            # thousands of placeholders cost more to send than the upsert costs to run.
            cols = list(zip(*[(*k, v) for k, v in rows], strict=True))
            cursor.execute(
                f"INSERT INTO {table} (contest_id, kec_code, kab_code, prov_code, choice, votes) "  # noqa: S608
                "SELECT * FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[], "
                f"%s::bigint[]) {upsert}", [list(c) for c in cols])
        else:
            params: list[Any] = []
            for key, value in rows:
                params += [*key, value]
            values = ",".join(["(%s,%s,%s,%s,%s,%s)"] * len(rows))
            cursor.execute(f"INSERT INTO {table} (contest_id, kec_code, kab_code, prov_code, choice, votes) "  # noqa: S608
                           f"VALUES {values} {upsert}", params)


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
