"""Reading schedule lists: the plain-text lists regional KPU offices publish ("14 Juni 2022 – 14
Juni 2024: Perencanaan Program dan Anggaran") and ``no,stage,start,end`` table rows, into
``StageRow``s; ``guess_code`` maps a stage's name to its built-in code. Pure, no database. The checks
are in ``rules``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class StageRow:
    """One stage as read from a file (or built from the database, for checking edits)."""

    number: int
    name: str
    start: datetime.date | None
    end: datetime.date | None
    line: int = 0
    depends_on: str = ""
    code: str = ""
    parent_path: str | None = None   # for sub-stages: the parent's number path ("13" for row "13.1")

    @property
    def path(self) -> str:
        return f"{self.parent_path}.{self.number}" if self.parent_path else str(self.number)

    @property
    def key(self) -> str:
        return self.code or guess_code(self.name)


@dataclass(frozen=True)
class Problem:
    severity: Severity
    kind: str          # stable machine name, e.g. "end_before_start"
    message: str       # translated
    number: int | None = None
    name: str = ""
    line: int = 0

    def __str__(self) -> str:
        label = _("KESALAHAN") if self.severity == Severity.ERROR else _("PERINGATAN")
        where: list[str] = []
        if self.number is not None:
            where.append(_("tahapan {number} ({name})").format(number=self.number, name=self.name))
        if self.line:
            where.append(_("baris {line}").format(line=self.line))
        return f"{label}: {', '.join(where)}: {self.message}" if where else f"{label}: {self.message}"


@dataclass
class Parsed:
    rows: list[StageRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- dates -----------------------------------------------------------------------------------

MONTHS: dict[str, int] = {}
for _num, _names in enumerate([
    "januari jan january", "februari feb pebruari peb february", "maret mar march",
    "april apr", "mei may", "juni jun june", "juli jul july",
    "agustus agu agt ags aug august", "september sep sept", "oktober okt oct october",
    "november nov nop nopember", "desember des dec december",
], start=1):
    for _n in _names.split():
        MONTHS[_n] = _num

MONTH_NAMES_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                  "Oktober", "November", "Desember"]

_MONTH_RE = r"[A-Za-z]{3,9}\.?"
# "14 Juni 2022", "14 Juni", "14", "14/06/2022", "2022-06-14"
_DAY_PART = (rf"(?:\d{{1,2}}(?:\s+{_MONTH_RE}(?:\s+\d{{4}})?)?"
             r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})")
_SEP = r"\s*(?:–|—|-|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to)\s*"
_RANGE_RE = re.compile(rf"^(?P<a>{_DAY_PART})(?:{_SEP}(?P<b>{_DAY_PART}))?", re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*(?:(?P<num>\d{1,3})[.)]\s+|[-•*·▪–]\s+|[a-z][.)]\s+)")
_DEPENDS_RE = re.compile(r"\bdisesuaikan\b", re.IGNORECASE)


class DateError(ValueError):
    pass


def format_date_id(day: datetime.date) -> str:
    return f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"


def parse_day(text: str, *, default_month: int | None = None, default_year: int | None = None) -> datetime.date:
    """One date: '14 Juni 2022', '14 Jun 2022', '14/06/2022', '2022-06-14'; a missing month or
    year is taken from the defaults (the range's end date)."""
    t = text.strip().rstrip(".").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return datetime.date.fromisoformat(t)
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", t)
        if m:
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(rf"(\d{{1,2}})(?:\s+({_MONTH_RE}))?(?:\s+(\d{{4}}))?", t)
        if not m:
            raise DateError(t)
        month = default_month
        if m[2]:
            key = m[2].rstrip(".").lower()
            if key not in MONTHS:
                raise DateError(t)
            month = MONTHS[key]
        year = int(m[3]) if m[3] else default_year
        if month is None or year is None:
            raise DateError(t)
        return datetime.date(year, month, int(m[1]))
    except ValueError as exc:  # day out of range for the month, etc.
        raise DateError(t) from exc


def parse_range(text: str) -> tuple[datetime.date, datetime.date, str]:
    """A leading date or date range, and the rest of the text. '11 – 13 Februari 2024' and
    '15 Februari – 20 Maret 2024' take the missing month/year from the end date."""
    m = _RANGE_RE.match(text.strip())
    if not m:
        raise DateError(text.strip()[:40])
    a, b = m["a"], m["b"]
    rest = text.strip()[m.end():]
    if b is None:
        day = parse_day(a)
        return day, day, rest
    end = parse_day(b)
    start = parse_day(a, default_month=end.month, default_year=end.year)
    return start, end, rest


def _looks_like_date(text: str) -> bool:
    first = text.strip().split(" ", 2)[:2]
    return bool(first) and first[0][:1].isdigit()


# --- text lists ------------------------------------------------------------------------------

def _clean_name(text: str) -> str:
    return text.strip().lstrip(":–—-").strip().rstrip(".;").strip()


def parse_text(text: str) -> Parsed:
    """Read a plain-text schedule list, one stage per line. Blank lines and headings (lines with
    no number, no date and no 'disesuaikan') are skipped. A line whose date cannot be read is an
    error naming the line."""
    out = Parsed()
    number = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).replace("\u00a0", " ").strip()
        if not line:
            continue
        m = _BULLET_RE.match(line)
        explicit: int | None = None
        bulleted = bool(m)
        if m:
            if m["num"]:
                explicit = int(m["num"])
            line = line[m.end():].strip()
        if "\t" in line:  # copied from a table: "no<TAB>stage<TAB>dates"
            line = " ".join(line.split())
        has_depends = bool(_DEPENDS_RE.search(line))
        name_first = ":" in line and _looks_like_date(line.rpartition(":")[2])
        if not (bulleted or _looks_like_date(line) or has_depends or name_first):
            continue  # a heading such as "Tahapan dan Jadwal Pemilu 2024"
        number = explicit if explicit is not None else number + 1
        if has_depends:
            name, depends = _split_depends(line)
            out.rows.append(StageRow(number, name, None, None, line=lineno, depends_on=depends))
            continue
        if _looks_like_date(line):
            try:
                start, end, rest = parse_range(line)
            except DateError as exc:
                out.problems.append(_unreadable(number, line, lineno, str(exc)))
                continue
            out.rows.append(StageRow(number, _clean_name(rest), start, end, line=lineno))
            continue
        # Name first: "Perencanaan Program dan Anggaran: 14 Juni 2022 – 14 Juni 2024"
        name, sep, dates = line.rpartition(":")
        if sep and _looks_like_date(dates):
            try:
                start, end, rest = parse_range(dates)
                if rest.strip():
                    raise DateError(dates.strip())
            except DateError as exc:
                out.problems.append(_unreadable(number, _clean_name(name), lineno, str(exc)))
                continue
            out.rows.append(StageRow(number, _clean_name(name), start, end, line=lineno))
        elif any(tok.lower().rstrip(".") in MONTHS for tok in re.findall(r"[A-Za-z.]+", line)) or \
                re.search(r"\d", line):
            out.problems.append(_unreadable(number, _clean_name(line), lineno, line))
        else:
            # A numbered stage without dates and without a "disesuaikan" note.
            out.rows.append(StageRow(number, _clean_name(line), None, None, line=lineno))
    return out


def _split_depends(line: str) -> tuple[str, str]:
    """'Disesuaikan dengan akhir masa jabatan …: Sumpah/janji DPRD' or the reverse order."""
    parts = [p.strip() for p in re.split(r":\s+|\s+[–—]\s+", line, maxsplit=1)]
    if len(parts) == 2:
        dep, name = (parts[0], parts[1]) if _DEPENDS_RE.search(parts[0]) else (parts[1], parts[0])
        return _clean_name(name), dep.strip().rstrip(".")
    return _clean_name(line), line.strip().rstrip(".")


def _unreadable(number: int, name: str, lineno: int, text: str) -> Problem:
    return Problem(Severity.ERROR, "unreadable_date",
                   _("tanggal tidak dapat dibaca: \"{text}\"").format(text=text.strip()), number, name, lineno)


# --- table rows ------------------------------------------------------------------------------

def parse_rows(rows: Iterable[tuple[int, dict[str, str]]]) -> Parsed:
    """Rows of a ``no,stage,start,end`` table (optional ``code``, ``depends_on``/``keterangan``).
    ``no`` may be "13.1" for a sub-stage of stage 13 (and "1.1.1" for one of "1.1"). Empty start
    and end = no fixed dates; an empty end = a one-day stage."""
    out = Parsed()
    for lineno, row in rows:
        raw_no = row.get("no", "").strip()
        name = row.get("stage", "").strip()
        parent: str | None = None
        try:
            if "." in raw_no:
                head, tail = raw_no.rsplit(".", 1)
                parent = ".".join(str(int(p)) for p in head.split("."))
                number = int(tail)
            else:
                number = int(raw_no)
        except ValueError:
            out.problems.append(Problem(Severity.ERROR, "bad_number",
                                        _("nomor tahapan tidak sah: \"{no}\"").format(no=raw_no), None, name, lineno))
            continue
        if not name:
            out.problems.append(Problem(Severity.ERROR, "missing_name", _("nama tahapan kosong"),
                                        number, "", lineno))
            continue
        start_text, end_text = row.get("start", "").strip(), row.get("end", "").strip()
        depends = (row.get("depends_on") or row.get("keterangan") or "").strip()
        try:
            start = parse_day(start_text) if start_text else None
            end = parse_day(end_text) if end_text else start
        except DateError as exc:
            out.problems.append(_unreadable(number, name, lineno, str(exc)))
            continue
        if start is None and end_text:
            out.problems.append(Problem(Severity.ERROR, "missing_start", _("tanggal mulai kosong"),
                                        number, name, lineno))
            continue
        out.rows.append(StageRow(number, name, start, end, line=lineno, depends_on=depends,
                                 code=row.get("code", "").strip(), parent_path=parent))
    return out


# --- stage identification ----------------------------------------------------------------------

# Keyword rules mapping a stage's name to the built-in stage code, most specific first. Lists
# word stages differently ("Pemungutan dan penghitungan suara", "Masa Kampanye Pemilu").
_CODE_RULES: list[tuple[str, str]] = [
    ("masa tenang", "masa-tenang"),
    ("kampanye", "kampanye"),
    ("rekapitulasi", "rekapitulasi"),
    ("pemungutan", "pemungutan-suara"),
    ("penghitungan suara", "penghitungan-suara"),
    ("penetapan hasil", "penetapan-hasil"),
    ("penetapan peserta", "penetapan-peserta"),
    ("kursi", "penetapan-kursi-dapil"),
    ("pemutakhiran", "pemutakhiran-data-pemilih"),
    ("verifikasi peserta", "pendaftaran-verifikasi-peserta"),
    ("presiden dan wakil presiden", "pencalonan-presiden"),
    ("pencalonan", "pencalonan"),
    ("perencanaan", "perencanaan"),
    ("peraturan kpu", "penyusunan-pkpu"),
]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "tahapan"


def _recap_level(n: str) -> str:
    """'Rekapitulasi di PPK (kecamatan)' → rekap-kecamatan, …; the stage as a whole otherwise."""
    words = set(re.findall(r"[a-z]+", n))
    if "ppln" in words or "luar negeri" in n:
        return "rekap-ppln"
    if words & {"kecamatan", "ppk"}:
        return "rekap-kecamatan"
    if words & {"kabupaten", "kota", "kab"}:
        return "rekap-kabkota"
    if "provinsi" in words:
        return "rekap-provinsi"
    if "nasional" in words:
        return "rekap-nasional"
    return "rekapitulasi"


def guess_code(name: str) -> str:
    """The built-in stage code a name refers to, or a slug of the name."""
    n = " ".join(name.lower().split())
    if "sumpah" in n or "janji" in n:
        if "presiden" in n:
            return "sumpah-presiden"
        if "kabupaten" in n or "kab" in n.split("/")[0].split() or "kota" in n:
            return "sumpah-dprd-kabkota"
        if "provinsi" in n:
            return "sumpah-dprd-provinsi"
        return "sumpah-dpr-dpd"
    if "rekapitulasi" in n and "masa tenang" not in n:
        return _recap_level(n)
    for needle, code in _CODE_RULES:
        if needle in n:
            if code == "pencalonan":
                if "dpd" in n and "dpr," not in n and "dpr " not in n:
                    return "pencalonan-dpd"
                return "pencalonan-dpr-dprd"
            if code == "pemungutan-suara" and "penghitungan" in n and "pemungutan" not in n:
                return "penghitungan-suara"
            return code
    return slugify(name)
