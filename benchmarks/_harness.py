"""Shared plumbing for the election-night and chaos benchmarks: a fresh PostgreSQL database,
the production server in a subprocess, worker memory sampling, latency probes, pgbench."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
def _shared_data() -> Path:
    """../shared/data beside the repository (CI's layout), else PEMILU_SHARED_DATA, else /work/shared/data
    (a git worktree lives one level deeper than the main checkout)."""
    for candidate in (os.environ.get("PEMILU_SHARED_DATA"), ROOT.parent / "shared" / "data",
                      ROOT.parent.parent / "shared" / "data", "/work/shared/data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return ROOT.parent / "shared" / "data"


DATA = _shared_data()
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def fresh_database(name: str, keep: bool = False, template: str | None = None, pg: list[str] | None = None,
                   port: int = 5432) -> Any:
    pg = pg or PG
    subprocess.run(["dropdb", *pg, "--if-exists", "--force", name], check=True)
    # FILE_COPY: copy the template's files after a checkpoint instead of writing the whole
    # database into the WAL (PostgreSQL 15's default): a national clone is ~1 GB of WAL, which
    # forced checkpoints during the load that followed.
    clone = ["--template", template, "--strategy", "file_copy"] if template else []
    subprocess.run(["createdb", *pg, *clone, name], check=True)
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/{name}"
    finally:
        if not keep:
            subprocess.run(["dropdb", *pg, "--if-exists", "--force", name], check=False)


def signature(*paths: Path) -> str:
    """What a cached template database was built from: the migrations and the data files (name,
    size, mtime). A template whose signature differs is rebuilt."""
    parts: list[str] = []
    for migration in sorted((ROOT / "src" / "pemilu").glob("*/migrations/0*.py")):
        parts.append(f"{migration.parent.parent.name}/{migration.name}:{migration.stat().st_size}")
    for path in paths:
        st = path.stat()
        parts.append(f"{path.name}:{st.st_size}:{int(st.st_mtime)}")
    import hashlib

    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def template_database(name: str, sig: str, build: Callable[[str], None], *, rebuild: bool = False,
                      pg: list[str] | None = None, port: int = 5432) -> float:
    """Make sure the template database ``name`` exists and was built from ``sig``; build it with
    ``build(url)`` otherwise. Returns the seconds spent building (0 when reused). Benchmarks clone
    it (CREATE DATABASE … TEMPLATE) so the national tree is loaded once, not per run."""
    pg = pg or PG
    comment = subprocess.run(["psql", *pg, "-d", "postgres", "-Atc",
                              f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 (a benchmark database name)
                             capture_output=True, text=True, check=True).stdout.strip()
    if comment == f"pemilu-template {sig}" and not rebuild:
        return 0.0
    t0 = time.perf_counter()
    subprocess.run(["dropdb", *pg, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *pg, name], check=True)
    try:
        build(f"postgres://postgres@127.0.0.1:{port}/{name}")
    except BaseException:
        subprocess.run(["dropdb", *pg, "--if-exists", "--force", name], check=False)
        raise
    subprocess.run(["psql", *pg, "-d", "postgres", "-qc", f"COMMENT ON DATABASE {name} IS 'pemilu-template {sig}'"],
                   check=True)
    return time.perf_counter() - t0


def pemilu_env(database_url: str, var_dir: Path) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=database_url, PEMILU_VAR_DIR=str(var_dir),
                PYTHONPATH=str(ROOT / "src"), DEBUG="False", DB_CONN_MAX_AGE="600",
                ALLOWED_HOSTS="127.0.0.1,localhost")


def pemilu(args: list[str], env: dict[str, str], *, capture: bool = True) -> str:
    proc = subprocess.run([sys.executable, "-m", "pemilu", *args], env=env, capture_output=capture, text=True,
                          check=False)
    if proc.returncode != 0:
        raise SystemExit(f"pemilu {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout or ""


class Server:
    """`pemilu serve` (gunicorn) in a subprocess."""

    def __init__(self, env: dict[str, str], workers: int, threads: int, port: int | None = None,
                 nice: int = 0) -> None:
        self.env = env
        self.nice = nice
        self.port = port or free_port()
        self.workers = workers
        self.threads = threads
        self.proc: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: nobody reads a pipe during the run, and once its 64 KB fill with
        # tracebacks (a database restart) every worker blocks writing its log.
        self.log = Path(env.get("PEMILU_VAR_DIR", tempfile.gettempdir())) / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pemilu", "serve", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads), "--no-access-log"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"),
            preexec_fn=(lambda: os.nice(self.nice)) if self.nice else None)  # noqa: PLW1509 (no threads yet)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/akun/masuk/", timeout=2).read()  # noqa: S310 (loopback)
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("server did not start")

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False)
        return [int(p) for p in out.stdout.split()]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    def __init__(self, server: Server, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.interval = interval
        self.max_mb = 0.0
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            for pid in self.server.worker_pids():
                self.max_mb = max(self.max_mb, rss_mb(pid))
            time.sleep(self.interval)


class Probe(threading.Thread):
    """Time one GET repeatedly while the load runs (its own keep-alive connection)."""

    def __init__(self, name: str, url: str, headers: dict[str, str], interval: float = 0.05,
                 check: Callable[[bytes], None] | None = None, nice: int = 0) -> None:
        super().__init__(daemon=True)
        self.nice = nice
        self.name_ = name
        self.url = url
        self.headers = headers
        self.interval = interval
        self.check = check
        self.samples: list[float] = []
        self.errors = 0
        self.stop_flag = threading.Event()

    def run(self) -> None:
        if self.nice:  # Linux: a thread's own priority (the client stands in for a user elsewhere)
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
        while not self.stop_flag.is_set():
            req = urllib.request.Request(self.url, headers=self.headers)  # noqa: S310 (loopback)
            t0 = time.perf_counter()
            try:
                body = urllib.request.urlopen(req, timeout=30).read()  # noqa: S310
                self.samples.append((time.perf_counter() - t0) * 1000)
                if self.check:
                    self.check(body)
            except Exception:  # noqa: BLE001 - counted and reported
                self.errors += 1
            time.sleep(self.interval)

    def summary(self) -> dict[str, float]:
        if not self.samples:
            return {"n": 0}
        s = sorted(self.samples)
        return {"n": len(s), "p50_ms": round(statistics.median(s), 1),
                "p99_ms": round(s[min(len(s) - 1, int(len(s) * 0.99))], 1), "max_ms": round(s[-1], 1),
                "errors": self.errors}


PGBENCH_SQL = """\\set k random(1, 1000000000)
BEGIN;
WITH f AS (INSERT INTO bench_form (tps_code, contest, idem) VALUES ('12.76.01.1006.001', 'dpr', 'k' || :k || '-' || :client_id || '-' || random()) RETURNING id)
INSERT INTO bench_vote (form_id, choice, votes) SELECT f.id, 'p' || g, g FROM f, generate_series(1, 20) g;
COMMIT;
"""


def run_pgbench(dbname: str, seconds: int, clients: int = 8) -> float:
    """The bare transaction the issue names: 1 header row + 20 vote rows, committed (fsync on)."""
    setup = ("DROP TABLE IF EXISTS bench_vote, bench_form; "
             "CREATE TABLE bench_form (id bigserial primary key, tps_code varchar(20), contest varchar(20), "
             "idem varchar(80) unique, created_at timestamptz default now()); "
             "CREATE TABLE bench_vote (form_id bigint references bench_form(id), choice varchar(20), votes int); "
             "CHECKPOINT;")  # as before the application's load: both start right after a checkpoint
    subprocess.run(["psql", *PG, "-d", dbname, "-qc", setup], check=True, capture_output=True)
    script = Path(f"/tmp/pemilu-pgbench-{os.getpid()}.sql")
    script.write_text(PGBENCH_SQL)
    out = subprocess.run(["pgbench", *PG, "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(script),
                          dbname], capture_output=True, text=True, check=True).stdout
    subprocess.run(["psql", *PG, "-d", dbname, "-qc", "DROP TABLE bench_vote, bench_form"], check=False)
    for line in out.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise SystemExit(f"pgbench printed no tps:\n{out}")


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=None, sort_keys=False)


PG_BIN = Path(os.environ.get("PEMILU_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    """A throw-away PostgreSQL instance of our own (initdb into a temp dir, a free port on
    127.0.0.1, fsync on), so a fault test can restart *its* server and never the shared one.
    Runs as the ``postgres`` system user when started as root (initdb refuses root)."""

    def __init__(self, port: int | None = None, bindir: Path = PG_BIN) -> None:
        self.port = port or free_port()
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="pemilu-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"

    @property
    def pg(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, capture_output=True, text=True, check=True, **kw)

    def start(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"])
        conf = self.data / "postgresql.conf"
        with conf.open("a") as f:
            f.write(f"\n# pemilu private instance\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.dir}'\nfsync = on\nsynchronous_commit = on\n"
                    "max_connections = 60\nshared_buffers = 256MB\n")
        self.ctl("start")
        return self

    def ctl(self, action: str, mode: str = "fast") -> None:
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-m", mode, "-w",
                   "-t", "60", action])

    def restart(self, mode: str = "fast") -> None:
        """``fast``: backends are terminated, a clean shutdown; ``immediate``: like a crash
        (recovery from the WAL on start)."""
        self.ctl("restart", mode)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop", "fast")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PrivatePostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend (None on SQLite or when unreadable)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each pid (seconds), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return out


def backend_pids(dbname: str, pg: list[str] | None = None, exclude_app: str = "", only_app: str = "") -> list[int]:
    app = f"application_name = '{only_app}'" if only_app else f"application_name <> '{exclude_app}'"
    out = subprocess.run(["psql", *(pg or PG), "-d", "postgres", "-Atc",
                          f"SELECT pid FROM pg_stat_activity WHERE datname = '{dbname}' "  # noqa: S608
                          f"AND {app} AND backend_type = 'client backend'"],
                         capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


class Renicer(threading.Thread):
    """Give the database sessions of one application (the read pool's) a CPU priority: with the
    read pool itself at that priority, they stand in for a read replica on its own machine.
    Sessions open lazily (a gunicorn thread's first query), so it looks again every second."""

    def __init__(self, dbname: str, app: str, nice: int) -> None:
        super().__init__(daemon=True)
        self.dbname, self.app, self.nice = dbname, app, nice
        self.done: set[int] = set()
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            for pid in backend_pids(self.dbname, only_app=self.app):
                if pid not in self.done:
                    with contextlib.suppress(OSError):
                        os.setpriority(os.PRIO_PROCESS, pid, self.nice)
                        self.done.add(pid)
            self.stop_flag.wait(1.0)


def voters_database(prefix: str) -> tuple[Any, Any]:
    """A fresh database for a voter-list benchmark — PostgreSQL when DATABASE_URL names one (dropped and
    re-created), else SQLite in a new temporary PEMILU_VAR_DIR — migrated, with the demo's regions and
    Pemilu 2024; answers (the system user, the election). A benchmark-only PEMILU_VOTER_KEY is set when
    none is given. Django is set up here: import pemilu's models after calling it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", *PG, name], check=True)
    else:
        os.environ["PEMILU_VAR_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("PEMILU_VOTER_KEY", "benchmark-only-key-" + "x" * 32)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from pemilu.accounts.actions import get_system_user
    from pemilu.core.demo import load_regions
    from pemilu.elections.demo import get_or_create_pemilu_2024

    call_command("migrate", verbosity=0)
    actor = get_system_user()
    election = get_or_create_pemilu_2024()
    load_regions(actor, lambda *_a: None)
    return actor, election
