"""The TPS actually used in Pemilu 2024 per desa (``data/tps2024_per_desa.csv.gz``: the columns of
``../shared/data/tps2024_per_desa.csv`` a mapping report needs, from KawalPemilu's copy of KPU's
data), looked up for today's villages.

Villages were split and renumbered between the 2024 election and the 2025 Kemendagri list
(513 villages of the file are not in it): a desa is found by its code, else by its name (or its
alternative spelling) in the same kecamatan, else by its name in the same kab/kota when only one
2024 village of the kab/kota has it; otherwise it has no 2024 figure (a new village).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Tps2024:
    code: str  # the 2024 village code, dotted
    name: str
    regular: int  # TPS numbered 1 … max
    special: int  # extra 9xx TPS (lokasi khusus)
    matched_by: str  # "kode" | "nama"


def _dotted(flat: str) -> str:
    return f"{flat[:2]}.{flat[2:4]}.{flat[4:6]}.{flat[6:]}"


def _norm(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", name.upper())


@functools.cache
def _table() -> tuple[dict[str, tuple[str, str, int, int]], dict[str, list[str]]]:
    """code → (kecamatan name, desa name, regular, special); kab/kota code → its codes."""
    raw = files("pemilu.voters").joinpath("data/tps2024_per_desa.csv.gz").read_bytes()
    rows: dict[str, tuple[str, str, int, int]] = {}
    by_kab: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))):
        flat = row["kode_desa"]
        if flat.startswith("99") or len(flat) != 10:
            continue  # overseas points have no desa
        special = (int(row["ext_tps_to"]) - int(row["ext_tps_from"]) + 1) if row["ext_tps_from"] else 0
        code = _dotted(flat)
        rows[code] = (row["kecamatan"], row["desa_kelurahan"], int(row["tps_max_no"]), special)
        by_kab[code[:5]].append(code)
    return rows, dict(by_kab)


def lookup(villages: Iterable[tuple[str, str, str]]) -> dict[str, Tps2024]:
    """(code, name, alternative name) of today's villages → their 2024 TPS (absent: none found)."""
    rows, by_kab = _table()
    out: dict[str, Tps2024] = {}
    pending: list[tuple[str, set[str]]] = []
    for code, name, alt in villages:
        if code in rows:
            _kec, name24, regular, special = rows[code]
            out[code] = Tps2024(code, name24, regular, special, "kode")
        else:
            pending.append((code, {_norm(n) for n in (name, alt) if n}))
    taken = {hit.code for hit in out.values()}
    for code, names in pending:
        kab_codes = [c for c in by_kab.get(code[:5], []) if _norm(rows[c][1]) in names]
        same_kec = [c for c in kab_codes if c[:8] == code[:8]]
        found = same_kec[0] if len(same_kec) == 1 else (kab_codes[0] if len(kab_codes) == 1 else None)
        if found is not None:
            _kec, name24, regular, special = rows[found]
            if found not in taken:
                out[code] = Tps2024(found, name24, regular, special, "nama")
                taken.add(found)
    return out
