"""Checking a voter file (issue 22 items 3 and 9) without writing anything.

Format errors (a missing column, a malformed date, an unknown sex or marital status, a wrong
encoding) reject the whole file with every offending row named (:class:`ImportFailed`). NIK and
KK problems do not: they are findings, listed per row, because the real DP4 contains such
records and the coklit has to resolve them.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import read_table
from pemilu.voters.rules import Finding, kk_findings, nik_findings

REQUIRED = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin",
            "alamat", "rt", "rw", "kode_desa", "disabilitas", "pekerjaan")
SEXES = {"L": False, "P": True}
MARITAL = frozenset({"B", "S", "P"})  # belum / sudah / pernah kawin
MAX_ERRORS = 200  # format errors collected before the file is rejected


@dataclass
class CheckReport:
    rows: int
    findings: list[Finding]


def check_file(source: str | Path | bytes, *, kecamatan: Collection[str], filename: str = "") -> CheckReport:
    """Every NIK/KK finding of the file, or :class:`ImportFailed` naming the rows with format errors."""
    table = read_table(source, filename=filename, required=REQUIRED)
    errors: list[RowError] = []
    findings: list[Finding] = []
    parse_date = datetime.date.fromisoformat
    for line, row in table.rows:
        text = row["tanggal_lahir"]
        sex = row["jenis_kelamin"].upper()
        try:
            # YYYY-MM-DD only: fromisoformat also reads 20240214 and week dates, which no file means.
            if len(text) != 10 or text[4] != "-" or text[7] != "-":
                raise ValueError(text)
            birth = parse_date(text)
        except ValueError:
            errors.append(RowError(line, _("tanggal lahir tidak sah: {v!r} (format YYYY-MM-DD)").format(v=text),
                                   "tanggal_lahir"))
            birth = None
        if sex not in SEXES:
            errors.append(RowError(line, _("jenis kelamin harus L atau P (diisi {v!r})").format(v=row["jenis_kelamin"]),
                                   "jenis_kelamin"))
        if row["status_kawin"].upper() not in MARITAL:
            errors.append(RowError(line, _("status kawin harus B, S atau P (diisi {v!r})")
                                   .format(v=row["status_kawin"]), "status_kawin"))
        if len(errors) >= MAX_ERRORS:
            break
        if errors or birth is None:
            continue  # the file is rejected anyway; keep collecting format errors only
        findings.extend(nik_findings(line, row["nik"], birth_date=birth, female=SEXES[sex], kecamatan=kecamatan))
        findings.extend(kk_findings(line, row["no_kk"], kecamatan=kecamatan))
    if errors:
        raise ImportFailed(errors, _("Berkas pemilih ditolak: {n} kesalahan format").format(n=len(errors)))
    return CheckReport(rows=len(table.rows), findings=findings)
