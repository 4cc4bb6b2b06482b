#!/usr/bin/env python3
"""Election night at national scale: C.Hasil submissions through the real HTTP API under load,
recap and public-page latencies while ingesting, worker memory, and pgbench in the same run.

    python benchmarks/election_night.py --duration 60 --json       # the issue's run (national tree)
    python benchmarks/election_night.py --small --duration 10      # Sumatera Utara only, quick

What it does, in one run on this machine:
1. creates its own PostgreSQL database, migrates, imports the region list and the 2024 TPS file
   (the whole country, or only province 12 with --small), the dapil/party/candidate reference
   data (PPWP with 3 paslon, DPR per dapil with 18 parties and their candidates), and a KPU user
   with an API token;
2. pre-generates valid submissions (half PPWP, half DPR) for distinct TPS with unique
   idempotency keys, so the load generator spends no time building bodies;
3. starts `pemilu serve` (gunicorn, gthread) and runs **wrk** (C, from Debian) with a Lua script
   from a separate process: wrk is the load generator that loads this server hardest on 2 cores
   (a Python client would take a core of its own);
4. while wrk runs, probes the kab/kota recap, the national PPWP recap and a public TPS page
   (``--compare-groupby``: also both recaps summed by GROUP BY over the forms), and samples every
   worker's RSS;
5. then runs pgbench with the bare equivalent transaction (1 header row + 20 vote rows) for the
   same duration, and prints everything (``--json``: one object).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import (  # noqa: E402
    DATA,
    ROOT,
    Probe,
    Renicer,
    RssSampler,
    Server,
    backend_pids,
    cpu_seconds,
    fresh_database,
    pemilu,
    pemilu_env,
    run_pgbench,
    signature,
    template_database,
)

FIELDS_ZERO = ("pengguna_dpk_l", "pengguna_dpk_p", "pengguna_dpk_j", "disabilitas_l", "disabilitas_p",
               "disabilitas_j")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def filtered(src: Path, dst: Path, keep: Any) -> Path:
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        fout.write(fin.readline())
        for line in fin:
            if keep(line):
                fout.write(line)
    return dst


SOURCES = [DATA / "wilayah_kemendagri_2025.csv", DATA / "tps2024_per_desa.csv", DATA / "dapil2024_wilayah.csv",
           DATA / "dpr2024_national_official.csv", DATA / "dcs_dpr2024_candidates.csv"]


def setup(env: dict[str, str], small: bool, tmp: Path) -> str:
    """Build the database in place and return a token (chaos.py uses this directly)."""
    build(env, small, tmp)
    return make_token(env)


def prepared_database(small: bool, tmp: Path, rebuild: bool = False, pg: list[str] | None = None,
                      port: int = 5432, prefix: str = "pemilu") -> tuple[str, float]:
    """The cached template for this scope (built when missing or stale) and the seconds it took."""
    name = f"{prefix}_tpl_night_small" if small else f"{prefix}_tpl_night"
    sig = signature(*SOURCES) + ("-small" if small else "-national")
    seconds = template_database(name, sig, lambda url: build(pemilu_env(url, tmp), small, tmp), rebuild=rebuild,
                                pg=pg, port=port)
    return name, seconds


def make_token(env: dict[str, str]) -> str:
    return pemilu(["shell", "-c", _MAKE_TOKEN], env).strip().splitlines()[-1]


def build(env: dict[str, str], small: bool, tmp: Path) -> None:
    pemilu(["migrate", "-v", "0"], env)
    regions = DATA / "wilayah_kemendagri_2025.csv"
    tps = DATA / "tps2024_per_desa.csv"
    if small:
        regions = filtered(regions, tmp / "regions.csv", lambda line: line.startswith("12"))
        tps = filtered(tps, tmp / "tps.csv", lambda line: line.startswith("12"))
    t0 = time.perf_counter()
    pemilu(["regions", "import", str(regions)], env)
    pemilu(["tps", "import", str(tps), "--create-missing"], env)
    log(f"regions + TPS imported in {time.perf_counter() - t0:.1f}s")
    if _has_command(env, "schedule"):
        pemilu(["schedule", "load", "pemilu-2024"], env)
    else:
        pemilu(["shell", "-c", "from pemilu.elections.demo import get_or_create_pemilu_2024 as g; g()"], env)
    pemilu(["results", "reference", str(DATA / "dapil2024_wilayah.csv"), str(DATA / "dpr2024_national_official.csv"),
            str(DATA / "dcs_dpr2024_candidates.csv")], env)
    pemilu(["shell", "-c", _SETUP_USER], env)
    # Statistics for the loaded tables only. ANALYZE on an empty results table records "0 rows",
    # and every backend then keeps a sequential scan as its cached plan for the deferred foreign-key
    # checks into that table until the next ANALYZE, while the table grows: a third of the box's CPU
    # in a 60 s run (perf, 2026-12-04). A freshly migrated database has never analysed them; in
    # production autovacuum re-analyses a growing table within autovacuum_naptime (docs/scaling.md).
    tables = subprocess.run(["psql", "-d", env["DATABASE_URL"], "-Atc",
                             "SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > 0 ORDER BY 1"],
                            check=True, capture_output=True, text=True).stdout.split()
    if tables:
        subprocess.run(["psql", "-d", env["DATABASE_URL"], "-qc", "VACUUM ANALYZE " + ", ".join(tables)], check=True)


def _has_command(env: dict[str, str], name: str) -> bool:
    out = subprocess.run([sys.executable, "-m", "pemilu", "--help"], env=env, capture_output=True, text=True,
                         check=False).stdout
    return f"  {name} " in out


_SETUP_USER = """
from pemilu.accounts.actions import do_create_token, do_grant_role, get_system_user
from pemilu.accounts.models import User
from pemilu.elections.queries import current
from pemilu.results.reference import config_for
from pemilu.results.models import EntryMode
election = current()
cfg = config_for(election)
cfg.entry_mode = EntryMode.DIRECT
cfg.save()
user, _ = User.objects.get_or_create(username="night.kpu", defaults={"full_name": "KPU ingest"})
do_grant_role(user, "kpu_staff", "", actor=get_system_user(), reason="benchmark")
"""

_MAKE_TOKEN = """
from pemilu.accounts.actions import do_create_token, get_system_user
from pemilu.accounts.models import User
print(do_create_token(User.objects.get(username="night.kpu"), "election-night", actor=get_system_user())[1])
"""

_LIST_TARGETS = """
import json, random
from pemilu.regions.models import Tps
from pemilu.elections.queries import current
from pemilu.results.dapil import contest_codes_for_tps
from pemilu.results.models import Contest
election = current()
rng = random.Random(2024)
codes = list(Tps.objects.exclude(prov_code="99").values_list("code", flat=True))
rng.shuffle(codes)
contests = {c.code: [ch["key"] for ch in c.choices] for c in Contest.objects.filter(election=election)}
out = []
for code in codes[:N]:
    mine = [c for c in contest_codes_for_tps(election, code) if not c.startswith("dpd-") and c in contests]
    out.append([code, [[c, contests[c]] for c in mine]])
print(json.dumps({"targets": out}))
"""


def make_body(rng: random.Random, choices: list[str]) -> dict[str, Any]:
    """A C.Hasil whose figures pass every check (E1–E8, W1–W2)."""
    dpt_l, dpt_p = rng.randint(80, 150), rng.randint(80, 150)
    used_l, used_p = rng.randint(50, dpt_l), rng.randint(50, dpt_p)
    dptb_l, dptb_p = rng.randint(0, 3), rng.randint(0, 3)
    dpt_users_l, dpt_users_p = used_l - dptb_l, used_p - dptb_p
    total = used_l + used_p
    invalid = rng.randint(0, 8)
    valid = total - invalid
    dpt_j = dpt_l + dpt_p
    received = dpt_j + -(-2 * dpt_j // 100)
    damaged = rng.randint(0, 2)
    votes = {k: 0 for k in choices}
    remaining = valid
    keys = list(choices)
    for i, key in enumerate(keys):
        share = remaining if i == len(keys) - 1 else rng.randint(0, min(remaining, 300) // max(1, (len(keys) - i) // 2))
        votes[key] = min(share, 300)
        remaining -= votes[key]
    if remaining:  # spread what is left without exceeding 300 per figure
        for key in keys:
            add = min(remaining, 300 - votes[key])
            votes[key] += add
            remaining -= add
            if not remaining:
                break
    body: dict[str, Any] = {
        "dpt_l": dpt_l, "dpt_p": dpt_p, "dpt_j": dpt_j,
        "pengguna_dpt_l": dpt_users_l, "pengguna_dpt_p": dpt_users_p, "pengguna_dpt_j": dpt_users_l + dpt_users_p,
        "pengguna_dptb_l": dptb_l, "pengguna_dptb_p": dptb_p, "pengguna_dptb_j": dptb_l + dptb_p,
        "pengguna_total_l": used_l, "pengguna_total_p": used_p, "pengguna_total_j": total,
        "ss_diterima": received, "ss_digunakan": total, "ss_rusak": damaged,
        "ss_tidak_digunakan": received - total - damaged,
        "suara_sah": valid, "suara_tidak_sah": invalid, "suara_total": total, "votes": votes,
    }
    for f in FIELDS_ZERO:
        body[f] = 0
    return body


def generate(env: dict[str, str], n: int, path: Path, per_request: int = 4) -> int:
    """One line per request: a TPS's forms (PPWP, DPR, DPRD Prov, DPRD Kab/Kota — as many as
    ``per_request``), each with its own idempotency key. Returns the number of forms."""
    log(f"generating {n:,} requests × up to {per_request} forms")
    raw = pemilu(["shell", "-c", _LIST_TARGETS.replace("[:N]", f"[:{n}]")], env).strip().splitlines()[-1]
    data = json.loads(raw)
    rng = random.Random(14022024)
    forms = 0
    with path.open("w", encoding="utf-8") as out:
        for i, (tps, contests) in enumerate(data["targets"]):
            items = []
            for code, choices in contests[:per_request]:
                items.append({"tps": tps, "contest": code, "idempotency_key": f"night-{i}-{code}",
                              **make_body(rng, choices)})
            forms += len(items)
            body = json.dumps({"submissions": items}, separators=(",", ":"))
            out.write(f"night-{i}\t/api/v1/results/batch\t{body}\n")
    return forms


def run_wrk(server: Server, token: str, bodies: Path, duration: int, connections: int, out: Path) -> dict[str, Any]:
    env = dict(os.environ, PEMILU_BODIES=str(bodies), PEMILU_TOKEN=token, PEMILU_THREADS="2",
               PEMILU_WRK_OUT=str(out))
    subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                    "-s", str(ROOT / "benchmarks" / "lua" / "submit.lua"), server.url + "/"],
                   env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


class LockWaitSampler(threading.Thread):
    """Every 0.1 s during the load: which of this database's backends wait for a lock, on what
    (lock type, relation, mode) and behind whom (the blockers' state and wait event). A stall in
    the ingest latencies that is not CPU shows here as a lock queue; ``longest`` keeps the
    longest wait seen, with what it waited on."""

    def __init__(self, url: str, dbname: str) -> None:
        super().__init__(daemon=True)
        self.url, self.dbname = url, dbname
        self.samples = self.with_waits = self.max_waiting = 0
        self.by_lock: dict[str, int] = {}
        self.longest: dict[str, Any] = {"wait_s": 0.0}
        self.waits: dict[str, int] = {}  # what the active backends were doing, over all samples
        self.slowest: dict[str, Any] = {"running_s": 0.0}  # the longest-running statement seen
        self.stop_flag = threading.Event()

    def run(self) -> None:
        import psycopg

        sql = """SELECT extract(epoch FROM now() - a.query_start), l.locktype, l.relation::regclass::text, l.mode,
                        left(a.query, 60),
                        (SELECT string_agg(b.state || '/' || coalesce(b.wait_event_type, '-') || '/'
                                           || coalesce(b.wait_event, '-'), ', ')
                           FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids(a.pid)))
                   FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
                  WHERE a.datname = %s"""
        active = """SELECT extract(epoch FROM now() - query_start), coalesce(wait_event_type || '/' || wait_event, 'CPU'),
                           left(query, 60)
                      FROM pg_stat_activity
                     WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()"""
        with psycopg.connect(self.url, autocommit=True, application_name="pemilu-read") as conn:
            while not self.stop_flag.is_set():
                for running, wait, query in conn.execute(active, [self.dbname]).fetchall():
                    self.waits[wait] = self.waits.get(wait, 0) + 1
                    if float(running or 0) > self.slowest["running_s"]:
                        self.slowest = {"running_s": round(float(running), 3), "wait": wait, "query": query}
                rows = conn.execute(sql, [self.dbname]).fetchall()
                self.samples += 1
                self.with_waits += 1 if rows else 0
                self.max_waiting = max(self.max_waiting, len(rows))
                for waited, locktype, relation, mode, query, blockers in rows:
                    key = f"{locktype} {relation or ''} {mode}".replace("  ", " ")
                    self.by_lock[key] = self.by_lock.get(key, 0) + 1
                    if float(waited or 0) > self.longest["wait_s"]:
                        self.longest = {"wait_s": round(float(waited), 2), "lock": key, "query": query,
                                        "blockers": blockers}
                time.sleep(0.1)

    def summary(self) -> dict[str, Any]:
        return {"samples": self.samples, "samples_with_lock_waits": self.with_waits,
                "max_backends_waiting": self.max_waiting, "by_lock": self.by_lock, "longest": self.longest,
                "active_backends_by_wait": dict(sorted(self.waits.items(), key=lambda kv: -kv[1])[:8]),
                "slowest_statement": self.slowest}


class DiskSampler(threading.Thread):
    """Every 0.1 s during the load, from /proc/diskstats: the writes to the disk that holds
    PostgreSQL's data and how long they took. A WAL fsync queued behind a burst of writeback
    shows here as 100 ms intervals whose writes averaged hundreds of milliseconds."""

    def __init__(self, device: str | None) -> None:
        super().__init__(daemon=True)
        self.device = device
        self.writes = self.write_ms = self.slow_intervals = 0
        self.worst = 0.0
        self.stop_flag = threading.Event()

    def _read(self) -> tuple[int, int] | None:
        for line in Path("/proc/diskstats").read_text().splitlines():
            f = line.split()
            if f[2] == self.device:
                return int(f[7]), int(f[10])  # writes completed, ms spent writing
        return None

    def run(self) -> None:
        prev = self._read() if self.device else None
        while prev is not None and not self.stop_flag.is_set():
            time.sleep(0.1)
            cur = self._read()
            if cur is None:
                return
            writes, ms = cur[0] - prev[0], cur[1] - prev[1]
            self.writes += writes
            self.write_ms += ms
            avg = ms / writes if writes else 0.0
            self.worst = max(self.worst, avg)
            self.slow_intervals += 1 if avg > 100 else 0
            prev = cur

    def summary(self) -> dict[str, Any]:
        return {"device": self.device, "writes": self.writes,
                "avg_write_ms": round(self.write_ms / self.writes, 2) if self.writes else None,
                "worst_100ms_avg_write_ms": round(self.worst, 1),
                "intervals_avg_write_over_100ms": self.slow_intervals}


def data_disk(url: str) -> str | None:
    """The block device (as /proc/diskstats names it) holding PostgreSQL's data directory, when
    the server runs on this machine and we may read the directory's device number."""
    try:
        data_dir = subprocess.run(["psql", "-d", url, "-Atc", "SHOW data_directory"], check=True,
                                  capture_output=True, text=True).stdout.strip()
        st = os.stat(data_dir)
        return Path(f"/sys/dev/block/{os.major(st.st_dev)}:{os.minor(st.st_dev)}").resolve().name
    except (OSError, subprocess.CalledProcessError):
        return None


def ensure_wrk() -> None:
    """wrk is Debian's package `wrk`: installed here when missing and we are root on Debian."""
    if shutil.which("wrk"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        raise SystemExit("election_night.py needs wrk: sudo apt-get install wrk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--small", action="store_true", help="Sumatera Utara only (fast setup)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8,
                        help="requests in flight (wrk connections); 16 doubles the queueing for the same throughput")
    parser.add_argument("--forms-per-request", type=int, default=4,
                        help="forms of one TPS sent together (a TPS has five C.Hasil)")
    parser.add_argument("--read-workers", type=int, default=2,
                        help="a separate gunicorn for the recap/public probes, as a load balancer would route "
                             "reads (0 = probes go to the ingest server)")
    parser.add_argument("--read-threads", type=int, default=2,
                        help="threads per read-pool worker (the recaps mostly wait on the database)")
    parser.add_argument("--read-nice", type=int, default=-5,
                        help="CPU priority of the read pool (negative needs root; 0 = same as ingest)")
    parser.add_argument("--compare-groupby", action="store_true",
                        help="also probe the recaps summed by GROUP BY over the forms during the load (the "
                             "losing strategy; national_recap.py compares both without load)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--db-prefix", default="pemilu",
                        help="prefix of the run's and the template's database names (two checkouts benchmarking on "
                             "one PostgreSQL server each use their own)")
    parser.add_argument("--rebuild-template", action="store_true",
                        help="rebuild the cached template database (region/TPS tree, reference data, user)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="pemilu-night-"))
    dbname = f"{args.db_prefix}_bench_night_small" if args.small else f"{args.db_prefix}_bench_night"
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    template, built = prepared_database(args.small, tmp, args.rebuild_template, prefix=args.db_prefix)
    log(f"template {template}: " + (f"built in {built:.0f}s" if built else "reused"))
    with fresh_database(dbname, keep=args.keep_db, template=template) as url:
        log(f"database cloned from the template, {time.perf_counter() - t0:.0f}s so far")
        env = pemilu_env(url, tmp)
        token = make_token(env)
        bodies = tmp / "bodies.tsv"
        n = max(1000, args.duration * 800)
        generate(env, n, bodies, args.forms_per_request)
        server = Server(env, args.workers, args.threads)
        server.start()
        # The read pool stands in for its own machine: a higher CPU priority (nice -5, as root)
        # keeps the ingest workers — and everyone else's jobs on a shared box — from starving it.
        read_nice = args.read_nice if os.geteuid() == 0 or args.read_nice >= 0 else 0
        read_env = dict(env, DATABASE_URL=url + "?application_name=pemilu-read")  # kept out of the CPU split
        reader = Server(read_env, args.read_workers, args.read_threads, nice=read_nice) if args.read_workers else server
        if reader is not server:
            reader.start()
        headers = {"Authorization": f"Bearer {token}"}
        first_tps = json.loads(bodies.open().readline().split("\t")[2])["submissions"][0]["tps"]
        kab = ".".join(first_tps.split(".")[:2])
        # The probing client stands in for users on other machines: with a read pool of its own
        # priority, its threads get that priority too (else the measurement includes the time the
        # client itself waits for a CPU on this 2-core box).
        pn = read_nice if reader is not server else 0
        probes = [
            Probe("recap_kabkota", f"{reader.url}/api/v1/recap/ppwp?region={kab}", headers, nice=pn),
            Probe("recap_national", f"{reader.url}/api/v1/recap/ppwp?region=", headers, interval=0.5, nice=pn),
            Probe("public_tps", f"{reader.url}/hasil/publik/tps/{first_tps}/", {}, nice=pn),
        ]
        if args.compare_groupby:
            # The same recaps summed from the forms (GROUP BY) instead of the kecamatan roll-ups.
            # Off by default: the national GROUP BY is ~0.7 s of database CPU per call, so these
            # two probes alone took about a quarter of the box from the load they measure.
            probes += [
                Probe("recap_kabkota_groupby", f"{reader.url}/api/v1/recap/ppwp?region={kab}&strategy=groupby",
                      headers, interval=0.5, nice=pn),
                Probe("recap_national_groupby", f"{reader.url}/api/v1/recap/ppwp?region=&strategy=groupby", headers,
                      interval=2.0, nice=pn),
            ]
        rss = RssSampler(server)
        locks = LockWaitSampler(url, dbname)
        disk = DiskSampler(data_disk(url))
        # Its database sessions too, when it has its own priority: on a real deployment the read
        # pool queries a replica (docs/scaling.md), not the primary that ingests.
        renicer = Renicer(dbname, "pemilu-read", read_nice) if reader is not server and read_nice else None
        try:
            if renicer is not None:
                renicer.start()
            rss.start()
            locks.start()
            disk.start()
            for p in probes:
                p.start()
            # Start the load, like pgbench's run below, right after a checkpoint: otherwise the WAL
            # left by loading the template decides when a checkpoint falls inside the measurement.
            subprocess.run(["psql", "-d", url, "-qc", "CHECKPOINT"], check=True)
            lsn0 = subprocess.run(["psql", "-d", url, "-Atc", "SELECT pg_current_wal_lsn()"], check=True,
                                  capture_output=True, text=True).stdout.strip()
            log(f"load: wrk 2 threads, {args.connections} connections, {args.duration}s")
            load_during = os.getloadavg()
            # CPU of our processes during the load: the app workers, and the PostgreSQL backends of
            # this database that exist once the workers have connected (a second into the run).
            cpu_app0 = cpu_seconds(server.worker_pids())
            wrk_thread = threading.Thread(target=lambda: wrk_out.append(
                run_wrk(server, token, bodies, args.duration, args.connections, tmp / "wrk.json")))
            wrk_out: list[dict[str, Any]] = []
            wrk_thread.start()
            time.sleep(min(2.0, args.duration / 5))
            pg_pids = backend_pids(dbname, exclude_app="pemilu-read")
            cpu_pg0, t_pg0 = cpu_seconds(pg_pids), time.perf_counter()
            wrk_thread.join()
            # Backends that connected later (a thread's first request) count with all their CPU.
            late = [p for p in backend_pids(dbname, exclude_app="pemilu-read") if p not in cpu_pg0]
            cpu_pg0.update({p: 0.0 for p in late})
            cpu_pg1, t_pg1 = cpu_seconds([*pg_pids, *late]), time.perf_counter()
            cpu_app1 = cpu_seconds(list(cpu_app0))
            wrk = wrk_out[0]
            load_during = max(load_during, os.getloadavg())
        finally:
            for p in probes:
                p.stop_flag.set()
            rss.stop_flag.set()
            locks.stop_flag.set()
            disk.stop_flag.set()
            if renicer is not None:
                renicer.stop_flag.set()
            server.stop()
            if reader is not server:
                reader.stop()
        # Sequential scans of the written tables during the run: ~0 with index plans; thousands when
        # backends cached a sequential-scan plan for the foreign-key checks (see build()).
        seq_scans = dict(line.split("|") for line in subprocess.run(
            ["psql", "-d", url, "-Atc", "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname IN "
             "('results_result', 'results_resultversion', 'audit_auditevent', 'results_idempotencykey')"],
            check=True, capture_output=True, text=True).stdout.split())
        wal_bytes = float(subprocess.run(["psql", "-d", url, "-Atc", f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), "
                                          f"'{lsn0}')"], check=True, capture_output=True, text=True).stdout)
        stored = int(pemilu(["shell", "-c", "from pemilu.results.models import Result; "
                                   "print(Result.objects.exclude(status='empty').count())"], env).split()[-1])
        log("pgbench with the bare equivalent transaction")
        pgbench_tps = run_pgbench(dbname, args.duration)
    ok = sum(v for k, v in wrk["statuses"].items() if k.endswith("_200"))
    seconds = wrk["duration_us"] / 1e6
    result = {
        "forms_per_s": round(stored / seconds, 1), "forms_stored": stored, "requests": wrk["requests"],
        "requests_per_s": round(wrk["requests"] / seconds, 1), "ok": ok, "statuses": wrk["statuses"],
        "forms_per_request": args.forms_per_request,
        "p50_ms": round(wrk["p50_us"] / 1000, 1), "p90_ms": round(wrk["p90_us"] / 1000, 1),
        "p99_ms": round(wrk["p99_us"] / 1000, 1), "max_ms": round(wrk["max_us"] / 1000, 1),
        "wrk_errors": {k[7:]: wrk[k] for k in wrk if k.startswith("errors_")},
        "lock_waits": locks.summary(), "disk": disk.summary(),
        "pgbench_tps": round(pgbench_tps, 1), "ratio": round(stored / seconds / pgbench_tps, 3),
        "recap_kabkota_p99_ms": probes[0].summary().get("p99_ms"), "recap_kabkota": probes[0].summary(),
        "recap_national_ms": probes[1].summary().get("p50_ms"), "recap_national": probes[1].summary(),
        "public_tps_p99_ms": probes[2].summary().get("p99_ms"), "public_tps": probes[2].summary(),
        "recap_kabkota_groupby": probes[3].summary() if args.compare_groupby else None,
        "recap_national_groupby": probes[4].summary() if args.compare_groupby else None,
        "wal_kb_per_form": round(wal_bytes / max(stored, 1) / 1024, 1),
        "seq_scans_written_tables": {k: int(v) for k, v in seq_scans.items()},
        "worker_rss_mb_max": round(rss.max_mb, 1), "workers": args.workers, "threads": args.threads,
        "connections": args.connections, "duration_s": args.duration, "scope": "sumut" if args.small else "national",
        "read_workers": args.read_workers, "read_threads": args.read_threads, "read_nice": read_nice,
        "read_sessions_reniced": len(renicer.done) if renicer is not None else 0, "template_build_s": round(built, 1),
        "cpu_ms_per_form_app": round(sum(cpu_app1.get(p, 0) - v for p, v in cpu_app0.items()) * 1000 / max(stored, 1), 2),
        "cpu_ms_per_form_postgres": round(sum(cpu_pg1.get(p, 0) - v for p, v in cpu_pg0.items()) * 1000
                                          / max(1.0, stored * (t_pg1 - t_pg0) / seconds), 2),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_end_of_load": [round(x, 2) for x in load_during],
    }
    if not args.keep_db:
        shutil.rmtree(tmp, ignore_errors=True)  # the bodies file alone is ~180 MB nationally
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
