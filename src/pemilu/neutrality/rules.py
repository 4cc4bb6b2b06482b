"""Pure rules of neutrality case handling: deadlines, lateness, duplicates, uploads, sanctions.

No database. Every legal rule cites its source; the numbers are defaults of ``DeadlineRules``
and are configured per election (``CaseRules``), because the issue and the brief differ.
"""

from __future__ import annotations

import datetime
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DayUnit(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"  # Monday–Friday minus the configured holidays


class ExtensionFrom(StrEnum):
    REGISTRATION = "registration"  # UU 7/2017 Pasal 454(8): ≤14 hari kerja after the report
    DEADLINE = "deadline"          # the reading: +N days after the first deadline


@dataclass(frozen=True)
class DeadlineRules:
    # Perbawaslu 7/2022 Pasal 8(3): a laporan is filed ≤7 days from knowing of the event
    # (UU 7/2017 Pasal 454(6) says 7 hari kerja: set report_unit=WORKING to follow it).
    report_days: int = 7
    report_unit: DayUnit = DayUnit.CALENDAR
    # Perbawaslu 7/2022 Pasal 15(1): kajian awal within 2 days of receipt.
    review_days: int = 2
    review_unit: DayUnit = DayUnit.CALENDAR
    # UU 7/2017 Pasal 454(7): follow-up ≤7 days after registration.
    decision_days: int = 7
    decision_unit: DayUnit = DayUnit.CALENDAR
    # UU 7/2017 Pasal 454(8): ≤14 hari kerja when more information is needed (domain brief §8).
    # The "+7 days" is extended_days=7, extended_unit=CALENDAR, extended_from=DEADLINE.
    extended_days: int = 14
    extended_unit: DayUnit = DayUnit.WORKING
    extended_from: ExtensionFrom = ExtensionFrom.REGISTRATION
    # Duplicate detection: event dates at most this many days apart.
    duplicate_window_days: int = 7
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_days(start: datetime.date, n: int, unit: DayUnit,
             holidays: frozenset[datetime.date] = frozenset()) -> datetime.date:
    """The last day of a period of ``n`` days counted from the day after ``start``."""
    if unit == DayUnit.CALENDAR:
        return start + datetime.timedelta(days=n)
    day, left = start, n
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def report_deadline(known_on: datetime.date, rules: DeadlineRules) -> datetime.date:
    return add_days(known_on, rules.report_days, rules.report_unit, rules.holidays)


def is_late(known_on: datetime.date, received_on: datetime.date, rules: DeadlineRules) -> bool:
    """A report received after the filing deadline is not registered (Perbawaslu 7/2022 Pasal 8)."""
    return received_on > report_deadline(known_on, rules)


def review_deadline(received_on: datetime.date, rules: DeadlineRules) -> datetime.date:
    return add_days(received_on, rules.review_days, rules.review_unit, rules.holidays)


def decision_deadline(registered_on: datetime.date, rules: DeadlineRules, *, extended: bool) -> datetime.date:
    base = add_days(registered_on, rules.decision_days, rules.decision_unit, rules.holidays)
    if not extended:
        return base
    start = registered_on if rules.extended_from == ExtensionFrom.REGISTRATION else base
    return add_days(start, rules.extended_days, rules.extended_unit, rules.holidays)


def parse_holidays(text: str) -> frozenset[datetime.date]:
    """One ISO date per line (or separated by commas/spaces); '#' starts a comment."""
    days: set[datetime.date] = set()
    for line in text.splitlines():
        for token in re.split(r"[,\s]+", line.split("#", 1)[0].strip()):
            if token:
                days.add(datetime.date.fromisoformat(token))
    return frozenset(days)


# Titles and honorifics dropped when comparing names (Drs., H., S.Pd., …).
_TITLES = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "sh", "se", "spd", "sag", "sos", "ssos", "sip", "mm", "msi",
           "mpd", "mh", "st", "skm", "skep", "amd", "bapak", "pak", "ibu", "bu", "sdr", "sdri"}


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation removed, titles dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w.replace(".", "") for w in re.split(r"[\s,]+", text)]
    kept = [re.sub(r"[^a-z0-9]", "", w) for w in words if w.replace(".", "") not in _TITLES]
    return " ".join(w for w in kept if w)


@dataclass(frozen=True)
class Suspect:
    nip: str
    name_norm: str
    kab_code: str
    event_date: datetime.date


def is_duplicate(new: Suspect, old: Suspect, window_days: int) -> bool:
    """Same person (NIP, or normalised name) in the same kab/kota, event dates within the window."""
    same_person = bool(new.nip and new.nip == old.nip) or bool(new.name_norm and new.name_norm == old.name_norm)
    return (same_person and new.kab_code == old.kab_code
            and abs((new.event_date - old.event_date).days) <= window_days)


# Evidence: recognised by content (magic bytes), never by the file name.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def sniff(head: bytes) -> str | None:
    for magic, mime in SIGNATURES:
        if head.startswith(magic):
            return mime
    return None


def median_days(values: Iterable[int]) -> float | None:
    data = list(values)
    return float(statistics.median(data)) if data else None


class SanctionLevel(StrEnum):
    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


# PP 94/2021 Pasal 8 (disiplin PNS); neutrality breaches get sedang to berat (domain brief §8 [N4][N5]).
SANCTIONS: dict[SanctionLevel, tuple[tuple[str, str | Promise], ...]] = {
    SanctionLevel.RINGAN: (
        ("teguran_lisan", _("Teguran lisan")),
        ("teguran_tertulis", _("Teguran tertulis")),
        ("pernyataan_tidak_puas", _("Pernyataan tidak puas secara tertulis")),
    ),
    SanctionLevel.SEDANG: (
        ("tukin_25_6", _("Pemotongan tunjangan kinerja 25% selama 6 bulan")),
        ("tukin_25_9", _("Pemotongan tunjangan kinerja 25% selama 9 bulan")),
        ("tukin_25_12", _("Pemotongan tunjangan kinerja 25% selama 12 bulan")),
    ),
    SanctionLevel.BERAT: (
        ("penurunan_jabatan_12", _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")),
        ("pembebasan_jabatan_12", _("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan")),
        ("pdhtaps", _("Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")),
    ),
}


def sanction_valid(level: str, kind: str) -> bool:
    if level not in {lv.value for lv in SanctionLevel}:
        return False
    return any(code == kind for code, _label in SANCTIONS[SanctionLevel(level)])
