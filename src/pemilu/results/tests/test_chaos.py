"""R1 in CI: the short chaos run (benchmarks/chaos.py) — a few hundred forms through the batch
API, one gunicorn worker killed with SIGKILL, one restart of a private PostgreSQL instance the
scenario starts itself (never the shared server) — loses and duplicates nothing.

Runs when the suite runs on PostgreSQL (CI's second pass: DATABASE_URL=postgres://…); skipped
on SQLite. Its figures (time, retries) are printed, never asserted on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "benchmarks" / "chaos.py"
PG_BIN = Path(os.environ.get("PEMILU_PG_BIN", "/usr/lib/postgresql/15/bin"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgresql,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="the chaos scenario needs PostgreSQL (CI's second pass)"),
    pytest.mark.skipif(not (PG_BIN / "initdb").exists(), reason=f"{PG_BIN}/initdb not installed"),
]


def test_nothing_is_lost_or_duplicated_through_a_worker_kill_and_a_database_restart() -> None:
    found = subprocess.run([sys.executable, "-c", "import _harness; print(_harness.DATA)"], cwd=SCRIPT.parent,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not (Path(found) / "tps2024_per_desa.csv").exists():
        pytest.skip(f"shared data not found at {found}")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    proc = subprocess.run([sys.executable, str(SCRIPT), "--forms", "300", "--threads", "6", "--json"],
                          capture_output=True, text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(result))
    assert result["killed_worker"] and result["db_restarted"], result["events"]
    assert result["acknowledged"] == result["submitted"] == 300, result
    assert result["lost"] == 0 and result["duplicated"] == 0, result
    assert result["stored"] == 300 and result["stored_not_acknowledged"] == 0, result
    assert result["recap_matches"] is True, result
    assert result["audit_ok"] is True, result.get("audit_output")
    assert result["acks_after_restart"] > 0, "the server did not answer again after the database restart"
