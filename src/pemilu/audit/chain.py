"""Canonical content and hashing of audit rows. Pure functions; no database.

Two hash rules exist (``AuditEvent.hash_version``):

* 1 (rows written before 2026-12-04, ``hash_version`` NULL): the fields of ``HASHED_FIELDS_V1``;
  the scope columns (prov/kab/kec/desa) were outside the hash. They still verify under this
  rule, and ``pemilu audit verify`` checks their scope columns against ``region_code``.
* 2 (every row since): also the scope columns and the rule number itself, so a row cannot be
  moved to another region, nor claim the old rule, without breaking its hash (issue 17).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pemilu.core.levels import ancestor_codes

GENESIS = "0" * 64
HASH_VERSION = 2
HASHED_FIELDS_V1 = (
    "chain_key", "seq", "created_at", "actor_id", "actor_name", "region_code", "event_type",
    "target_type", "target_id", "object_repr", "before", "after", "reason", "request_id",
)
PLACEMENT_FIELDS = ("prov_code", "kab_code", "kec_code", "desa_code")
HASHED_FIELDS = (*HASHED_FIELDS_V1, *PLACEMENT_FIELDS, "hash_version")


def hashed_fields(version: int | None) -> tuple[str, ...]:
    """The columns hashed under rule ``version`` (None: a row from before rule 2)."""
    if version is None or version == 1:
        return HASHED_FIELDS_V1
    if version == HASH_VERSION:
        return HASHED_FIELDS
    raise ValueError(f"unknown audit hash version {version!r}")


def placement(region_code: str) -> dict[str, str]:
    """The scope columns that place a row of ``region_code`` (derived, never chosen)."""
    codes = ancestor_codes(region_code)
    return {"prov_code": codes.get(1, ""), "kab_code": codes.get(2, ""), "kec_code": codes.get(3, ""),
            "desa_code": codes.get(4, "")}


def normalise_json(value: object) -> object:
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
