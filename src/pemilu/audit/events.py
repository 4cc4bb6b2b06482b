"""Writing audit events. Called by every action, inside the action's transaction."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from pemilu.accounts.models import User
from pemilu.audit import holds
from pemilu.audit.chain import HASH_VERSION, HASHED_FIELDS, normalise_json, placement, row_hash
from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.core.levels import ancestor_codes
from pemilu.core.middleware import current_request_id


def chain_key_for(region_code: str) -> str:
    level: int = settings.PEMILU_AUDIT_CHAIN_LEVEL
    return ancestor_codes(region_code).get(level, region_code)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The model's concrete field values, for before/after."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = field.value_from_object(obj)
    clean = normalise_json(data)
    assert isinstance(clean, dict)  # a dict of JSON values stays one
    return clean


_pending: contextvars.ContextVar[list[tuple[Any, dict[str, Any]]] | None] = contextvars.ContextVar(
    "pending_audit_events", default=None)


@contextmanager
def appended_at_end() -> Iterator[None]:
    """Inside an action's transaction, for a loop that records one event per row: the events
    recorded in the block are appended to their chains when the block ends, in one batch
    (``record_events``), so the chain head is locked for the append only, not for the whole
    loop (issue 17 item 6). Same rows and order as recording them one by one; nothing is
    appended if the block raises."""
    if _pending.get() is not None:
        yield
        return
    buffer: list[tuple[Any, dict[str, Any]]] = []
    token = _pending.set(buffer)
    try:
        yield
    finally:
        _pending.reset(token)
    for _pk, group in groupby(buffer, key=lambda item: item[0].pk):
        items = list(group)
        record_events([ev for _actor, ev in items], actor=items[0][0])


def record_event(
    event_type: str,
    *,
    actor: User,
    region_code: str = "",
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    object_repr: str = "",
    before: object = None,
    after: object = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to its region's chain. Must run inside the caller's transaction so the
    event commits (or rolls back) with the change it records. Inside ``appended_at_end`` the
    event is appended when that block ends (what is returned then is not saved yet)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the action's transaction")
    if actor is None:
        raise ValueError("every audit event needs an actor (use a system user for jobs)")
    if target is not None:
        # A renamed model keeps the label its rows were audited under (``audit_label``), so a
        # record's history reads under one target type (issue 18 item 6).
        target_type = target_type or getattr(type(target), "audit_label", target._meta.label_lower)
        target_id = target_id or str(target.pk)
        object_repr = object_repr or str(target)[:200]
    buffer = _pending.get()
    if buffer is not None:
        pending = {"event_type": event_type, "region_code": region_code, "target_type": target_type,
                   "target_id": target_id, "object_repr": object_repr, "before": before, "after": after,
                   "reason": reason}
        buffer.append((actor, pending))
        return AuditEvent(actor_id=actor.pk, **pending)
    key = chain_key_for(region_code)
    # Lock only this region's chain head, and only now, at the end of the action, so the
    # lock is held for the shortest time.
    chain, _ = AuditChain.objects.get_or_create(key=key)
    holds.start(key, event_type)
    chain = AuditChain.objects.select_for_update().get(pk=chain.pk)
    content: dict[str, Any] = {
        "chain_key": key,
        "seq": chain.last_seq + 1,
        "created_at": timezone.now(),
        "actor_id": actor.pk,
        "actor_name": str(actor.get_username())[:150],
        "region_code": region_code,
        "event_type": event_type,
        "target_type": target_type,
        "target_id": target_id,
        "object_repr": object_repr[:200],
        "before": normalise_json(before),
        "after": normalise_json(after),
        "reason": reason,
        "request_id": current_request_id.get() or "",
        **placement(region_code),
        "hash_version": HASH_VERSION,
    }
    assert set(content) == set(HASHED_FIELDS)
    digest = row_hash(chain.last_hash, content)
    event = AuditEvent.objects.create(prev_hash=chain.last_hash, hash=digest, **content)
    AuditChain.objects.filter(pk=chain.pk).update(last_seq=content["seq"], last_hash=digest)
    return event


def record_events(events: list[dict[str, Any]], *, actor: User) -> list[AuditEvent]:
    """Append many events in one go (the election-night write path): each chain is locked once,
    in key order (so two batches never deadlock), the rows are hashed in sequence and inserted
    with one statement. Same content and chaining as ``record_event``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_events must be called inside the action's transaction")
    if actor is None:
        raise ValueError("every audit event needs an actor (use a system user for jobs)")
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_chain.setdefault(chain_key_for(ev.get("region_code", "")), []).append(ev)
    now = timezone.now()
    rid = current_request_id.get() or ""
    rows: list[AuditEvent] = []
    for key in sorted(by_chain):
        holds.start(key, by_chain[key][0]["event_type"])
        chain = AuditChain.objects.select_for_update().filter(key=key).first()
        if chain is None:
            AuditChain.objects.get_or_create(key=key)
            chain = AuditChain.objects.select_for_update().get(key=key)
        seq, prev = chain.last_seq, chain.last_hash
        for ev in by_chain[key]:
            region_code = ev.get("region_code", "")
            seq += 1
            content: dict[str, Any] = {
                "chain_key": key, "seq": seq, "created_at": now, "actor_id": actor.pk,
                "actor_name": str(actor.get_username())[:150], "region_code": region_code,
                "event_type": ev["event_type"], "target_type": ev.get("target_type", ""),
                "target_id": str(ev.get("target_id", "")), "object_repr": str(ev.get("object_repr", ""))[:200],
                "before": normalise_json(ev.get("before")), "after": normalise_json(ev.get("after")),
                "reason": ev.get("reason", ""), "request_id": rid,
                **placement(region_code), "hash_version": HASH_VERSION,
            }
            digest = row_hash(prev, content)
            rows.append(AuditEvent(prev_hash=prev, hash=digest, **content))
            prev = digest
        AuditChain.objects.filter(pk=chain.pk).update(last_seq=seq, last_hash=prev)
    return AuditEvent.objects.bulk_create(rows)
