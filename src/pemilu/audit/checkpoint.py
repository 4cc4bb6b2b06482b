"""Signed checkpoints of the audit chain heads (issue 17).

The hash chain shows that no row changed *unless* someone rewrote every row after it and the
head as well, or cut the chain's end and moved its head back, or dropped a whole chain: anyone
who can write the database can do that. A checkpoint closes the gap. It records every chain's
head (key, last seq, last hash) at a moment and is signed with HMAC-SHA256 under a key that
lives outside the database (``PEMILU_AUDIT_KEY`` or the file named by ``PEMILU_AUDIT_KEY_FILE``);
published and kept elsewhere, it proves with ``pemilu audit verify --checkpoint FILE`` that
nothing up to it changed or vanished. Without the key a checkpoint can be neither made nor
altered (its signature no longer matches). The key is read from the environment when a
checkpoint is made or checked, held only in this process and never written to the database.

What a checkpoint cannot prove: rows appended after it. Make them often (a cron job every few
minutes on election night: ``pemilu audit checkpoint --since LAST.json`` walks only the rows
since the last one) and publish them; run the full ``verify --checkpoint`` regularly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _

from pemilu.audit.chain import canonical
from pemilu.audit.models import AuditChain, AuditEvent
from pemilu.audit.verify import Pin, Problem, verify_chains
from pemilu.core.env import env_secret
from pemilu.core.exceptions import DomainError

KEY_ENV = "PEMILU_AUDIT_KEY"
MIN_KEY_CHARS = 32
FORMAT = "pemilu-audit-checkpoint/1"
ALGORITHM = "HMAC-SHA256"


class CheckpointError(DomainError):
    """No usable key, a checkpoint that does not verify, or chains too broken to sign."""


def audit_key() -> bytes:
    """The signing key, from the environment (never from the database)."""
    try:
        raw = env_secret(KEY_ENV, "")
    except OSError as exc:
        raise CheckpointError(_("Berkas kunci audit {file} tidak dapat dibaca: {error}").format(
            file=exc.filename, error=exc.strerror)) from None
    if not raw:
        raise CheckpointError(_("Kunci audit belum diatur: isi PEMILU_AUDIT_KEY atau PEMILU_AUDIT_KEY_FILE "
                                "(disimpan di luar basis data)."))
    if len(raw) < MIN_KEY_CHARS:
        raise CheckpointError(_("Kunci audit terlalu pendek: minimal {n} karakter.").format(n=MIN_KEY_CHARS))
    return raw.encode()


def _sign(body: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical(body).encode(), hashlib.sha256).hexdigest()


def make_checkpoint(previous: dict[str, Pin] | None = None) -> dict[str, Any]:
    """Sign every chain head as it is now, after walking each chain up to its head: a chain that
    does not verify is refused, since signing it would vouch for the damage. With ``previous``
    (the pins of the last checkpoint, already verified), each chain is walked only from the
    checkpointed row on — that row must still hash to what it recorded, and no chain of it may
    be shorter or gone — so a checkpoint every few minutes costs the rows since the last one."""
    key = audit_key()
    heads = list(AuditChain.objects.order_by("key").values("key", "last_seq", "last_hash"))
    result = verify_chains(pins=previous, start=previous)
    # The heads as read before the walk: each names a row the walk found, with that hash.
    for head in heads:
        if head["last_seq"] and not AuditEvent.objects.filter(chain_key=head["key"], seq=head["last_seq"],
                                                              hash=head["last_hash"]).exists():
            result.problems.append(Problem(head["key"], head["last_seq"], None, "kepala rantai tidak cocok"))
    if not result.ok:
        raise CheckpointError(_("Rantai audit tidak utuh; checkpoint tidak dibuat: {problems}").format(
            problems="; ".join(str(p) for p in result.problems)))
    body = {"format": FORMAT, "algorithm": ALGORITHM,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "chains": [{"key": h["key"], "last_seq": h["last_seq"], "last_hash": h["last_hash"]} for h in heads]}
    return {**body, "signature": _sign(body, key)}


def read_checkpoint(text: str) -> dict[str, Pin]:
    """The pins of a checkpoint whose signature verifies under this key; anything else is refused."""
    key = audit_key()
    try:
        data = json.loads(text)
    except ValueError:
        raise CheckpointError(_("Berkas checkpoint bukan JSON.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("signature"), str):
        raise CheckpointError(_("Berkas checkpoint tidak dikenal (format {format}).").format(format=FORMAT))
    body = {k: v for k, v in data.items() if k != "signature"}
    if not hmac.compare_digest(_sign(body, key), data["signature"]):
        raise CheckpointError(_("Tanda tangan checkpoint tidak sah: berkas diubah atau dibuat tanpa kunci audit. "
                                "Checkpoint ditolak."))
    pins: dict[str, Pin] = {}
    try:
        for chain in data["chains"]:
            pins[str(chain["key"])] = Pin(int(chain["last_seq"]), str(chain["last_hash"]), str(data["time"]))
    except (KeyError, TypeError, ValueError):
        raise CheckpointError(_("Berkas checkpoint tidak lengkap.")) from None
    return pins
