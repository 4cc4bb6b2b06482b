"""A pemilu process on a real SQLite file in WAL mode, run by ``test_privacy_at_rest.py``: it migrates
a fresh database, takes every path a NIK or KK travels (``seed.every_path``), writes the DP4 rows it
used to ``rows.json`` and says ``ready``, then holds its connection open until its standard input
closes — so the test copies the database file *and* its write-ahead log as a running server leaves
them. Run: ``python -m pemilu.voters.tests.live_sqlite DIR`` (DATABASE_URL naming DIR's file)."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path


def main(out: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pemilu.elections.models import Election
    from pemilu.testing.factories import make_cast
    from pemilu.voters.tests.seed import every_path

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint = 0")  # what this process writes stays in the WAL
    cast = make_cast()
    election = Election.objects.create(code="pemilu-2024", name="Pemilu 2024", voting_day=datetime.date(2024, 2, 14))
    rows = every_path(cast, election)
    (out / "rows.json").write_text(json.dumps(rows))
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
