"""Checking a voter file (issue 22 items 3, 4 and 9) as a stream, in bounded memory.

Format errors (a missing column, a malformed date, an unknown sex or marital status, a wrong
encoding) reject the whole file with every offending row named (:class:`ImportFailed`). NIK and
KK problems do not: they are findings, listed per row, because the real DP4 contains such
records and the coklit has to resolve them. A valid NIK (no N finding) seen on an earlier row of
the same file is a finding too (D01, ganda identik), naming that row.

The file is read through ``core/tabular.py`` ``stream_table``: one row at a time, checked and
dropped. The only state that grows with the file is the exact-duplicate index, one compact key
per row (the NIK as an integer → the line it was first seen on), about 100 bytes a row.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import stream_table
from pemilu.voters.rules import DUPLICATE_CODE, Finding, kk_findings, nik_findings

REQUIRED = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin",
            "alamat", "rt", "rw", "kode_desa", "disabilitas", "pekerjaan")
SEXES = {"L": False, "P": True}
MARITAL = frozenset({"B", "S", "P"})  # belum / sudah / pernah kawin
MAX_ERRORS = 200  # format errors collected before the file is rejected
# The stored lengths (models.Voter); NIK and KK are checked by rules.py and stored sealed.
LIMITS = {"nama": 200, "tempat_lahir": 100, "alamat": 300, "rt": 5, "rw": 5, "disabilitas": 100, "pekerjaan": 100}


@dataclass(slots=True)
class ScannedRow:
    """One row that passed the format checks, with its NIK/KK findings (possibly none)."""

    line: int
    row: dict[str, str]
    birth: datetime.date
    female: bool
    findings: list[Finding] = field(default_factory=list)


@dataclass
class CheckReport:
    rows: int
    findings: list[Finding]


def scan_file(source: str | Path | bytes, *, kecamatan: Collection[str], filename: str = "",
              max_rows: int | None = None) -> Iterator[ScannedRow]:
    """Yield every row of the file with its findings, as it is read. After the first format error
    nothing more is yielded; the remaining rows are still read for format errors (up to
    ``MAX_ERRORS``) and then :class:`ImportFailed` names them all, so a caller that writes must do so
    in a transaction that the exception rolls back."""
    stream = stream_table(source, filename=filename, required=REQUIRED, max_rows=max_rows)
    errors: list[RowError] = []
    first_seen: dict[int, int] = {}  # NIK as an integer → first line: the compact duplicate index
    for line, row in stream:
        row_errors, birth, female = format_errors(line, row)
        errors += row_errors
        if len(errors) >= MAX_ERRORS:
            break
        if errors or birth is None or female is None:
            continue  # the file is rejected anyway; keep collecting format errors only
        nik = row["nik"]
        findings = nik_findings(line, nik, birth_date=birth, female=female, kecamatan=kecamatan)
        if not findings:  # a flawed NIK is already named for the coklit; its copies may be typos
            key = int(nik)
            earlier = first_seen.setdefault(key, line)
            if earlier != line:
                findings.append(Finding(line, DUPLICATE_CODE, _("baris {row}: NIK sama dengan baris {other} "
                                                                "(ganda identik)").format(row=line, other=earlier)))
        findings.extend(kk_findings(line, row["no_kk"], kecamatan=kecamatan))
        yield ScannedRow(line, row, birth, female, findings)
    if errors:
        raise ImportFailed(errors, _("Berkas pemilih ditolak: {n} kesalahan format").format(n=len(errors)))


def format_errors(line: int, row: dict[str, str]) -> tuple[list[RowError], datetime.date | None, bool | None]:
    """The format errors of one row (date YYYY-MM-DD, sex L/P, marital status B/S/P, name, lengths),
    with the parsed birth date and sex (None when unreadable)."""
    errors: list[RowError] = []
    text = row.get("tanggal_lahir", "")
    sex = row.get("jenis_kelamin", "").upper()
    birth: datetime.date | None
    try:
        # YYYY-MM-DD only: fromisoformat also reads 20240214 and week dates, which no file means.
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        birth = datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(RowError(line, _("tanggal lahir tidak sah: {v!r} (format YYYY-MM-DD)").format(v=text),
                               "tanggal_lahir"))
        birth = None
    if sex not in SEXES:
        errors.append(RowError(line, _("jenis kelamin harus L atau P (diisi {v!r})").format(v=row.get("jenis_kelamin")),
                               "jenis_kelamin"))
    if row.get("status_kawin", "").upper() not in MARITAL:
        errors.append(RowError(line, _("status kawin harus B, S atau P (diisi {v!r})")
                               .format(v=row.get("status_kawin")), "status_kawin"))
    if not row.get("nama", "").strip():
        errors.append(RowError(line, _("nama wajib diisi"), "nama"))
    for column, limit in LIMITS.items():
        if len(row.get(column, "")) > limit:
            errors.append(RowError(line, _("paling panjang {max} karakter").format(max=limit), column))
    return errors, birth, SEXES.get(sex)


def check_file(source: str | Path | bytes, *, kecamatan: Collection[str], filename: str = "") -> CheckReport:
    """Every NIK/KK finding of the file, or :class:`ImportFailed` naming the rows with format errors.
    In a web request the request's row limit applies (``stream_table``)."""
    rows = 0
    findings: list[Finding] = []
    for scanned in scan_file(source, kecamatan=kecamatan, filename=filename):
        rows += 1
        if scanned.findings:
            findings.extend(scanned.findings)
    return CheckReport(rows=rows, findings=findings)

