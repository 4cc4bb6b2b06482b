"""Schedule reads used by every module: which stages are open, and when.

A region's local sub-schedule (a Stage row with the same code and a ``region_code``) overrides
the national row for that region's subtree; the most specific covering row wins.
"""

from __future__ import annotations

import datetime

from pemilu.core.levels import ancestor_codes
from pemilu.elections.models import Election
from pemilu.regions import timezones
from pemilu.schedule.models import Stage


def covering_codes(region_code: str) -> list[str]:
    """'' (national) and every ancestor-or-self code of ``region_code``, least specific first."""
    codes = [""]
    codes += [c for _lvl, c in sorted(ancestor_codes(region_code).items())]
    return codes


def local_date(election: Election, when: datetime.date | datetime.datetime | None = None, *,
               region_code: str = "") -> datetime.date:
    """The calendar day at the region concerned (stage windows are inclusive local days): in the
    region's own time zone (WIB/WITA/WIT, or an overseas point's country; ``regions.timezones``),
    in the election's zone for national stages (``region_code`` "")."""
    return timezones.local_day(region_code, when, default=election.time_zone)


def window_moments(election: Election, stage_code: str, *, region_code: str = ""
                   ) -> tuple[datetime.datetime, datetime.datetime] | None:
    """When a stage opens and closes at ``region_code`` as aware moments: its first day 00:00 and
    its last day 23:59:59.999999 on the region's clock (None: unknown or undated stage)."""
    stage = get_stage(election, stage_code, region_code=region_code)
    if stage is None or stage.start is None or stage.end is None:
        return None
    first = timezones.day_bounds(stage.start, region_code, default=election.time_zone)[0]
    last = timezones.day_bounds(stage.end, region_code, default=election.time_zone)[1]
    return first, last


def effective_stages(election: Election, *, region_code: str = "") -> list[Stage]:
    """One row per stage code: the most specific one covering ``region_code``, in display order
    (top-level stages by number, each followed by its sub-stages)."""
    codes = covering_codes(region_code)
    rank = {c: i for i, c in enumerate(codes)}
    best: dict[str, Stage] = {}
    # select_related: a local override of a parent stage leaves its children pointing at the
    # national parent row, whose code is then needed without one query per child.
    for stage in Stage.objects.filter(election=election, region_code__in=codes).select_related("parent"):
        current = best.get(stage.code)
        if current is None or rank[stage.region_code] > rank[current.region_code]:
            best[stage.code] = stage
    return order_tree(list(best.values()))


def order_tree(stages: list[Stage]) -> list[Stage]:
    """Depth-first order: parents by number, each followed by its children (by number)."""
    by_code = {s.code: s for s in stages}
    by_id = {s.pk: s for s in stages}

    def parent_code(s: Stage) -> str | None:
        if s.parent_id is None:
            return None
        parent = by_id.get(s.parent_id)
        if parent is not None:
            return parent.code
        return s.parent.code if s.parent is not None else None

    children: dict[str | None, list[Stage]] = {}
    for s in stages:
        pc = parent_code(s)
        children.setdefault(pc if pc in by_code else None, []).append(s)
    out: list[Stage] = []

    def walk(key: str | None) -> None:
        for s in sorted(children.get(key, []), key=lambda x: (x.number, x.code)):
            out.append(s)
            walk(s.code)

    walk(None)
    return out


def get_stage(election: Election, stage_code: str, *, region_code: str = "") -> Stage | None:
    codes = covering_codes(region_code)
    rows = list(Stage.objects.filter(election=election, code=stage_code, region_code__in=codes))
    if not rows:
        return None
    return max(rows, key=lambda s: codes.index(s.region_code))


def stages_open_on(election: Election, day: datetime.date, *, region_code: str = "") -> list[Stage]:
    return [s for s in effective_stages(election, region_code=region_code)
            if s.start is not None and s.end is not None and s.start <= day <= s.end]


def is_open(election: Election, stage_code: str, when: datetime.date | datetime.datetime | None = None, *,
            region_code: str = "") -> bool:
    """False for an unknown stage or one without fixed dates (fail closed)."""
    stage = get_stage(election, stage_code, region_code=region_code)
    if stage is None or stage.start is None or stage.end is None:
        return False
    day = local_date(election, when, region_code=region_code)
    return stage.start <= day <= stage.end


def stage_window(election: Election, stage_code: str, *,
                 region_code: str = "") -> tuple[datetime.date | None, datetime.date | None]:
    stage = get_stage(election, stage_code, region_code=region_code)
    if stage is None:
        return (None, None)
    return (stage.start, stage.end)


def days_until_voting(election: Election, today: datetime.date) -> int:
    """Calendar days from ``today`` to voting day (0 on the day, negative after it)."""
    return (election.voting_day - today).days


def next_stages(election: Election, day: datetime.date, *, region_code: str = "", limit: int = 5) -> list[Stage]:
    """Stages that start after ``day``, soonest first."""
    upcoming = [s for s in effective_stages(election, region_code=region_code)
                if s.start is not None and s.start > day]
    upcoming.sort(key=lambda s: (s.start or day, s.number))
    return upcoming[:limit]
