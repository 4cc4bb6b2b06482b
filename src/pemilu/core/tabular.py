"""Reading uploaded tables (CSV, XLSX) row by row with line numbers, strictly.

Every importer goes through here, so every importer reports encoding problems and
missing columns the same way: as RowErrors naming the line, before anything is written.
"""

from __future__ import annotations

import contextvars
import csv
import io
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pemilu.core.bounds import CONTROL_RE, is_ascii_digits
from pemilu.core.exceptions import DomainError, ImportFailed, RowError

if TYPE_CHECKING:
    import datetime
    from xml.etree.ElementTree import Element
    from zipfile import ZipFile


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


# Web uploads are bounded (issue 17 item 5): a request's reads stop at PEMILU_IMPORT_MAX_ROWS
# data rows (the middleware below turns this on for requests; the CLI and jobs pass their own).
request_row_limit: contextvars.ContextVar[int | None] = contextvars.ContextVar("request_row_limit", default=None)


class UploadTooLarge(DomainError):
    status = 413
    api_code = "too_large"


def ensure_upload_size(size: int) -> None:
    """Refuse an upload over PEMILU_UPLOAD_MAX_BYTES with a clear message (413)."""
    limit: int = settings.PEMILU_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadTooLarge(_("Berkas terlalu besar ({size} MB); paling besar {limit} MB. Bagi berkas menjadi "
                               "beberapa bagian.").format(size=_mb(size), limit=_mb(limit)))


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f}".replace(".", ",")


class UploadLimitMiddleware:
    """Web uploads: a body over PEMILU_UPLOAD_MAX_BYTES is refused before it is read, and tables read
    while handling the request stop at PEMILU_IMPORT_MAX_ROWS data rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PEMILU_UPLOAD_MAX_BYTES + 65_536:  # the multipart envelope on top of the file
            from django.shortcuts import render

            try:
                ensure_upload_size(length)
            except UploadTooLarge as exc:
                if request.path.startswith("/api/"):
                    from pemilu.core.api import error_response

                    return error_response(exc.message, "too_large", 413)
                return render(request, "error.html", {"message": exc.message}, status=413)
        token = request_row_limit.set(settings.PEMILU_IMPORT_MAX_ROWS)
        try:
            return self.get_response(request)
        finally:
            request_row_limit.reset(token)


def read_table(source: str | Path | bytes, *, filename: str = "", required: Sequence[str] = (),
               max_rows: int | None = None) -> Table:
    """Read CSV or XLSX (chosen by the name's extension or the content's signature). In a web
    request at most PEMILU_IMPORT_MAX_ROWS data rows are read (``max_rows`` overrides)."""
    stream = stream_table(source, filename=filename, required=required, max_rows=max_rows)
    return Table(stream.columns, list(stream))


@dataclass
class TableStream:
    """A table read one row at a time (bounded memory whatever the file's size): ``columns``,
    then iterate for (line, row). ``estimated_rows`` is the XLSX sheet's declared size, if any."""

    columns: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    estimated_rows: int | None = None

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self.rows


def stream_table(source: str | Path | bytes, *, filename: str = "", required: Sequence[str] = (),
                 max_rows: int | None = None) -> TableStream:
    """Like ``read_table``, but the rows are read as they are iterated (XLSX through openpyxl's
    read-only mode, CSV line by line). Errors found while iterating raise ImportFailed naming the
    line; more than ``max_rows`` data rows is such an error (default: the web request's limit)."""
    if max_rows is None:
        max_rows = request_row_limit.get()
    name = filename or ("" if isinstance(source, bytes) else str(source))
    if isinstance(source, bytes):
        is_xlsx = source[:2] == b"PK" or name.lower().endswith(".xlsx")
    else:
        with open(source, "rb") as fh:
            is_xlsx = fh.read(2) == b"PK" or name.lower().endswith(".xlsx")
    records, estimate, close = _xlsx_records(source) if is_xlsx else _csv_records(source)
    columns: list[str] = []
    first = next(records, None)
    if first is not None:
        columns = [c.strip().lower() for c in first[1]]
        if is_xlsx:
            while columns and columns[-1] == "":
                columns.pop()
    if not any(columns):
        close()
        raise ImportFailed([RowError(1, _("berkas kosong"))])
    missing = [c for c in required if c not in columns]
    if missing:
        close()
        raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols=", ".join(missing)))])

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        n = 0
        try:
            for line, cells in records:
                if not any(c.strip() for c in cells):
                    continue
                if is_xlsx:
                    if any(c != "" for c in cells[len(columns):]):  # as in CSV: an error, not dropped
                        raise ImportFailed([RowError(line, _("terlalu banyak kolom ({n}, header {m})")
                                                     .format(n=len(cells) - _trailing_blanks(cells), m=len(columns)))])
                    cells = (cells + [""] * len(columns))[: len(columns)]
                elif len(cells) > len(columns):
                    raise ImportFailed([RowError(line, _("terlalu banyak kolom ({n}, header {m})")
                                                 .format(n=len(cells), m=len(columns)))])
                else:
                    cells = [c.strip() for c in cells] + [""] * (len(columns) - len(cells))
                n += 1
                if max_rows is not None and n > max_rows:
                    raise ImportFailed([RowError(line, _("berkas melebihi batas {limit} baris data; bagi berkas "
                                                         "menjadi beberapa bagian").format(limit=max_rows))])
                yield line, _checked(line, dict(zip(columns, cells, strict=True)))
            if n == 0:
                raise ImportFailed([RowError(2, _("berkas tidak berisi baris data"))])
        finally:
            close()

    return TableStream(columns, rows(), estimate)


Records = Iterator[tuple[int, list[str]]]


def _raise_encoding_error(source: str | Path | bytes, line: int) -> NoReturn:
    """Name the line of the first byte that is not UTF-8 (read whole only on this error path: a
    decoding error surfaces a buffer ahead of the line the csv reader is on)."""
    if not isinstance(source, bytes):
        decode_utf8(Path(source).read_bytes())  # raises ImportFailed naming the line
    raise ImportFailed([RowError(line, _("berkas bukan UTF-8; simpan ulang sebagai CSV UTF-8"))],
                       _("Pengodean berkas salah; tidak ada data yang disimpan")) from None


def _csv_records(source: str | Path | bytes) -> tuple[Records, int | None, Callable[[], None]]:
    if isinstance(source, bytes):
        fh: TextIO = io.StringIO(decode_utf8(source))
    else:
        fh = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the caller's close())
    try:
        sample = fh.read(4096)
    except UnicodeDecodeError:
        fh.close()
        _raise_encoding_error(source, 1)
    fh.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(fh, delimiter=delimiter)

    def records() -> Records:
        try:
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # a field over csv.field_size_limit(), a stray quote: name the line
                    if "field larger than field limit" in str(exc):
                        message = _("sel lebih panjang dari {n} karakter").format(n=csv.field_size_limit())
                    else:
                        message = _("baris CSV tidak sah: {err}").format(err=exc)
                    raise ImportFailed([RowError(reader.line_num, message)]) from None
                yield reader.line_num, record
        except UnicodeDecodeError:
            _raise_encoding_error(source, reader.line_num + 1)

    return records(), None, fh.close


# XML of uploads is parsed by the standard library's expat, as openpyxl does without defusedxml:
# expat ≥ 2.4 limits entity expansion (billion laughs) and ElementTree resolves no external entities.
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _xlsx_records(source: str | Path | bytes) -> tuple[Records, int | None, Callable[[], None]]:
    """The first sheet's rows, parsed as a stream straight from the XML (issue 17 item 5).

    openpyxl's read-only reader parses a whole sheet once just to size it when the file has no
    <dimension> (files written by openpyxl itself), builds an object per cell and keeps every
    parsed row attached to the tree (≈ 90 bytes a row): a 1,000,000-row file took minutes and
    grew. Here each row is read, converted like openpyxl converts it (shared and inline strings,
    numbers, booleans, dates by the cell's number format) and dropped. The shared strings are one
    list (bounded by the upload size)."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        sheet, epoch = _first_sheet(archive)
        strings = _shared_strings(archive)
        dates = _date_styles(archive)
        stream = archive.open(sheet)
    except Exception as exc:  # zipfile and XML raise many types for a damaged file
        raise ImportFailed([RowError(1, _("berkas XLSX tidak dapat dibaca: {err}").format(err=exc))]) from None

    def records() -> Records:
        from openpyxl.utils.cell import column_index_from_string
        from openpyxl.utils.datetime import from_excel

        data: Any = None
        number = 0
        cells: dict[int, str] = {}
        try:
            for event, el in iterparse(stream, events=("start", "end")):  # noqa: S314 (see _NS)
                tag = el.tag
                if event == "start":
                    if tag == f"{_NS}sheetData":
                        data = el
                    continue
                if tag == f"{_NS}c":
                    ref = el.get("r")
                    col = column_index_from_string(ref.rstrip("0123456789")) if ref else len(cells) + 1
                    cells[col] = _xlsx_value(el, strings, dates, epoch, from_excel)
                elif tag == f"{_NS}row":
                    number = int(el.get("r") or number + 1)
                    width = max(cells, default=0)
                    yield number, [cells.get(i, "") for i in range(1, width + 1)]
                    cells = {}
                    if data is not None:
                        data.clear()  # drop the parsed row: memory stays flat
        except ImportFailed:
            raise
        except Exception as exc:
            raise ImportFailed([RowError(number + 1, _("berkas XLSX tidak dapat dibaca: {err}").format(err=exc))]) \
                from None

    def close() -> None:
        stream.close()
        archive.close()

    return records(), None, close


def _xlsx_value(el: Element, strings: _StringTable, dates: set[int], epoch: datetime.datetime,
                from_excel: Callable[[float, datetime.datetime], datetime.date]) -> str:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in el.iter(f"{_NS}t")).strip()
    raw = el.findtext(f"{_NS}v")
    if raw is None or raw == "":
        return ""
    if kind == "s":
        return str(strings[int(raw)]).strip()
    if kind == "b":
        return "True" if raw == "1" else "False"
    if kind in ("str", "e"):
        return str(raw).strip()
    if kind == "d":
        return str(raw)[:10]
    number: int | float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    if int(el.get("s") or 0) in dates:
        return str(from_excel(number, epoch).isoformat())[:10]
    return _cell_text(number)


def _first_sheet(archive: ZipFile) -> tuple[str, datetime.datetime]:
    from xml.etree.ElementTree import fromstring

    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    book = fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 (see _NS)
    pr = book.find(f"{_NS}workbookPr")
    epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
    first = book.find(f"{_NS}sheets/{_NS}sheet")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314 (see _NS)
    for rel in rels:
        if first is not None and rel.get("Id") == first.get(_REL):
            target = rel.get("Target", "")
            return (target.lstrip("/") if target.startswith("/") else f"xl/{target}"), epoch
    return "xl/worksheets/sheet1.xml", epoch


class _StringTable:
    """The workbook's shared strings, packed: one UTF-8 buffer and an offset per string (≈ 8 bytes
    plus the text a string, against ≈ 60 bytes plus the text for a list of str). A 1,000,000-row
    file with a distinct NIP a row has a million of them (issue 17 item 5)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode()
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        start = self._ends[index - 1] if index else 0
        return self._data[start:self._ends[index]].decode()


def _shared_strings(archive: ZipFile) -> _StringTable:
    from xml.etree.ElementTree import iterparse

    strings = _StringTable()
    if "xl/sharedStrings.xml" not in archive.namelist():
        return strings
    with archive.open("xl/sharedStrings.xml") as fh:
        root: Any = None
        for event, el in iterparse(fh, events=("start", "end")):  # noqa: S314 (see _NS)
            if root is None:
                root = el  # <sst>: emptied after each string, or it keeps a million cleared elements
            if event == "end" and el.tag == f"{_NS}si":  # its text, or its rich-text runs (not rPh)
                strings.append((el.findtext(f"{_NS}t") or "")
                               + "".join(r.findtext(f"{_NS}t") or "" for r in el.findall(f"{_NS}r")))
                root.clear()
    return strings


def _date_styles(archive: ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format is a date (as openpyxl decides)."""
    from xml.etree.ElementTree import fromstring

    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = fromstring(archive.read("xl/styles.xml"))  # noqa: S314 (see _NS)
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
    xfs = styles.find(f"{_NS}cellXfs")
    found: set[int] = set()
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            found.add(i)
    return found


MAX_CELL = 2000  # characters in one cell: no imported value (a name, an address, a stage) is longer


def _checked(line: int, row: dict[str, str]) -> dict[str, str]:
    """No cell may hold a NUL or another control character (line breaks and tabs are allowed), nor
    be longer than ``MAX_CELL``. (The common clean row costs one search over the joined cells.)"""
    values = row.values()
    if not CONTROL_RE.search("".join(values)) and max(map(len, values), default=0) <= MAX_CELL:
        return row
    errors = [RowError(line, _("berisi karakter kontrol yang tidak diizinkan"), column)
              for column, value in row.items() if CONTROL_RE.search(value)]
    errors += [RowError(line, _("paling panjang {max} karakter (diisi {n})").format(max=MAX_CELL, n=len(value)),
                        column) for column, value in row.items() if len(value) > MAX_CELL]
    if errors:
        raise ImportFailed(errors)
    return row


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


def row_int(row: dict[str, str], column: str, line: int, errors: list[RowError],
            parse: Callable[[str], int] = parse_int) -> int | None:
    """ROW's COLUMN read by PARSE (``parse_int`` unless the importer has its own bounds); a bad value adds
    the row error naming LINE and COLUMN to ERRORS and answers None."""
    try:
        return parse(row.get(column, ""))
    except ValueError as exc:
        errors.append(RowError(line, str(exc), column))
        return None
