#!/usr/bin/env python3
"""R1: zero lost or duplicated C.Hasil submissions through a worker crash and a database restart.

    python benchmarks/chaos.py --json                 # the issue's scenario (Sumatera Utara TPS)
    python benchmarks/chaos.py --forms 300 --check    # the short version CI runs; exit 1 on any loss

1. a fresh PostgreSQL database with the Sumatera Utara region/TPS tree, the reference data, a KPU
   token, direct entry mode; `pemilu serve` with 3 workers;
2. a client process of N threads submits distinct forms, each with its own idempotency key, and
   retries every submission that did not get an answer (connection reset, 5xx, timeout) with the
   SAME key and body until it is acknowledged;
3. after ~1/3 of the forms: `kill -9` one gunicorn worker; after ~2/3: restart PostgreSQL
   (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`);
4. afterwards: every acknowledged form is stored exactly once, no form is stored twice, the
   recap roll-ups equal the sum of the stored forms, and `pemilu audit verify` passes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Server, fresh_database, pemilu, pemilu_env  # noqa: E402
from election_night import generate, setup  # noqa: E402

VERIFY = """
import json
from django.db.models import Count
from pemilu.results.models import Result, ResultVersion, KecamatanTotal
from pemilu.results import rules
stored = list(Result.objects.filter(status="accepted").values_list("tps_id", "contest__code"))
dupes = Result.objects.values("contest_id", "tps_id").annotate(n=Count("id")).filter(n__gt=1).count()
versions = ResultVersion.objects.values("result_id").annotate(n=Count("id")).filter(n__gt=1).count()
expected = {}
for r in Result.objects.filter(status="accepted").select_related("current"):
    for key, value in rules.vote_totals(r.current.figures()).items():
        k = (r.contest_id, r.kec_code, key)
        expected[k] = expected.get(k, 0) + value
actual = {(t.contest_id, t.kec_code, t.choice): t.votes for t in KecamatanTotal.objects.exclude(choice__startswith="#")}
actual = {k: v for k, v in actual.items() if v}
expected = {k: v for k, v in expected.items() if v}
print(json.dumps({"stored": [f"{t}/{c}" for t, c in stored], "dupes": dupes, "multi_version": versions,
                  "recap_matches": actual == expected}))
"""


def pg_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)


class Client(threading.Thread):
    def __init__(self, port: int, token: str, jobs: list[tuple[str, str, str]], acks: dict[str, int],
                 lock: threading.Lock, stats: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.jobs, self.acks, self.lock, self.stats = port, token, jobs, acks, lock, stats

    def run(self) -> None:
        conn: http.client.HTTPConnection | None = None
        for key, path, body in self.jobs:
            attempts = 0
            while True:
                attempts += 1
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                    conn.request("POST", path, body=body, headers={
                        "Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                        "Idempotency-Key": key})
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status == 200:
                        with self.lock:
                            self.acks[path] = self.acks.get(path, 0) + 1
                            self.stats["retries"] += attempts - 1
                        break
                    if resp.status < 500:
                        with self.lock:
                            self.stats[f"status_{resp.status}"] = self.stats.get(f"status_{resp.status}", 0) + 1
                        break  # a definite answer (e.g. 409/422): not retried
                except (OSError, http.client.HTTPException):
                    if conn is not None:
                        conn.close()
                    conn = None
                time.sleep(min(2.0, 0.05 * attempts))
                if attempts > 400:
                    with self.lock:
                        self.stats["gave_up"] += 1
                    break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 unless nothing was lost or duplicated")
    parser.add_argument("--no-db-restart", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pemilu-chaos-"))
    with fresh_database("pemilu_bench_chaos") as url:
        env = pemilu_env(url, tmp)
        token = setup(env, True, tmp)
        bodies = tmp / "bodies.tsv"
        generate(env, args.forms, bodies, per_request=1)
        jobs = []
        for line in bodies.open():
            _key, _path, raw = line.rstrip("\n").split("\t")
            item = json.loads(raw)["submissions"][0]
            tps, contest, key = item.pop("tps"), item.pop("contest"), item.pop("idempotency_key")
            jobs.append((key, f"/api/results/{tps}/{contest}", json.dumps(item)))
        server = Server(env, workers=3, threads=4)
        server.start()
        acks: dict[str, int] = {}
        stats = {"retries": 0, "gave_up": 0}
        lock = threading.Lock()
        clients = [Client(server.port, token, jobs[i::args.threads], acks, lock, stats)  # type: ignore[arg-type]
                   for i in range(args.threads)]
        t0 = time.perf_counter()
        for c in clients:
            c.start()
        events: list[str] = []
        killed = restarted = False
        while any(c.is_alive() for c in clients):
            done = len(acks)
            if not killed and done >= len(jobs) // 3:
                victim = server.worker_pids()[0]
                os.kill(victim, signal.SIGKILL)
                events.append(f"kill -9 worker {victim} after {done} acks")
                killed = True
            if killed and not restarted and not args.no_db_restart and done >= 2 * len(jobs) // 3:
                pg_restart()
                events.append(f"PostgreSQL restarted after {done} acks")
                restarted = True
            time.sleep(0.05)
        elapsed = time.perf_counter() - t0
        server.stop()
        verified = json.loads(pemilu(["shell", "-c", VERIFY], env).strip().splitlines()[-1])
        audit = subprocess.run([sys.executable, "-m", "pemilu", "audit", "verify"], env=env, capture_output=True,
                               text=True, check=False)
    stored = set(verified["stored"])
    acknowledged = {p.split("/api/results/")[1] for p in acks}
    lost = len(acknowledged - stored)
    result = {
        "submitted": len(jobs), "acknowledged": len(acknowledged), "stored": len(stored), "lost": lost,
        "duplicated": verified["dupes"] + verified["multi_version"], "recap_matches": verified["recap_matches"],
        "audit_ok": audit.returncode == 0, "retries": stats["retries"], "gave_up": stats["gave_up"],
        "other_statuses": {k: v for k, v in stats.items() if k.startswith("status_")},
        "events": events, "seconds": round(elapsed, 1),
    }
    if not result["audit_ok"]:
        result["audit_output"] = (audit.stdout + audit.stderr)[-500:]
    print(json.dumps(result) if args.json else "\n".join(f"{k:>15}: {v}" for k, v in result.items()))
    if args.check:
        ok = (lost == 0 and result["duplicated"] == 0 and result["recap_matches"] and result["audit_ok"]
              and result["acknowledged"] == result["submitted"] and killed and (restarted or args.no_db_restart))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
