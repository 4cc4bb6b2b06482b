"""Benchmark: Sainte-Laguë for all 84 DPR 2024 dapil (after the 4 % threshold), pemilu vs votelib.

    .venv/bin/python benchmarks/seats.py [--small] [--json]

Reads the package copy of dpr2024_dapil_votes.csv (identical to ../shared/data), so it needs no
database and no shared folder. Times the allocation only (file parsing excluded, the same for
both): the best and the median of several repetitions. Fails if the seats differ.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import time
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from votelib.evaluate.proportional import HighestAverages  # noqa: E402

from pemilu.seats.rules import allocate, apply_threshold  # noqa: E402

NON_PARTY = {"dapil_code", "dapil", "province_code", "province", "seats", "dpt", "total_valid_party_votes"}


def load() -> list[tuple[str, int, dict[str, int]]]:
    text = (files("pemilu.seats") / "data" / "dpr2024_dapil_votes.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    parties = [c for c in rows[0] if c not in NON_PARTY]
    return [(r["dapil_code"], int(r["seats"]), {p: int(r[p]) for p in parties}) for r in rows]


def run_pemilu(dapils: list[tuple[str, int, dict[str, int]]]) -> dict[str, dict[str, int]]:
    national: dict[str, int] = {}
    for _code, _seats, votes in dapils:
        for p, v in votes.items():
            national[p] = national.get(p, 0) + v
    qualifying = apply_threshold(national, 4).qualifying
    out = {}
    for code, seats, votes in dapils:
        out[code] = allocate({p: votes[p] for p in qualifying}, seats).seats
    return out


def run_votelib(dapils: list[tuple[str, int, dict[str, int]]], qualifying: tuple[str, ...]) -> dict[str, dict[str, int]]:
    evaluator = HighestAverages(divisor_function="sainte_lague")
    return {code: evaluator.evaluate({p: votes[p] for p in qualifying}, seats) for code, seats, votes in dapils}


def timed(fn, repeat: int) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", action="store_true", help="fewer repetitions (CI)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.small else 50
    dapils = load()
    national = {p: sum(v[p] for _c, _s, v in dapils) for p in dapils[0][2]}
    qualifying = apply_threshold(national, 4).qualifying
    ours_t, ours = timed(lambda: run_pemilu(dapils), repeat)
    theirs_t, theirs = timed(lambda: run_votelib(dapils, qualifying), repeat)
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    same = all({p: n for p, n in ours[c].items() if n} == {p: n for p, n in theirs[c].items() if n} for c in ours)
    seats = sum(sum(s.values()) for s in ours.values())
    result = {
        "dapil": len(dapils), "seats": seats, "repeat": repeat, "same_seats": same,
        "pemilu_ms_best": min(ours_t) * 1000, "pemilu_ms_median": statistics.median(ours_t) * 1000,
        "votelib_ms_best": min(theirs_t) * 1000, "votelib_ms_median": statistics.median(theirs_t) * 1000,
    }
    result["ratio_median"] = result["votelib_ms_median"] / result["pemilu_ms_median"]
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{len(dapils)} dapil, {seats} seats, {repeat} repetitions; same seats as votelib: {same}")
        print(f"pemilu : best {result['pemilu_ms_best']:.2f} ms, median {result['pemilu_ms_median']:.2f} ms "
              "(threshold + 84 allocations)")
        print(f"votelib: best {result['votelib_ms_best']:.2f} ms, median {result['votelib_ms_median']:.2f} ms "
              "(84 allocations)")
        print(f"ratio (median votelib / pemilu): {result['ratio_median']:.1f}x")
    if not same:
        sys.exit("seats differ from votelib")


if __name__ == "__main__":
    main()
