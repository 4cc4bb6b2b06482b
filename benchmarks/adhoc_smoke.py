"""Smoke measurement of adhoc's set-based passes on PostgreSQL (not the national benchmark of
issue 5 point 9, which is built separately): synthetic KPPS areas and applicants inserted with
INSERT … SELECT, then ``bulk.ensure_outcomes``, ``evaluate_eligibility``, ``rank_written`` and
``rank_final`` timed one by one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pemilu_adhoc_smoke AREAS=20000 PER=8 \\
        .venv/bin/python benchmarks/adhoc_smoke.py

The database named in DATABASE_URL is migrated and its adhoc tables are emptied: use your own.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")


def main() -> None:
    import django

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database of your own")
    name = url.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False)
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pemilu.adhoc import bulk
    from pemilu.adhoc.models import Recruitment
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.regions.models import Region

    call_command("migrate", verbosity=0)
    areas, per = int(os.environ.get("AREAS", "20000")), int(os.environ.get("PER", "8"))
    election = get_or_create_pemilu_2024()
    with connection.cursor() as c:
        c.execute("TRUNCATE adhoc_outcome, adhoc_applicantdocument, adhoc_applicant, adhoc_area, adhoc_recruitment, "
                  "adhoc_partymembership, adhoc_servicerecord, adhoc_bodyrules CASCADE")
    region, _ = Region.objects.get_or_create(code="12.76", defaults={
        "name": "Kota Tebing Tinggi", "level": 2, "kind": "kota", "prov_code": "12", "kab_code": "12.76"})
    rec = Recruitment.objects.create(election=election, body="kpps", region=region, prov_code="12",
                                     kab_code="12.76", status="verification",
                                     registration_end=datetime.date(2023, 12, 20))
    t = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO adhoc_area (recruitment_id, code, name, seats, extensions, continue_below_minimum, "
            "prov_code, kab_code, kec_code, desa_code) SELECT %s, '12.76.01.' || lpad((1000 + g / 100)::text, 4, '0')"
            " || '.' || lpad((g %% 100)::text, 3, '0'), 'TPS', 7, 0, false, '12', '12.76', '12.76.01', "
            "'12.76.01.' || lpad((1000 + g / 100)::text, 4, '0') FROM generate_series(0, %s - 1) g", [rec.pk, areas])
        c.execute(
            "INSERT INTO adhoc_applicant (recruitment_id, area_id, election_id, body, nik, name, gender, birth_place, "
            "birth_date, address, phone, email, domicile_code, is_citizen, education, health, sentence_years, "
            "spouse_nik, source, status, registered_at, admin_result, admin_reason, written_score, interview_score, "
            "left_reason, prov_code, kab_code, kec_code, desa_code) "
            "SELECT %s, a.id, %s, 'kpps', lpad((a.id * 16 + k)::text, 16, '0'), 'X', "
            "CASE WHEN k %% 2 = 0 THEN 'P' ELSE 'L' END, '', date '1960-01-01' + ((a.id * 7 + k * 13) %% 20000)::int, "
            "'', '', '', a.desa_code, true, 3 + (k %% 3), 'fit', 0, '', 'import', 'active', now(), 'ms', '', "
            "(a.id * 31 + k * 17) %% 100, (a.id * 13 + k * 7) %% 100, '', a.prov_code, a.kab_code, a.kec_code, "
            "a.desa_code FROM adhoc_area a, generate_series(1, %s) k WHERE a.recruitment_id = %s",
            [rec.pk, election.pk, per, rec.pk])
        c.execute("INSERT INTO adhoc_applicantdocument (applicant_id, kind, file, original_name, content_type, size, "
                  "sha256, uploaded_at) SELECT a.id, d, 'x.pdf', 'x.pdf', 'application/pdf', 1, '', now() "
                  "FROM adhoc_applicant a, unnest(array['ktp', 'ijazah', 'pernyataan', 'sehat']) d "
                  "WHERE a.id % 10 <> 0")
        c.execute("INSERT INTO adhoc_partymembership (nik, name, party, source, imported_at) "
                  "SELECT nik, '', 'P', '', now() FROM adhoc_applicant WHERE id % 50 = 0")
        c.execute("INSERT INTO adhoc_bodyrules (election_id, body, seats, min_registrants_factor, written_pass_factor, "
                  "ranked_factor, extension_days, max_extensions, women_target_pct, tie_breaks, max_upload_bytes) "
                  "VALUES (%s, 'kpps', 7, 2, 3, 2, 3, 2, 30, 'interview_desc,written_desc,registered_asc', 2097152)",
                  [election.pk])
        c.execute("ANALYZE")
    print(f"data: {areas} areas, {areas * per} applicants ({time.perf_counter() - t:.1f} s)")
    for label, step in (("ensure_outcomes", bulk.ensure_outcomes), ("evaluate_eligibility", bulk.evaluate_eligibility),
                        ("rank_written", bulk.rank_written), ("rank_final", bulk.rank_final)):
        t = time.perf_counter()
        with transaction.atomic():
            step(rec)
        print(f"{label}: {time.perf_counter() - t:.2f} s")
    with connection.cursor() as c:
        c.execute("SELECT elig_outcome, count(*) FROM adhoc_outcome GROUP BY 1 ORDER BY 1")
        print("eligibility:", c.fetchall())
        c.execute("SELECT selection, count(*) FROM adhoc_outcome GROUP BY 1 ORDER BY 1")
        print("selection:", c.fetchall())


if __name__ == "__main__":
    main()
