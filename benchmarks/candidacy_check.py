"""Benchmark: validating the whole 2024 DPR DCS (9,919 names, 1,512 lists) — issue 23, target < 2 s.

    .venv/bin/python benchmarks/candidacy_check.py [--small] [--json] [--file DCS.csv]

Two figures:
* in-process (Django already set up): reading the file through ``core.tabular.read_table`` and
  validating every row (``read_lists``), then the three rules on every list (``check_lists``) and
  the names on more than one list (``shared_names``); best and median of several repetitions;
* the whole CLI in a fresh process, start-up included:
  ``python -m pemilu.cli candidates check FILE --rounding up --format csv`` (exit 1: 286 lists fail).

Reads the app's copy of the DCS unless --file is given; needs no database.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any, list[float]]:
    """Wall-clock and CPU seconds of each run (the CPU time shows what a shared machine hides)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, result, cpu


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", action="store_true", help="fewer repetitions (CI)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--file", default="")
    args = ap.parse_args()
    import django

    django.setup()
    from pemilu.candidacy import rules
    from pemilu.candidacy.inputs import default_seats_file, read_lists, read_seats

    path = Path(args.file) if args.file else Path(str(files("pemilu.candidacy") / "data" / "dcs_dpr2024_candidates.csv"))
    repeat, cli_repeat = (2, 1) if args.small else (10, 5)
    chosen = rules.select_rules(rules.load_rules(), rules.datetime.date(2026, 12, 4), rules.Rounding.UP)

    def whole() -> tuple[int, int, int]:
        lists = read_lists(path, read_seats(default_seats_file(), filename="seats.csv"))
        checks = rules.check_lists(lists, chosen)
        return sum(len(x.candidates) for x in lists), sum(not c.ok for c in checks), len(rules.shared_names(lists))

    read_t, lists, _cpu = timed(lambda: read_lists(path, read_seats(default_seats_file(), filename="seats.csv")), repeat)
    check_t, _, _cpu = timed(lambda: rules.check_lists(lists, chosen), repeat)
    all_t, (names, failing, shared), all_cpu = timed(whole, repeat)
    env = dict(os.environ, PYTHONPATH=str(SRC))
    cli_t, cli_cpu = [], []
    for _ in range(cli_repeat):
        t0, c0 = time.perf_counter(), child_cpu()
        proc = subprocess.run([sys.executable, "-m", "pemilu.cli", "candidates", "check", str(path), "--rounding", "up",
                               "--format", "csv"], env=env, capture_output=True, text=True, check=False)
        cli_t.append(time.perf_counter() - t0)
        cli_cpu.append(child_cpu() - c0)
        if proc.returncode != 1:
            sys.exit(f"CLI exited {proc.returncode}: {proc.stderr}")
    result = {
        "file": str(path), "names": names, "lists": len(lists), "failing_up": failing, "shared_names": shared,
        "read_ms_best": min(read_t) * 1000, "check_ms_best": min(check_t) * 1000,
        "in_process_ms_best": min(all_t) * 1000, "in_process_ms_median": statistics.median(all_t) * 1000,
        "in_process_cpu_ms_best": min(all_cpu) * 1000, "cli_cpu_s_best": min(cli_cpu),
        "load_average": os.getloadavg()[0],
        "cli_s_best": min(cli_t), "cli_s_median": statistics.median(cli_t), "repeat": repeat, "cli_repeat": cli_repeat,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{names} names, {len(lists)} lists, {failing} failing (round up), {shared} names on >1 list")
    print(f"in-process: read+validate {result['read_ms_best']:.0f} ms, rules {result['check_ms_best']:.0f} ms; "
          f"whole check best {result['in_process_ms_best']:.0f} ms, median {result['in_process_ms_median']:.0f} ms "
          f"({repeat} runs); CPU best {result['in_process_cpu_ms_best']:.0f} ms")
    print(f"CLI with start-up: best {result['cli_s_best']:.2f} s, median {result['cli_s_median']:.2f} s "
          f"({cli_repeat} runs); CPU best {result['cli_cpu_s_best']:.2f} s; "
          f"load average {result['load_average']:.1f}")


if __name__ == "__main__":
    main()
