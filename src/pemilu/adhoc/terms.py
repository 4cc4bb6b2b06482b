"""Pure rules of an ad hoc body's work period: the legal limits of its term (formed no earlier
than N months before voting day, dissolved no later than M months after), the legal window of an
election's ad hoc bodies, and the extension for a re-vote (PSU). No database; split from
``rules.py`` (the eligibility and ranking rules) to keep each module one subject."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pemilu.adhoc.rules import Body, fmt_day
from pemilu.schedule.rules import add_months  # month arithmetic, clamped to the month's last day


@dataclass(frozen=True)
class WorkLimits:
    """How long an ad hoc body may exist, counted from voting day and from its own start.

    ``formed_months_before``: formed at the latest N months before voting; ``dissolved_months_after``:
    dissolved at the latest N months after voting; ``max_months``: the longest planned term. None =
    no such limit. The one stated exception is a re-vote (PSU, susulan, lanjutan): it extends the
    term through a recorded ``WorkExtension`` (``REVOTE_EXTENSION_MONTHS``), never through the plan."""

    formed_months_before: int | None
    dissolved_months_after: int | None
    max_months: int | None
    citation: str
    # A Pantarlih's term is the coklit (Feb-Mar 2023), a year before voting day: not in office then.
    serves_on_voting_day: bool = True


# UU 7/2017 as amended by Perppu 1/2022 (enacted as UU 7/2023; domain brief §0): PPK are formed at
# the latest 6 months before voting and dissolved at the latest 2 months after it (Pasal 51), PPS
# likewise (Pasal 54; Pasal 58 for their overseas counterparts, per issue 19); re-votes extend
# them. KPPS serve one month, extended by one month for a re-vote (PKPU 8/2022 Pasal 27; domain
# brief §1.1), and are gone within the same 2 months after voting. Overridable per deployment:
# settings.PEMILU_ADHOC_WORK_LIMITS = {"kpps": {"max_months": 1, …}, …}.
WORK_LIMITS: dict[Body, WorkLimits] = {
    Body.PPK: WorkLimits(6, 2, None, "UU 7/2017 Pasal 51 (jo. Perppu 1/2022)"),
    Body.PPS: WorkLimits(6, 2, None, "UU 7/2017 Pasal 54 (jo. Perppu 1/2022)"),
    Body.KPPS: WorkLimits(None, 2, 1, "PKPU 8/2022 Pasal 27; UU 7/2017"),
    # Pantarlih serve the coklit only (2023: 3 Feb - 12 Mar, domain brief §1.1), formed by the PPS;
    # the law sets no month limit on their term, and they are not in office on voting day.
    Body.PANTARLIH: WorkLimits(None, None, None, "PKPU 8/2022; PKPU 7/2022", serves_on_voting_day=False),
}


def work_period_problems(body: Body, start: datetime.date | None, end: datetime.date | None,
                         voting_day: datetime.date, limits: WorkLimits | None = None) -> list[str]:
    """A body's *planned* term (before any re-vote extension) against its limits (``WORK_LIMITS``):
    formed early enough, dissolved in time, no longer than its term, and in office on voting day."""
    if start is None or end is None:
        return [_("masa kerja belum dijadwalkan")]
    lim = limits or WORK_LIMITS[body]
    problems: list[str] = []
    if lim.formed_months_before is not None and start > add_months(voting_day, -lim.formed_months_before):
        problems.append(_("dibentuk {start}, kurang dari {n} bulan sebelum pemungutan suara").format(
            start=fmt_day(start), n=lim.formed_months_before))
    if lim.dissolved_months_after is not None and end > add_months(voting_day, lim.dissolved_months_after):
        problems.append(_("masa kerja berakhir {end}, lebih dari {n} bulan setelah pemungutan suara").format(
            end=fmt_day(end), n=lim.dissolved_months_after))
    if lim.max_months is not None and end > add_months(start, lim.max_months):
        problems.append(_("masa kerja {start} s.d. {end} melebihi {n} bulan ({law}); perpanjangan hanya karena "
                          "pemungutan suara ulang, susulan atau lanjutan").format(
            start=fmt_day(start), end=fmt_day(end), n=lim.max_months, law=lim.citation))
    if lim.serves_on_voting_day and not start <= voting_day <= end:
        problems.append(_("masa kerja {start} s.d. {end} tidak mencakup hari pemungutan suara {day}").format(
            start=fmt_day(start), end=fmt_day(end), day=fmt_day(voting_day)))
    return problems


def legal_window(voting_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(latest formation, latest dissolution): voting day − 6 months and + 2 months (UU 7/2017
    Pasal 51, PKPU 8/2022; domain brief §1.1). Re-votes extend the second (``revote_end_limit``)."""
    return add_months(voting_day, -6), add_months(voting_day, 2)


# How far a re-vote (PSU/susulan/lanjutan) may extend the planned work period, in months; None = no
# fixed cap (PPK/PPS: extended "until the re-vote is done", UU 7/2017 Pasal 51). KPPS: +1 month
# (PKPU 8/2022 Pasal 27). Overridable per deployment: settings.PEMILU_ADHOC_REVOTE_EXTENSION_MONTHS.
REVOTE_EXTENSION_MONTHS: dict[Body, int | None] = {Body.PPK: None, Body.PPS: None, Body.KPPS: 1,
                                                   Body.PANTARLIH: None}


def revote_end_limit(planned_end: datetime.date | None, months: int | None) -> datetime.date | None:
    """The latest end a re-vote extension may set, counted from the planned (scheduled) end."""
    if planned_end is None or months is None:
        return None
    return add_months(planned_end, months)


def revote_extension_problems(current_end: datetime.date | None, new_end: datetime.date,
                              limit: datetime.date | None, reason: str) -> list[str]:
    """Why an extension of the work period for a re-vote is refused (empty = allowed)."""
    problems: list[str] = []
    if not reason.strip():
        problems.append(_("alasan wajib diisi"))
    if current_end is not None and new_end <= current_end:
        problems.append(_("tanggal baru {new} harus setelah akhir masa kerja sekarang {now}").format(
            new=fmt_day(new_end), now=fmt_day(current_end)))
    if limit is not None and new_end > limit:
        problems.append(_("perpanjangan karena pemungutan suara ulang/susulan/lanjutan paling lama sampai {limit}")
                        .format(limit=fmt_day(limit)))
    return problems
