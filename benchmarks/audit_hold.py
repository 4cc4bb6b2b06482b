"""The longest time any action holds an audit-chain head (issue 17 item 6), on the demo.

Loads the demo (Kota Tebing Tinggi) into a fresh database, then runs the heavy actions of a KPPS
recruitment of the whole kab/kota through the real actions: create (one area per TPS), import
the applicants (PER per TPS, one CSV through ``do_import_applicants``), close registration,
verify every eligible applicant, announce the administrative results, import the interview
scores, announce the final list (PER ≥ 14: the 7,238-row final list of the probe), appoint
(the members' announcement), inaugurate (an account and the KPPS role for each of the 3,619
members) and one PAW. Each action runs in its own transaction as in the app;
``pemilu.audit.holds`` measures every hold from the first SELECT … FOR UPDATE of a chain head
to the commit. Queued jobs (documents rendered after commit) are then run by the worker and
timed separately: they are not inside any action's lock.

    PYTHONPATH=src DATABASE_URL=postgres://postgres@127.0.0.1:5432/pemilu_bench_hold \\
        .venv/bin/python benchmarks/audit_hold.py          # or without DATABASE_URL: a fresh SQLite file

The PostgreSQL database named in DATABASE_URL is dropped and re-created: use your own name.
The applicants' documents are inserted as rows (setup, not measured). VERIFY_SETUP=1 replaces
``do_verify_eligible`` by one UPDATE (for the old code, whose per-applicant lock ran > 40 min).
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
PER = int(os.environ.get("PER", "15"))


def _fresh_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    else:
        var = tempfile.mkdtemp(prefix="pemilu-hold-")
        os.environ["PEMILU_VAR_DIR"] = var
        os.environ.pop("DATABASE_URL", None)


def main() -> None:
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from pemilu.accounts.models import User
    from pemilu.adhoc import actions, queries
    from pemilu.adhoc.models import Announcement, Applicant, ApplicantDocument, Recruitment
    from pemilu.audit import holds
    from pemilu.elections.demo import get_or_create_pemilu_2024

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    with holds.recording() as demo_holds:
        call_command("demo", verbosity=0)
    setup = time.perf_counter() - t0
    demo_longest = demo_holds.longest
    if demo_longest is not None:
        print(f"demo loaders (`pemilu demo`): {len(demo_holds.holds)} transactions, longest hold "
              f"{demo_longest.seconds:.3f} s (first event {demo_longest.event_type})", flush=True)
    staff = User.objects.get(username="staf.tebingtinggi")
    election = get_or_create_pemilu_2024()
    rows: list[tuple[str, float, str, float]] = []  # action, wall seconds, longest hold's event, hold seconds

    def timed(label: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with holds.recording() as rec:
            t = time.perf_counter()
            out = fn(*args, **kwargs)
            wall = time.perf_counter() - t
        longest = rec.longest
        rows.append((label, wall, longest.event_type if longest else "–", longest.seconds if longest else 0.0))
        print(f"{label:<42} {wall:8.2f} s   longest hold {rows[-1][3]:7.3f} s ({rows[-1][2]})", flush=True)
        return out

    rec = timed("do_create_recruitment (kpps, 12.76)", actions.do_create_recruitment, election, "kpps", "12.76",
                actor=staff)
    today = queries.today(election)
    rec = timed("do_open_registration", actions.do_open_registration, rec, actor=staff,
                start=today - datetime.timedelta(days=3), end=today + datetime.timedelta(days=6))
    lines = ["kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan,pidana_tahun,sehat"]
    serial = 0
    for area in rec.areas.order_by("code"):
        for i in range(PER):
            female = i % 2 == 1
            birth = datetime.date(1975 + (i * 7 + int(area.code[-3:])) % 25, 1 + i % 12, 1 + i % 28)
            serial += 1  # NIK: kecamatan, DDMMYY (day + 40 for women), a serial unique in the file
            nik = f"{area.kec_code.replace('.', '')}{birth.day + (40 if female else 0):02d}{birth:%m%y}{serial:04d}"
            lines.append(f"{area.code},{nik},Calon {area.code[-3:]}-{i},{'P' if female else 'L'},{birth},"
                         f"{area.desa_code},sma,0,fit")
    csv = ("\n".join(lines) + "\n").encode()
    n = timed("do_import_applicants", actions.do_import_applicants, rec, csv, actor=staff, filename="kpps.csv")
    now = timezone.now()
    ApplicantDocument.objects.bulk_create(
        [ApplicantDocument(applicant_id=pk, kind=kind, file="x.pdf", original_name="x.pdf",
                           content_type="application/pdf", size=1, sha256="0" * 64, uploaded_at=now)
         for pk in Applicant.objects.filter(recruitment=rec).values_list("pk", flat=True)
         for kind in ("ktp", "ijazah", "pernyataan", "sehat")], batch_size=5000)
    timed("do_evaluate", actions.do_evaluate, rec, actor=staff)
    timed("do_close_registration", actions.do_close_registration, rec, actor=staff,
          early_reason="benchmark: every applicant of the file is in")
    if os.environ.get("VERIFY_SETUP"):  # the old code's per-applicant lock ran for > 40 min here: skip it
        from pemilu.adhoc.models import Outcome

        Applicant.objects.filter(recruitment=rec, pk__in=Outcome.objects.filter(
            applicant__recruitment=rec, elig_outcome="met").values("applicant_id")).update(admin_result="ms")
        print("do_verify_eligible: replaced by one UPDATE (VERIFY_SETUP, not measured)")
    else:
        timed("do_verify_eligible", actions.do_verify_eligible, rec, actor=staff)
    timed("do_announce_admin", actions.do_announce_admin, rec, actor=staff)
    ms = list(Applicant.objects.filter(recruitment=rec, admin_result="ms").values_list("nik", flat=True))
    scores = ("nik,nilai\n" + "".join(f"{nik},{50 + (i * 37) % 50}\n" for i, nik in enumerate(ms))).encode()
    from pemilu.adhoc import queries

    if queries.body_rules(rec.election, "kpps").interview:  # KPPS 2023-24 had none (KPT 1669/2023; issue 20)
        timed("do_import_scores (interview)", actions.do_import_scores, Recruitment.objects.get(pk=rec.pk), scores,
              actor=staff, which="interview", filename="wawancara.csv")
    final = timed("do_announce_final", actions.do_announce_final, rec, actor=staff)
    from pemilu.adhoc import exports

    final_rows = len(exports.announced(Recruitment.objects.get(pk=rec.pk), "final"))
    timed("do_appoint", actions.do_appoint, rec, actor=staff, sk_number="1/PP.04.2-Kpt/1276/2023",
          sk_date=today)
    # The inauguration gives every member (3,619) an account and the KPPS role of their TPS (issue 20).
    timed("do_inaugurate (member accounts and roles)", actions.do_inaugurate, Recruitment.objects.get(pk=rec.pk),
          actor=staff, on=today, place="Aula KPU Kota Tebing Tinggi")
    member = Applicant.objects.filter(recruitment=rec, outcome__selection="member").order_by("pk").first()
    timed("do_replace (PAW)", actions.do_replace, member, actor=staff, reason="resigned", detail="surat pengunduran diri",
          decided_on=today)
    jobs = 0.0
    pending = Announcement.objects.filter(recruitment=rec, file="").count()
    if pending:  # after the change: the worker renders them, outside any action's transaction
        from pemilu.core.jobs import run_queued_jobs

        with holds.recording() as job_holds:
            t = time.perf_counter()
            run_queued_jobs()
            jobs = time.perf_counter() - t
        longest = job_holds.longest
        rows.append(("worker: announcement PDFs (jobs)", jobs, longest.event_type if longest else "–",
                     longest.seconds if longest else 0.0))
        print(f"{rows[-1][0]:<42} {jobs:8.2f} s   longest hold {rows[-1][3]:7.3f} s ({rows[-1][2]})")
    final.refresh_from_db()
    assert final.file, "the final announcement has no PDF"
    worst = max(rows, key=lambda r: r[3])
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(f"\n{connection.vendor}, {platform.machine()} {os.cpu_count()} cores, load {' '.join(load)}; demo "
          f"set-up {setup:.1f} s; {rec.areas.count()} TPS areas, {n} applicants, final list {final_rows} rows; "
          f"announcements rendered after commit by the worker: {pending} in {jobs:.1f} s")
    if demo_longest is not None:
        print(f"demo loaders (`pemilu demo`): {len(demo_holds.holds)} transactions, longest hold "
              f"{demo_longest.seconds:.3f} s (first event {demo_longest.event_type})")
    print(f"LONGEST HOLD: {worst[3]:.3f} s in {worst[0]} (first event {worst[2]})")
    sys.exit(0)


if __name__ == "__main__":
    main()
