"""Exporting a schedule: CSV and XLSX (``no,code,stage,stage_en,start,end,depends_on``, which
import reads back) and ICS (one all-day event per dated stage)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from pemilu.core.exports import Workbook, csv_bytes
from pemilu.elections.models import Election
from pemilu.schedule.models import Stage
from pemilu.schedule.queries import effective_stages

COLUMNS = ["no", "code", "stage", "stage_en", "start", "end", "depends_on"]


def _number(stage: Stage, by_id: dict[int, Stage]) -> str:
    """The number path: "1.1.1" for pendaftaran-ppk under pembentukan-ppk under stage 1."""
    parts = [str(stage.number)]
    parent = by_id.get(stage.parent_id) if stage.parent_id else None
    while parent is not None:
        parts.append(str(parent.number))
        parent = by_id.get(parent.parent_id) if parent.parent_id else None
    return ".".join(reversed(parts))


def rows(election: Election, *, region_code: str = "") -> list[list[str]]:
    stages = effective_stages(election, region_code=region_code)
    by_id = {s.pk: s for s in stages}
    return [[_number(s, by_id), s.code, s.name_id, s.name_en, s.start.isoformat() if s.start else "",
             s.end.isoformat() if s.end else "", s.depends_on] for s in stages]


def to_csv(election: Election, *, region_code: str = "") -> bytes:
    return csv_bytes(COLUMNS, rows(election, region_code=region_code))


def to_xlsx(election: Election, *, region_code: str = "") -> bytes:
    book = Workbook()
    ws = book.sheet("tahapan")
    ws.append(COLUMNS)
    for r in rows(election, region_code=region_code):
        # Dates as real Excel dates so spreadsheets sort and filter them.
        ws.append([*r[:4], *(datetime.date.fromisoformat(v) if v else None for v in r[4:6]), r[6]])
    ws.widths((6, 28, 60, 50, 12, 12, 60))
    return book.to_bytes()


def to_ics(election: Election, *, region_code: str = "") -> bytes:
    """One all-day VEVENT per dated stage. All-day dates are calendar days in the election's time
    zone (Asia/Jakarta), announced with X-WR-TIMEZONE; DTEND is exclusive (RFC 5545)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//pemilu//schedule//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{election.name} — tahapan")
    cal.add("x-wr-timezone", election.time_zone)
    stamp = timezone.now()
    for stage in effective_stages(election, region_code=region_code):
        if stage.start is None or stage.end is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{stage.code}.{stage.region_code or 'nasional'}.{election.code}@pemilu")
        event.add("dtstamp", stamp)
        event.add("summary", stage.name_id)
        event.add("dtstart", stage.start)
        event.add("dtend", stage.end + datetime.timedelta(days=1))
        description = stage.name_en
        if stage.source:
            description += f"\n{stage.source}"
        event.add("description", description.strip())
        event.add("categories", ["pemilu", stage.code])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())
