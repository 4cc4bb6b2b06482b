"""Benchmark: the voter-list pipeline of one kab/kota (issue 22 item 8) — import, exact duplicates,
TPS mapping, potential duplicates — on SQLite or PostgreSQL.

    PYTHONPATH=src .venv/bin/python benchmarks/voters_pipeline.py --file FILE.csv --truth TRUTH.csv
    PYTHONPATH=src .venv/bin/python benchmarks/voters_pipeline.py --rows 20000        # generates the file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME ...                          # PostgreSQL (dropped, re-created)

FILE/TRUTH come from ``pemilu voters generate … --truth`` (Kota Tebing Tinggi's real desa codes,
seeded junk NIKs, exact and new-NIK duplicates). A fresh database gets the demo's regions and TPS of
2024 and the Pemilu 2024 election; then, in this process, timed step by step:

* ``import``    — ``import_dp4`` of the whole file into 12.76 with every check (one transaction);
* ``exact``     — ``dupsearch.identical_groups``: every pair with the same NIK hash (ganda identik);
* ``map``       — ``do_map_tps``: every eligible voter to a TPS of its desa (cap 300, KK never split);
* ``potential`` — ``dupsearch.potential_matches``: potensi ganda, scored against the truth's seeded
  new-NIK pairs (recall, precision).

Each step prints wall time, this process's CPU (user + system), the database server's CPU for
PostgreSQL (the backend process of this connection, from /proc), the peak RSS of this process so far
and the load average before and after. ``--steps`` picks steps (the later ones need ``import``);
``--json`` prints one JSON object at the end; ``--db-dir DIR`` keeps the SQLite database and ``--reuse``
runs later steps on an earlier run's database (so each timed window stays short on a shared machine).
Nothing is asserted on time (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import server_cpu  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("import", "exact", "map", "potential")
REGION = "12.76"


def timed(name: str, run: Callable[[], Any], out: Callable[[str], None]) -> tuple[dict[str, Any], Any]:
    load_before = os.getloadavg()[0]
    server0 = server_cpu()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = run()
    wall = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    server1 = server_cpu()
    figures: dict[str, Any] = {
        "step": name, "wall_s": round(wall, 2),
        "cpu_s": round(cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime, 2),
        "server_cpu_s": None if server0 is None or server1 is None else round(server1 - server0, 2),
        "peak_rss_mb": round(cpu1.ru_maxrss / 1024), "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2)}
    server = "" if figures["server_cpu_s"] is None else f", server CPU {figures['server_cpu_s']:.1f} s"
    out(f"{name}: {wall:.1f} s wall, {figures['cpu_s']:.1f} s CPU{server}, peak RSS {figures['peak_rss_mb']:,} MB; "
        f"load {load_before:.1f} → {figures['load_after']:.1f}")
    return figures, result


def seeded_pairs(truth: Path) -> dict[str, set[tuple[int, int]]]:
    """The truth's pairs of file lines by kind (ganda_identik, potensi_ganda), smaller line first."""
    pairs: dict[str, set[tuple[int, int]]] = {"ganda_identik": set(), "potensi_ganda": set()}
    for line in truth.read_text(encoding="utf-8").splitlines()[1:]:
        number, kind, _code, other = line.split(",")
        if kind in pairs:
            a, b = int(number), int(other)
            pairs[kind].add((min(a, b), max(a, b)))
    return pairs


def run_pipeline(path: Path, truth: Path | None, *, steps: tuple[str, ...] = STEPS,
                 out: Callable[[str], None] = print) -> dict[str, Any]:
    """The timed steps on the current database (regions and election already there)."""
    from pemilu.accounts.actions import get_system_user
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.voters import dupsearch
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.mapping import do_map_tps
    from pemilu.voters.models import Voter

    actor = get_system_user()
    election = get_or_create_pemilu_2024()
    report: dict[str, Any] = {"steps": []}
    pairs = seeded_pairs(truth) if truth else {}
    lines: dict[int, int] = {}

    def line_pairs(matches: list[Any]) -> set[tuple[int, int]]:
        if not lines:
            lines.update(Voter.objects.filter(election=election).values_list("id", "source_line"))
        return {(min(lines[m.a], lines[m.b]), max(lines[m.a], lines[m.b])) for m in matches}

    if "import" in steps:
        figures, outcome = timed("import", lambda: import_dp4(path, election=election, region_code=REGION,
                                                              actor=actor, filename=path.name), out)
        figures.update(rows=outcome.created, flagged=outcome.flagged)
        report["steps"].append(figures)
    if "exact" in steps:
        figures, found = timed("exact", lambda: list(dupsearch.identical_groups(election, REGION)), out)
        figures["pairs"] = len(found)
        if pairs:
            figures["seeded_found"] = len(pairs["ganda_identik"] & line_pairs(found))
            figures["seeded"] = len(pairs["ganda_identik"])
        out(f"  exact pairs {len(found):,}" + (f", seeded found {figures['seeded_found']:,} of {figures['seeded']:,}"
                                              if pairs else ""))
        report["steps"].append(figures)
    if "map" in steps:
        figures, mapped = timed("map", lambda: do_map_tps(election, REGION, actor=actor), out)
        figures.update(voters=mapped.voters, tps=mapped.tps, tps_2024=mapped.tps_2024, changed=mapped.changed,
                       written=mapped.written)
        out(f"  mapped {mapped.voters:,} voters to {mapped.tps:,} TPS (2024: {mapped.tps_2024:,}), "
            f"{mapped.changed:,} changed, written by {mapped.written or '-'}")
        report["steps"].append(figures)
    if "potential" in steps:
        figures, found = timed("potential", lambda: list(dupsearch.potential_matches(election, REGION)), out)
        figures["pairs"] = len(found)
        if pairs:
            got = line_pairs(found)
            seeded = pairs["potensi_ganda"]
            hits = len(seeded & got)
            figures.update(recall=round(hits / max(1, len(seeded)), 4), precision=round(hits / max(1, len(got)), 4))
            out(f"  potential pairs {len(got):,}; recall {figures['recall']:.4f}, precision {figures['precision']:.4f}"
                f" (seeded {len(seeded):,})")
        report["steps"].append(figures)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default="")
    parser.add_argument("--truth", default="")
    parser.add_argument("--rows", type=int, default=0, help="generate a file of this many voters first")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db-dir", default="", help="SQLite: keep the database in this folder (else a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="run the steps on the database of an earlier run (--db-dir, or DATABASE_URL) as it is")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="pemilu-voters-pipeline-"))
    path, truth = Path(args.file), Path(args.truth) if args.truth else None
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "pemilu.settings"}
    if args.rows:
        path, truth = folder / "voters.csv", folder / "truth.csv"
        dups = max(1, args.rows // 100)
        subprocess.run([sys.executable, "-m", "pemilu", "voters", "generate", str(path), "--count", str(args.rows),
                        "--seed", str(args.seed), "--junk-per-code", str(max(1, args.rows // 10000)),
                        "--exact-duplicates", str(dups), "--new-nik-duplicates", str(dups), "--truth", str(truth)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and not args.reuse:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    elif not url:
        os.environ["PEMILU_VAR_DIR"] = args.db_dir or str(folder)
    os.environ.setdefault("PEMILU_VOTER_KEY", "benchmark-only-key-" + "x" * 32)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pemilu.accounts.actions import get_system_user
    from pemilu.core.demo import load_regions

    if not args.reuse:
        call_command("migrate", verbosity=0)
        load_regions(get_system_user(), lambda *_a: None)
    size = path.stat().st_size / 1e6
    print(f"database: {connection.vendor}; file {path} ({size:,.0f} MB); load average {os.getloadavg()}")
    report = run_pipeline(path, truth, steps=tuple(s for s in args.steps.split(",") if s))
    report.update(database=connection.vendor, file=str(path), size_mb=round(size))
    if args.json:
        print(json.dumps(report))
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)  # the generated file and the SQLite database
    return 0


if __name__ == "__main__":
    sys.exit(main())
