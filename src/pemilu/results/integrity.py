"""Are the stored results what the audit trail says they are? (``pemilu audit verify``, issue 17)

Every audit row that creates a version of a C.Hasil or moves its status carries the form's
status, the version's number and the SHA-256 of its figures (``rules.figures_digest``; also the
version that counts, when another). Replaying each kab/kota chain gives, per result, its
audited status, current version and the digest of every version; this module compares them
with the rows as stored and names each difference — a vote or a figure edited in a version, a
status, a deleted or added version, a re-pointed ``current``, a result moved or deleted — and
recomputes every kecamatan running total from the versions. The audit rows themselves are
vouched for by the chain walk (and a signed checkpoint), so changing a result unseen means
rewriting the chain, which the checkpoint catches.

Results whose audit rows predate the digest (written before 2026-12-04) are checked for status,
versions and totals; their figures cannot be, and the report says how many there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from pemilu.audit.chain import placement
from pemilu.audit.events import chain_key_for
from pemilu.audit.models import AuditEvent
from pemilu.audit.verify import Problem, VerifyResult
from pemilu.regions.models import Region
from pemilu.results import rules
from pemilu.results.models import FORM_FIELDS, Contest, KecamatanTotal, Result, ResultVersion

TARGET = "results.result"
CHUNK = 2000
RESULT_FIELDS = ("id", "tps_id", "contest_id", "status", "current_id", "corrections",
                 "prov_code", "kab_code", "kec_code", "desa_code")
VERSION_FIELDS = ("id", "result_id", "number", *FORM_FIELDS, "votes")


@dataclass
class Audited:
    """One result as its chain's rows describe it, replayed in order."""

    seq: int = 0
    region: str = ""
    status: str | None = None
    current: int | None = None
    current_digest: str | None = None
    versions: dict[int, str | None] = field(default_factory=dict)  # number → digest (None: old row)
    legacy: bool = False  # an audit row from before the digests

    def apply(self, seq: int, region: str, event_type: str, after: object) -> None:
        after = after if isinstance(after, dict) else {}
        self.seq, self.region = seq, region
        if "status" in after:
            self.status = after["status"]
        elif event_type == "results.corrected":  # before 2026-12-04 its row held the figures only
            self.status = "accepted"
        if "version" in after:
            self.versions[int(after["version"])] = after.get("digest")
        if "current" in after:
            self.current, self.current_digest = after["current"], after.get("current_digest")
        elif "version" in after and after.get("status") != "conflict":
            self.current, self.current_digest = int(after["version"]), after.get("digest")
        elif "kept_version" in after:  # an old row of a resolved conflict
            self.current, self.current_digest = int(after["kept_version"]), None
        elif event_type in ("results.imported", "results.corrected"):  # an old row: the new version is unnamed
            self.current, self.current_digest = None, None
        if not ("digest" in after or "current_digest" in after):
            self.legacy = True


def verify_results(result: VerifyResult) -> None:
    """Add a problem for each result, version or running total that differs from the audit."""
    level: int = settings.PEMILU_AUDIT_CHAIN_LEVEL
    column = Result.scope_columns.get(level)
    contests = dict(Contest.objects.values_list("id", "code"))
    keys = set(AuditEvent.objects.filter(target_type=TARGET).values_list("chain_key", flat=True).distinct())
    if column is not None:
        keys |= set(Region.objects.filter(level=level).values_list("code", flat=True))
    else:
        keys.add("")
    checked, legacy = 0, 0
    expected: dict[tuple[int, str], dict[str, int]] = {}
    for key in sorted(keys):
        audited = _replay(key)
        rows = list(Result.objects.filter(**({column: key} if column else {})).values(*RESULT_FIELDS))
        seen = {r["id"] for r in rows}
        moved = [rid for rid in audited if rid not in seen]
        for start in range(0, len(moved), CHUNK):
            rows += Result.objects.filter(pk__in=moved[start:start + CHUNK]).values(*RESULT_FIELDS)
        found = {r["id"] for r in rows}
        for rid in sorted(set(audited) - found):
            a = audited[rid]
            result.problems.append(Problem(key, a.seq, None, f"tercatat di audit (urutan {a.seq}) tetapi tidak ada "
                                           "lagi di basis data (dihapus)", subject=f"C.Hasil {a.region} (id {rid})"))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            legacy += _check_results(key, chunk, seen, audited, contests, expected, result)
        checked += len({r["id"] for r in rows if r["id"] in seen})
        if level <= 3:  # every kecamatan of this chain is complete: compare and forget
            _compare_totals(expected, KecamatanTotal.objects.filter(**_totals_filter(level, key)), contests, result)
            expected = {}
    if level > 3:
        _compare_totals(expected, KecamatanTotal.objects.all(), contests, result)
    total = Result.objects.count()
    if total > checked:
        result.problems.append(Problem("", 0, None, f"{total - checked} C.Hasil berada di luar wilayah mana pun "
                                       f"(kolom {column} diubah?)", subject="C.Hasil"))
    if legacy:
        result.notes.append(f"{legacy} C.Hasil hanya memiliki catatan audit lama tanpa digest angka (sebelum "
                            "2026-12-04): status, versi dan jumlah diperiksa, angkanya tidak.")


def _totals_filter(level: int, key: str) -> dict[str, str]:
    return {} if level == 0 else {{1: "prov_code", 2: "kab_code", 3: "kec_code"}[level]: key}


def _replay(key: str) -> dict[int, Audited]:
    audited: dict[int, Audited] = {}
    rows = (AuditEvent.objects.filter(chain_key=key, target_type=TARGET).order_by("seq")
            .values_list("seq", "target_id", "region_code", "event_type", "after"))
    for seq, target_id, region, event_type, after in rows.iterator(chunk_size=CHUNK):
        try:
            rid = int(target_id)
        except ValueError:
            continue
        audited.setdefault(rid, Audited()).apply(seq, region, event_type, after)
    return audited


def _check_results(key: str, rows: list[dict[str, Any]], seen: set[int], audited: dict[int, Audited],
                   contests: dict[int, str], expected: dict[tuple[int, str], dict[str, int]],
                   result: VerifyResult) -> int:
    """Check one chunk of a chain's results; a row whose scope column was moved into this chain
    is named for it here and checked against the audit in its own chain (by its TPS)."""
    versions: dict[int, dict[int, dict[str, Any]]] = {}
    ids_by_pk: dict[int, int] = {}
    for v in ResultVersion.objects.filter(result_id__in=[r["id"] for r in rows]).values(*VERSION_FIELDS):
        read = {f: v[f] for f in FORM_FIELDS}
        read["votes"] = v["votes"]
        versions.setdefault(v["result_id"], {})[v["number"]] = read
        ids_by_pk[v["id"]] = v["number"]
    legacy = 0
    forms: dict[tuple[int, str], list[tuple[str, Any, bool]]] = {}
    for r in rows:
        subject = f"C.Hasil {r['tps_id']} {contests.get(r['contest_id'], r['contest_id'])} (id {r['id']})"
        mine = versions.get(r["id"], {})
        current = ids_by_pk.get(r["current_id"]) if r["current_id"] is not None else None
        problems = list(_placement(r)) if r["id"] in seen else []
        own = chain_key_for(r["tps_id"]) == key
        if own:
            problems += _against_audit(r, mine, current, audited.get(r["id"]))
        result.problems += [Problem(key, 0, None, message, subject=subject) for message in problems]
        if not own:
            continue
        a = audited.get(r["id"])
        legacy += bool(a is not None and a.legacy and a.current_digest is None)
        figures: dict[str, Any] | None = mine.get(current) if current is not None else None
        kec = placement(r["tps_id"])["kec_code"]
        forms.setdefault((r["contest_id"], kec), []).append((r["status"], figures, r["corrections"] > 0))
    for group, items in forms.items():
        totals = expected.setdefault(group, {})
        for name, value in rules.expected_totals(items).items():
            totals[name] = totals.get(name, 0) + value
    return legacy


def _placement(r: dict[str, Any]) -> Iterable[str]:
    for column, value in placement(r["tps_id"]).items():
        if r[column] != value:
            yield f"kolom {column} = '{r[column]}' tidak sesuai TPS {r['tps_id']} (seharusnya '{value}')"


def _against_audit(r: dict[str, Any], versions: dict[int, dict[str, Any]], current: int | None,
                   a: Audited | None) -> Iterable[str]:
    if a is None:
        if r["status"] != "empty" or versions:
            yield "tidak ada catatan audit untuk C.Hasil ini (ditambahkan langsung di basis data)"
        return
    if a.region and r["tps_id"] != a.region:
        yield f"TPS {r['tps_id']}, tetapi audit mencatat TPS {a.region}"
    if a.status is not None and r["status"] != a.status:
        yield f"status '{r['status']}', tetapi audit mencatat '{a.status}' (urutan {a.seq})"
    altered: set[int] = set()
    for number, digest in sorted(a.versions.items()):
        figures = versions.get(number)
        if figures is None:
            yield f"versi {number} tercatat di audit tetapi tidak ada (dihapus)"
        elif digest is not None and rules.figures_digest(figures) != digest:
            altered.add(number)
            yield f"angka versi {number} tidak cocok dengan digest di audit (diubah di basis data)"
    if not a.legacy:
        for number in sorted(set(versions) - set(a.versions)):
            yield f"versi {number} tidak tercatat di audit (ditambahkan langsung di basis data)"
    if a.current is not None and current != a.current:
        yield f"versi berlaku {current}, tetapi audit mencatat versi {a.current} (current_id diubah)"
    elif (a.current is not None and a.current_digest is not None and a.current not in altered
          and current in versions and rules.figures_digest(versions[current]) != a.current_digest):
        yield f"angka versi berlaku {current} tidak cocok dengan digest di audit (diubah di basis data)"


def _compare_totals(expected: dict[tuple[int, str], dict[str, int]], stored: QuerySet[KecamatanTotal],
                    contests: dict[int, str], result: VerifyResult) -> None:
    rows = {(t["contest_id"], t["kec_code"]): t for t in stored.values("contest_id", "kec_code", "kab_code",
                                                                          "prov_code", "totals")}
    for group in sorted(set(expected) | set(rows)):
        subject = f"jumlah kecamatan {group[1]} {contests.get(group[0], group[0])}"
        row = rows.get(group)
        if row is not None:
            place = placement(row["kec_code"])
            for column in ("kab_code", "prov_code"):
                if row[column] != place[column]:
                    result.problems.append(Problem("", 0, None, f"kolom {column} = '{row[column]}' tidak sesuai "
                                                   f"kecamatan (seharusnya '{place[column]}')", subject=subject))
        have = {k: int(v) for k, v in (row["totals"] if row else {}).items() if v}
        want = expected.get(group, {})
        if have != want:
            diffs = [f"{k} tersimpan {have.get(k, 0)}, dihitung dari versi C.Hasil {want.get(k, 0)}"
                     for k in sorted(set(have) | set(want)) if have.get(k, 0) != want.get(k, 0)]
            result.problems.append(Problem("", 0, None, "; ".join(diffs[:5]) + (" …" if len(diffs) > 5 else ""),
                                           subject=subject))
