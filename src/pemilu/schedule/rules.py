"""Pure schedule rules: checking a schedule against the statute and common sense. No database.

``check_schedule`` returns every problem (errors and warnings) with the stage number and name.
Reading files into rows is ``parsing`` (re-exported here: ``parse_text``, ``parse_rows``, …).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pemilu.schedule.parsing import (
    MONTH_NAMES_ID,
    MONTHS,
    DateError,
    Parsed,
    Problem,
    Severity,
    StageRow,
    format_date_id,
    guess_code,
    parse_day,
    parse_range,
    parse_rows,
    parse_text,
    slugify,
)

__all__ = ["MONTHS", "MONTH_NAMES_ID", "CheckConfig", "DateError", "Parsed", "Problem", "Severity", "StageRow",
           "check_schedule", "format_date_id", "guess_code", "has_errors", "parse_day", "parse_range",
           "parse_rows", "parse_text", "slugify"]


# --- checks ----------------------------------------------------------------------------------

# UU 7/2017 Pasal 413: the statutory deadlines for determining recapitulated results, in days after
# voting day. (1) KPU, nationally (DPR, DPD, President): at the latest 35 days; (2) KPU Provinsi
# (DPRD provinsi): 25 days; (3) KPU Kabupaten/Kota (DPRD kabupaten/kota): 20 days (domain brief §2.1
# [T14]; the ayat numbers are as printed in the statute's official text). Each recap level's window
# (the ``rekap-*`` sub-stages) must end by its deadline. The kecamatan (PPK) recap has no deadline of
# its own in the statute: it must end by the kab/kota one it feeds (UNCONFIRMED as a separate
# limit; PKPU 3/2022 ends it on day 17). Any other recap stage (e.g. the overseas PPLN recap, which
# feeds the national one) is held to the national deadline. Configurable:
# PEMILU_RECAP_DEADLINE_DAYS = {"rekap-kecamatan": 20, ...} overrides single entries.
NATIONAL_RECAP_DEADLINE_DAYS = 35
RECAP_DEADLINE_DAYS: dict[str, int] = {
    "rekapitulasi": NATIONAL_RECAP_DEADLINE_DAYS,
    "rekap-nasional": NATIONAL_RECAP_DEADLINE_DAYS,   # Pasal 413(1)
    "rekap-provinsi": 25,                             # Pasal 413(2)
    "rekap-kabkota": 20,                              # Pasal 413(3)
    "rekap-kecamatan": 20,                            # bounded by the kab/kota deadline (see above)
}
RECAP_DEADLINE_SOURCES: dict[str, str] = {
    "rekapitulasi": "UU 7/2017 Pasal 413(1)",
    "rekap-nasional": "UU 7/2017 Pasal 413(1)",
    "rekap-provinsi": "UU 7/2017 Pasal 413(2)",
    "rekap-kabkota": "UU 7/2017 Pasal 413(3)",
    "rekap-kecamatan": "UU 7/2017 Pasal 413(3)",
}
# The order results travel up (PKPU 5/2024): a level cannot finish before the level below it.
RECAP_CHAIN = ("rekap-kecamatan", "rekap-kabkota", "rekap-provinsi", "rekap-nasional")
# Overseas: the PPLN recap feeds the national one directly (KPU recaps the PPLN results as one unit).
OVERSEAS_RECAP_CHAIN = ("rekap-ppln", "rekap-nasional")
RECAP_CHAINS = (RECAP_CHAIN, OVERSEAS_RECAP_CHAIN)

# Stages that are one day by nature: voting, the determination of participants (one date in PKPU
# 3/2022), and the oaths. A one-day window anywhere else is usually a typo and gets a warning.
SINGLE_DAY_CODES = frozenset({"pemungutan-suara", "penetapan-peserta", "penetapan-hasil", "sumpah-dprd-kabkota",
                              "sumpah-dprd-provinsi", "sumpah-dpr-dpd", "sumpah-presiden"})


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds for warnings and the statutory limits. See ``default_span``."""

    long_stage_days: int = 732       # longer than PKPU 3/2022's longest stage (planning, 2 years)
    # UU 7/2017 Pasal 167(6): the stages start at the latest 20 months before voting day.
    start_months_before: int = 20
    recap_deadline_days: dict[str, int] = field(default_factory=lambda: dict(RECAP_DEADLINE_DAYS))
    single_day_codes: frozenset[str] = SINGLE_DAY_CODES

    def recap_deadline(self, code: str) -> int | None:
        """Days after voting a recap stage must end by; None for a stage that is not a recap."""
        if code in self.recap_deadline_days:
            return self.recap_deadline_days[code]
        if code.startswith("rekap-"):
            return self.recap_deadline_days.get("rekap-nasional", NATIONAL_RECAP_DEADLINE_DAYS)
        return None


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_span(voting_day: datetime.date, *, months_before: int = 36,
                 months_after: int = 9) -> tuple[datetime.date, datetime.date]:
    """The window every stage date must fall in, to catch a wrong year. Before: 36 months, well
    before the statutory latest start (20 months, UU 7/2017 Pasal 167(6), checked separately as
    ``late_start``): PKPU 3/2022 starts exactly 20 months before, and a stage three years before
    voting is almost always a typo. After: the presidential oath (20 Oct 2024, 8 months after
    voting) is the last fixed stage. Both are settings (PEMILU_SCHEDULE_MONTHS_BEFORE/AFTER)."""
    return add_months(voting_day, -months_before), add_months(voting_day, months_after)


def latest_start(voting_day: datetime.date, config: CheckConfig | None = None) -> datetime.date:
    """UU 7/2017 Pasal 167(6): 'Tahapan Penyelenggaraan Pemilu ... dimulai paling lambat 20 (dua
    puluh) bulan sebelum hari pemungutan suara' - the first stage starts on or before this day."""
    return add_months(voting_day, -(config or CheckConfig()).start_months_before)


def recap_deadline_problem(code: str, end: datetime.date | None, voting_day: datetime.date,
                           config: CheckConfig | None = None) -> str:
    """The message when recap stage ``code`` ends after its statutory deadline, else ''."""
    cfg = config or CheckConfig()
    days = cfg.recap_deadline(code)
    if days is None or end is None:
        return ""
    deadline = voting_day + datetime.timedelta(days=days)
    if end <= deadline:
        return ""
    source = RECAP_DEADLINE_SOURCES.get(code, RECAP_DEADLINE_SOURCES["rekap-nasional"])
    return _("rekapitulasi berakhir {end}, setelah batas {days} hari setelah pemungutan suara ({deadline}; "
             "{source})").format(end=format_date_id(end), days=days, deadline=format_date_id(deadline),
                                 source=source)


def _err(kind: str, msg: str, row: StageRow | None = None) -> Problem:
    return Problem(Severity.ERROR, kind, msg, row.number if row else None, row.name if row else "",
                   row.line if row else 0)


def _warn(kind: str, msg: str, row: StageRow | None = None) -> Problem:
    return Problem(Severity.WARNING, kind, msg, row.number if row else None, row.name if row else "",
                   row.line if row else 0)


def check_schedule(rows: Sequence[StageRow], *, voting_day: datetime.date | None,
                   span: tuple[datetime.date, datetime.date] | None = None,
                   config: CheckConfig | None = None,
                   kept_first_start: datetime.date | None = None) -> list[Problem]:
    """Every problem of a schedule, in stage order. Errors: end before start; a date outside
    the election's span; the first stage starting later than 20 months before voting; a sub-stage
    outside its parent; voting day outside the voting stage; campaign not ending before the quiet
    period; quiet period not ending the day before voting; recapitulation before voting or after
    its statutory deadline; a recap level ending before the level below it; duplicate stage.
    Warnings: one-day stages (other than the one-day ones by nature), very long stages, stages
    without dates or a 'disesuaikan' note, a missing voting stage.

    ``kept_first_start``: the earliest start among stages the import keeps without being in
    ``rows`` (a partial file), so the Pasal 167(6) rule sees the whole schedule."""
    cfg = config or CheckConfig()
    problems: list[Problem] = []
    by_code: dict[str, StageRow] = {}
    seen_numbers: dict[str, StageRow] = {}
    seen_names: dict[str, StageRow] = {}
    for row in rows:
        f = format_date_id
        if row.start is not None and row.end is not None:
            if row.end < row.start:
                problems.append(_err("end_before_start", _("tanggal selesai {end} sebelum tanggal mulai {start}")
                                     .format(end=f(row.end), start=f(row.start)), row))
            elif row.start == row.end and row.key not in cfg.single_day_codes:
                problems.append(_warn("one_day", _("tahapan satu hari ({day})").format(day=f(row.start)), row))
            elif (row.end - row.start).days + 1 > cfg.long_stage_days:
                problems.append(_warn("very_long", _("tahapan sangat panjang ({days} hari)")
                                      .format(days=(row.end - row.start).days + 1), row))
            if span is not None:
                for day in sorted({row.start, row.end}):
                    if not span[0] <= day <= span[1]:
                        problems.append(_err("outside_span", _("tanggal {day} di luar rentang pemilu {a} – {b}")
                                             .format(day=f(day), a=f(span[0]), b=f(span[1])), row))
        elif not row.depends_on:
            problems.append(_warn("no_dates", _("tanpa tanggal dan tanpa keterangan \"disesuaikan dengan …\""),
                                  row))
        pos = row.path
        name_key = " ".join(row.name.lower().split())
        if pos in seen_numbers or name_key in seen_names:
            first = seen_numbers.get(pos) or seen_names[name_key]
            problems.append(_err("duplicate", _("tahapan ganda (sama dengan baris {line})").format(line=first.line),
                                 row))
        else:
            seen_numbers[pos] = row
            seen_names[name_key] = row
            if row.parent_path is None:
                by_code.setdefault(row.key, row)
    problems += _check_start(rows, voting_day, cfg, kept_first_start)
    problems += _check_parents(rows, seen_numbers)
    problems += _check_voting(by_code, [r for r in rows if r.key.startswith("rekap")], voting_day)
    problems += _check_recaps(rows, voting_day, cfg)
    return problems


def _dated(row: StageRow | None) -> bool:
    return row is not None and row.start is not None and row.end is not None and row.start <= row.end


def _check_start(rows: Sequence[StageRow], voting_day: datetime.date | None, cfg: CheckConfig,
                 kept_first_start: datetime.date | None) -> list[Problem]:
    """UU 7/2017 Pasal 167(6): the stages start at the latest 20 months before voting day, so the
    earliest stage must start on or before that day (starting earlier is allowed)."""
    dated = [r for r in rows if r.start is not None]
    if voting_day is None or not dated:
        return []
    first = min(dated, key=lambda r: (r.start or voting_day, r.line))
    assert first.start is not None
    earliest = min(first.start, kept_first_start) if kept_first_start else first.start
    limit = latest_start(voting_day, cfg)
    if earliest <= limit:
        return []
    return [_err("late_start", _("tahapan pertama dimulai {start}, padahal tahapan harus dimulai paling lambat "
                                 "{months} bulan sebelum pemungutan suara, yaitu {limit} (UU 7/2017 Pasal 167 "
                                 "ayat (6))").format(start=format_date_id(earliest), months=cfg.start_months_before,
                                                     limit=format_date_id(limit)), first)]


def _check_parents(rows: Sequence[StageRow], by_path: dict[str, StageRow]) -> list[Problem]:
    """A sub-stage lies inside its parent's window (a parent without dates bounds nothing)."""
    out: list[Problem] = []
    for row in rows:
        parent = by_path.get(row.parent_path) if row.parent_path is not None else None
        if parent is None or not _dated(parent) or not _dated(row):
            continue
        assert parent.start and parent.end and row.start and row.end
        if not (parent.start <= row.start and row.end <= parent.end):
            out.append(_err("outside_parent", _("sub-tahapan {start} – {end} berada di luar tahapan induknya {n} "
                                                "({name}: {pstart} – {pend})").format(
                start=format_date_id(row.start), end=format_date_id(row.end), n=parent.path, name=parent.name,
                pstart=format_date_id(parent.start), pend=format_date_id(parent.end)), row))
    return out


def _check_recaps(rows: Sequence[StageRow], voting_day: datetime.date | None, cfg: CheckConfig) -> list[Problem]:
    """Each recap level ends by its statutory deadline (UU 7/2017 Pasal 413), and no level ends
    before the level it sums (PKPU 5/2024: kecamatan → kab/kota → provinsi → nasional). The levels'
    windows overlap by design - a level starts while the one below is still closing - so overlap
    is not a problem."""
    out: list[Problem] = []
    if voting_day is not None:
        for row in rows:
            if _dated(row) and (msg := recap_deadline_problem(row.key, row.end, voting_day, cfg)):
                out.append(_err("recap_deadline", msg, row))
    levels: dict[str, StageRow] = {}
    for row in rows:
        if any(row.key in c for c in RECAP_CHAINS) and _dated(row):
            levels.setdefault(row.key, row)
    for codes in RECAP_CHAINS:
        chain = [levels[c] for c in codes if c in levels]
        for lower, upper in zip(chain, chain[1:], strict=False):
            if upper.end and lower.end and upper.end < lower.end:
                out.append(_err("recap_order", _("rekapitulasi tingkat ini berakhir {end}, sebelum rekapitulasi "
                                                 "tingkat di bawahnya ({name}, {lower_end}) selesai").format(
                    end=format_date_id(upper.end), name=lower.name, lower_end=format_date_id(lower.end)), upper))
    return out


def _check_voting(by_code: dict[str, StageRow], recaps: list[StageRow],
                  voting_day: datetime.date | None) -> list[Problem]:
    f = format_date_id
    out: list[Problem] = []
    voting = by_code.get("pemungutan-suara")
    if voting_day is None and _dated(voting) and voting is not None:
        voting_day = voting.start  # lists often merge voting and counting; voting is the first day
    if voting is None:
        out.append(_warn("no_voting_stage", _("tidak ada tahapan pemungutan suara")))
    elif _dated(voting) and voting_day is not None and voting.start and voting.end and \
            not voting.start <= voting_day <= voting.end:
        out.append(_err("voting_day_outside", _("hari pemungutan suara {day} tidak berada dalam tahapan ini")
                        .format(day=f(voting_day)), voting))
    campaign, quiet = by_code.get("kampanye"), by_code.get("masa-tenang")
    # UU 7/2017 Pasal 276(1): the campaign runs until the quiet period starts; Pasal 1 angka 36:
    # masa tenang is the (three) days before voting, so it ends the day before voting day.
    if _dated(campaign) and _dated(quiet) and campaign and quiet and campaign.end and quiet.start and \
            not campaign.end < quiet.start:
        out.append(_err("campaign_into_quiet", _("kampanye ({end}) tidak berakhir sebelum masa tenang ({start})")
                        .format(end=f(campaign.end), start=f(quiet.start)), campaign))
    if _dated(quiet) and quiet and quiet.end and voting_day is not None and \
            quiet.end != voting_day - datetime.timedelta(days=1):
        out.append(_err("quiet_not_eve", _("masa tenang harus berakhir sehari sebelum pemungutan suara ({day}), "
                                           "bukan {end}").format(day=f(voting_day), end=f(quiet.end)), quiet))
    if voting_day is not None:
        for row in recaps:
            # Recapitulation follows counting (PKPU 5/2024): it cannot start before voting day.
            if row.start is not None and row.start < voting_day:
                out.append(_err("recap_before_voting", _("rekapitulasi dimulai {start}, sebelum pemungutan suara "
                                                         "{day}").format(start=f(row.start), day=f(voting_day)),
                                row))
    return out


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == Severity.ERROR for p in problems)
