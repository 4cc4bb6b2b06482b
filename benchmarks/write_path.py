#!/usr/bin/env python3
"""Cost of one election-night submission, server side, in one process: SQL statements (round
trips) per request and CPU milliseconds per form, through the whole Django stack
(middleware, token auth, ninja, validation, checks, audit, idempotency) with Django's test
client — no HTTP server, no load generator, so the figures are not blurred by a shared machine
as much as the load run's are.

    python benchmarks/election_night.py --small --keep-db --duration 5   # once: builds the database
    python benchmarks/write_path.py --db pemilu_bench_night_small [--requests 300] [--json]

Each request is a batch of ``--forms`` C.Hasil of one TPS (PPWP, DPR, DPRD …) for TPS that have
no result yet; statements are counted with ``connection.execute_wrapper`` (every round trip
Django sends, BEGIN/COMMIT included as psycopg sends them implicitly: counted separately).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import ROOT, cpu_seconds  # noqa: E402
from election_night import make_body  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="pemilu_bench_night_small")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--forms", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", help="write a pyinstrument text profile to this file")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}", DEBUG="False",
                      PEMILU_VAR_DIR=tempfile.mkdtemp(), DJANGO_SETTINGS_MODULE="pemilu.settings",
                      DB_CONN_MAX_AGE="600", ALLOWED_HOSTS="testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from pemilu.accounts.actions import do_create_token, get_system_user
    from pemilu.accounts.models import User
    from pemilu.elections.queries import current
    from pemilu.regions.models import Tps
    from pemilu.results.dapil import contest_codes_for_tps
    from pemilu.results.models import Contest, Result

    election = current()
    user = User.objects.get(username="night.kpu")
    token = do_create_token(user, f"write-path-{time.time()}", actor=get_system_user())[1]
    done = set(Result.objects.values_list("tps_id", flat=True).distinct())
    rng = random.Random(7)
    codes = [c for c in Tps.objects.exclude(prov_code="99").values_list("code", flat=True) if c not in done]
    rng.shuffle(codes)
    contests = {c.code: c.choice_keys() for c in Contest.objects.filter(election=election)}
    bodies = []
    for i, code in enumerate(codes[:args.requests + 20]):
        mine = [c for c in contest_codes_for_tps(election, code) if not c.startswith("dpd-") and c in contests]
        items = [{"tps": code, "contest": c, "idempotency_key": f"wp-{time.time()}-{i}-{c}",
                  **make_body(rng, contests[c])} for c in mine[:args.forms]]
        bodies.append(json.dumps({"submissions": items}))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    statements: list[str] = []
    db_seconds = [0.0]

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_seconds[0] += time.perf_counter() - t0

    def post(body: str) -> int:
        resp = client.post("/api/v1/results/batch", body, content_type="application/json")
        assert resp.status_code == 200, resp.content
        out = resp.json()["results"]
        assert all(r["status"] == 200 for r in out), out
        return len(out)

    for body in bodies[:20]:  # warm caches (token, reference, contests) and the connection
        post(body)
    per_request: list[int] = []
    forms = 0
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    with connection.cursor() as cursor:  # the backend serving this process: its CPU is the database's share
        cursor.execute("SELECT pg_backend_pid(), pg_current_wal_lsn()")
        backend, lsn0 = cursor.fetchone()
    pg0 = cpu_seconds([backend]).get(backend, 0.0)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(counter):
        for body in bodies[20:]:
            statements.clear()
            forms += post(body)
            per_request.append(len(statements))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    pg_cpu = cpu_seconds([backend]).get(backend, 0.0) - pg0
    with connection.cursor() as cursor:  # WAL written meanwhile (this process is its only writer)
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [lsn0])
        wal_bytes = float(cursor.fetchone()[0])
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    n = len(per_request)
    result = {"requests": n, "forms": forms, "forms_per_request": round(forms / n, 2),
              "statements_per_request": statistics.median(per_request),
              "statements_per_request_max": max(per_request),
              "cpu_ms_per_request": round(cpu / n * 1000, 2), "cpu_ms_per_form": round(cpu / forms * 1000, 2),
              "postgres_cpu_ms_per_form": round(pg_cpu / forms * 1000, 2),
              "wal_kb_per_form": round(wal_bytes / forms / 1024, 1),
              "wall_ms_per_request": round(wall / n * 1000, 2),
              "in_statements_ms_per_request": round(db_seconds[0] / n * 1000, 2),
              "load_average": round(os.getloadavg()[0], 2)}
    print(json.dumps(result) if args.json else "\n".join(f"{k:>26}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
