"""The region tree's levels and code helpers. Pure functions; no database.

Codes are Kemendagri codes with dots: ``12`` (provinsi), ``12.76`` (kab/kota), ``12.76.01``
(kecamatan), ``12.76.01.1001`` (desa/kelurahan); a TPS is the village code plus a 3-digit
number, ``12.76.01.1001.001``. A code's ancestors are its dot-prefixes, which is what makes
scoping cheap: every scoped row carries its ancestors' codes in indexed columns.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.bounds import ASCII_DIGITS_RE


class Level(models.IntegerChoices):
    NATIONAL = 0, _("Nasional")
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")
    TPS = 5, _("TPS")


# Column holding the ancestor-or-self code of each level, on every scoped table.
SCOPE_COLUMNS: dict[int, str] = {1: "prov_code", 2: "kab_code", 3: "kec_code", 4: "desa_code"}

CODE_PATTERNS: dict[int, re.Pattern[str]] = {
    # ASCII digits only and matched whole (``\d`` takes fullwidth digits; ``$`` a trailing newline).
    1: re.compile(r"[0-9]{2}"),
    2: re.compile(r"[0-9]{2}\.[0-9]{2}"),
    3: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
    4: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
    5: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}\.[0-9]{3}"),
}
FLAT_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4, 13: 5}


def level_of(code: str) -> int:
    """Level of a well-formed dotted code (0 for the empty national code)."""
    if code == "":
        return 0
    return code.count(".") + 1


def is_valid_code(code: str, level: int | None = None) -> bool:
    lvl = level_of(code) if level is None else level
    pattern = CODE_PATTERNS.get(lvl)
    return bool(pattern and pattern.fullmatch(code)) and level_of(code) == lvl


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


def ancestor_codes(code: str) -> dict[int, str]:
    """{level: code} for the code itself and every ancestor."""
    parts = code.split(".") if code else []
    return {i: ".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def covers(scope_code: str, code: str) -> bool:
    """True when ``code`` is ``scope_code`` or lies in its subtree ('' is the whole country)."""
    return scope_code == "" or code == scope_code or code.startswith(scope_code + ".")


def common_ancestor(codes: list[str], *, level: int = Level.TPS) -> str:
    """The deepest code (at most LEVEL) that is CODES' own or an ancestor of all of them: what an import or
    an audit row covering them is scoped to; ``""`` (national) when they share no province."""
    parts = [c.split(".") for c in codes]
    common: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return ".".join(common[:level])


def dotted_from_flat(flat: str) -> str:
    """``1276011001`` → ``12.76.01.1001`` (and 13-digit TPS codes likewise)."""
    if not ASCII_DIGITS_RE.fullmatch(flat) or len(flat) not in FLAT_LENGTHS:
        raise ValueError(flat)
    cuts = [0, 2, 4, 6, 10, 13][: FLAT_LENGTHS[len(flat)] + 1]
    return ".".join(flat[a:b] for a, b in zip(cuts, cuts[1:], strict=False))


def tps_code(village_code: str, number: int) -> str:
    return f"{village_code}.{number:03d}"
