#!/usr/bin/env python3
"""National KPPS formation at full scale: eligibility and ranking for every TPS, on PostgreSQL.

Creates its own database (``pemilu_bench_adhoc_<pid>``), migrates, imports the Kemendagri region
list and the 2024 TPS file with the real importers (create_missing), then generates deterministic
synthetic KPPS recruitments for every kab/kota (514): one ``Area`` per TPS (820,161 × 7 seats) and
≈ 7.3 applicants per TPS (≈ 6 M), with realistic shares of ineligible ones (too young / too old,
domicile outside the desa, below SMA, not a citizen, unfit, sentenced, missing documents, party
members in an imported ``PartyMembership`` list of ≈ 1 % of applicants plus non-applicants),
loaded with COPY (secondary indexes dropped during the load and rebuilt, then VACUUM ANALYZE).

Then it times the real set-based path of ``pemilu.adhoc.bulk`` for ALL recruitments, one
transaction per kab/kota as the app runs it (results go to the narrow ``adhoc_outcome`` table,
whose rows ``bulk.ensure_outcomes`` creates during the load as the import path does):

1. ``bulk.evaluate_eligibility`` (bitmasks + outcome, one UPDATE);
2. administrative verification — in the app an officer records MS/TMS per applicant (do_verify);
   here applicants are loaded as MS and one simulated set-based ``UPDATE`` turns the ineligible
   to TMS, so the ranking has its input; timed and reported, but outside the bulk.py total;
3. ``bulk.rank_written`` with the KPPS default ``written_pass_factor = 0``: KPPS has no written
   test (CAT; domain brief §1.5), so every MS applicant passes to the interview;
4. ``bulk.rank_final`` (interview score, then the tie-break chain).

It prints per-step times, the total, the peak RSS of this Python process and of the PostgreSQL
backend that ran the statements (``VmHWM`` of ``/proc/<pg_backend_pid()>/status``; a fresh
connection is opened for the timed phase and this process's high-water mark is reset), the load
average, and checks a deterministic sample of applicants against the Python evaluator
(``queries.explain`` / ``bulk.python_rank_final``). Data generation and loading are reported but
are NOT part of the 2-minute target.

    python benchmarks/adhoc_national.py              # national (~820k TPS, ~6 M applicants)
    python benchmarks/adhoc_national.py --small      # one province (Sumatera Utara), for CI
    python benchmarks/adhoc_national.py --keep-db    # keep the database (prints its name)
    python benchmarks/adhoc_national.py --reuse-db pemilu_bench_adhoc_123   # re-time a kept one
    python benchmarks/adhoc_national.py --json       # one JSON object on the last line

Needs PostgreSQL (``--pg postgres://postgres@127.0.0.1:5432``) and ../shared/data.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime
import gc
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SMALL_PROVINCE = "12"  # Sumatera Utara: 33 kab/kota, ~45k TPS

# KPPS 2024 (KPT 1669/2023, domain brief §1.5): registration 11–20 Dec 2023.
REG_START = datetime.date(2023, 12, 11)
REG_END = datetime.date(2023, 12, 20)
WORK_START = datetime.date(2024, 1, 25)
WORK_END = datetime.date(2024, 2, 25)
DOC_KINDS = ("ktp", "ijazah", "pernyataan", "sehat")
FIRST = ("Siti", "Budi", "Dewi", "Ahmad", "Rina", "Agus", "Sri", "Joko", "Nur", "Eko", "Putri", "Hendra",
         "Wati", "Rudi", "Ayu", "Dedi", "Fitri", "Bambang", "Lestari", "Andi", "Yuli", "Made", "Ketut", "Wayan")
LAST = ("Lubis", "Siregar", "Nasution", "Harahap", "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama",
        "Kusuma", "Sihombing", "Simanjuntak", "Setiawan", "Gunawan", "Rahman", "Hasibuan", "Tanjung", "Putra")
PARTIES = ("Partai A", "Partai B", "Partai C", "Partai D", "Partai E")


def log(msg: str) -> None:
    print(msg, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def status_kb(pid: int | str, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def cpu_s(pid: int | str) -> float:
    """User + system CPU seconds of a process (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak_rss() -> None:
    """Reset this process's VmHWM (Linux ≥ 4.0) so the timed phase's peak is its own."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


# --- generation ----------------------------------------------------------------------------

@dataclass
class Shares:
    """Shares of applicants that fail one rule (independent draws, so some fail several)."""

    too_young: float = 0.015      # 16 on the registration end
    too_old: float = 0.05         # 56+ on voting day (KPPS limit 55)
    other_domicile: float = 0.02  # lives in another desa of the kecamatan
    not_citizen: float = 0.0005
    below_sma: float = 0.03
    unfit: float = 0.005
    health_unknown: float = 0.06
    sentenced: float = 0.002
    sentence_undeclared: float = 0.03
    missing_doc: float = 0.025    # per document kind
    party: float = 0.01           # in the party list (half still members, a quarter left < 5 years ago)
    spouse: float = 0.25          # declares a spouse NIK
    withdrawn: float = 0.01


@dataclass
class Generated:
    applicants: int = 0
    documents: int = 0
    party_rows: int = 0
    areas: int = 0
    recruitments: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaRow:
    id: int
    code: str
    prov: str
    kab: str
    kec: str
    desa: str


def _rng(*parts: object) -> random.Random:
    seed = int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")
    return random.Random(seed)


def applicants_for(area: AreaRow, n_first: int, rng: random.Random, mean: float, kec_desas: Sequence[str],
                   shares: Shares) -> Iterator[dict[str, Any]]:
    """The applicants of one TPS (normal around ``mean``, sd 2.2, at least 1), as plain values."""
    n = max(1, min(3 * int(mean + 0.5) + 1, int(rng.gauss(mean, 2.2) + 0.5)))
    for i in range(n):
        serial = n_first + i
        r = rng.random
        female = r() < 0.45
        u = r()
        if u < shares.too_young:
            age_days = rng.randint(15 * 365 + 200, 17 * 365 - 5)
        elif u < shares.too_young + shares.too_old:
            age_days = rng.randint(56 * 365 + 60, 65 * 365)
        else:
            age_days = rng.randint(17 * 365 + 5, 55 * 365)
        birth = REG_END - datetime.timedelta(days=age_days)
        domicile = area.desa
        if r() < shares.other_domicile and len(kec_desas) > 1:
            domicile = rng.choice([d for d in kec_desas if d != area.desa])
        health = "unfit" if r() < shares.unfit else "" if r() < shares.health_unknown else "fit"
        sentence: int | None = 0
        if r() < shares.sentenced:
            sentence = rng.choice((5, 7, 10))
        elif r() < shares.sentence_undeclared:
            sentence = None
        docs = tuple(k for k in DOC_KINDS if r() >= shares.missing_doc)
        party: tuple[str, datetime.date | None] | None = None
        if r() < shares.party:
            v = r()
            left = None if v < 0.5 else REG_END - datetime.timedelta(days=rng.randint(30, 5 * 365 - 30)) \
                if v < 0.75 else REG_END - datetime.timedelta(days=rng.randint(5 * 365 + 30, 15 * 365))
            party = (rng.choice(PARTIES), left)
        yield {
            "nik": f"{area.kec.replace('.', '')}{serial:010d}",
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "gender": "P" if female else "L",
            "birth_date": birth,
            "domicile_code": domicile,
            "is_citizen": r() >= shares.not_citizen,
            "education": 1 + int(r() * 2) if r() < shares.below_sma else rng.choice((3, 3, 3, 3, 4, 5, 5, 6)),
            "health": health,
            "sentence_years": sentence,
            "spouse_nik": f"{area.kec.replace('.', '')}{rng.randint(0, 10**10 - 1):010d}" if r() < shares.spouse
            else "",
            "status": "withdrawn" if r() < shares.withdrawn else "active",
            "registered_at": datetime.datetime(2023, 12, 11, 1, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(seconds=rng.randint(0, 10 * 86400 - 3600)),
            # KPPS has no written test (domain brief §1.5). Interview scores on a 0.5 grid so that
            # ties happen and the tie-break chain is exercised.
            "interview_score": rng.randint(100, 200) / 2,
            "docs": docs,
            "party": party,
        }


# --- loading (COPY on PostgreSQL, executemany elsewhere) -----------------------------------

def _text(v: Any) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    return str(v)


def _sqlite(v: Any) -> Any:
    # Django's SQLite backend keeps datetimes as naive UTC text and dates as ISO text.
    if isinstance(v, datetime.datetime):
        return v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


class Loader:
    """Rows into one table: COPY text on PostgreSQL, executemany on SQLite.

    One connection runs one COPY at a time, so a ``spool`` loader writes its rows to a temporary
    file during generation and COPYs them when closed."""

    def __init__(self, cursor: Any, table: str, columns: Sequence[str], *, spool: bool = False) -> None:
        from django.db import connection

        self.pg = connection.vendor == "postgresql"
        self.cursor = cursor
        self.table = table
        self.columns = list(columns)
        self.buf: list[Any] = []
        self.n = 0
        self._copy: Any = None
        self._spool: Any = tempfile.TemporaryFile("w+", encoding="utf-8") if self.pg and spool else None  # noqa: SIM115 (closed in close())
        if self.pg and not spool:
            self._ctx = cursor.cursor.copy(self._sql())
            self._copy = self._ctx.__enter__()

    def _sql(self) -> str:
        return f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"

    def add(self, row: Sequence[Any]) -> None:
        self.n += 1
        if self.pg:
            self.buf.append("\t".join(map(_text, row)))
            if len(self.buf) >= 5000:
                self._write()
        else:
            self.buf.append(tuple(_sqlite(v) for v in row))
            if len(self.buf) >= 5000:
                self._flush_sqlite()

    def _write(self) -> None:
        (self._spool or self._copy).write("\n".join(self.buf) + "\n")
        self.buf.clear()

    def _flush_sqlite(self) -> None:
        marks = ", ".join(["%s"] * len(self.columns))
        self.cursor.executemany(f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})",  # noqa: S608
                                self.buf)
        self.buf.clear()

    def close(self) -> None:
        if not self.pg:
            if self.buf:
                self._flush_sqlite()
            return
        if self.buf:
            self._write()
        if self._spool is None:
            self._ctx.__exit__(None, None, None)
            return
        self._spool.seek(0)
        with self.cursor.cursor.copy(self._sql()) as copy:
            while block := self._spool.read(1 << 22):
                copy.write(block)
        self._spool.close()


def _next_id(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
    return int(cursor.fetchone()[0])


def _check_columns(cursor: Any, table: str, columns: Sequence[str]) -> None:
    """Fail loudly when the model gains or loses a column (so the benchmark cannot rot)."""
    from django.db import connection

    have = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    if have != set(columns):
        raise SystemExit(f"{table}: the benchmark writes {sorted(set(columns) - have)} that the table lacks "
                         f"and misses {sorted(have - set(columns))}; update benchmarks/adhoc_national.py")


def _drop_secondary_indexes(cursor: Any, tables: Sequence[str]) -> list[str]:
    """Drop every index but the primary key (unique ones included); return the SQL to rebuild them."""
    rebuild: list[str] = []
    for table in tables:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype = 'u'", [table])
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')",
                       [table])
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    return rebuild


APPLICANT_COLUMNS = (
    "id", "prov_code", "kab_code", "kec_code", "desa_code", "recruitment_id", "area_id", "election_id", "body",
    "user_id", "nik", "name", "gender", "birth_place", "birth_date", "address", "phone", "email", "domicile_code",
    "is_citizen", "education", "health", "sentence_years", "spouse_nik", "source", "status", "registered_at",
    "admin_result", "admin_reason", "written_score", "interview_score", "left_reason")
DOCUMENT_COLUMNS = ("id", "applicant_id", "kind", "file", "original_name", "content_type", "size", "sha256",
                    "uploaded_at")
PARTY_COLUMNS = ("id", "nik", "name", "party", "left_on", "source", "imported_at")
AREA_COLUMNS = ("id", "prov_code", "kab_code", "kec_code", "desa_code", "recruitment_id", "code", "name", "seats",
                "registration_end", "extensions", "continue_below_minimum", "work_end")


def create_recruitments(election: Any, kab_codes: Sequence[str], *, max_tps: int | None = None) -> list[Any]:
    """One KPPS recruitment per kab/kota (status: verification) and one Area per TPS, loaded in bulk.

    The app's ``do_create_recruitment`` builds Areas from the same TPS rows one model at a time;
    the benchmark writes the same rows with COPY (820k areas)."""
    from django.db import connection, transaction

    from pemilu.adhoc import queries
    from pemilu.adhoc.models import Area, Recruitment
    from pemilu.regions.models import Tps

    seats = queries.body_rules(election, "kpps").seats
    recs = []
    for kab in kab_codes:
        r = Recruitment(election=election, body="kpps", region_id=kab, status="verification",
                        registration_start=REG_START, registration_end=REG_END, work_start=WORK_START,
                        work_end=WORK_END)
        r.set_scope_columns(kab)
        recs.append(r)
    with transaction.atomic(), connection.cursor() as cur:
        Recruitment.objects.bulk_create(recs)
        by_kab = {r.region_id: r.pk for r in Recruitment.objects.filter(election=election, body="kpps")}
        table = Area._meta.db_table
        _check_columns(cur, table, AREA_COLUMNS)
        next_id = _next_id(cur, table)
        # Read first: the connection cannot run a query while its COPY is open.
        tps = list(Tps.objects.filter(kab_code__in=kab_codes).order_by("code").values_list(
            "code", "number", "desa_code", "kec_code", "kab_code", "prov_code", "village__name"))
        loader = Loader(cur, table, AREA_COLUMNS)
        taken: dict[str, int] = {}
        for code, number, desa, kec, kab, prov, village in tps:
            if max_tps is not None and taken.get(kab, 0) >= max_tps:
                continue
            taken[kab] = taken.get(kab, 0) + 1
            loader.add((next_id, prov, kab, kec, desa, by_kab[kab], code, f"TPS {number:03d} {village}", seats,
                        REG_END, 0, False, None))
            next_id += 1
        loader.close()
    return list(Recruitment.objects.filter(election=election, body="kpps").select_related("election")
                .order_by("region_id"))


def generate(recs: Sequence[Any], *, mean: float = 7.3, shares: Shares | None = None,
             extra_party_rows: float = 1.0) -> Generated:
    """Applicants, their documents and the party list for every area of ``recs`` (deterministic)."""
    from django.db import connection, transaction

    from pemilu.adhoc import bulk
    from pemilu.adhoc.demo import demo_pdf
    from pemilu.adhoc.models import Applicant as A
    from pemilu.adhoc.models import ApplicantDocument, Area, Outcome, PartyMembership

    shares = shares or Shares()
    pdf = demo_pdf("benchmark")
    sha = hashlib.sha256(pdf).hexdigest()
    # Identical uploads share one stored file (actions._store names files by SHA-256).
    path = f"adhoc/documents/{sha[:2]}/{sha}.pdf"
    out = Generated(recruitments=len(recs))
    pg = connection.vendor == "postgresql"
    uploaded = "2023-12-15 10:00:00+07" if pg else "2023-12-15 03:00:00"
    with transaction.atomic(), connection.cursor() as cur:
        tables = [A._meta.db_table, ApplicantDocument._meta.db_table, PartyMembership._meta.db_table]
        for t, cols in zip(tables, (APPLICANT_COLUMNS, DOCUMENT_COLUMNS, PARTY_COLUMNS), strict=True):
            _check_columns(cur, t, cols)
        rebuild: list[str] = []
        if pg:
            # Generated rows are consistent by construction: skip the per-row FK triggers and
            # build the secondary indexes once at the end (sorted) instead of row by row.
            cur.execute("SET LOCAL session_replication_role = replica")
            rebuild = _drop_secondary_indexes(cur, tables[:2])
        aid, did, pid = (_next_id(cur, t) for t in tables)
        # Read first: the connection cannot run a query while its COPY is open.
        all_areas: dict[int, list[AreaRow]] = {}
        for row in Area.objects.filter(recruitment__in=recs).order_by("code").values_list(
                "recruitment_id", "id", "code", "prov_code", "kab_code", "kec_code", "desa_code"):
            all_areas.setdefault(row[0], []).append(AreaRow(*row[1:]))
        apps = Loader(cur, tables[0], APPLICANT_COLUMNS)
        docs = Loader(cur, tables[1], DOCUMENT_COLUMNS, spool=True)
        party = Loader(cur, tables[2], PARTY_COLUMNS, spool=True)
        serial = 0
        for rec in recs:
            areas = all_areas.pop(rec.pk, [])
            out.areas += len(areas)
            desas: dict[str, list[str]] = {}
            for ar in areas:
                if not desas.setdefault(ar.kec, []) or desas[ar.kec][-1] != ar.desa:
                    desas[ar.kec].append(ar.desa)
            rng = _rng("kpps", rec.region_id)
            for ar in areas:
                for a in applicants_for(ar, serial, rng, mean, desas[ar.kec], shares):
                    serial += 1
                    apps.add((aid, ar.prov, ar.kab, ar.kec, ar.desa, rec.pk, ar.id, rec.election_id, "kpps", None,
                              a["nik"], a["name"], a["gender"], "", a["birth_date"], "Jl. Contoh No. 1", "", "",
                              a["domicile_code"], a["is_citizen"], a["education"], a["health"],
                              a["sentence_years"], a["spouse_nik"], "import", a["status"], a["registered_at"],
                              # Loaded as MS: the simulated verification turns the ineligible to TMS.
                              "ms", "", None, f"{a['interview_score']:.2f}", ""))
                    for kind in a["docs"]:
                        docs.add((did, aid, kind, path, f"{kind}.pdf", "application/pdf", len(pdf), sha, uploaded))
                        did += 1
                    if a["party"] is not None:
                        party.add((pid, a["nik"], a["name"], a["party"][0], a["party"][1], "SIPOL (sintetis)",
                                   uploaded))
                        pid += 1
                    aid += 1
            # Members of the list who never applied (the list covers everyone, not only applicants).
            n_extra = int(len(areas) * mean * shares.party * extra_party_rows + 0.5)
            for j in range(n_extra):
                party.add((pid, f"{rec.region_id.replace('.', '')}9{j:09d}", "", rng.choice(PARTIES), None,
                           "SIPOL (sintetis)", uploaded))
                pid += 1
        for loader in (apps, docs, party):
            loader.close()
        out.applicants, out.documents, out.party_rows = apps.n, docs.n, party.n
        t0 = time.perf_counter()
        for sql in rebuild:
            cur.execute(sql)
        if rebuild:
            log(f"  rebuilt {len(rebuild)} indexes in {time.perf_counter() - t0:.1f} s")
        if pg:
            for t in tables:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")  # noqa: S608
    # The import path's own step: one Outcome row per applicant (bulk.ensure_outcomes).
    t0 = time.perf_counter()
    for rec in recs:
        with transaction.atomic():
            bulk.ensure_outcomes(rec)
    log(f"  bulk.ensure_outcomes for {len(recs)} recruitments in {time.perf_counter() - t0:.1f} s")
    if pg:
        # What autovacuum does after a large import: statistics, and the visibility map that lets
        # the document look-up be an index-only scan (0.024 → 0.006 ms per applicant).
        with connection.cursor() as cur:
            for t in (*tables, Area._meta.db_table, Outcome._meta.db_table):
                cur.execute(f"VACUUM ANALYZE {t}")
    return out


# --- the timed pipeline --------------------------------------------------------------------

def simulate_verification(rec: Any) -> None:
    """What the officers do one by one (do_verify): MS only when every rule is met, else TMS with a
    reason. Applicants are loaded as MS, so this turns the ineligible ones to TMS."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("UPDATE adhoc_applicant SET admin_result = 'tms', admin_reason = 'belum memenuhi syarat' "
                    "FROM adhoc_outcome o WHERE o.applicant_id = adhoc_applicant.id AND o.recruitment_id = %s "
                    "AND o.elig_outcome <> 'met' AND adhoc_applicant.status = 'active'", [rec.pk])


def pipeline() -> list[tuple[str, Callable[[Any], Any], bool]]:
    """(step, function per recruitment, part of the bulk.py total)."""
    from pemilu.adhoc import bulk

    return [("eligibility (bulk.evaluate_eligibility)", bulk.evaluate_eligibility, True),
            ("verification MS/TMS (simulated officers)", simulate_verification, False),
            ("admin pass (bulk.rank_written, factor 0)", bulk.rank_written, True),
            ("final ranking (bulk.rank_final)", bulk.rank_final, True)]


def run_pipeline(recs: Sequence[Any], progress: Callable[[str], None] = log,
                 backend: int | None = None) -> dict[str, float]:
    """Every step for every recruitment (one transaction per kab/kota and step); seconds per step.
    With ``backend`` (its pid), also the CPU seconds that backend spent per step (``<step> cpu``):
    on a shared machine the wall time is mostly waiting for a core."""
    from django.db import transaction

    times: dict[str, float] = {}
    for name, fn, _in_total in pipeline():
        c0 = cpu_s(backend) if backend else 0.0
        t0 = time.perf_counter()
        for rec in recs:
            with transaction.atomic():
                fn(rec)
        times[name] = time.perf_counter() - t0
        cpu = ""
        if backend:
            times[f"{name} cpu"] = cpu_s(backend) - c0
            cpu = f"  backend CPU {times[f'{name} cpu']:6.1f} s"
        progress(f"  {name:<44}{times[name]:>9.1f} s{cpu}   (load {loadavg()})")
    return times


def check_sample(recs: Sequence[Any], n_areas: int = 40) -> tuple[int, int, int, list[str]]:
    """Applicants of a deterministic sample of areas against the Python evaluator and ranking."""
    from pemilu.adhoc import queries, rules
    from pemilu.adhoc.models import Applicant, Area

    checked_ranks = [0]
    rng = random.Random(5)
    sample = rng.sample(list(recs), min(len(recs), 4))
    checked = 0
    problems: list[str] = []
    for rec in sample:
        area_ids = list(rec.areas.order_by("id").values_list("id", flat=True))
        chosen = set(rng.sample(area_ids, min(len(area_ids), max(1, n_areas // len(sample)))))
        for a in Applicant.objects.filter(area_id__in=chosen).exclude(status="withdrawn").select_related(
                "recruitment__election", "area", "election", "outcome"):
            s = queries.explain(a)
            checked += 1
            if (a.elig_not_met, a.elig_evidence, a.elig_outcome) != (s.not_met, s.evidence, s.outcome.value):
                problems.append(f"{a.nik}: SQL {a.elig_not_met}/{a.elig_evidence}/{a.elig_outcome} "
                                f"Python {s.not_met}/{s.evidence}/{s.outcome.value}")
        # Ranking of the same areas by rules.competition_ranks / rules.final_order.
        config = queries.body_rules(rec.election, rec.body)
        factor = config.written_pass_factor
        for area in Area.objects.filter(id__in=chosen):
            ms = [a for a in Applicant.objects.filter(area=area, status="active", admin_result="ms")
                  .select_related("outcome") if factor == 0 or a.written_score is not None]
            if factor:
                ranks = rules.competition_ranks([a.written_score or Decimal(0) for a in ms])
                passed = [rk <= rules.written_cutoff(area.seats, factor) for rk in ranks]
            else:  # no written test: every MS applicant passes
                ranks, passed = [a.written_rank for a in ms], [True] * len(ms)
            for a, rk, ok in zip(ms, ranks, passed, strict=True):
                if (a.written_rank, a.passed_written) != (rk, ok) or rk is None:
                    problems.append(f"{a.nik}: written {a.written_rank}/{a.passed_written}, Python {rk}/{ok}")
            pool = [a for a, ok in zip(ms, passed, strict=True) if ok and a.interview_score is not None]
            order = rules.final_order([rules.Candidate(a.pk, a.interview_score or Decimal(0),
                                                       a.written_score or Decimal(0), a.registered_at,
                                                       a.birth_date, a.gender) for a in pool], config.chain)
            by_id = {a.pk: a for a in pool}
            for i, c in enumerate(order, start=1):
                sel = "member" if i <= area.seats else "reserve" if i <= area.seats * config.ranked_factor \
                    else "not_selected"
                got = by_id[c.id]
                checked_ranks[0] += 1
                if (got.final_rank, got.selection) != (i, sel):
                    problems.append(f"{got.nik}: final {got.final_rank}/{got.selection}, Python {i}/{sel}")
    return checked, checked_ranks[0], len(problems), problems[:10]


def outcome_counts() -> dict[str, int]:
    from django.db.models import Count

    from pemilu.adhoc.models import Outcome

    out: dict[str, int] = {}
    for key, field_ in (("elig", "elig_outcome"), ("selection", "selection")):
        for value, n in Outcome.objects.exclude(applicant__status="withdrawn").values_list(field_).annotate(
                n=Count("applicant_id")).order_by():
            out[f"{key}:{value or '-'}"] = n
    return out


# --- main ----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help=f"one province ({SMALL_PROVINCE}) only (CI)")
    parser.add_argument("--data", default=str(DEFAULT_DATA if DEFAULT_DATA.exists() else "/work/shared/data"))
    parser.add_argument("--pg", default=os.environ.get("PEMILU_BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--reuse-db", metavar="NAME", help="time again on a database kept by --keep-db")
    parser.add_argument("--mean", type=float, default=7.3, help="mean applicants per TPS (default 7.3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    args = parser.parse_args()
    data = Path(args.data)
    if not args.reuse_db and not data.exists():
        print(f"SKIP: {data} not found (shared/data must be beside the repository)")
        return 0

    import psycopg

    dbname = args.reuse_db or f"pemilu_bench_adhoc_{os.getpid()}"
    if not args.reuse_db:
        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}"')
    os.environ["DATABASE_URL"] = f"{args.pg}/{dbname}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    os.environ.setdefault("PEMILU_VAR_DIR", f"/tmp/{dbname}")
    sys.path.insert(0, str(ROOT / "src"))
    keep = args.keep_db or bool(args.reuse_db)
    try:
        return run(args, data, dbname)
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            log(f"database kept: {dbname}")
        else:
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _filter_lines(raw: bytes, keep: Callable[[str], bool]) -> bytes:
    text = raw.decode("utf-8-sig").splitlines(keepends=True)
    return "".join([text[0], *(line for line in text[1:] if keep(line))]).encode()


def run(args: argparse.Namespace, data: Path, dbname: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pemilu.accounts.actions import get_system_user
    from pemilu.adhoc.models import Recruitment
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.regions.importers import import_regions, import_tps
    from pemilu.regions.models import Region

    result: dict[str, Any] = {"database": dbname, "small": args.small, "load_start": loadavg()}
    log(f"database {dbname}; load average {loadavg()}")
    if args.reuse_db:
        recs = list(Recruitment.objects.filter(body="kpps").select_related("election").order_by("region_id"))
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            for t in ("adhoc_applicant", "adhoc_outcome", "adhoc_applicantdocument", "adhoc_partymembership"):
                cur.execute(f"VACUUM ANALYZE {t}")
        log(f"reusing: {len(recs)} recruitments; VACUUM ANALYZE {time.perf_counter() - t0:.1f} s")
    else:
        call_command("migrate", verbosity=0)
        actor = get_system_user()
        regions_raw = (data / "wilayah_kemendagri_2025.csv").read_bytes()
        tps_raw = (data / "tps2024_per_desa.csv").read_bytes()
        if args.small:
            regions_raw = _filter_lines(regions_raw, lambda line: line[:2] == SMALL_PROVINCE)
            tps_raw = _filter_lines(tps_raw, lambda line: line[:2] == SMALL_PROVINCE)
        t0 = time.perf_counter()
        import_regions(regions_raw, actor=actor, filename="wilayah.csv")
        imported = import_tps(tps_raw, actor=actor, filename="tps.csv", create_missing=True)
        result["tree_s"] = time.perf_counter() - t0
        log(f"region + TPS tree (real importers): {imported.domestic_tps:,} TPS in {result['tree_s']:.1f} s")
        election = get_or_create_pemilu_2024()
        # Overseas TPS (99) belong to PPLN/KPPSLN, not to a KPU Kab/Kota: not part of this formation.
        kabs = list(Region.objects.filter(level=2).exclude(prov_code="99").order_by("code")
                    .values_list("code", flat=True))
        t0 = time.perf_counter()
        recs = create_recruitments(election, kabs)
        gen = generate(recs, mean=args.mean)
        result["load_s"] = time.perf_counter() - t0
        result.update(recruitments=len(recs), areas=gen.areas, applicants=gen.applicants, documents=gen.documents,
                      party_rows=gen.party_rows)
        log(f"generated + COPY-loaded {len(recs)} recruitments, {gen.areas:,} areas, {gen.applicants:,} applicants, "
            f"{gen.documents:,} documents, {gen.party_rows:,} party-list rows in {result['load_s']:.1f} s "
            f"(not part of the target; load {loadavg()})")

    # The timed phase on a fresh connection (its backend's VmHWM is the phase's own), after giving
    # the generator's memory back, so that this process's peak is the phase's own too.
    connection.close()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    reset_peak_rss()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = int(cur.fetchone()[0])
    result["load_before"] = loadavg()
    log(f"\ntimed phase ({len(recs)} kab/kota, one transaction per kab/kota and step; load {loadavg()}):")
    t0 = time.perf_counter()
    times = run_pipeline(recs, backend=backend)
    total = time.perf_counter() - t0
    bulk_total = sum(times[name] for name, _fn, counted in pipeline() if counted)
    bulk_cpu = sum(times[f"{name} cpu"] for name, _fn, counted in pipeline() if counted)
    result.update(steps={k: round(v, 2) for k, v in times.items()}, bulk_total_s=round(bulk_total, 2),
                  bulk_backend_cpu_s=round(bulk_cpu, 2),
                  total_s=round(total, 2), load_after=loadavg(),
                  python_peak_rss_mb=round(status_kb("self", "VmHWM") / 1024, 1),
                  backend_peak_rss_mb=round(status_kb(backend, "VmHWM") / 1024, 1))
    log(f"  {'bulk.py total (eligibility + written + final)':<44}{bulk_total:>9.1f} s   target ≤ 120 s: "
        f"{'met' if bulk_total <= 120 else 'NOT met'}")
    log(f"  {'bulk.py backend CPU (eligibility + written + final)':<44}{bulk_cpu:>9.1f} s")
    log(f"  {'all steps incl. simulated verification':<44}{total:>9.1f} s")
    log(f"  peak RSS: Python {result['python_peak_rss_mb']:.0f} MB, PostgreSQL backend {backend} "
        f"{result['backend_peak_rss_mb']:.0f} MB (target ≤ 2048 MB)")
    result["counts"] = outcome_counts()
    log("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(result["counts"].items())))
    checked, ranked, bad, problems = check_sample(recs)
    result.update(sample_checked=checked, sample_ranked=ranked, sample_disagreements=bad)
    log(f"  agreement with the Python path: {checked} sampled applicants' eligibility, {ranked} final ranks; "
        f"{bad} disagreements")
    for p in problems:
        log(f"    {p}")
    if args.json:
        print(json.dumps(result))
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
