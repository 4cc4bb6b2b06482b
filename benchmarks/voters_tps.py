"""Benchmark: TPS mapping (`do_map_tps`) of a synthetic DPT of Kota Tebing Tinggi (issue 22 items 5, 8).

    PYTHONPATH=src .venv/bin/python benchmarks/voters_tps.py [--rows 130000] [--cap 300] [--seed 2024]

A fresh database (SQLite in a temporary folder; PostgreSQL when DATABASE_URL names one — dropped and
re-created) gets the demo's regions (35 kelurahan, 517 TPS of 2024) and Pemilu 2024; the generator's
voters (`pemilu.voters.generator`, no junk) are spread over the kelurahan like 2024's TPS and
imported with `import_dp4`; then the mapping runs twice (a dry run, then the real run) and is checked:
no regular TPS above the cap, no KK split, every voter mapped. Prints the per-desa table of
`pemilu voters map-tps` (voters, TPS, TPS used in 2024, difference), the wall and CPU time of each
run, the peak RSS and the load average. A benchmark-only PEMILU_VOTER_KEY is set when none is given.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import voters_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=130_000)
    parser.add_argument("--cap", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    actor, election = voters_database("pemilu-voters-tps-")
    from django.core.management import call_command
    from django.db import connection

    from pemilu.voters.generator import generate
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.mapping import do_map_tps
    from pemilu.voters.models import Voter
    from pemilu.voters.tests.conftest import dp4_csv
    from pemilu.voters.tests.dpt_world import spread_by_2024

    rows, _truth = generate(args.rows, seed=args.seed, junk_per_code=0)
    start = time.perf_counter()
    import_dp4(dp4_csv(spread_by_2024(rows)), election=election, region_code="12.76", actor=actor)
    imported = time.perf_counter() - start
    del rows
    load_before = os.getloadavg()[0]
    timings = []
    for dry_run in (True, False):
        cpu0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        report = do_map_tps(election, "12.76", actor=actor, cap=args.cap, dry_run=dry_run)
        cpu1, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - t0
        timings.append((wall, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime), report.changed))
    load_after = os.getloadavg()[0]
    sizes: dict[int, int] = defaultdict(int)
    kk: dict[str, set[int]] = defaultdict(set)
    unmapped = 0
    for tps_id, kk_hash in Voter.objects.values_list("placement__tps", "kk_hash").iterator(chunk_size=50_000):
        if tps_id is None:
            unmapped += 1
            continue
        sizes[tps_id] += 1
        kk[kk_hash].add(tps_id)
    split = sum(1 for t in kk.values() if len(t) > 1)
    out = StringIO()
    call_command("voters", "map-tps", "12.76", "--cap", str(args.cap), "--dry-run", stdout=out)
    print(out.getvalue())
    print(f"database: {connection.vendor}; voters {report.voters:,}; import {imported:.1f} s")
    for label, (wall, cpu, changed) in zip(("dry run", "run"), timings, strict=True):
        print(f"map-tps {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {changed:,} voters (to be) moved")
    print(f"checks: largest TPS {max(sizes.values())} (cap {args.cap}), KK split {split}, unmapped {unmapped}; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; "
          f"load average {load_before:.1f} before, {load_after:.1f} after")
    return 0 if max(sizes.values()) <= args.cap and split == 0 and unmapped == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
