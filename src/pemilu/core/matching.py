"""Matching a row to an existing record by a natural key (NIP, NIK) — scoped on both sides.

An import or action that finds an existing record by a key that does not itself carry the region
(a NIP is the same in every kab/kota) must check the *existing* record's scope as well as the new
one: otherwise KPU staff of one kab/kota could rename and move another kab/kota's employee just by
putting his NIP in a file (issue 17). Keys that are region codes (regions, TPS, C.Hasil by TPS
code, secretariats, schedule stages of a region) carry their scope and are checked once.

* ``foreign(actor, action, record)`` — the record exists and lies outside what ``actor`` may
  ``action``; a row changing it is refused with ``foreign_row`` / ``ensure_not_foreign``, whose text
  is the same for every such record: it names nothing of it (no name, no region, no counts).
* ``usable(actor, action, records)`` — for rows that only *refer* to a record (link an attendee to
  the register, staff a secretariat): the records outside the scope read as absent.

``core/tests/test_cross_region.py`` runs every importer and every API write as KPU of another
kab/kota against Kota Tebing Tinggi's records and asserts nothing changes.
"""

from __future__ import annotations

from typing import TypeVar

from django.utils.translation import gettext as _

from pemilu.accounts.permissions import can
from pemilu.accounts.types import Scoped, ScopeTarget, Viewer
from pemilu.core.exceptions import ConflictError, RowError

K = TypeVar("K")
M = TypeVar("M", bound=Scoped)


def foreign_message() -> str:
    return _("sudah terdaftar di luar wilayah wewenang Anda; hanya KPU wilayah tersebut yang dapat mengubahnya")


def foreign(actor: Viewer, action: str, record: ScopeTarget) -> bool:
    """True when ``record`` exists and ``actor`` may not ``action`` it (its own scope, not the row's)."""
    return record is not None and not can(actor, action, record)


def foreign_row(line: int, column: str) -> RowError:
    """The import error for a row whose key matches a record outside the actor's scope."""
    return RowError(line, foreign_message(), column)


def ensure_not_foreign(actor: Viewer, action: str, record: ScopeTarget) -> None:
    """For a single action: refuse (409, nothing named) to change a record outside the actor's scope."""
    if foreign(actor, action, record):
        raise ConflictError(foreign_message())


def usable(actor: Viewer, action: str, records: dict[K, M]) -> dict[K, M]:
    """The matched records ``actor`` may ``action``; the others read as not there at all."""
    return {key: record for key, record in records.items() if can(actor, action, record)}
