"""Pure rules of counting and recap: dapil resolution, double-entry comparison, roll-up deltas,
numbers in words. No database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pemilu.core.levels import ancestor_codes

FIELD_ORDER_LEVELS = (4, 3, 2, 1)  # desa, kecamatan, kab/kota, provinsi: most specific first


def resolve_dapil(area_map: Mapping[str, str], tps_code: str) -> str | None:
    """The dapil of a TPS: that of its most specific ancestor listed (non-split) in the map
    (PKPU 6/2023 lists dapil by kab/kota, kecamatan or desa; split units list their parts)."""
    anc = ancestor_codes(tps_code)
    for level in FIELD_ORDER_LEVELS:
        code = anc.get(level)
        if code is not None and code in area_map:
            return area_map[code]
    return None


def figure_differences(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """Fields (``votes.<key>`` for votes) where two independent entries disagree."""
    diffs = [k for k in sorted(set(first) | set(second)) if k != "votes" and first.get(k) != second.get(k)]
    v1, v2 = first.get("votes") or {}, second.get("votes") or {}
    diffs += [f"votes.{k}" for k in sorted(set(v1) | set(v2)) if v1.get(k) != v2.get(k)]
    return diffs


def vote_totals(figures: Mapping[str, Any]) -> dict[str, int]:
    """What an accepted form adds to its kecamatan's running totals."""
    out = {str(k): int(v or 0) for k, v in (figures.get("votes") or {}).items()}
    out["_sah"] = int(figures.get("suara_sah") or 0)
    out["_tidak_sah"] = int(figures.get("suara_tidak_sah") or 0)
    return out


def rollup_delta(old: Mapping[str, int] | None, new: Mapping[str, int] | None) -> dict[str, int]:
    """new − old per key, zero entries dropped (old/new None = not counted)."""
    delta: dict[str, int] = {}
    for key, value in (new or {}).items():
        delta[key] = delta.get(key, 0) + value
    for key, value in (old or {}).items():
        delta[key] = delta.get(key, 0) - value
    return {k: v for k, v in delta.items() if v != 0}


def status_delta(old: str | None, new: str | None) -> dict[str, int]:
    """Progress counters (``#<status>``) moving with a form's status."""
    if old == new:
        return {}
    delta: dict[str, int] = {}
    # "empty" is not counted: pending = expected − accepted − error, so no row is needed for it.
    old = None if old == "empty" else old
    new = None if new == "empty" else new
    if old:
        delta[f"#{old}"] = -1
    if new:
        delta[f"#{new}"] = delta.get(f"#{new}", 0) + 1
    return delta


_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas"]


def terbilang(n: int) -> str:
    """An integer in Indonesian words, as written on the official forms ("seratus dua puluh")."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    return _words(n).strip()


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return _words(n - 10) + " belas"
    if n < 100:
        return _words(n // 10) + " puluh " + _words(n % 10)
    if n < 200:
        return "seratus " + _words(n - 100)
    if n < 1000:
        return _words(n // 100) + " ratus " + _words(n % 100)
    if n < 2000:
        return "seribu " + _words(n - 1000)
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return (_words(n // size) + f" {name} " + _words(n % size)).replace("  ", " ")
    raise AssertionError(n)  # pragma: no cover
