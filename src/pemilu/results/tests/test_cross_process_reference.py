"""Reference data imported in one process reaches a web worker running in another, without a restart
(issue 18 item 1).

Three processes share one database: this test (the fixtures), ``pemilu results reference`` (the
import, a real CLI run) and a worker (``reference_worker.py``) that started before the import and
loaded its reference data then, as gunicorn's ``post_worker_init`` does — an empty dapil map. Before
the one cache (core/cache.py) that worker kept its empty map until restarted and refused every
DPR/DPRD form; now the import bumps the generation in the shared cache and the worker's next
form is accepted. With Redis shared (``CACHE_URL``) that holds at once; with each process's own
local-memory cache, within the entry's time to live.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from pemilu.accounts.actions import do_create_token, get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Contest, Result
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tests.conftest import good_form
from pemilu.testing.factories import make_cast

REDIS_URL = "redis://127.0.0.1:6379/0"
WORKER = Path(__file__).with_name("reference_worker.py")
TPS = "12.76.01.1006.001"
DAPIL = ("jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah\n"
         "DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False\n")
PARTIES = "ballot_no,party,party_name\n1,PKB,Partai Kebangkitan Bangsa\n2,GERINDRA,Partai Gerindra\n3,PDIP,PDI-P\n"

pytestmark = pytest.mark.slow


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _database_url(tmp_path: Path) -> str:
    """A URL of this test's database that another process can open: PostgreSQL's test database
    by name; SQLite's in-memory test database copied to a file (its rows are committed:
    ``transactional_db``)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    connection.close()
    return f"sqlite:///{path}"


class Worker:
    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WORKER), *args], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().strip()
        assert first == "ready", self.proc.stderr.read() if self.proc.stderr else first

    def submit(self, token: str, contest: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        body = good_form()
        self.proc.stdin.write(json.dumps({"path": f"/api/v1/results/{TPS}/{contest}", "body": body,
                                          "token": token}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read() if self.proc.stderr else "no answer"
        return dict(json.loads(line))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def shared_env(request: pytest.FixtureRequest, transactional_db: None, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "CACHE_KEY_PREFIX")}
    env["PYTHONPATH"] = os.pathsep.join([str(settings.BASE_DIR.parent), env.get("PYTHONPATH", "")])
    env["DJANGO_SETTINGS_MODULE"] = "pemilu.settings"
    prefix = f"t-{uuid.uuid4().hex}"
    if request.param == "redis":
        if not _redis_up():
            pytest.skip("Redis is not reachable at 127.0.0.1:6379")
        env.update(CACHE_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix)
    yield env
    if request.param == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


@pytest.mark.parametrize("shared_env", ["redis", "local"], indirect=True)
def test_a_worker_accepts_dpr_forms_after_another_process_imports_the_dapil(shared_env: dict[str, str],
                                                                            tmp_path: Path) -> None:
    cast = make_cast()
    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    _token, token = do_create_token(cast.kpps_a1, "device", actor=cast.kpps_a1)
    env = dict(shared_env, DATABASE_URL=_database_url(tmp_path))
    shared = "CACHE_URL" in env
    # Without a shared cache the worker sees the import within the dapil map's time to live,
    # shortened here from 300 s to 1 s.
    worker = Worker(env) if shared else Worker(env, "--area-seconds", "1")
    try:
        before = worker.submit(token, "dpr-1201")
        assert before["status"] == 404, before  # no DPR contest yet; the worker's dapil map is empty

        (tmp_path / "dapil.csv").write_text(DAPIL)
        (tmp_path / "parties.csv").write_text(PARTIES)
        imported = subprocess.run([sys.executable, "-m", "pemilu", "results", "reference",
                                   str(tmp_path / "dapil.csv"), str(tmp_path / "parties.csv")],
                                  env=env, capture_output=True, text=True, timeout=300, check=False)
        assert imported.returncode == 0, imported.stderr
        assert "dapil 1, wilayah dapil 1, partai 9" in imported.stdout  # 3 + Aceh's 6 local parties

        if not shared:
            time.sleep(1.5)
        after = worker.submit(token, "dpr-1201")
        assert after["status"] == 200, after
        assert after["body"]["contest"] == "dpr-1201" and after["body"]["tps"] == TPS
        assert worker.submit(token, "ppwp")["status"] == 200
    finally:
        worker.close()
    if connection.vendor == "postgresql":  # the worker wrote to this test's own database
        assert Result.objects.filter(tps_id=TPS, contest__code="dpr-1201").exists()
        assert Contest.objects.filter(code="dpr-1201").exists()
