"""Walk every audit chain and report the first row whose content or link was altered."""

from __future__ import annotations

from dataclasses import dataclass, field

from pemilu.audit.chain import GENESIS, HASHED_FIELDS, row_hash
from pemilu.audit.models import AuditChain, AuditEvent


@dataclass
class Problem:
    chain_key: str
    seq: int
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"rantai '{self.chain_key or 'nasional'}' urutan {self.seq}"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where}: {self.message}"


@dataclass
class VerifyResult:
    chains: int = 0
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chains(batch_size: int = 5000) -> VerifyResult:
    result = VerifyResult()
    heads = {c.key: c for c in AuditChain.objects.all()}
    keys = set(heads) | set(AuditEvent.objects.values_list("chain_key", flat=True).distinct())
    for key in sorted(keys):
        result.chains += 1
        problem = _verify_chain(key, heads.get(key), batch_size, result)
        if problem:
            result.problems.append(problem)
    return result


def _verify_chain(key: str, head: AuditChain | None, batch_size: int, result: VerifyResult) -> Problem | None:
    prev_hash = GENESIS
    expected_seq = 1
    qs = AuditEvent.objects.filter(chain_key=key).order_by("seq").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    last_seq = 0
    while True:
        rows = list(qs.filter(seq__gte=expected_seq)[:batch_size])
        if not rows:
            break
        for row in rows:
            result.rows += 1
            if row["seq"] != expected_seq:
                return Problem(key, expected_seq, None,
                               f"baris hilang: urutan {expected_seq} tidak ada (berikutnya {row['seq']})")
            if row["prev_hash"] != prev_hash:
                return Problem(key, row["seq"], row["id"], "tautan ke baris sebelumnya tidak cocok "
                               "(baris dihapus, ditukar atau diubah)")
            content = {f: row[f] for f in HASHED_FIELDS}
            if row_hash(prev_hash, content) != row["hash"]:
                return Problem(key, row["seq"], row["id"], "isi baris telah diubah (hash tidak cocok)")
            prev_hash = row["hash"]
            last_seq = row["seq"]
            expected_seq += 1
    if head is None:
        return Problem(key, last_seq, None, "kepala rantai tidak ada")
    if head.last_seq != last_seq or head.last_hash != prev_hash:
        return Problem(key, last_seq + 1, None,
                       f"kepala rantai menunjuk urutan {head.last_seq}, tetapi rantai berakhir di {last_seq} "
                       "(baris terakhir dihapus?)")
    return None
