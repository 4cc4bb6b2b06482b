"""Benchmark: `pemilu voters check` on a generated voter file (issue 22 items 3 and 8).

    .venv/bin/python benchmarks/voters_check.py [--rows 1000000] [--seed 22] [--keep DIR] [--reuse]

Generates the file with the real CLI (`pemilu voters generate`, seeded junk of every check code and
both kinds of duplicates), then runs `pemilu voters check` on it in a fresh process and reports its
wall time, CPU time (user + system), rows/s, peak RSS (the child's ru_maxrss) and the load average
before and after. ``--reuse`` checks the file already in ``--keep DIR`` (same rows and seed) instead
of generating it again. It fails if the flagged rows differ from the
generator's ground truth. Needs no database. Target (issue 22 item 8): importing 1 M voters with every
check ≤ 60 s, peak memory ≤ 2 GB — this measures the check part (reading + every NIK/KK/format check).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--keep", default="", help="write the files into this folder and keep them")
    parser.add_argument("--reuse", action="store_true", help="check the files already in --keep DIR")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "pemilu.settings"}
    folder = Path(args.keep or tempfile.mkdtemp(prefix="voters-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data, truth = folder / "voters.csv", folder / "truth.csv"
    junk = max(1, args.rows // 10000)  # 0.01 % of the rows per code: 11 codes → 0.11 % junk
    dups = args.rows // 100
    start = time.perf_counter()
    if not (args.reuse and args.keep and data.exists() and truth.exists()):
        subprocess.run([sys.executable, "-m", "pemilu", "voters", "generate", str(data), "--count", str(args.rows),
                        "--seed", str(args.seed), "--junk-per-code", str(junk), "--exact-duplicates", str(dups),
                        "--new-nik-duplicates", str(dups), "--truth", str(truth)], env=env, check=True)
    generated = time.perf_counter() - start
    # The check runs under a small wrapper that reports the peak RSS of the check process alone.
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[2:]); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "open(sys.argv[1], 'w').write(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}'); "
               "sys.exit(r.returncode)")
    rss = folder / "rss.txt"
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", wrapper, str(rss), sys.executable, "-m", "pemilu", "voters",
                           "check", str(data)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    load_after = os.getloadavg()[0]
    peak_kb, cpu = rss.read_text().split()
    peak_mb = int(peak_kb) / 1024
    expected = {}
    for line in truth.read_text(encoding="utf-8").splitlines()[1:]:
        number, kind, code, other = line.split(",")
        if kind == "junk":
            expected[int(number)] = code
        elif kind == "ganda_identik":  # named on the later of the two lines
            expected[max(int(number), int(other))] = "D01"
    found = {}
    for line in proc.stdout.splitlines():
        row, code, _message = line.split("\t")
        found[int(row)] = code
    same = found == expected and proc.returncode == 1
    size = data.stat().st_size / 1e6
    print(f"rows: {args.rows:,} ({size:,.0f} MB CSV); generate {generated:.1f} s")
    print(f"check: {wall:.1f} s wall, {float(cpu):.1f} s CPU, {args.rows / wall:,.0f} rows/s, peak RSS "
          f"{peak_mb:,.0f} MB, exit {proc.returncode}; load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"findings: {len(found):,} rows flagged, ground truth {len(expected):,}: {'same' if same else 'DIFFERENT'}")
    if not args.keep:
        data.unlink()
        truth.unlink()
        rss.unlink()
        folder.rmdir()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
