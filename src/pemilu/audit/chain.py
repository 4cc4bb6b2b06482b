"""Canonical content and hashing of audit rows. Pure functions; no database."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "chain_key", "seq", "created_at", "actor_id", "actor_name", "region_code", "event_type",
    "target_type", "target_id", "object_repr", "before", "after", "reason", "request_id",
)


def normalise_json(value: Any) -> Any:
    """Round-trip through JSON so what we hash is exactly what the database gives back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def utc_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(prev_hash: str, content: dict[str, Any]) -> str:
    payload = dict(content)
    payload["created_at"] = utc_iso(payload["created_at"])
    return hashlib.sha256((prev_hash + canonical(payload)).encode()).hexdigest()
