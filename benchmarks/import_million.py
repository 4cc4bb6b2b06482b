"""A 1,000,000-row ASN register upload against a running server (issue 17 item 5).

Generates an XLSX of ROWS distinct employees (openpyxl write-only), starts `pemilu serve`
(gunicorn, WORKERS processes) and `pemilu worker` on a fresh database holding the demo's regions
and users, logs in as the demo's KPU staff and uploads the file to /asn/impor/. While the job
runs it polls the job's progress page, times other pages (the ASN list, the dashboard, the
region API) every POLL seconds, and samples the resident memory (VmRSS) of every gunicorn worker
and of the job worker. Prints the upload's answer time, the job's phases and duration, the
progress values seen, the other pages' latency (median / p95 / max) and the peak RSS per process.

    PYTHONPATH=src DATABASE_URL=postgres://postgres@127.0.0.1:5432/pemilu_bench_million \\
        .venv/bin/python benchmarks/import_million.py [--rows 1000000] [--port 8765]

The PostgreSQL database named in DATABASE_URL is dropped and re-created (without DATABASE_URL:
a fresh SQLite file). PYTHONPATH must name the src/ of the code under test: the server and the
worker are subprocesses.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
BIN = Path(sys.executable).parent


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def make_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("ASN")
    ws.append(["nip", "nama", "instansi", "jabatan", "jenis_kepegawaian", "kode_wilayah"])
    villages = ["12.76.01.1006", "12.76.01.1007", "12.76.03.1001", "12.76.04.1003", "12.76.05.1002"]
    for i in range(rows):
        ws.append([f"19{i:016d}", f"Pegawai {i % 5000}", f"Dinas {i % 40}", "Staf", "PNS" if i % 3 else "PPPK",
                   villages[i % len(villages)]])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--poll", type=float, default=1.0)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    env = dict(os.environ, PEMILU_FAST_HASHER="True", LOG_LEVEL="WARNING")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    else:
        env["PEMILU_VAR_DIR"] = tempfile.mkdtemp(prefix="pemilu-million-")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from pemilu.accounts.actions import get_system_user
    from pemilu.core.demo import DEMO_PASSWORD, load_regions, load_users

    call_command("migrate", verbosity=0)
    actor = get_system_user()
    from pemilu.elections.demo import get_or_create_pemilu_2024

    get_or_create_pemilu_2024()  # the server's workers warm the election's reference data
    load_regions(actor, print)
    load_users(actor, print)

    xlsx = Path(tempfile.mkdtemp(prefix="pemilu-xlsx-")) / "asn-1m.xlsx"
    t = time.perf_counter()
    make_xlsx(xlsx, args.rows)
    print(f"generated {xlsx} ({args.rows:,} rows, {xlsx.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.0f} s",
          flush=True)

    pemilu = str(BIN / "pemilu")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([pemilu, "serve", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
                               "--timeout", "300", "--no-access-log"], env=env)
    worker = subprocess.Popen([pemilu, "worker", "--interval", "0.5"], env=env)
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/akun/masuk/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        s = requests.Session()
        s.get(f"{base}/akun/masuk/")
        r = s.post(f"{base}/akun/masuk/", data={"username": "staf.tebingtinggi", "password": DEMO_PASSWORD,
                                                     "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": f"{base}/akun/masuk/"})
        assert r.ok and "sessionid" in s.cookies, r.status_code
        s.get(f"{base}/asn/impor/")
        other = requests.Session()
        other.cookies.update(s.cookies)
        baseline = [timed_get(other, f"{base}{p}") for p in PAGES for _ in range(3)]

        gunicorn = [server.pid]
        peak: dict[str, float] = {}

        def sample() -> None:
            for pid in children(server.pid):
                peak[f"gunicorn worker {pid}"] = max(peak.get(f"gunicorn worker {pid}", 0), rss_mb(pid))
            peak["job worker"] = max(peak.get("job worker", 0), rss_mb(worker.pid))

        sample()
        start_rss = dict(peak)
        t0 = time.perf_counter()
        with xlsx.open("rb") as fh:
            r = s.post(f"{base}/asn/impor/", files={"berkas": (xlsx.name, fh)},
                       data={"csrfmiddlewaretoken": s.cookies["csrftoken"]},
                       headers={"Referer": f"{base}/asn/impor/"}, allow_redirects=False)
        upload_s = time.perf_counter() - t0
        assert r.status_code == 302, (r.status_code, r.text[:500])
        job_url = base + r.headers["Location"]
        print(f"upload answered {r.status_code} in {upload_s:.2f} s → {job_url}", flush=True)
        latencies: list[float] = []
        progress: list[str] = []
        state = ""
        while True:
            sample()
            page = s.get(job_url, headers={"HX-Request": "true"}).text
            state = re.search(r'id="job-state">([^<]*)<', page).group(1)  # type: ignore[union-attr]
            shown = re.search(r'id="job-progress">([^<]*)', page)
            text = f"{time.perf_counter() - t0:6.0f} s  {state}" + (f": {shown.group(1).strip()}" if shown else "")
            if not progress or progress[-1].split("  ", 1)[1] != text.split("  ", 1)[1]:
                progress.append(text)
                print(text, flush=True)
            if 'id="job-result"' in page or 'id="job-message"' in page:
                break
            for p in PAGES:
                latencies.append(timed_get(other, f"{base}{p}"))
            time.sleep(args.poll)
        total_s = time.perf_counter() - t0
        sample()
        result = re.search(r'id="job-(?:result|message)">([^<]*)<', page).group(1)  # type: ignore[union-attr]
        print(f"\njob: {result.strip()} — {total_s:.0f} s from the upload")
        for problem in re.findall(r"<li>(baris [^<]*)</li>", page)[:5]:
            print(f"  {problem}")
        print(f"other pages ({', '.join(PAGES)}) before the upload: median {statistics.median(baseline) * 1000:.0f} ms, "
              f"max {max(baseline) * 1000:.0f} ms")
        latencies.sort()
        print(f"other pages during the job ({len(latencies)} requests): median {statistics.median(latencies) * 1000:.0f} ms,"
              f" p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        for name in sorted(peak):
            print(f"peak RSS {name}: {peak[name]:.0f} MB (at start {start_rss.get(name, 0):.0f} MB)")
        print(f"{len(gunicorn)} gunicorn master, {args.workers} workers; load {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=30)
        server.wait(timeout=30)


PAGES = ["/asn/", "/wilayah/", "/api/v1/regions/12.76"]


def timed_get(session: requests.Session, url: str) -> float:
    t = time.perf_counter()
    r = session.get(url, timeout=120)
    assert r.status_code == 200, (url, r.status_code)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
