"""Reading schedule files (CSV/XLSX ``no,stage,start,end`` or a plain-text list), checking them
with the same rules everywhere (CLI check, CLI import, web upload), and importing them
atomically: any error names its stage and line, and nothing is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.exports import restore_text
from pemilu.core.tabular import decode_utf8, read_table
from pemilu.elections.models import Election
from pemilu.schedule import rules
from pemilu.schedule.actions import StageChanges, put_stage
from pemilu.schedule.models import Stage

TABLE_COLUMNS = ("no", "stage", "start", "end")


def is_table(raw: bytes, filename: str) -> bool:
    name = filename.lower()
    if raw[:2] == b"PK" or name.endswith((".xlsx", ".csv")):
        return True
    first = raw.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    cells = [c.strip() for c in first.replace(";", ",").split(",")]
    return all(c in cells for c in TABLE_COLUMNS)


def parse_file(source: str | Path | bytes, *, filename: str = "") -> rules.Parsed:
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = filename or ("" if isinstance(source, bytes) else str(source))
    if is_table(raw, name):
        table = read_table(raw, filename=name, required=TABLE_COLUMNS)
        # The schedule export is made to be read back: undo its formula guard (core/exports.py).
        return rules.parse_rows([(line, {k: restore_text(v) for k, v in row.items()}) for line, row in table.rows])
    return rules.parse_text(decode_utf8(raw))


def span_for(voting_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return rules.default_span(voting_day,
                              months_before=getattr(settings, "PEMILU_SCHEDULE_MONTHS_BEFORE", 36),
                              months_after=getattr(settings, "PEMILU_SCHEDULE_MONTHS_AFTER", 9))


def check_config() -> rules.CheckConfig:
    """The statutory limits, overridable by a deployment: PEMILU_SCHEDULE_START_MONTHS (UU 7/2017
    Pasal 167(6), 20) and PEMILU_RECAP_DEADLINE_DAYS (per recap stage code; Pasal 413)."""
    deadlines = dict(rules.RECAP_DEADLINE_DAYS)
    deadlines.update(getattr(settings, "PEMILU_RECAP_DEADLINE_DAYS", {}))
    return rules.CheckConfig(start_months_before=getattr(settings, "PEMILU_SCHEDULE_START_MONTHS", 20),
                             recap_deadline_days=deadlines)


@dataclass
class CheckReport:
    rows: list[rules.StageRow]
    problems: list[rules.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not rules.has_errors(self.problems)

    @property
    def errors(self) -> list[rules.Problem]:
        return [p for p in self.problems if p.severity == rules.Severity.ERROR]

    @property
    def warnings(self) -> list[rules.Problem]:
        return [p for p in self.problems if p.severity == rules.Severity.WARNING]


def check_file(source: str | Path | bytes, *, filename: str = "",
               voting_day: datetime.date | None = None, election: Election | None = None) -> CheckReport:
    """Parse and check; ImportFailed from reading the file (encoding, missing columns) propagates.
    With ``election``, its national stages that the file does not name count for the whole-schedule
    rules (a partial file does not "start late")."""
    parsed = parse_file(source, filename=filename)
    day = voting_day or _voting_day_in(parsed.rows)
    kept = _kept_first_start(election, parsed.rows) if election is not None else None
    problems = parsed.problems + rules.check_schedule(parsed.rows, voting_day=day,
                                                      span=span_for(day) if day else None,
                                                      config=check_config(), kept_first_start=kept)
    problems.sort(key=lambda p: (p.line or 10**9, p.severity != rules.Severity.ERROR))
    return CheckReport(parsed.rows, problems)


def builtin_rows(name: str) -> list[rules.StageRow]:
    """A built-in schedule as the rows a file of it would give (numbers as in an export)."""
    from pemilu.schedule.builtin import BUILTIN, StageSpec

    out: list[rules.StageRow] = []

    def walk(specs: tuple[StageSpec, ...], parent: str | None) -> None:
        for number, spec in enumerate(specs, start=1):
            row = rules.StageRow(number, spec.name_id, spec.start, spec.end, line=len(out) + 1,
                                 depends_on=spec.depends_on, code=spec.code, parent_path=parent)
            out.append(row)
            walk(spec.children, row.path)

    walk(BUILTIN[name].stages, None)
    return out


def check_builtin(name: str) -> CheckReport:
    """The same checks as for a file, on a built-in schedule against its own voting day."""
    from pemilu.schedule.builtin import BUILTIN

    rows = builtin_rows(name)
    day = BUILTIN[name].voting_day
    return CheckReport(rows, rules.check_schedule(rows, voting_day=day, span=span_for(day), config=check_config()))


def _kept_first_start(election: Election, rows: list[rules.StageRow]) -> datetime.date | None:
    named = {r.key for r in rows}
    starts = [s.start for s in Stage.objects.filter(election=election, region_code="", start__isnull=False)
              if s.code not in named and s.start is not None]
    return min(starts, default=None)


def _voting_day_in(rows: list[rules.StageRow]) -> datetime.date | None:
    for row in rows:
        # Voting is the first day of the voting stage (lists often merge voting and counting).
        if row.key == "pemungutan-suara" and row.start is not None:
            return row.start
    return None


@dataclass
class ImportResult(StageChanges):
    report: CheckReport


def _codes(rows: list[rules.StageRow]) -> dict[int, str]:
    """A unique code per row (index in ``rows``): the row's own, the guessed built-in one, or a
    slug with the stage number appended when two rows would share one."""
    used: set[str] = set()
    out: dict[int, str] = {}
    for i, row in enumerate(rows):
        code = row.key
        if code in used:
            code = f"{code[:50]}-{row.path.replace('.', '-')}"
        used.add(code)
        out[i] = code
    return out


@transaction.atomic
def import_schedule(source: str | Path | bytes, election: Election, *, actor: User, filename: str = "",
                    reason: str = "") -> ImportResult:
    """Create or update the election's national stages from a file. Checked with the election's
    voting day; any error → ImportFailed naming each stage and line, nothing written. Stages not
    in the file are kept."""
    ensure_can(actor, "schedule.edit", "")
    report = check_file(source, filename=filename, voting_day=election.voting_day, election=election)
    if not report.ok:
        raise ImportFailed([RowError(p.line, str(p)) for p in report.errors],
                           _("{n} kesalahan dalam jadwal; tidak ada yang disimpan").format(n=len(report.errors)))
    result = ImportResult(report)
    existing = {s.code: s for s in Stage.objects.select_for_update().filter(election=election, region_code="")}
    codes = _codes(report.rows)
    by_path: dict[str, Stage] = {}
    # Parents first (shorter number paths), so sub-stages can point at them.
    order = sorted(range(len(report.rows)), key=lambda i: report.rows[i].path.count("."))
    for i in order:
        row = report.rows[i]
        parent = by_path.get(row.parent_path) if row.parent_path is not None else None
        if row.parent_path is not None and parent is None:
            raise ImportFailed([RowError(row.line, _("tahapan induk {n} tidak ada dalam berkas")
                                         .format(n=row.parent_path))])
        values: dict[str, Any] = {"number": row.number, "name_id": row.name, "start": row.start, "end": row.end,
                                  "depends_on": row.depends_on, "parent_id": parent.pk if parent else None}
        stage = put_stage(existing, election, codes[i], values, result,
                          source=_("impor {file}").format(file=filename or "-")[:200])
        by_path[row.path] = stage
    record_event("schedule.imported", actor=actor, region_code="", target=election,
                 after={"file": filename, "created": result.created, "updated": result.updated,
                        "warnings": [str(p) for p in report.warnings]}, reason=reason)
    return result
