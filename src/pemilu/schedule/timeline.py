"""Geometry of the Gantt-style timeline, computed here and drawn as SVG by the template
(server-side, no JavaScript): one row per stage, bars scaled to the schedule's date range,
year and month grid lines, and a "today" marker."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pemilu.schedule.models import Stage
from pemilu.schedule.rules import MONTH_NAMES_ID

WIDTH = 1000
LABEL_W = 330
CHART_X = LABEL_W + 10
CHART_W = WIDTH - CHART_X - 10
ROW_H = 24
TOP = 34


@dataclass
class Bar:
    stage: Stage
    depth: int
    y: int
    x: float
    w: float
    status: str        # "past" | "open" | "future" | "undated"
    label: str
    path: str          # "1.1.1": the number path shown in lists

    @property
    def label_x(self) -> int:
        return 6 + 14 * self.depth


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    height: int
    width: int = WIDTH
    label_w: int = LABEL_W
    chart_x: int = CHART_X
    chart_w: int = CHART_W


def status_of(stage: Stage, today: datetime.date) -> str:
    if stage.start is None or stage.end is None:
        return "undated"
    if stage.end < today:
        return "past"
    if stage.start > today:
        return "future"
    return "open"


def build(stages: list[Stage], today: datetime.date, *, name_of: dict[int, str] | None = None) -> Timeline:
    """``stages`` in display order (``queries.effective_stages``)."""
    dated = [s for s in stages if s.start and s.end]
    if dated:
        first = min(s.start for s in dated if s.start)
        last = max(s.end for s in dated if s.end)
    else:
        first = last = today
    lo = first.replace(day=1)
    hi = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    span = max((hi - lo).days, 1)

    def x_of(day: datetime.date) -> float:
        return round(CHART_X + CHART_W * (day - lo).days / span, 1)

    depth_of: dict[int, int] = {}
    path_of: dict[int, str] = {}
    bars: list[Bar] = []
    for i, s in enumerate(stages):
        depth = depth_of.get(s.parent_id, -1) + 1 if s.parent_id else 0
        depth_of[s.pk] = depth
        path_of[s.pk] = f"{path_of[s.parent_id]}.{s.number}" if s.parent_id in path_of else str(s.number)
        y = TOP + i * ROW_H
        label = (name_of or {}).get(s.pk, s.name_id)
        if s.start and s.end:
            x = x_of(s.start)
            w = max(x_of(s.end + datetime.timedelta(days=1)) - x, 2.0)
        else:
            x, w = CHART_X, 0.0
        bars.append(Bar(s, depth, y, x, round(w, 1), status_of(s, today), label, path_of[s.pk]))
    ticks: list[Tick] = []
    month = lo
    months = span / 30.4
    step = 1 if months <= 14 else 3 if months <= 40 else 6
    while month <= hi:
        if month.month == 1:
            ticks.append(Tick(x_of(month), str(month.year), True))
        elif (month.month - 1) % step == 0:
            ticks.append(Tick(x_of(month), MONTH_NAMES_ID[month.month - 1][:3], False))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    today_x = x_of(today) if lo <= today <= hi else None
    return Timeline(bars, ticks, today_x, TOP + len(stages) * ROW_H + 10)
