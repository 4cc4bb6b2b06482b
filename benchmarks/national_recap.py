#!/usr/bin/env python3
"""National PPWP aggregation at full scale, on PostgreSQL.

Creates its own database, imports the Kemendagri region list and the 2024 TPS file
(create_missing), generates deterministic TPS-level PPWP results for every TPS (820,161
domestic + the overseas points under "99") that sum EXACTLY to the official per-province
figures (shared/data/pilpres2024_province.csv), bulk-loads them with COPY (forms, versions and
the kecamatan running totals), then checks the national recap (40,971,906 / 96,214,691 /
27,040,878) and every province row with BOTH strategies, and times the recap of each level:

* ``groupby`` — SUM over the accepted forms' vote JSON, grouped by the region-code column;
* ``rollup`` — SUM over the kecamatan running totals (what the accepting transaction keeps).

    python benchmarks/national_recap.py            # full scale (~820k TPS)
    python benchmarks/national_recap.py --small    # two provinces, for CI

Needs PostgreSQL (``--pg postgres://postgres@127.0.0.1:5432``) and ../shared/data.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SMALL_PROVINCES = {"12", "75"}  # Sumatera Utara, Gorontalo


def log(msg: str) -> None:
    print(msg, flush=True)


def weights(code: str) -> int:
    """A deterministic weight in [50, 150) per TPS, so results are not uniform."""
    return 50 + int(hashlib.blake2b(code.encode(), digest_size=2).hexdigest(), 16) % 100


def spread(total: int, codes: list[str], ws: list[int]) -> list[int]:
    """Split ``total`` over the TPS in proportion to their weights; exact (largest remainder)."""
    wsum = sum(ws)
    base = [total * w // wsum for w in ws]
    rest = total - sum(base)
    order = sorted(range(len(codes)), key=lambda i: (-(total * ws[i] % wsum), codes[i]))
    for i in order[:rest]:
        base[i] += 1
    return base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="two provinces only (CI)")
    parser.add_argument("--data", default=str(DEFAULT_DATA if DEFAULT_DATA.exists() else "/work/shared/data"))
    parser.add_argument("--pg", default=os.environ.get("PEMILU_BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"SKIP: {data} not found (shared/data must be beside the repository)")
        return 0

    import psycopg

    dbname = f"pemilu_bench_recap_{os.getpid()}"
    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    os.environ["DATABASE_URL"] = f"{args.pg}/{dbname}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    os.environ.setdefault("PEMILU_VAR_DIR", f"/tmp/{dbname}")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        return run(args, data)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


def run(args: argparse.Namespace, data: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pemilu.accounts.actions import get_system_user
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.regions.importers import import_regions, import_tps
    from pemilu.regions.models import Region, Tps
    from pemilu.results import queries
    from pemilu.results.models import KecamatanTotal, Result, ResultVersion
    from pemilu.results.reference import do_setup_ppwp

    call_command("migrate", verbosity=0)
    actor = get_system_user()
    official: dict[str, tuple[int, int, int]] = {}
    with open(data / "pilpres2024_province.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            official[row["province_code"]] = (int(row["paslon1_anies_muhaimin"]), int(row["paslon2_prabowo_gibran"]),
                                              int(row["paslon3_ganjar_mahfud"]))
    regions_raw = (data / "wilayah_kemendagri_2025.csv").read_bytes()
    tps_raw = (data / "tps2024_per_desa.csv").read_bytes()
    if args.small:
        regions_raw = _filter_lines(regions_raw, lambda line: line[:2] in SMALL_PROVINCES)
        tps_raw = _filter_lines(tps_raw, lambda line: line[:2] in SMALL_PROVINCES | {"99"})
        official = {k: v for k, v in official.items() if k in SMALL_PROVINCES | {"99"}}

    t0 = time.perf_counter()
    import_regions(regions_raw, actor=actor, filename="wilayah.csv")
    imported = import_tps(tps_raw, actor=actor, filename="tps.csv", create_missing=True)
    t_tree = time.perf_counter() - t0
    log(f"region + TPS tree: {imported.domestic_tps:,} domestic + {imported.overseas_tps:,} overseas TPS "
        f"in {t_tree:.1f} s")

    election = get_or_create_pemilu_2024()
    contest = do_setup_ppwp(election, actor=actor)

    # Generate: per province, spread the official figures over its TPS.
    t0 = time.perf_counter()
    by_prov: dict[str, list[tuple[str, str, str, str, str]]] = {}
    for row in Tps.objects.order_by("code").values_list("code", "prov_code", "kab_code", "kec_code", "desa_code") \
            .iterator(chunk_size=20000):
        by_prov.setdefault(row[1], []).append(row)
    missing = set(official) - set(by_prov)
    if missing:
        log(f"FAIL: provinces without TPS: {sorted(missing)}")
        return 1
    forms: list[tuple[tuple[str, str, str, str, str], tuple[int, int, int], int]] = []
    for prov, rows in sorted(by_prov.items()):
        codes = [r[0] for r in rows]
        ws = [weights(c) for c in codes]
        a, b, c = (spread(total, codes, ws) for total in official[prov])
        for i, row in enumerate(rows):
            forms.append((row, (a[i], b[i], c[i]), (weights(row[0] + "x") % 7)))
    t_gen = time.perf_counter() - t0
    log(f"generated {len(forms):,} forms in {t_gen:.1f} s")

    # Bulk load with COPY in one transaction (FKs are deferred until commit in Django's schema).
    t0 = time.perf_counter()
    rt, vt, kt = (m._meta.db_table for m in (Result, ResultVersion, KecamatanTotal))
    kec_totals: dict[tuple[str, str, str], dict[str, int]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        pg = cursor.cursor
        base_id = 1
        with pg.copy(f"COPY {rt} (id, contest_id, tps_code, prov_code, kab_code, kec_code, desa_code, status, "
                     "current_id, codes, is_incomplete, corrections, updated_at) FROM STDIN") as copy:
            for i, (row, _votes, _bad) in enumerate(forms):
                copy.write_row((base_id + i, contest.pk, row[0], row[1], row[2], row[3], row[4], "accepted",
                                base_id + i, "[]", False, 0, "2024-02-15 00:00:00+07"))
        with pg.copy(f"COPY {vt} (id, result_id, number, kind, suara_sah, suara_tidak_sah, suara_total, votes, "
                     "codes, acknowledgements, reason, entered_by_id, entered_at) FROM STDIN") as copy:
            for i, (row, (a, b, c), bad) in enumerate(forms):
                sah = a + b + c
                copy.write_row((base_id + i, base_id + i, 1, "import", sah, bad, sah + bad,
                                f'{{"1": {a}, "2": {b}, "3": {c}}}', "[]", "{}", "benchmark", actor.pk,
                                "2024-02-15 00:00:00+07"))
                kec = (row[3], row[2], row[1])
                for key, value in (("1", a), ("2", b), ("3", c), ("_sah", sah), ("_tidak_sah", bad),
                                   ("#accepted", 1)):
                    totals = kec_totals.setdefault(kec, {})
                    totals[key] = totals.get(key, 0) + value
        with pg.copy(f"COPY {kt} (contest_id, kec_code, kab_code, prov_code, totals) FROM STDIN") as copy:
            for (kec, kab, prov), totals in kec_totals.items():
                copy.write_row((contest.pk, kec, kab, prov, json.dumps(totals)))
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{rt}', 'id'), %s)", [base_id + len(forms)])
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{vt}', 'id'), %s)", [base_id + len(forms)])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {rt}; ANALYZE {vt}; ANALYZE {kt}")
    t_load = time.perf_counter() - t0
    log(f"COPY-loaded {len(forms):,} forms + versions + {len(kec_totals):,} kecamatan total rows in {t_load:.1f} s")

    # Correctness: national and every province, both strategies.
    ok = True
    expected_nat = tuple(sum(v[i] for v in official.values()) for i in range(3))
    for strategy in ("rollup", "groupby"):
        nat = queries.totals(contest, "", strategy)
        got = tuple(nat["votes"][k] for k in "123")
        log(f"[{strategy}] national {got[0]:,} / {got[1]:,} / {got[2]:,} "
            f"(expected {expected_nat[0]:,} / {expected_nat[1]:,} / {expected_nat[2]:,}); "
            f"TPS accepted {nat['accepted']:,} of {nat['expected']:,}")
        ok &= got == expected_nat and nat["accepted"] == len(forms) == nat["expected"]
        rows = {r["code"]: tuple(r["votes"][k] for k in "123") for r in queries.recap_children(contest, "", strategy)}
        bad = [p for p, v in official.items() if rows.get(p) != v]
        log(f"[{strategy}] province rows equal to the official table: {len(official) - len(bad)}/{len(official)}"
            + (f" — differ: {bad}" if bad else ""))
        ok &= not bad
    if not args.small:
        ok &= expected_nat == (40_971_906, 96_214_691, 27_040_878)

    # Latency per level: children of national, of a province, of a kab/kota, of a kecamatan.
    sample_prov = "35" if "35" in official else sorted(official)[0]
    kab = Region.objects.filter(level=2, prov_code=sample_prov).order_by("-tps_count").values_list("code", flat=True)[0]
    kec = Region.objects.filter(level=3, kab_code=kab).order_by("-tps_count").values_list("code", flat=True)[0]
    log(f"\nrecap latency (median of {args.repeat}, ms), children of each level:")
    log(f"{'level':<28}{'groupby':>10}{'rollup':>10}")
    timings: dict[str, dict[str, float]] = {}
    for label, code in (("nasional → 39 provinsi", ""), (f"provinsi {sample_prov} → kab/kota", sample_prov),
                        (f"kab/kota {kab} → kecamatan", kab), (f"kecamatan {kec} → desa", kec)):
        timings[label] = {}
        for strategy in ("groupby", "rollup"):
            samples = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                queries.recap_children(contest, code, strategy)
                samples.append((time.perf_counter() - t) * 1000)
            timings[label][strategy] = statistics.median(samples)
        log(f"{label:<28}{timings[label]['groupby']:>10.1f}{timings[label]['rollup']:>10.1f}")
    log(f"\n{'OK' if ok else 'FAIL'}: tree {t_tree:.1f} s, generate {t_gen:.1f} s, load {t_load:.1f} s, "
        f"{len(forms):,} forms")
    return 0 if ok else 1


def _filter_lines(raw: bytes, keep: Any) -> bytes:
    text = raw.decode("utf-8-sig").splitlines(keepends=True)
    return ("".join([text[0], *(line for line in text[1:] if keep(line))])).encode()


if __name__ == "__main__":
    sys.exit(main())
