"""Benchmark: `import_dp4` of a generated DP4 file into a fresh database (issue 22 items 1 and 8).

    PYTHONPATH=src .venv/bin/python benchmarks/voters_import.py FILE.csv [--region 12.76] [--keep-indexes]

FILE is a file of `pemilu voters generate` (e.g. the one `benchmarks/voters_check.py --keep DIR` leaves).
A fresh database (SQLite in a temporary folder; PostgreSQL when DATABASE_URL names one — it is dropped
and re-created) gets the demo's regions and the Pemilu 2024 election; then the file is imported with
every check (format, desa in region and scope, NIK/KK findings, D01, D02 lookup), sealed and hashed,
in one transaction and one streamed pass. Prints the wall time, this process's CPU (user + system), its
worker processes' CPU if any, the PostgreSQL backend's CPU (from /proc), the peak RSS of this process and of
its largest worker (ru_maxrss), the load average before and after, and the counts imported/flagged.
A benchmark-only PEMILU_VOTER_KEY is set when none is given.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import server_cpu, voters_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--region", default="12.76")
    parser.add_argument("--keep-indexes", action="store_true",
                        help="PostgreSQL bulk load: keep the secondary indexes (drop only the keys), to compare")
    args = parser.parse_args()
    actor, election = voters_database("pemilu-voters-import-")
    from django.db import connection

    from pemilu.voters import importer
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import Voter

    importer.BULK_DROPS_INDEXES = not args.keep_indexes

    server0 = server_cpu()
    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    outcome = import_dp4(Path(args.file), election=election, region_code=args.region, actor=actor,
                         filename=Path(args.file).name)
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_after = os.getloadavg()[0]
    server1 = server_cpu()
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    workers = (kids1.ru_utime - kids0.ru_utime) + (kids1.ru_stime - kids0.ru_stime)
    server = "" if server0 is None or server1 is None else f", server CPU {server1 - server0:.1f} s"
    stored = Voter.objects.count()
    print(f"database: {connection.vendor}; rows imported {outcome.created:,} (stored {stored:,}), flagged "
          f"{outcome.flagged:,}")
    print(f"import: {wall:.1f} s wall (one pass: check + hash + seal + write), client CPU {cpu:.1f} s "
          f"(+ workers {workers:.1f} s){server}, {outcome.created / wall:,.0f} rows/s, peak RSS "
          f"{cpu1.ru_maxrss / 1024:,.0f} MB (largest worker {kids1.ru_maxrss / 1024:,.0f} MB); "
          f"load average {load_before:.1f} before, {load_after:.1f} after")
    ok = stored == outcome.created
    if connection.vendor == "sqlite":
        connection.close()
        shutil.rmtree(os.environ["PEMILU_VAR_DIR"], ignore_errors=True)  # the benchmark's own database
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
