"""Walk every audit chain and report the first row whose content, link or placement was altered;
with a signed checkpoint (audit/checkpoint.py), also what changed or vanished before it. Apps add
their own checks of the data the audit vouches for (``register_check``: the results app
recomputes the figures' digests and the running totals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pemilu.audit.chain import (
    GENESIS,
    HASH_VERSION,
    HASHED_FIELDS,
    PLACEMENT_FIELDS,
    hashed_fields,
    placement,
    row_hash,
)
from pemilu.audit.models import AuditChain, AuditEvent


@dataclass
class Problem:
    chain_key: str
    seq: int
    event_id: int | None
    message: str
    subject: str = ""  # what is wrong when it is not an audit row (a C.Hasil, a running total)

    def __str__(self) -> str:
        if self.subject:
            return f"{self.subject}: {self.message}"
        where = f"rantai '{self.chain_key or 'nasional'}' urutan {self.seq}"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where}: {self.message}"


@dataclass
class VerifyResult:
    chains: int = 0
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Pin:
    """A chain head as a signed checkpoint recorded it."""

    seq: int
    hash: str
    time: str


Check = Callable[[VerifyResult], None]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add a check that ``verify_all`` runs after the chains (an app's ``ready``)."""
    _checks[name] = check


def verify_all(pins: dict[str, Pin] | None = None) -> VerifyResult:
    """The chains (against ``pins`` from a checkpoint, if given), then every registered check."""
    result = verify_chains(pins=pins)
    for name in sorted(_checks):
        _checks[name](result)
    return result


def verify_chains(batch_size: int = 5000, *, pins: dict[str, Pin] | None = None,
                  start: dict[str, Pin] | None = None) -> VerifyResult:
    """Walk every chain from its first row (or, for a chain in ``start``, from the checkpointed
    row on: that row must still hash to what the checkpoint recorded) to its head; compare the
    row at each pinned seq with ``pins``."""
    result = VerifyResult()
    pins, start = pins or {}, start or {}
    heads = set(AuditChain.objects.values_list("key", flat=True))
    keys = heads | set(AuditEvent.objects.values_list("chain_key", flat=True).distinct()) | set(pins)
    for key in sorted(keys):
        result.chains += 1
        problem = _verify_chain(key, batch_size, result, pins.get(key), start.get(key))
        if problem:
            result.problems.append(problem)
    return result


@dataclass
class _Walk:
    prev_hash: str = GENESIS
    last_seq: int = 0
    version: int | None = None  # the hash rule of the last row: never goes back to the old one
    placements: dict[str, dict[str, str]] = field(default_factory=dict)


def _verify_chain(key: str, batch_size: int, result: VerifyResult, pin: Pin | None,
                  start: Pin | None = None) -> Problem | None:
    walk = _Walk()
    head: Any = None
    if start is not None and start.seq > 0:
        row = (AuditEvent.objects.filter(chain_key=key, seq=start.seq)
               .values("id", "prev_hash", "hash", *HASHED_FIELDS).first())
        if row is None:
            return Problem(key, start.seq, None, f"rantai lebih pendek dari checkpoint {start.time}: urutan "
                           f"{start.seq} tidak ada lagi (baris dihapus)")
        walk.prev_hash, walk.last_seq = row["prev_hash"], start.seq - 1
        problem = _check_row(key, row, walk, start)
        if problem:
            return problem
        result.rows += 1
        walk.prev_hash, walk.last_seq = row["hash"], start.seq
    for _round in range(5):
        problem = _walk_rows(key, walk, batch_size, result, pin)
        if problem:
            return problem
        head = AuditChain.objects.filter(key=key).values("last_seq", "last_hash").first()
        # Rows committed while we walked (the head moved on): walk on from where we stopped.
        if head is None or head["last_seq"] <= walk.last_seq:
            break
        if not AuditEvent.objects.filter(chain_key=key, seq__gt=walk.last_seq).exists():
            break
    if head is None and walk.last_seq > 0:
        return Problem(key, walk.last_seq, None, "kepala rantai tidak ada")
    if head is not None and head["last_seq"] != walk.last_seq:
        return Problem(key, walk.last_seq + 1, None, f"kepala rantai menunjuk urutan {head['last_seq']}, tetapi "
                       f"rantai berakhir di {walk.last_seq} (baris terakhir dihapus?)")
    if head is not None and head["last_hash"] != walk.prev_hash:
        return Problem(key, walk.last_seq, None, "kepala rantai tidak cocok dengan hash baris terakhir (kepala diubah)")
    if pin is not None and pin.seq > walk.last_seq:
        if walk.last_seq == 0 and head is None:
            return Problem(key, 1, None, f"rantai hilang: checkpoint {pin.time} mencatat {pin.seq} baris, "
                           "kini tidak ada baris maupun kepala rantai")
        return Problem(key, walk.last_seq + 1, None,
                       f"rantai lebih pendek dari checkpoint {pin.time}: berakhir di urutan {walk.last_seq}, "
                       f"checkpoint mencatat urutan {pin.seq} (baris dihapus dan kepala dimundurkan)")
    return None


def _walk_rows(key: str, walk: _Walk, batch_size: int, result: VerifyResult, pin: Pin | None) -> Problem | None:
    qs = AuditEvent.objects.filter(chain_key=key).order_by("seq").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    while True:
        rows = list(qs.filter(seq__gt=walk.last_seq)[:batch_size])
        if not rows:
            return None
        for row in rows:
            problem = _check_row(key, row, walk, pin)
            if problem:
                return problem
            result.rows += 1
            walk.prev_hash = row["hash"]
            walk.last_seq = row["seq"]


def _check_row(key: str, row: dict[str, Any], walk: _Walk, pin: Pin | None) -> Problem | None:
    seq, rid = row["seq"], row["id"]
    if seq != walk.last_seq + 1:
        return Problem(key, walk.last_seq + 1, None,
                       f"baris hilang: urutan {walk.last_seq + 1} tidak ada (berikutnya {seq})")
    if row["prev_hash"] != walk.prev_hash:
        return Problem(key, seq, rid, "tautan ke baris sebelumnya tidak cocok (baris dihapus, ditukar atau diubah)")
    version = row["hash_version"]
    if version not in (None, 1, HASH_VERSION):
        return Problem(key, seq, rid, f"aturan hash {version} tidak dikenal")
    if walk.version == HASH_VERSION and version != HASH_VERSION:
        return Problem(key, seq, rid, "aturan hash lama sesudah baris beraturan baru (aturan diturunkan)")
    region = row["region_code"]
    expected = walk.placements.get(region)
    if expected is None:
        expected = walk.placements[region] = placement(region)
    for column in PLACEMENT_FIELDS:
        if row[column] != expected[column]:
            return Problem(key, seq, rid, f"kolom {column} = '{row[column]}' tidak sesuai wilayah "
                           f"{region or 'nasional'} (seharusnya '{expected[column]}'): baris dipindah")
    content = {f: row[f] for f in hashed_fields(version)}
    if row_hash(walk.prev_hash, content) != row["hash"]:
        return Problem(key, seq, rid, "isi baris telah diubah (hash tidak cocok)")
    if pin is not None and seq == pin.seq and row["hash"] != pin.hash:
        return Problem(key, seq, rid, f"hash baris berbeda dari checkpoint {pin.time} "
                       "(rantai diubah lalu dihitung ulang)")
    walk.version = version
    return None
