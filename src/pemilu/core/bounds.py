"""Input bounds shared by every form, import and API write (issue 17 items 4 and 8).

One place decides what a digit string, a phone number, a name or a free text may be, so the same
rule holds whether the value arrives from a page, a CSV/XLSX row, the API or the CLI:

* digits are ASCII ``0-9`` only. ``str.isdigit()`` and ``\\d`` also accept fullwidth (``１``) and
  Arabic-Indic (``١``) digits, which ``int()`` silently converts; an NIK/NIP typed that way would be
  a second identity for the same person.
* every text has a length bound and refuses NUL and other control characters (a NUL cannot be
  stored in PostgreSQL text and splits a value in C libraries).
* every number has a domain bound; :func:`check_int` names the field in its message.

Each check returns a translated message naming the field (or ``None``), or raises
:class:`BoundError`, a ``DomainError`` (400) whose message names the field.
"""

from __future__ import annotations

import io
import re
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import Field

from pemilu.core.exceptions import DomainError

ASCII_DIGITS_RE = re.compile(r"[0-9]+")
PHONE_RE = re.compile(r"\+?[0-9][0-9 ().-]*[0-9]")
# Control characters other than tab, newline and carriage return (these are allowed in long texts).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK_RE = re.compile(r"[\t\r\n]")

NAME_MAX = 200  # a person's, office's or region's name
SHORT_TEXT_MAX = 500  # a place, an agency, a reason given in one line
LONG_TEXT_MAX = 5000  # a description, a note, a public report or comment
PHONE_DIGITS = (8, 15)  # ITU-T E.164: at most 15 digits; Indonesian numbers have at least 8


# A row id sent by a client: a positive 64-bit integer (a larger one overflows the database driver).
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class BoundError(DomainError):
    """An input outside its bound; ``field`` names it, and so does the message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def is_ascii_digits(text: str, length: int | None = None) -> bool:
    """True for a non-empty string of ASCII digits (of exactly ``length``, when given)."""
    return bool(ASCII_DIGITS_RE.fullmatch(text)) and (length is None or len(text) == length)


def phone_problem(phone: str, *, field: str = "telepon") -> str | None:
    """An Indonesian or international phone number: ASCII digits with optional ``+``, spaces,
    dashes, dots or brackets; 8 to 15 digits. Empty is allowed (the caller decides if required)."""
    text = phone.strip()
    if not text:
        return None
    digits = sum(c in "0123456789" for c in text)
    if not PHONE_RE.fullmatch(text) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return _("{field}: nomor telepon harus {lo}–{hi} angka 0-9 (boleh diawali +)").format(
            field=field, lo=PHONE_DIGITS[0], hi=PHONE_DIGITS[1])
    return None


def text_problem(value: str, *, field: str, max_length: int, multiline: bool = False) -> str | None:
    """Too long, or holding a NUL/control character (line breaks only where ``multiline``)."""
    if len(value) > max_length:
        return _("{field}: paling panjang {max} karakter (diisi {n})").format(
            field=field, max=max_length, n=len(value))
    if CONTROL_RE.search(value) or (not multiline and _LINE_BREAK_RE.search(value.strip())):
        return _("{field}: berisi karakter kontrol yang tidak diizinkan").format(field=field)
    return None


def check_text(value: str, *, field: str, max_length: int, multiline: bool = False) -> str:
    problem = text_problem(value, field=field, max_length=max_length, multiline=multiline)
    if problem:
        raise BoundError(field, problem)
    return value


def int_problem(value: int | None, *, field: str, minimum: int, maximum: int) -> str | None:
    if value is None:
        return None
    if not minimum <= value <= maximum:
        return _("{field}: harus antara {lo} dan {hi} (diisi {v})").format(
            field=field, lo=minimum, hi=maximum, v=value if abs(value) < 10**15 else _("angka terlalu besar"))
    return None


def check_int(value: int | None, *, field: str, minimum: int, maximum: int) -> int | None:
    problem = int_problem(value, field=field, minimum=minimum, maximum=maximum)
    if problem:
        raise BoundError(field, problem)
    return value


def image_decodes(raw: bytes) -> bool:
    """Decode the whole image: ``verify()`` checks the structure (PNG chunk CRCs), ``load()`` the
    pixel data, so a valid header followed by garbage is refused."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(raw)) as img:
            img.verify()
        with Image.open(io.BytesIO(raw)) as img:
            img.load()
    except Exception:  # noqa: BLE001 — Pillow raises many types for a damaged image
        return False
    return True
