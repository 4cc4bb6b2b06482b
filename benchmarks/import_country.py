#!/usr/bin/env python3
"""Time the whole-country import: `pemilu regions import` + `pemilu tps import --create-missing`.

    python benchmarks/import_country.py --db sqlite       # a fresh SQLite file in a temp dir
    python benchmarks/import_country.py --db postgres     # a fresh PostgreSQL database, dropped after
    python benchmarks/import_country.py --db postgres --json

Runs the real CLI in subprocesses (as a user would) and prints wall time and peak RSS per step,
and the resulting counts. Needs ../shared/data beside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PEMILU = [sys.executable, "-m", "pemilu"]


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(PEMILU + args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed, max(rss, before) / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pemilu-import-"))
    env = dict(os.environ, PEMILU_VAR_DIR=str(tmp), PYTHONPATH=str(ROOT / "src"))
    dbname = f"pemilu_bench_import_{os.getpid()}"
    if args.db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    try:
        run(["migrate", "-v", "0"], env)
        t_regions, rss_regions, _ = run(["regions", "import", str(DATA / "wilayah_kemendagri_2025.csv")], env)
        t_tps, rss_tps, out = run(["tps", "import", str(DATA / "tps2024_per_desa.csv"), "--create-missing"], env)
        counts_py = ("from pemilu.regions.models import Region, Tps; import json; "
                     "print(json.dumps({'levels': [Region.objects.filter(level=i, source='kemendagri').count() "
                     "for i in (1,2,3,4)], 'tps_domestic': Tps.objects.exclude(prov_code='99').count(), "
                     "'tps_overseas': Tps.objects.filter(prov_code='99').count(), "
                     "'tebingtinggi': [Region.objects.filter(parent__code='12.76').count(), "
                     "Region.objects.filter(kab_code='12.76', level=4).count(), "
                     "Tps.objects.filter(kab_code='12.76').count()]}))")
        proc = subprocess.run(PEMILU + ["shell", "-c", counts_py], env=env, capture_output=True, text=True,
                              check=True)
        counts = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        if args.db == "postgres":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", dbname], check=False)
    result = {"db": args.db, "regions_s": round(t_regions, 1), "tps_s": round(t_tps, 1),
              "total_s": round(t_regions + t_tps, 1), "peak_rss_mb": round(max(rss_regions, rss_tps)), **counts}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>14}: {value}")


if __name__ == "__main__":
    main()
