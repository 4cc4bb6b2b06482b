#!/usr/bin/env python3
"""What the hash-chained audit costs on the election-night write path.

    python benchmarks/audit_cost.py [--batches 300] [--json]

In a fresh PostgreSQL database: the same batches of C.Hasil (4 TPS × PPWP per batch) go through
``pemilu.results.ingest.submit_batch`` twice — once as in production, once with
``ingest_pg.AUDIT_IN_BATCH = False`` (the batch statement without the audit rows, the hash chain
and the chain-head lock; benchmark only) — and the time per batch and per form is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import ROOT, fresh_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with fresh_database("pemilu_bench_audit") as url:
        os.environ.update(DATABASE_URL=url, PEMILU_VAR_DIR=tempfile.mkdtemp(), DEBUG="False",
                          DJANGO_SETTINGS_MODULE="pemilu.settings")
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from pemilu.accounts.actions import do_grant_role, get_system_user
        from pemilu.accounts.models import User
        from pemilu.elections.demo import get_or_create_pemilu_2024
        from pemilu.regions.importers import import_regions, import_tps
        from pemilu.results import ingest, ingest_pg
        from pemilu.results.reference import config_for, do_setup_ppwp

        data = ROOT / "src" / "pemilu" / "regions" / "data"
        system = get_system_user()
        import_regions((data / "tebingtinggi_wilayah.csv").read_bytes(), actor=system)
        import_tps((data / "tebingtinggi_tps2024.csv").read_bytes(), actor=system)
        election = get_or_create_pemilu_2024()
        do_setup_ppwp(election, actor=system)
        cfg = config_for(election)
        cfg.entry_mode = "direct"
        cfg.save()
        user = User.objects.create(username="bench")
        do_grant_role(user, "kpu_staff", "12.76", actor=system, reason="benchmark")
        from pemilu.regions.models import Tps

        tps = list(Tps.objects.values_list("code", flat=True))
        form = {"dpt_l": 118, "dpt_p": 115, "dpt_j": 233, "pengguna_dpt_l": 85, "pengguna_dpt_p": 92,
                "pengguna_dpt_j": 177, "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "pengguna_dptb_j": 0,
                "pengguna_dpk_l": 0, "pengguna_dpk_p": 1, "pengguna_dpk_j": 1, "pengguna_total_l": 85,
                "pengguna_total_p": 93, "pengguna_total_j": 178, "disabilitas_l": 0, "disabilitas_p": 0,
                "disabilitas_j": 0, "ss_diterima": 238, "ss_rusak": 1, "ss_tidak_digunakan": 59,
                "ss_digunakan": 178, "suara_sah": 172, "suara_tidak_sah": 6, "suara_total": 178,
                "votes": {"1": 47, "2": 85, "3": 40}}

        def run(label: str, batches: int) -> float:
            from pemilu.results.models import IdempotencyKey, KecamatanTotal, Result, ResultVersion

            Result.objects.update(current=None)
            ResultVersion.objects.all().delete()
            Result.objects.all().delete()
            IdempotencyKey.objects.all().delete()
            KecamatanTotal.objects.all().delete()
            t0 = time.perf_counter()
            n = 0
            for b in range(batches):
                items = [{"tps": tps[(b * 4 + i) % len(tps)], "contest": "ppwp",
                          "idempotency_key": f"{label}-{b}-{i}", **form} for i in range(4)]
                if (b * 4) // len(tps) != (b * 4 + 3) // len(tps):
                    continue
                if b * 4 >= len(tps):
                    break
                out = ingest.submit_batch(user, items)
                assert all(o["status"] == 200 for o in out), out
                n += 1
            return (time.perf_counter() - t0) / max(n, 1) * 1000

        batches = min(args.batches, len(tps) // 4)
        run("warm", 10)
        with_audit = run("with", batches)
        ingest_pg.AUDIT_IN_BATCH = False  # the same batch statement without audit rows and chain heads
        try:
            without = run("without", batches)
        finally:
            ingest_pg.AUDIT_IN_BATCH = True
        connection.close()
    result = {"batches": batches, "forms_per_batch": 4, "ms_per_batch_with_audit": round(with_audit, 2),
              "ms_per_batch_without_audit": round(without, 2),
              "audit_share": round((with_audit - without) / with_audit, 3)}
    print(json.dumps(result) if args.json else "\n".join(f"{k:>28}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
