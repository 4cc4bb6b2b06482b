"""Reading uploaded tables (CSV, XLSX) row by row with line numbers, strictly.

Every importer goes through here, so every importer reports encoding problems and
missing columns the same way: as RowErrors naming the line, before anything is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from pemilu.core.bounds import CONTROL_RE, is_ascii_digits
from pemilu.core.exceptions import ImportFailed, RowError


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number as the user sees it, row)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)


def decode_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [RowError(line, _("berkas bukan UTF-8 (byte {byte} tidak sah); simpan ulang sebagai CSV UTF-8")
                      .format(byte=hex(raw[exc.start])))],
            _("Pengodean berkas salah; tidak ada data yang disimpan"),
        ) from None


def read_table(source: str | Path | bytes, *, filename: str = "", required: Sequence[str] = ()) -> Table:
    """Read CSV or XLSX (chosen by the name's extension or the content's signature)."""
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = filename or ("" if isinstance(source, bytes) else str(source))
    table = _read_xlsx(raw) if raw[:2] == b"PK" or name.lower().endswith(".xlsx") else _read_csv(decode_utf8(raw))
    if not table.rows and not table.columns:
        raise ImportFailed([RowError(1, _("berkas kosong"))])
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols=", ".join(missing)))])
    if not table.rows:
        raise ImportFailed([RowError(2, _("berkas tidak berisi baris data"))])
    return table


def _read_csv(text: str) -> Table:
    if not text.strip():
        return Table([], [])
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for record in _records(reader):
        line = reader.line_num
        if not columns:
            columns = [c.strip().lower() for c in record]
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(columns):
            raise ImportFailed([RowError(line, _("terlalu banyak kolom ({n}, header {m})")
                                         .format(n=len(record), m=len(columns)))])
        values = [c.strip() for c in record] + [""] * (len(columns) - len(record))
        rows.append((line, _checked(line, dict(zip(columns, values, strict=True)))))
    return Table(columns, rows)


def _records(reader: Any) -> Iterator[list[str]]:
    """The csv module's own errors (a field over ``csv.field_size_limit()`` = 131,072 characters,
    a stray quote) become a row error naming the line instead of a server error."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                message = _("sel lebih panjang dari {n} karakter").format(n=csv.field_size_limit())
            else:
                message = _("baris CSV tidak sah: {err}").format(err=exc)
            raise ImportFailed([RowError(line, message)]) from None
        yield record


MAX_CELL = 2000  # characters in one cell: no imported value (a name, an address, a stage) is longer


def _checked(line: int, row: dict[str, str]) -> dict[str, str]:
    """No cell may hold a NUL or another control character (line breaks and tabs are allowed), nor
    be longer than ``MAX_CELL``."""
    errors = [RowError(line, _("berisi karakter kontrol yang tidak diizinkan"), column)
              for column, value in row.items() if CONTROL_RE.search(value)]
    errors += [RowError(line, _("paling panjang {max} karakter (diisi {n})").format(max=MAX_CELL, n=len(value)),
                        column) for column, value in row.items() if len(value) > MAX_CELL]
    if errors:
        raise ImportFailed(errors)
    return row


def _read_xlsx(raw: bytes) -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFailed([RowError(1, _("berkas XLSX tidak dapat dibaca: {err}").format(err=exc))]) from None
    ws = wb.worksheets[0]
    columns: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for idx, record in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else _cell_text(v) for v in record]
        if not columns:
            columns = [c.strip().lower() for c in cells]
            while columns and columns[-1] == "":
                columns.pop()
            continue
        if not any(cells):
            continue
        extra = [c for c in cells[len(columns):] if c != ""]
        if extra:  # as in CSV: a value beyond the header's last column is an error, not dropped
            raise ImportFailed([RowError(idx, _("terlalu banyak kolom ({n}, header {m})")
                                         .format(n=len(cells) - _trailing_blanks(cells), m=len(columns)))])
        cells = (cells + [""] * len(columns))[: len(columns)]
        rows.append((idx, _checked(idx, dict(zip(columns, cells, strict=True)))))
    wb.close()
    return Table(columns, rows)


def _trailing_blanks(cells: list[str]) -> int:
    n = 0
    for cell in reversed(cells):
        if cell != "":
            break
        n += 1
    return n


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()


def parse_int(value: str, *, minimum: int | None = 0) -> int:
    """Strict integer: digits only (a leading '-' is read and then refused by ``minimum``)."""
    text = value.strip()
    if not is_ascii_digits(text.removeprefix("-")):
        raise ValueError(_("bukan bilangan bulat: {v!r}").format(v=value))
    number = int(text)
    if minimum is not None and number < minimum:
        raise ValueError(_("tidak boleh kurang dari {m}: {v}").format(m=minimum, v=number))
    return number
