"""The DP4 import (issue 22 items 1 and 8): a voter file into a region, atomically, in one pass.

The file is streamed once inside one transaction: each row is checked (format, ``kode_desa`` a desa
inside the region and the actor's scope, the optional ``tps`` column a TPS of that desa, NIK/KK
findings, D01 = the same NIK earlier in the file, D02 = the NIK already on this election's list),
hashed and sealed, and written in chunks of ``CHUNK`` rows. A bad row stops the writing; the rest of
the file is still read for the other bad rows (up to ``MAX_ERRORS``), and then ``ImportFailed`` names
them all and rolls the transaction back: nothing is written, no import row, no audit event.

The write is the database's bulk path. PostgreSQL: the rows as COPY text (escaped here, one string a
row) into one ``COPY … FROM STDIN`` (psycopg 3 ``cursor.copy``) open for the whole file, so the server
stores rows while this process checks and seals the next ones (one COPY per chunk made each wait for
the other); it is ended only for the D02 query of a chunk when the election already has voters. Into
an empty voter table a big file loads without the table's keys and secondary indexes (``_bulk``).
SQLite: one parameterised INSERT per row through ``executemany`` with a page cache big enough for
the indexes being filled (``PRAGMA cache_size``, restored afterwards).
The measured figures are in docs/benchmarks.md ("Voter DP4 import").
"""

from __future__ import annotations

import base64
import datetime
import hmac
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import ImportFailed, NotFoundError, RowError
from pemilu.core.jobs import ImportState
from pemilu.core.levels import Level, ancestor_codes
from pemilu.core.scope import scope_lookup
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.regions.queries import region_to_act_in
from pemilu.voters import crypto, pg_bulk
from pemilu.voters.checks import ScannedRow, scan_file
from pemilu.voters.generator import known_kecamatan
from pemilu.voters.models import Coklit, Origin, Voter, VoterImport
from pemilu.voters.tps_writes import write_pairs

CHUNK = 5000  # rows per database round trip (one COPY or one executemany)
MAX_ERRORS = 1000
BULK_MIN_BYTES = 8_000_000  # PostgreSQL: a file this big into an empty voter table loads without keys and indexes
BULK_DROPS_INDEXES = True  # the secondary indexes too (False: the benchmark's comparison)
EXISTING_CODE = "D02"  # the NIK is already on this election's list (an earlier import)
SQLITE_CACHE_KIB = 512 * 1024  # page cache while loading: the hash indexes of 1 M voters fit in it
# The columns that differ per row, in the order ``_Loader._chunk`` builds them; then the scope columns.
VARYING = ("village_id", "nik_hash", "nik_sealed", "kk_hash", "kk_sealed", "name", "birth_place",
           "birth_date", "sex", "marital", "address", "rt", "rw", "disability", "occupation", "findings",
           "source_line")
SCOPE = ("prov_code", "kab_code", "kec_code", "desa_code")

Progress = Callable[[str, int, "int | None"], None]  # (phase "check", rows done, total if known)


@dataclass
class ImportOutcome:
    created: int
    flagged: int
    job: VoterImport


def _tps_code(desa: str, number: str) -> str:
    return f"{desa}.{int(number):03d}" if number.isdigit() else ""


def import_dp4(source: str | Path | bytes, *, election: Election, region_code: str, actor: User, filename: str = "",
               max_rows: int | None = None, job: VoterImport | None = None,
               progress: Progress | None = None) -> ImportOutcome:
    """Atomic DP4 import in one streamed pass (memory bounded by the chunk and the D01 index); any
    bad row → ImportFailed naming it (and every other, up to ``MAX_ERRORS``), nothing written."""
    region = region_to_act_in(region_code, actor=actor, action="voters.import", unknown=NotFoundError)
    k = crypto.keys()
    with transaction.atomic():
        return _Loader(region=region, election=election, actor=actor, filename=filename, k=k, job=job,
                       progress=progress).run(source, max_rows)


class _Loader:
    """One import's state: the region's desa and TPS, the scope decisions, the counters."""

    def __init__(self, *, region: Region, election: Election, actor: User, filename: str, k: crypto.Keys,
                 job: VoterImport | None, progress: Progress | None) -> None:
        self.region, self.election, self.actor, self.filename, self.k = region, election, actor, filename, k
        self.progress = progress
        lookup = scope_lookup(Region, region.code) or {"code": region.code}
        self.desa = set(Region.objects.filter(level=Level.DESA, **lookup).values_list("code", flat=True))
        self.tps = dict(Tps.objects.in_region(region.code).values_list("code", "id"))
        self.allowed: dict[str, bool] = {}
        self.scope: dict[str, tuple[str, str, str, str]] = {}
        self.errors: list[RowError] = []
        self.created = self.flagged = 0
        self.analyzed = False
        self.by_finding: Counter[str] = Counter()
        self.placed: dict[int, int] = {}  # line → TPS id of the rows with a ``tps`` column (VoterTps)
        # D02 needs a lookup only when the election already has voters (not on its first import).
        self.lookup_existing = Voter.objects.filter(election=election).exists()
        if job is None:
            job = VoterImport(election=election, region=region, actor=actor, filename=filename[:255] or "dp4",
                              state=ImportState.WRITING)
            job.set_scope_columns(region.code)
            job.save()
        self.job = job
        self.columns, self.constant = _columns(election, job)
        self.constant_text = "\t".join(_copy_text(value) for value in self.constant)

    def run(self, source: str | Path | bytes, max_rows: int | None) -> ImportOutcome:
        rows = scan_file(source, kecamatan=known_kecamatan(), filename=self.filename, max_rows=max_rows)
        count = 0
        try:
            with self._bulk(source), _writer(self.columns) as writer:
                while chunk := list(islice(rows, CHUNK)):
                    values = self._chunk(chunk, writer)
                    count += len(chunk)
                    if self.errors:
                        if len(self.errors) >= MAX_ERRORS:
                            break
                    else:
                        writer.send(values)
                        self.created += len(values)
                    if self.progress is not None:
                        self.progress("check", count, None)
                if self.errors:  # inside the blocks: the COPY is abandoned, the bulk load's rebuild skipped
                    raise ImportFailed(self.errors)
        except ImportFailed as exc:
            if exc.errors is not self.errors:
                self.errors += exc.errors
        if self.errors:
            self.errors.sort(key=lambda e: e.row)
            del self.errors[MAX_ERRORS:]
            raise ImportFailed(self.errors, _("Berkas DP4 ditolak: {n} kesalahan; tidak ada data yang disimpan")
                               .format(n=len(self.errors)))
        return self._finish()

    def _bulk(self, source: str | Path | bytes) -> AbstractContextManager[None]:
        """PostgreSQL, a big file into an empty voter table (a kab/kota's first DP4): the table's foreign
        keys and secondary indexes are dropped for the load; after it the indexes are built (one sort
        each) and the keys re-added (one join per key instead of a queued check per row and key):
        ``pg_bulk.loaded_bare``. The table stays locked until the import commits; it was empty."""
        size = len(source) if isinstance(source, bytes) else os.path.getsize(source)
        if connection.vendor != "postgresql" or size < BULK_MIN_BYTES or Voter.objects.exists():
            return nullcontext()
        self.analyzed = True  # loaded_bare analyses the table before the key checks
        return pg_bulk.loaded_bare(connection.cursor(), indexes=BULK_DROPS_INDEXES)

    def _row_errors(self, scanned: ScannedRow) -> None:
        line, code = scanned.line, scanned.row["kode_desa"]
        if code not in self.desa:
            self.errors.append(RowError(line, _("desa {code} tidak dikenal atau di luar wilayah {region}")
                                        .format(code=code, region=self.region.code), "kode_desa"))
            return
        if code not in self.allowed:
            self.allowed[code] = can(self.actor, "voters.import", code)
        if not self.allowed[code]:
            self.errors.append(RowError(line, _("desa {code} di luar wewenang Anda").format(code=code), "kode_desa"))
        number = scanned.row.get("tps", "")
        if number and _tps_code(code, number) not in self.tps:
            self.errors.append(RowError(line, _("TPS {n} tidak ada di desa {code}").format(n=number, code=code), "tps"))

    def _chunk(self, chunk: list[ScannedRow], writer: _Writer) -> list[Any]:
        """The chunk's rows in ``self.columns`` order, as the writer takes them (COPY text lines or
        value tuples); an empty list once a row of the file has failed: from then on only the errors
        are collected."""
        for scanned in chunk:
            self._row_errors(scanned)
        if self.errors:
            return []
        hash_key = self.k.hash
        digest = hmac.digest
        nik_hashes = [digest(hash_key, s.row["nik"].encode(), "sha256").hex() for s in chunk]
        existing: set[str] = set()
        if self.lookup_existing:
            writer.pause()  # the connection is free for the query between two COPYs
            existing = set(Voter.objects.filter(election=self.election, nik_hash__in=set(nik_hashes))
                           .exclude(source=self.job).values_list("nik_hash", flat=True))
        seal = _sealer(self.k, 2 * len(chunk))
        tps, scopes, text = self.tps, self.scope, writer.text
        constant, tabs, slashes = self.constant_text, len(self.columns) - 1, self.constant_text.count("\\")
        adapt_date = connection.ops.adapt_datefield_value
        out: list[Any] = []
        append = out.append
        placed = self.placed
        for s, nik_hash in zip(chunk, nik_hashes, strict=True):
            r = s.row
            desa, kk = r["kode_desa"], r["no_kk"]
            codes = [f.code for f in s.findings]
            if nik_hash in existing:
                codes.append(EXISTING_CODE)
            if codes:
                self.flagged += 1
                self.by_finding.update(codes)
            scope = scopes.get(desa)
            if scope is None:
                found = ancestor_codes(desa)
                scope = scopes[desa] = (found.get(1, ""), found.get(2, ""), found.get(3, ""), found.get(4, ""))
            if r.get("tps"):  # the file's TPS column: written to VoterTps after the load (_finish)
                placed[s.line] = tps[_tps_code(desa, r["tps"])]
            if text:  # COPY's text format, in VARYING's order, then the scope columns, then the constants
                fields = (desa, nik_hash, seal(r["nik"]),
                          digest(hash_key, kk.encode(), "sha256").hex(), seal(kk), r["nama"].strip(),
                          r["tempat_lahir"], r["tanggal_lahir"], "P" if s.female else "L", r["status_kawin"].upper(),
                          r["alamat"], r["rt"], r["rw"], r["disabilitas"], r["pekerjaan"], " ".join(codes),
                          str(s.line), *scope, constant)
                line = "\t".join(fields)  # the file's values need escaping only if they hold one of these:
                if line.count("\t") != tabs or line.count("\\") != slashes or "\n" in line or "\r" in line:
                    line = "\t".join((fields[0], *(f.translate(COPY_ESCAPES) for f in fields[1:-1]), constant))
                append(line)
            else:
                append((desa, nik_hash, seal(r["nik"]), digest(hash_key, kk.encode(), "sha256").hex(),
                        seal(kk), r["nama"].strip(), r["tempat_lahir"], adapt_date(s.birth), "P" if s.female else "L",
                        r["status_kawin"].upper(), r["alamat"], r["rt"], r["rw"], r["disabilitas"],
                        r["pekerjaan"], " ".join(codes), s.line, *scope, *self.constant))
        return out

    def _finish(self) -> ImportOutcome:
        job, now = self.job, timezone.now()
        if connection.vendor == "postgresql" and not self.analyzed:
            # Fresh planner statistics (they count this transaction's rows): without them the first
            # queries after a bulk load — the duplicate search, the TPS mapping — were planned for an
            # empty table (nested loops over 1 M rows: the exact-duplicate query ran for minutes).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Voter._meta.db_table)}")
        if self.placed:  # the file's TPS column: each voter's row of VoterTps
            lines = Voter.objects.filter(source=job).values_list("id", "source_line").iterator(chunk_size=CHUNK)
            write_pairs((pk, self.placed[line]) for pk, line in lines if line in self.placed)
        VoterImport.objects.filter(pk=job.pk).update(state=ImportState.DONE, created=self.created,
                                                     flagged=self.flagged, rows_total=self.created, finished_at=now)
        job.state, job.created, job.flagged, job.rows_total, job.finished_at = (
            ImportState.DONE, self.created, self.flagged, self.created, now)
        record_event("voters.dp4_imported", actor=self.actor, region_code=self.region.code, target=job,
                     after={"election": self.election.code, "file": self.filename, "created": self.created,
                            "flagged": self.flagged, "findings": dict(sorted(self.by_finding.items()))})
        return ImportOutcome(self.created, self.flagged, job)


def _columns(election: Election, job: VoterImport) -> tuple[list[Field[Any, Any]], tuple[Any, ...]]:
    """The voter table's columns in the order of the rows ``_chunk`` builds (VARYING, SCOPE, then every
    other column), and the values of the others, the same for the whole import: a column added to
    ``Voter`` later gets its default, adapted for the database."""
    fields = {f.attname: f for f in Voter._meta.concrete_fields if not f.primary_key}
    now = timezone.now()
    known = {"election_id": election.pk, "source_id": job.pk, "origin": Origin.DP4.value,
             "coklit": Coklit.PENDING.value, "not_eligible_reason": "", "created_at": now, "updated_at": now}
    others = [name for name in fields if name not in VARYING and name not in SCOPE]
    constant = tuple(fields[name].get_db_prep_save(known[name] if name in known else fields[name].get_default(),
                                                   connection) for name in others)
    return [fields[name] for name in (*VARYING, *SCOPE, *others)], constant


def _sealer(k: crypto.Keys, count: int) -> Callable[[str], str]:
    """``crypto.seal`` for ``count`` numbers with their random nonces drawn in one call."""
    nonces = os.urandom(crypto.NONCE * count)
    encrypt, version, size = k.aead.encrypt, crypto.VERSION, crypto.NONCE
    position = 0

    def seal(number: str) -> str:
        nonlocal position
        nonce = nonces[position:position + size]
        position += size
        return base64.urlsafe_b64encode(version + nonce + encrypt(nonce, number.strip().encode(), version)).decode()

    return seal


# COPY's text format: a backslash, a tab, a line feed or a carriage return inside a value is escaped
# (the file's cells may hold tabs and line breaks; tabular.py refuses every other control character).
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: object) -> str:
    """A constant column's value in COPY's text format (the types ``_columns`` prepares)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (str, int)):
        return str(value).translate(COPY_ESCAPES)
    raise TypeError(f"no COPY text for {type(value).__name__}")  # a new Voter column type: teach it here


class _Writer:
    """Where ``run`` sends each chunk's rows. ``text``: the rows are COPY text lines (PostgreSQL), else
    value tuples (SQLite); ``pause()`` frees the connection for a query between two chunks."""

    text = False

    def send(self, values: list[Any]) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        """Nothing to do: SQLite's statements leave the connection free."""


class _InsertWriter(_Writer):
    def __init__(self, cursor: CursorWrapper, sql: str) -> None:
        self.cursor, self.sql = cursor, sql

    def send(self, values: list[Any]) -> None:
        self.cursor.executemany(self.sql, values)


class _CopyWriter(_Writer):
    """One ``COPY … FROM STDIN`` for the whole file (psycopg 3), so the server stores rows while
    this process checks and seals the next ones; ended by ``pause()`` and opened again by ``send``."""

    text = True

    def __init__(self, cursor: CursorWrapper, sql: str) -> None:
        self.raw, self.sql = cursor.cursor, sql  # the psycopg cursor under Django's wrapper
        self.block: Any = None
        self.copy: Any = None

    def send(self, values: list[Any]) -> None:
        if self.copy is None:
            self.block = self.raw.copy(self.sql)
            self.copy = self.block.__enter__()
        self.copy.write("\n".join(values) + "\n")

    def pause(self, exc: BaseException | None = None) -> None:
        if self.block is not None:
            block, self.block, self.copy = self.block, None, None
            block.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)


def _writer(columns: list[Any]) -> AbstractContextManager[_Writer]:
    return _copy_writer(columns) if connection.vendor == "postgresql" else _insert_writer(columns)


@contextmanager
def _insert_writer(columns: list[Any]) -> Iterator[_Writer]:
    """SQLite: one parameterised INSERT per row, ``executemany`` per chunk, with a larger page cache
    for the load (``bulk_create`` compiled every value through the ORM: 70 % of the write in a profile)."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (identifiers from the model, values bound)
        quote(Voter._meta.db_table), ", ".join(quote(f.column) for f in columns), ", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone() or (-2000,)
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            yield _InsertWriter(cursor, sql)
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")


@contextmanager
def _copy_writer(columns: list[Any]) -> Iterator[_Writer]:
    """PostgreSQL: the rows as COPY text into ``COPY voters_voter (…) FROM STDIN``; an exception
    abandons the COPY (the server discards it; the transaction rolls back)."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(quote(Voter._meta.db_table), ", ".join(quote(f.column) for f in columns))
    with connection.cursor() as cursor:
        writer = _CopyWriter(cursor, sql)
        try:
            yield writer
        except BaseException as exc:
            writer.pause(exc)
            raise
        writer.pause()
