"""Neutrality intake and statistics at scale: time per public report (duplicate look-up against N
open cases in one kab/kota) and the statistics page query over N cases.

    .venv/bin/python benchmarks/neutrality.py [--small] [--cases N]

Runs on a throw-away SQLite database (or DATABASE_URL) in a temp PEMILU_VAR_DIR.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="CI-size run (2,000 cases)")
    parser.add_argument("--cases", type=int, default=0)
    args = parser.parse_args()
    n_cases = args.cases or (2_000 if args.small else 50_000)
    os.environ.setdefault("PEMILU_VAR_DIR", tempfile.mkdtemp(prefix="pemilu-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    measure(n_cases, out=print)


def measure(n_cases: int, *, reports: int = 200, out: Callable[[str], None] = print) -> dict[str, float]:
    """Build ``n_cases`` cases, then time the intake, the look-up, the statistics and the overdue
    list on the configured database (a test runs it at toy size so the code cannot rot)."""
    from pemilu.accounts.actions import get_system_user
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality import actions, queries, rules
    from pemilu.neutrality.intake import ReportIn
    from pemilu.neutrality.models import Case
    from pemilu.regions.models import Region
    from pemilu.testing.factories import make_regions

    make_regions()
    election = get_or_create_pemilu_2024()
    rng = random.Random(7)
    start_day = datetime.date(2023, 11, 28)
    regions = ["12.76.01", "12.76.04", "12.76.01.1006", "12.76.04.1002"]
    # Setup (not timed): N cases with distinct suspects spread over 80 days.
    batch = []
    for i in range(n_cases):
        code = rng.choice(regions)
        name = f"Pegawai {i:06d}"
        case = Case(election=election, region_id=code, category="asn_neutrality", suspect_name=name,
                    suspect_name_norm=rules.normalise_name(name), suspect_nip=f"1980{i:014d}",
                    event_date=start_day + datetime.timedelta(days=rng.randrange(80)),
                    known_on=start_day, received_on=start_day, status=rng.choice(["received", "registered",
                                                                                  "decided", "rejected"]),
                    decision=rng.choice(["", "proven", "not_proven"]))
        if case.status == "rejected":
            case.rejection_reason = "late"
        case.set_scope_columns(code)
        batch.append(case)
    Case.objects.bulk_create(batch, batch_size=2000)

    t0 = time.perf_counter()
    linked = 0
    for _j in range(reports):
        i = rng.randrange(n_cases * 2)  # half hit an existing suspect, half are new
        case_date = start_day + datetime.timedelta(days=rng.randrange(80))
        # As the API or the page reads it: the one intake schema's validation is part of the cost.
        data = ReportIn(election=election.code, region_code="12.76.01", category="asn_neutrality",
                        description="uraian", event_date=case_date, known_on=case_date, place="tempat",
                        suspect_name=f"Pegawai {i:06d}", is_anonymous=True)
        linked += actions.submit_report(data, [], received_on=case_date).linked
    t_intake = (time.perf_counter() - t0) / reports * 1000

    region = Region.objects.get(code="12.76.01")
    config = actions.rules_for(election)
    t0 = time.perf_counter()
    for _j in range(reports):
        i = rng.randrange(n_cases * 2)
        day = start_day + datetime.timedelta(days=rng.randrange(80))
        actions.find_duplicate(election, region, "", rules.normalise_name(f"Pegawai {i:06d}"), day, config)
    t_lookup = (time.perf_counter() - t0) / reports * 1000

    admin = get_system_user()
    t0 = time.perf_counter()
    _by_region, _by_agency, total = queries.statistics(admin, election)
    t_stats = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = queries.case_rows(admin, election, status="overdue")
    t_overdue = time.perf_counter() - t0
    from django.db import connection

    out(f"database: {connection.vendor}; cases: {n_cases:,}")
    out(f"intake (duplicate look-up + case/report/audit writes): {t_intake:.1f} ms per report "
        f"over {reports} reports ({linked} linked)")
    out(f"duplicate look-up alone: {t_lookup:.2f} ms per report")
    out(f"statistics over {total.cases:,} cases: {t_stats:.2f} s")
    out(f"overdue list ({len(rows):,} overdue): {t_overdue:.2f} s")
    return {"intake_ms": t_intake, "lookup_ms": t_lookup, "statistics_s": t_stats, "overdue_s": t_overdue,
            "cases": float(total.cases), "linked": float(linked), "overdue": float(len(rows))}

if __name__ == "__main__":
    main()
