"""Issue 22 acceptance: "a copy of the database contains no NIK or KK in clear; full NIK views and
exports have audit rows". Every path a number travels is taken through the real actions
(``seed.every_path``: DP4 import at once and by the background job, coklit, lists, a full-NIK view,
Model A PDF/XLSX, the parties' XLSX/CSV); then the copies an attacker could get are searched for
every seeded NIK and KK, as text, UTF-16 or a 64-bit integer, and for the eight digits the mask
hides joined to either end:

* SQLite: the file *and the write-ahead log* of a running pemilu process (another process on a real
  WAL-mode file, ``live_sqlite.py``), and this test database's pages;
* PostgreSQL: ``pg_dump`` of the test database (committed: a transactional test);
* the audit table's content, and the stored files (the DP4 upload is deleted after its import).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters import crypto
from pemilu.voters.models import Voter, VoterImport
from pemilu.voters.tests.conftest import KEY
from pemilu.voters.tests.seed import every_path, forms_of


def _assert_clean(raw: bytes, rows: list[dict[str, str]], where: str) -> None:
    for number in {r["nik"] for r in rows} | {r["no_kk"] for r in rows}:
        for form in forms_of(number):
            assert form not in raw, f"{where}: {number} found as {form!r}"


def _audit_rows_are_clean(rows: list[dict[str, str]]) -> None:
    events = list(AuditEvent.objects.filter(event_type__startswith="voters.").values(
        "event_type", "before", "after", "reason", "object_repr"))
    types = {e["event_type"] for e in events}
    assert {"voters.dp4_imported", "voters.coklit_recorded", "voters.list_compiled", "voters.nik_viewed",
            "voters.list_exported"} <= types
    assert sum(e["event_type"] == "voters.list_exported" for e in events) == 4
    _assert_clean(json.dumps(events, default=str).encode(), rows, "audit trail")


def _files_are_clean(root: Path, rows: list[dict[str, str]]) -> None:
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert not [p for p in files if "imports" in p.parts], "a stored DP4 upload was kept after its import"
    for path in files:
        _assert_clean(path.read_bytes(), rows, str(path))


def test_this_databases_pages_audit_and_files_hold_no_number(cast: Cast, election: Election, tmp_path: Path,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    rows = every_path(cast, election, on_commit=lambda: django_capture_on_commit_callbacks(execute=True))
    assert Voter.objects.count() == len(rows) == 100
    assert not VoterImport.objects.exclude(path="").filter(state="queued").exists()
    _audit_rows_are_clean(rows)
    _files_are_clean(Path(settings.MEDIA_ROOT), rows)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection.serialize()  # every page of the test database, free pages included
        assert rows[0]["nama"].encode() in raw  # the pages hold the voters: a number stored like a name shows
        _assert_clean(raw, rows, "SQLite pages")


@pytest.mark.slow
def test_a_live_sqlite_file_and_its_wal_hold_no_number(tmp_path: Path) -> None:
    """Another pemilu process on a real WAL-mode SQLite file takes every path and holds its connection
    open; the file and its ``-wal`` are copied as they are, as someone copying a running server's disk
    would, and searched."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite leg (the suite's PostgreSQL run checks pg_dump)")
    var = tmp_path / "var"
    var.mkdir()
    db = var / "pemilu.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PEMILU_VAR_DIR": str(var), "PEMILU_VOTER_KEY": KEY,
           "DJANGO_SETTINGS_MODULE": "pemilu.settings", "PEMILU_FAST_HASHER": "True",
           "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR.parent), os.environ.get("PYTHONPATH", "")])}
    env.pop("CACHE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "pemilu.voters.tests.live_sqlite", str(var)], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line
        main, wal = db.read_bytes(), Path(f"{db}-wal").read_bytes()
        media = [p for p in var.rglob("*") if p.is_file() and "media" in p.parts]
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=60)
    rows = json.loads((var / "rows.json").read_text())
    assert len(wal) > 100_000 and rows[0]["nama"].encode() in main + wal  # the copy did hold the voters
    _assert_clean(main, rows, "SQLite file")
    _assert_clean(wal, rows, "SQLite WAL")
    assert not [p for p in media if "imports" in p.parts]
    for path in media:
        _assert_clean(path.read_bytes(), rows, str(path))


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_holds_no_number(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the SQLite run checks the file and its WAL)")
    assert shutil.which("pg_dump"), "pg_dump is needed on PostgreSQL runs"
    from pemilu.testing.factories import make_cast

    cast = make_cast()
    election = Election.objects.create(code="pemilu-2024", name="Pemilu 2024", voting_day=datetime.date(2024, 2, 14))
    rows = every_path(cast, election)
    params = connection.settings_dict
    dump = subprocess.run(
        ["pg_dump", "-h", params["HOST"] or "127.0.0.1", "-p", str(params["PORT"] or 5432), "-U", params["USER"],
         "-d", params["NAME"]],
        capture_output=True, check=True, env={**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}).stdout
    assert rows[0]["nama"].encode() in dump and Voter.objects.count() == len(rows)
    _assert_clean(dump, rows, "pg_dump")
    _audit_rows_are_clean(rows)
    _files_are_clean(Path(settings.MEDIA_ROOT), rows)


def test_a_sealed_number_opens_only_under_its_key(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    sealed = crypto.seal("1276010101900001")
    monkeypatch.setenv("PEMILU_VOTER_KEY", "another-key-0123456789abcdefghijklmnopq")
    with pytest.raises(ValueError):
        crypto.open_sealed(sealed)
