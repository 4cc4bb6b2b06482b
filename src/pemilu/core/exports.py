"""The one writer of every CSV and XLSX that pemilu hands out.

Region names, office names, stage names, candidate names and the agency typed into an anonymous
neutrality report all come from people; a spreadsheet that opens a cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return may run it as a formula (``=HYPERLINK(…)`` sends
the sheet's data to another site). Every text cell therefore passes ``safe_text``: such a cell gets
a leading single quote, the OWASP rule for CSV injection, in CSV and XLSX alike (an XLSX cell is
also typed as a string, never a formula, so a value copied out of the sheet stays inert). Real
numbers (``int``, ``float``, ``Decimal``) stay numbers and dates stay dates, so sums and sorting
keep working.

No module outside this one creates a ``csv.writer`` or an ``openpyxl.Workbook``;
``core/tests/test_exports.py`` greps ``src`` for that.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from _typeshed import SupportsWrite
    from openpyxl.worksheet.worksheet import Worksheet

#: A text cell starting with one of these is neutralised (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None


def safe_text(text: str) -> str:
    """``text`` with a leading single quote when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore_text(text: str) -> str:
    """The inverse of ``safe_text`` for a file pemilu exported and reads back (a schedule)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def safe_cell(value: object) -> Cell:
    """One cell as written: numbers, booleans, dates and None unchanged; anything else as neutralised text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime.date)):
        return value
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    return safe_text(value if isinstance(value, str) else str(value))


def safe_row(row: Iterable[object]) -> list[Cell]:
    return [safe_cell(v) for v in row]


class CsvWriter:
    """``csv.writer`` whose every row passes ``safe_row`` (there is no unsafe way to write)."""

    def __init__(self, stream: SupportsWrite[str]) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(header: Sequence[object], rows: Iterable[Iterable[object]]) -> bytes:
    """A whole CSV document (UTF-8) from a header and rows."""
    buf = io.StringIO()
    writer = CsvWriter(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


class Sheet:
    """One worksheet; rows only go in through ``append``."""

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws

    def append(self, row: Iterable[object]) -> None:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        cells: list[Cell] = []
        for value in safe_row(row):
            # Control characters other than tab, LF and CR cannot be stored in XLSX at all; what
            # remains once they are gone is checked again.
            cells.append(safe_text(ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value)
        self._ws.append(cells)
        for cell in self._ws[self._ws.max_row]:
            if cell.data_type == "f":  # openpyxl types any text starting with "=" as a formula
                cell.data_type = "s"

    def widths(self, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            self._ws.column_dimensions[get_column_letter(i)].width = width

    def freeze(self, cell: str) -> None:
        self._ws.freeze_panes = cell

    def print_header(self, text: str) -> None:
        """``text`` in the header of every printed page (a watermark naming a copy's recipient)."""
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        text = ILLEGAL_CHARACTERS_RE.sub("", text).replace("&", "&&")  # "&" starts a header code
        self._ws.oddHeader.center.text = text
        self._ws.evenHeader.center.text = text
        self._ws.firstHeader.center.text = text


class Workbook:
    """An XLSX workbook built sheet by sheet: ``book.sheet(title).append(row)``, then ``book.to_bytes()``."""

    def __init__(self) -> None:
        import openpyxl

        self._wb = openpyxl.Workbook()
        self._fresh = True  # the default sheet openpyxl creates is reused by the first ``sheet``

    def sheet(self, title: str) -> Sheet:
        title = str(title)[:31]
        if self._fresh:
            self._fresh = False
            ws = self._wb.active
            ws.title = title
        else:
            ws = self._wb.create_sheet(title)
        return Sheet(ws)

    def describe(self, *, title: str, subject: str = "", description: str = "", keywords: str = "") -> None:
        """The document properties a spreadsheet shows under File → Properties."""
        props = self._wb.properties
        props.creator, props.title, props.subject = "pemilu", title[:255], subject[:255]
        props.description, props.keywords = description[:1000], keywords[:255]

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self._wb.save(buf)
        return buf.getvalue()
