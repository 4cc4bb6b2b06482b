#!/usr/bin/env python3
"""R1: zero lost or duplicated C.Hasil submissions through a worker crash and a database restart.

    python benchmarks/chaos.py --json                    # the issue's scenario, on a private PostgreSQL
    python benchmarks/chaos.py --forms 300 --check       # the short version (src/pemilu/results/tests/test_chaos.py)
    python benchmarks/chaos.py --pg main --json          # restart the MAIN cluster (pg_ctlcluster): only on a
                                                         # machine nobody else is using

1. PostgreSQL: by default a private instance this script starts itself (initdb into a temp dir,
   a free port, fsync on; stopped and removed at the end), so restarting it disturbs nobody;
   ``--pg main`` uses the machine's cluster on 5432 and restarts it with
   ``pg_ctlcluster --skip-systemctl-redirect <version> main restart`` as the issue describes.
2. A fresh database with the Sumatera Utara region/TPS tree, the reference data, a KPU token,
   direct entry; `pemilu serve` with 3 workers (persistent connections with health checks).
3. A client process of N threads sends distinct forms through ``POST /api/v1/results/batch``
   (``--per-request`` forms of one TPS per request, each with its own idempotency key) and
   retries every form that was not acknowledged (connection reset, 5xx, timeout) with the SAME
   key and body until it is.
4. After ~1/3 of the forms: ``kill -9`` one gunicorn worker; after ~2/3: restart PostgreSQL
   (``--restart-mode fast`` — backends terminated — or ``immediate`` — like a crash, WAL recovery).
5. Afterwards: every acknowledged form is stored, none twice (results, versions, audit rows per
   result), the roll-ups equal the sum of the stored forms, `pemilu audit verify` passes, and the
   server answered again after the restart (its connections were replaced).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import PG, PrivatePostgres, Server, fresh_database, pemilu, pemilu_env  # noqa: E402
from election_night import generate, setup  # noqa: E402

VERIFY = """
import json
from django.db.models import Count
from pemilu.audit.models import AuditEvent
from pemilu.results.models import Result, ResultVersion, KecamatanTotal
from django.db import connection
from pemilu.results import rules
with connection.cursor() as cursor:
    cursor.execute("SELECT extract(epoch FROM pg_postmaster_start_time())")
    db_started = float(cursor.fetchone()[0])
accepted = Result.objects.filter(status="accepted").select_related("current", "contest")
stored = [f"{r.tps_id}/{r.contest.code}" for r in accepted]
dupes = Result.objects.values("contest_id", "tps_id").annotate(n=Count("id")).filter(n__gt=1).count()
versions = ResultVersion.objects.values("result_id").annotate(n=Count("id")).filter(n__gt=1).count()
audited = AuditEvent.objects.filter(event_type="results.entered").values("target_id").annotate(
    n=Count("id")).filter(n__gt=1).count()
expected = {}
for r in accepted:
    for key, value in [*(rules.vote_totals(r.current.figures()) or {}).items(), ("#accepted", 1)]:
        k = (r.contest_id, r.kec_code, key)
        expected[k] = expected.get(k, 0) + value
actual = {(t.contest_id, t.kec_code, key): value for t in KecamatanTotal.objects.all()
          for key, value in t.totals.items() if not key.startswith("#") or key in ("#accepted", "#counted")}
actual = {k: v for k, v in actual.items() if v}
expected = {k: v for k, v in expected.items() if v}
print(json.dumps({"stored": stored, "dupes": dupes, "multi_version": versions, "multi_audit": audited,
                  "recap_matches": actual == expected, "db_started": db_started}))
"""


def main_cluster_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)


class Client(threading.Thread):
    """Sends its share of the requests; a form counts as acknowledged only when its item came
    back 200. Anything else transient (reset, 5xx, timeout) is sent again, same keys and body."""

    def __init__(self, port: int, token: str, jobs: list[tuple[list[str], str]], state: dict[str, Any],
                 lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.jobs, self.state, self.lock = port, token, jobs, state, lock

    def run(self) -> None:
        conn: http.client.HTTPConnection | None = None
        for keys, body in self.jobs:
            attempts = 0
            while True:
                attempts += 1
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                    conn.request("POST", "/api/v1/results/batch", body=body, headers={
                        "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
                    resp = conn.getresponse()
                    raw = resp.read()
                    if resp.status == 200:
                        items = json.loads(raw)["results"]
                        with self.lock:
                            for item in items:
                                if item["status"] == 200:
                                    self.state["acks"][item["idempotency_key"]] = time.time()
                                else:
                                    self.state["refused"][item["idempotency_key"]] = item["status"]
                            self.state["retries"] += attempts - 1
                        break
                    if resp.status < 500:
                        with self.lock:
                            self.state["refused_requests"][str(resp.status)] = (
                                self.state["refused_requests"].get(str(resp.status), 0) + 1)
                        break  # a definite answer: not retried
                    with self.lock:
                        self.state["http_5xx"] += 1
                except (OSError, http.client.HTTPException):
                    with self.lock:
                        self.state["connection_errors"] += 1
                    if conn is not None:
                        conn.close()
                    conn = None
                if attempts > 600:
                    with self.lock:
                        self.state["gave_up"] += len(keys)
                    break
                time.sleep(min(1.0, 0.02 * attempts))


def run(forms: int, threads: int, per_request: int, pg_mode: str, restart_mode: str, db_restart: bool,
        workers: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="pemilu-chaos-"))
    instance = PrivatePostgres() if pg_mode == "private" else None
    with contextlib.ExitStack() as stack:
        if instance is not None:
            stack.enter_context(instance)
        pg_args, port = (instance.pg, instance.port) if instance else (PG, 5432)
        url = stack.enter_context(fresh_database("pemilu_bench_chaos", pg=pg_args, port=port))
        env = pemilu_env(url, tmp)
        t0 = time.perf_counter()
        token = setup(env, True, tmp)
        bodies = tmp / "bodies.tsv"
        generate(env, -(-forms // per_request), bodies, per_request=per_request)
        jobs: list[tuple[list[str], str]] = []
        key_to_form: dict[str, str] = {}
        for line in bodies.open():
            _key, _path, raw = line.rstrip("\n").split("\t")
            items = json.loads(raw)["submissions"]
            for item in items:
                key_to_form[item["idempotency_key"]] = f"{item['tps']}/{item['contest']}"
            jobs.append(([i["idempotency_key"] for i in items], raw))
        setup_s = time.perf_counter() - t0
        server = Server(env, workers=workers, threads=4)
        server.start()
        stack.callback(server.stop)
        state: dict[str, Any] = {"acks": {}, "refused": {}, "refused_requests": {}, "retries": 0, "gave_up": 0,
                                 "http_5xx": 0, "connection_errors": 0}
        lock = threading.Lock()
        clients = [Client(server.port, token, jobs[i::threads], state, lock) for i in range(threads)]
        t1 = time.perf_counter()
        for c in clients:
            c.start()
        events: list[str] = []
        killed = restarted = False
        total = len(key_to_form)
        while any(c.is_alive() for c in clients):
            done = len(state["acks"])
            if not killed and done >= total // 3:
                victim = server.worker_pids()[0]
                os.kill(victim, signal.SIGKILL)
                events.append(f"{time.perf_counter() - t1:.1f}s: kill -9 worker {victim} after {done} acks")
                killed = True
            if killed and not restarted and db_restart and done >= 2 * total // 3:
                t_restart = time.perf_counter()
                if instance is not None:
                    instance.restart(restart_mode)
                    what = f"private PostgreSQL on port {instance.port} restarted (-m {restart_mode})"
                else:
                    main_cluster_restart()
                    what = "main PostgreSQL cluster restarted (pg_ctlcluster)"
                events.append(f"{t_restart - t1:.1f}s: {what} after {done} acks, in {time.perf_counter() - t_restart:.1f}s")
                restarted = True
            time.sleep(0.02)
        load_s = time.perf_counter() - t1
        events.append(f"{load_s:.1f}s: every form acknowledged" if len(state["acks"]) == total else
                      f"{load_s:.1f}s: clients finished")
        server.stop()
        verified = json.loads(pemilu(["shell", "-c", VERIFY], env).strip().splitlines()[-1])
        audit = subprocess.run([sys.executable, "-m", "pemilu", "audit", "verify"], env=env, capture_output=True,
                               text=True, check=False)
    stored = set(verified["stored"])
    acknowledged = {key_to_form[k] for k in state["acks"]}
    result: dict[str, Any] = {
        "submitted": total, "acknowledged": len(acknowledged), "stored": len(stored),
        "lost": len(acknowledged - stored),
        "duplicated": verified["dupes"] + verified["multi_version"] + verified["multi_audit"],
        "recap_matches": verified["recap_matches"], "audit_ok": audit.returncode == 0,
        # After the moment the server itself says it started: pg_ctlcluster returns a second or two
        # after that, by which time the clients may already have finished.
        "acks_after_restart": sum(1 for t in state["acks"].values() if restarted and t > verified["db_started"]),
        "stored_not_acknowledged": len(stored - acknowledged),
        "retries": state["retries"], "http_5xx": state["http_5xx"], "connection_errors": state["connection_errors"],
        "gave_up": state["gave_up"], "refused_items": len(state["refused"]), "refused_requests": state["refused_requests"],
        "killed_worker": killed, "db_restarted": restarted, "events": events, "pg": pg_mode,
        "restart_mode": restart_mode if pg_mode == "private" else "pg_ctlcluster",
        "forms_per_request": per_request, "setup_s": round(setup_s, 1), "load_s": round(load_s, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if not result["audit_ok"]:
        result["audit_output"] = (audit.stdout + audit.stderr)[-500:]
    if passed(result, db_restart) and not os.environ.get("PEMILU_KEEP_TMP"):
        shutil.rmtree(tmp, ignore_errors=True)  # kept on failure: bodies and the server log
    else:
        result["tmp"] = str(tmp)
    return result


def passed(result: dict[str, Any], db_restart: bool = True) -> bool:
    return bool(result["lost"] == 0 and result["duplicated"] == 0 and result["recap_matches"] and result["audit_ok"]
                and result["acknowledged"] == result["submitted"] and result["killed_worker"]
                and (result["db_restarted"] or not db_restart) and (result["acks_after_restart"] > 0 or not db_restart))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-request", type=int, default=2, help="forms of one TPS per batch request")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pg", choices=["private", "main"], default="private",
                        help="private: an instance of our own (default); main: the cluster on 5432, restarted")
    parser.add_argument("--restart-mode", choices=["fast", "immediate"], default="fast")
    parser.add_argument("--no-db-restart", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 unless nothing was lost or duplicated")
    args = parser.parse_args()
    result = run(args.forms, args.threads, args.per_request, args.pg, args.restart_mode, not args.no_db_restart,
                 args.workers)
    print(json.dumps(result) if args.json else "\n".join(f"{k:>24}: {v}" for k, v in result.items()))
    if args.check:
        sys.exit(0 if passed(result, not args.no_db_restart) else 1)


if __name__ == "__main__":
    main()
