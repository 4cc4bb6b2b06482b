"""NIK and KK checks (issue 22 item 3): pure functions, no database.

The NIK (Nomor Induk Kependudukan, UU 23/2006 jo. UU 24/2013 Pasal 1 angka 12: unique, single,
lifelong) has 16 digits: the kecamatan code of the place of issue (6), the birth date as DDMMYY
with 40 added to the day for women (6), and a serial (4). The layout is the one Dukcapil
publishes; the regulation that fixes it is UNCONFIRMED in ../shared/domain.md. The KK number
(Nomor Kartu Keluarga) has 16 digits with the same kecamatan prefix.

The kecamatan code is the code *of issue*: a NIK issued before a kecamatan was split or renumbered
carries a code that today's list may not have. An unknown kecamatan is therefore a finding for the
coklit, never a crash, and never a reason to reject the file.

Each failure has a stable code. A NIK that is not 16 ASCII digits (N01) or is a repeated-digit or
sequence pattern (N07, N08) is not analysed further: its parts mean nothing. Otherwise every
structural check runs and each failing one is reported. The codes:

====  ================================================================================
N01   NIK is not 16 ASCII digits (empty, shorter/longer, letters, fullwidth/Arabic-Indic digits)
N02   first six digits are not a known kecamatan code
N03   digits 7–12 are not a date (DD 01–31 or 41–71, MM 01–12, the day within the month)
N04   NIK birth date differs from the recorded tanggal_lahir
N05   NIK sex (day + 40 for women) differs from the recorded jenis_kelamin
N06   serial (last four digits) is 0000
N07   one digit repeated 16 times (e.g. 2222222222222222: answered by SIDALIH's lookup in 2023)
N08   ascending or descending digit sequence (e.g. 1234567890123456, 9876543210987654)
K01   KK number is not 16 ASCII digits
K02   KK's first six digits are not a known kecamatan code
K03   KK number is a repeated-digit or sequence pattern
D01   a valid NIK (no N finding) already on an earlier row of the same file (ganda identik)
====  ================================================================================
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pemilu.core.bounds import is_ascii_digits

NIK_LENGTH = 16
KK_LENGTH = 16
FEMALE_DAY_OFFSET = 40  # Dukcapil: women's NIK day = day of birth + 40

NIK_CODES = ("N01", "N02", "N03", "N04", "N05", "N06", "N07", "N08")
KK_CODES = ("K01", "K02", "K03")
ALL_CODES = NIK_CODES + KK_CODES  # the structural checks (the generator seeds each of them)
DUPLICATE_CODE = "D01"

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class Finding:
    """One NIK/KK problem of one row (row = the line number the user sees)."""

    row: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}\t{self.code}\t{self.message}"


def is_repeated_digit(digits: str) -> bool:
    """One digit repeated over the whole number (``2222222222222222``)."""
    return len(digits) > 1 and digits == digits[0] * len(digits)


def is_sequence(digits: str) -> bool:
    """Each digit one more (or each one less) than the one before, wrapping 9→0 (0→9):
    ``1234567890123456``, ``0123456789012345``, ``9876543210987654``."""
    return len(digits) > 1 and digits in _sequences(len(digits))


@functools.cache
def _sequences(length: int) -> frozenset[str]:
    """The 20 sequences of ``length`` digits (10 starts × up or down): a set lookup per row instead
    of comparing 15 steps, since the check runs on a million rows."""
    return frozenset("".join(str((start + step * i) % 10) for i in range(length))
                     for start in range(10) for step in (1, 9))


def is_pattern(digits: str) -> bool:
    return is_repeated_digit(digits) or is_sequence(digits)


def nik_birth_part(nik: str) -> tuple[int, int, int, bool] | None:
    """(day, month, two-digit year, female) from digits 7–12, or None when they are not a date.

    The century is not in the NIK; 29 February is accepted for every year divisible by four
    (2000 was a leap year; nobody born in 1900 is on a current list)."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > FEMALE_DAY_OFFSET
    if female:
        day -= FEMALE_DAY_OFFSET
    if not 1 <= month <= 12 or day < 1:
        return None
    limit = _DAYS_IN_MONTH[month - 1]
    if month == 2 and year % 4:
        limit = 28
    if day > limit:
        return None
    return day, month, year, female


def nik_findings(row: int, nik: str, *, birth_date: datetime.date, female: bool,
                 kecamatan: Collection[str]) -> list[Finding]:
    """Every structural problem of ``nik`` for a voter recorded as born on ``birth_date`` with the
    given sex; ``kecamatan`` holds the known 6-digit kecamatan codes (without dots)."""
    if not is_ascii_digits(nik, NIK_LENGTH):
        return [Finding(row, "N01", _("baris {row}: NIK harus 16 digit angka 0-9").format(row=row))]
    if is_repeated_digit(nik):
        return [Finding(row, "N07", _("baris {row}: NIK berupa satu digit berulang").format(row=row))]
    if is_sequence(nik):
        return [Finding(row, "N08", _("baris {row}: NIK berupa deret angka berurutan").format(row=row))]
    found: list[Finding] = []
    if nik[:6] not in kecamatan:
        found.append(Finding(row, "N02", _("baris {row}: enam digit pertama NIK bukan kode kecamatan yang dikenal")
                             .format(row=row)))
    birth = nik_birth_part(nik)
    if birth is None:
        found.append(Finding(row, "N03", _("baris {row}: digit 7-12 NIK bukan tanggal lahir (DDMMYY)")
                             .format(row=row)))
    else:
        day, month, year, nik_female = birth
        if (day, month, year) != (birth_date.day, birth_date.month, birth_date.year % 100):
            found.append(Finding(row, "N04", _("baris {row}: tanggal lahir dalam NIK berbeda dengan tanggal_lahir")
                                 .format(row=row)))
        if nik_female != female:
            found.append(Finding(row, "N05", _("baris {row}: jenis kelamin dalam NIK (tanggal + 40 untuk perempuan) "
                                               "berbeda dengan jenis_kelamin").format(row=row)))
    if nik[12:] == "0000":
        found.append(Finding(row, "N06", _("baris {row}: nomor urut NIK 0000").format(row=row)))
    return found


def kk_findings(row: int, kk: str, *, kecamatan: Collection[str]) -> list[Finding]:
    """Problems of a KK number: 16 ASCII digits, a known kecamatan prefix, not a pattern."""
    if not is_ascii_digits(kk, KK_LENGTH):
        return [Finding(row, "K01", _("baris {row}: nomor KK harus 16 digit angka 0-9").format(row=row))]
    if is_pattern(kk):
        return [Finding(row, "K03", _("baris {row}: nomor KK berupa digit berulang atau deret berurutan")
                        .format(row=row))]
    if kk[:6] not in kecamatan:
        return [Finding(row, "K02", _("baris {row}: enam digit pertama nomor KK bukan kode kecamatan yang dikenal")
                        .format(row=row))]
    return []


def compose_nik(kecamatan: str, birth_date: datetime.date, female: bool, serial: int) -> str:
    """The NIK Dukcapil would issue: kecamatan (6 digits), DDMMYY (+40 on the day for women), serial."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if female else 0)
    return f"{kecamatan}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def old_enough(birth_date: datetime.date, marital: str, voting_day: datetime.date) -> bool:
    """UU 7/2017 Pasal 198(1): 17 years old on voting day, or married (S) or ever married (P)."""
    return marital in ("S", "P") or age_on(birth_date, voting_day) >= 17
