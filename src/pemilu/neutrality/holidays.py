"""The national holiday calendar that working-day deadlines skip (model ``Holiday``).

2024 ships in ``data/holidays_2024.csv`` (SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri
PANRB Nomor 855, 3 and 4 Tahun 2023: 17 hari libur nasional and 10 cuti bersama; plus voting day,
a national holiday by UU 7/2017 Pasal 167 ayat (3)) and is loaded by migration 0002. Other years
are imported with ``pemilu neutrality holidays FILE`` (columns ``tanggal, jenis, nama, dasar``):
atomic, and a year in the file replaces that year's days whole.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import read_table
from pemilu.neutrality import rules

SEED_2024 = Path(__file__).parent / "data" / "holidays_2024.csv"
COLUMNS = ("tanggal", "jenis", "nama", "dasar")


@dataclass(frozen=True)
class HolidayRow:
    date: datetime.date
    kind: str
    name: str
    source: str


def parse(source: str | Path | bytes, *, filename: str = "") -> list[HolidayRow]:
    """Every row checked (ISO date, known kind, a name and a legal source, no date twice);
    any problem → ImportFailed naming the row."""
    table = read_table(source, filename=filename, required=COLUMNS)
    kinds = {k.value for k in rules.HolidayKind}
    errors: list[RowError] = []
    rows: list[HolidayRow] = []
    seen: dict[datetime.date, int] = {}
    for line, row in table:
        try:
            day = datetime.date.fromisoformat(row["tanggal"].strip())
        except ValueError:
            errors.append(RowError(line, _("tanggal harus ISO (YYYY-MM-DD): {v!r}").format(v=row["tanggal"]),
                                   "tanggal"))
            continue
        kind = row["jenis"].strip()
        if kind not in kinds:
            errors.append(RowError(line, _("jenis harus libur_nasional atau cuti_bersama: {v!r}").format(v=kind),
                                   "jenis"))
        if not row["nama"].strip():
            errors.append(RowError(line, _("nama wajib diisi"), "nama"))
        if not row["dasar"].strip():
            errors.append(RowError(line, _("dasar hukum wajib diisi"), "dasar"))
        if day in seen:
            errors.append(RowError(line, _("tanggal ganda (juga di baris {n})").format(n=seen[day]), "tanggal"))
        seen[day] = line
        rows.append(HolidayRow(day, kind, row["nama"].strip()[:200], row["dasar"].strip()[:300]))
    if errors:
        raise ImportFailed(errors)
    return rows


def import_holidays(source: str | Path | bytes, *, actor: User, filename: str = "") -> int:
    """National configuration (``neutrality.configure``): the years in the file are replaced whole."""
    ensure_can(actor, "neutrality.configure", "")
    rows = parse(source, filename=filename)
    return _write(rows, actor=actor, filename=filename)


@transaction.atomic
def _write(rows: list[HolidayRow], *, actor: User, filename: str) -> int:
    from pemilu.neutrality.models import Holiday

    years = sorted({r.date.year for r in rows})
    before = Holiday.objects.filter(date__year__in=years).count()
    Holiday.objects.filter(date__year__in=years).delete()
    Holiday.objects.bulk_create([Holiday(date=r.date, kind=r.kind, name=r.name, source=r.source) for r in rows])
    record_event("neutrality.holidays_imported", actor=actor, target_type="neutrality.holiday",
                 object_repr=filename or "import", before={"days": before},
                 after={"years": years, "days": len(rows), "file": filename})
    return len(rows)
