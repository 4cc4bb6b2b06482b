"""How much a stage window check costs: is_open / stages_open_on per call, with and
without local sub-schedules, on the configured database.

    .venv/bin/python benchmarks/schedule_queries.py [--small]

Creates a throw-away database (SQLite by default, or DATABASE_URL) via Django's test runner
utilities, loads pemilu-2024 and N local windows, then times the calls.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="CI-size run")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(200 if args.small else 5000)
    finally:
        connection.creation.destroy_test_db(db_name, verbosity=0)


def run(calls: int) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.models import Region
    from pemilu.schedule import queries
    from pemilu.schedule.actions import do_load_builtin_schedule
    from pemilu.schedule.models import Stage
    from pemilu.testing.factories import make_regions

    actor = get_system_user()
    election = do_load_builtin_schedule("pemilu-2024", actor=actor).election
    make_regions()
    # Local windows for many kab/kota: the lookup must stay one indexed query however many exist.
    codes = sorted({f"{p:02d}.{k:02d}" for p in range(11, 95) for k in range(1, 7)} | {"12.76"})
    Stage.objects.bulk_create([
        Stage(election=election, code="pendaftaran-pps", region_code=c, number=1, name_id="x",
              start=datetime.date(2022, 12, 20), end=datetime.date(2023, 1, 5)) for c in codes])
    day = datetime.date(2023, 1, 3)
    region = "12.76.01.1006"
    assert Region.objects.filter(code=region).exists()
    assert queries.is_open(election, "pendaftaran-pps", day, region_code=region)  # the local window applies

    def timed(label: str, fn: object) -> None:
        start = time.perf_counter()
        for _ in range(calls):
            fn()  # type: ignore[operator]
        per = (time.perf_counter() - start) / calls * 1e6
        print(f"{label:<52} {per:8.0f} µs/call")

    print(f"database: {__import__('django.db').db.connection.vendor}; {len(codes)} local windows; {calls} calls")
    timed("is_open (national)", lambda: queries.is_open(election, "kampanye", day))
    timed("is_open (desa, local window applies)", lambda: queries.is_open(election, "pendaftaran-pps", day,
                                                                         region_code=region))
    timed("stages_open_on (desa, 32 stages)", lambda: queries.stages_open_on(election, day, region_code=region))


if __name__ == "__main__":
    main()
