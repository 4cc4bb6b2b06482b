"""Reads of the recap: totals and progress per region, one row per child region.

Two strategies give the same numbers (a test holds them equal): ``rollup`` sums the
kecamatan running totals (≤ 7,285 rows per contest nationally); ``groupby`` sums the accepted
forms' vote JSON directly. Kecamatan → desa → TPS always read the forms (one kecamatan)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Q, Sum, Value

from pemilu.core import cache
from pemilu.core.levels import level_of
from pemilu.regions.models import Region, Tps
from pemilu.results import areas, rollup, rules
from pemilu.results.models import (
    DEFAULT_OVERSEAS_RECAP_STAGES,
    DEFAULT_RECAP_STAGES,
    Contest,
    KecamatanTotal,
    Plenary,
    PlenaryStatus,
    RecapSheet,
    Result,
    ResultConfig,
    ResultStatus,
)
from pemilu.results.reference import config_for

# What frames a recap (child regions, configuration, windows) is kept this long per process
# (core/cache.py, namespace "results"): one change anywhere drops it at once where the cache is shared.
RECAP_SECONDS = 5.0


class VoteOf(Func):
    """The integer under one key of a vote JSON column (keys look numeric, so Django's key
    transform would read them as array indexes)."""

    output_field = IntegerField()

    def __init__(self, column: str, key: str) -> None:
        super().__init__(F(column), Value(key))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        if connection.vendor == "postgresql":
            return self.as_sql_template(compiler, connection, "CAST((%(expressions)s) AS integer)", "->>")
        return self.as_sql_template(compiler, connection, "CAST(json_extract(%(expressions)s) AS integer)", ", ")

    def as_sql_template(self, compiler: Any, connection: Any, template: str, joiner: str) -> Any:
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        key = self.source_expressions[1].value  # type: ignore[attr-defined]
        path = key if connection.vendor == "postgresql" else f'$."{key}"'
        return template % {"expressions": f"{column_sql}{joiner}%s"}, [*column_params, path]


COUNTERS = ["accepted", "submitted", "first_entry", "conflict", "error", "empty", "corrected", "incomplete",
            "counted"]
GROUP_COLUMN = {0: "prov_code", 1: "kab_code", 2: "kec_code", 3: "desa_code", 4: "tps_id"}
FILTER_COLUMN = {1: "prov_code", 2: "kab_code", 3: "kec_code", 4: "desa_code"}


def _filter(region_code: str) -> dict[str, str]:
    level = level_of(region_code)
    return {FILTER_COLUMN[level]: region_code} if level else {}


def forms_with_findings(contest: Contest, region_code: str, limit: int = 200) -> list[dict[str, Any]]:
    """The forms below ``region_code`` (kab/kota or below) whose checks found something, by TPS."""
    if level_of(region_code) < 2:
        return []
    rows = (Result.objects.filter(contest=contest, **_filter(region_code)).exclude(codes=[]).order_by("tps_id")
            .values_list("tps_id", "status", "codes")[:limit])
    return [{"tps_id": tps, "status": status, "codes": codes} for tps, status, codes in rows]


def expected_tps(region_code: str) -> int:
    if region_code == "":
        return int(Region.objects.filter(level=1).aggregate(n=Sum("tps_count"))["n"] or 0)
    if level_of(region_code) == 5:
        return 1
    region = Region.objects.filter(code=region_code).values_list("tps_count", flat=True).first()
    return int(region or 0)


def child_codes(region_code: str, child_level: int) -> list[str]:
    if child_level == 5:
        return list(Tps.objects.in_region(region_code).values_list("code", flat=True))
    qs = Region.objects.filter(level=child_level)
    if region_code:
        qs = qs.filter(**{f"{FILTER_COLUMN[level_of(region_code)]}": region_code})
    return list(qs.values_list("code", flat=True))


def child_regions(region_code: str, level: int | None = None) -> list[tuple[str, str, int]]:
    """(code, name, TPS count) of the regions at ``level`` (default: one level down) below
    ``region_code`` (not TPS), from the per-process cache: the frame of every recap, fixed before
    election night."""
    child = level_of(region_code) + 1 if level is None else level

    def load() -> list[tuple[str, str, int]]:
        qs = Region.objects.filter(level=child, **_filter(region_code)).order_by("code")
        return list(qs.values_list("code", "name", "tps_count"))

    return cache.remember("results", ("children", region_code, child), load, RECAP_SECONDS)


def recap_config(contest: Contest) -> ResultConfig:
    """The election's result configuration for reading (per-process cache; never save it)."""
    return cache.remember("results", ("config", contest.election_id), lambda: config_for(contest.election),
                          RECAP_SECONDS)


def chain_of(contest: Contest, region_code: str, config: ResultConfig | None = None) -> list[int]:
    """The recap levels of the chain ``region_code`` belongs to (domestic, or overseas under 99)."""
    config = config or recap_config(contest)
    return rules.chain_levels(region_code, config.recap_levels, _overseas_stages(config))


def _overseas_stages(config: ResultConfig) -> dict[str, str]:
    stages = config.overseas_recap_stages
    return DEFAULT_OVERSEAS_RECAP_STAGES if stages is None else stages


def recap_child_level(contest: Contest, region_code: str, config: ResultConfig | None = None) -> int:
    """The level of the rows ``region_code``'s recap lists (region 99: its PPLN)."""
    return rules.child_level(region_code, chain_of(contest, region_code, config))


def is_recap_region(contest: Contest, region_code: str, config: ResultConfig | None = None) -> bool:
    """Whether ``region_code`` holds a plenary: its level is a recap level of its chain."""
    return level_of(region_code) in chain_of(contest, region_code, config)


def _rollup_rows(contest: Contest, region_code: str, group: str | None) -> dict[str, dict[str, int]]:
    """Sum the kecamatan running totals of ``region_code`` (grouped by ``group``): at most
    7,285 rows for the whole country. PostgreSQL sums them key by key itself (the national
    PPWP recap's Python work: 5 ms of CPU instead of 27); SQLite's rows are added up here."""
    qs = KecamatanTotal.objects.filter(contest=contest, **_filter(region_code))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    if connection.vendor == "postgresql":
        sql, params = qs.values_list(group or "contest_id", "totals").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT g, d.key, sum(d.value::bigint) FROM ({sql}) AS k(g, totals), "  # noqa: S608 (Django's own SQL)
                           "jsonb_each_text(k.totals) AS d GROUP BY g, d.key", params)
            for code, choice, votes in cursor.fetchall():
                out[code if group else ""][choice] = int(votes)
        return out
    if group is None:
        into = out[""]
        for totals in qs.values_list("totals", flat=True):
            rollup.add_into(into, totals)
    else:
        for code, totals in qs.values_list(group, "totals"):
            rollup.add_into(out[code], totals)
    return out


def _groupby_rows(contest: Contest, region_code: str, group: str | None) -> dict[str, dict[str, int]]:
    """Sum the accepted forms directly: one aggregate per choice over the vote JSON."""
    base = Result.objects.filter(contest=contest, **_filter(region_code))
    # Summed as the running totals are (rules.vote_totals): accepted, ballot section filled.
    counted = Q(status=ResultStatus.ACCEPTED, current__suara_sah__isnull=False, current__suara_tidak_sah__isnull=False)
    sums: dict[str, Any] = {
        f"c{i}": Sum(VoteOf("current__votes", key), filter=counted)
        for i, key in enumerate(contest.choice_keys())}
    sums["s_sah"] = Sum("current__suara_sah", filter=counted)
    sums["s_tidak_sah"] = Sum("current__suara_tidak_sah", filter=counted)
    for status in ResultStatus.values:
        sums[f"n_{status}"] = Count("id", filter=Q(status=status))
    sums["n_corrected"] = Count("id", filter=Q(corrections__gt=0))
    sums["n_incomplete"] = Count("id", filter=Q(status=ResultStatus.ACCEPTED, is_incomplete=True))
    sums["n_counted"] = Count("id", filter=counted)
    keys = contest.choice_keys()
    out: dict[str, dict[str, int]] = {}
    rows = base.values(group).annotate(**sums) if group else [base.aggregate(**sums)]
    for row in rows:
        code = row.get(group, "") if group else ""
        values = {keys[i]: int(row[f"c{i}"] or 0) for i in range(len(keys))}
        values.update({("_" if k[0] == "s" else "#") + k[2:]: int(row[k] or 0)
                       for k in row if k.startswith(("s_", "n_"))})
        out[str(code)] = values
    return out


def _shape(contest: Contest, code: str, raw: dict[str, int], expected: int) -> dict[str, Any]:
    counters = {name: raw.get(f"#{name}", 0) for name in COUNTERS}
    counters["expected"] = expected
    counters["pending"] = expected - counters["accepted"] - counters["error"]
    return {"code": code, "votes": {k: raw.get(k, 0) for k in contest.choice_keys()},
            "suara_sah": raw.get("_sah", 0), "suara_tidak_sah": raw.get("_tidak_sah", 0), **counters}


def figure_cells(row: dict[str, Any], keys: list[str]) -> list[int | None]:
    """A recap row's votes, suara sah and tidak sah for a table or file: None (shown "–" or
    left empty) where no form is summed (``counted``), never a 0 that reads as a count."""
    if not row.get("counted"):
        return [None] * (len(keys) + 2)
    return [*[row["votes"][k] for k in keys], row["suara_sah"], row["suara_tidak_sah"]]


def totals(contest: Contest, region_code: str, strategy: str = "rollup") -> dict[str, Any]:
    """The region's own totals and progress."""
    if strategy == "rollup" and level_of(region_code) <= 3:
        raw = _rollup_rows(contest, region_code, None).get("", {})
    else:
        raw = _groupby_rows(contest, region_code, None).get("", {})
    return _shape(contest, region_code, raw, areas.expected_tps(contest, region_code))


def progress(contest: Contest, region_code: str) -> dict[str, Any]:
    return totals(contest, region_code)


def recap_children(contest: Contest, region_code: str, strategy: str = "rollup") -> list[dict[str, Any]]:
    """One row per child region (or TPS under a village) with votes, sah, tidak sah and the
    progress counters."""
    level = level_of(region_code)
    child = recap_child_level(contest, region_code)
    group = GROUP_COLUMN[child - 1]
    if strategy == "rollup" and child <= 3:
        raw = _rollup_rows(contest, region_code, group)
    else:
        raw = _groupby_rows(contest, region_code, group)
    if level == 4:
        tps = list(Tps.objects.filter(desa_code=region_code).values_list("code", "number"))
        return [{**_shape(contest, code, raw.get(code, {}), 1), "name": f"TPS {number:03d}", **deadline_fields(None)}
                for code, number in tps]
    frame = child_regions(region_code, child)
    # A dapil contest's recap lists only the regions where it is voted, each expecting its own TPS.
    expected = areas.expected_tps_many(contest, [code for code, _n, _c in frame]) \
        if not contest.code.startswith("ppwp") else {code: count for code, _n, count in frame}
    rows = [{**_shape(contest, code, raw.get(code, {}), expected[code]), "name": name}
            for code, name, _count in frame if expected[code] or contest.code.startswith("ppwp")]
    deadlines = deadlines_of(contest, child, [r["code"] for r in rows])
    for row in rows:
        row.update(deadline_fields(deadlines.get(row["code"])))
    return rows


# --- recap windows and deadlines per level (from pemilu.schedule) -------------------------

def stage_code_for(contest: Contest, level: int, config: ResultConfig | None = None,
                   region_code: str = "") -> str | None:
    """The schedule stage holding a recap level's window (``ResultConfig.recap_stages``; under
    region 99 ``ResultConfig.overseas_recap_stages``)."""
    config = config or recap_config(contest)
    return rules.stage_for(region_code, level, config.recap_levels, config.recap_stages or DEFAULT_RECAP_STAGES,
                           _overseas_stages(config))


def windows_of(contest: Contest, level: int, codes: list[str], *, live: bool = False,
               ) -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
    """Each region's window for ``level``: the most specific schedule row covering it (a local
    sub-schedule overrides the national row; pemilu.schedule's rule), in one query. ``live``
    reads the configuration and the schedule now, not from the per-process cache: for guards
    that refuse a write, where a window changed a second ago in another process must count."""
    config = config_for(contest.election) if live else recap_config(contest)
    out: dict[str, tuple[datetime.date | None, datetime.date | None]] = {}
    for stage, group in _by_stage(contest, level, codes, config).items():
        out.update(_windows(contest, stage, group, live=live))
    return out


def _by_stage(contest: Contest, level: int, codes: list[str], config: ResultConfig) -> dict[str, list[str]]:
    """``codes`` (all at ``level``) grouped by the schedule stage of their recap window (the
    national recap's rows: 38 provinces in rekap-provinsi, region 99 in the overseas stage)."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        stage = stage_code_for(contest, level, config, code)
        if stage is not None:
            groups.setdefault(stage, []).append(code)
    return groups


def _windows(contest: Contest, stage: str | None, codes: list[str], live: bool = False,
             ) -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
    from pemilu.schedule.models import Stage
    from pemilu.schedule.queries import covering_codes

    if stage is None:
        return {}

    def load() -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
        return {r: (s, e) for r, s, e in Stage.objects.filter(election_id=contest.election_id, code=stage)
                .values_list("region_code", "start", "end")}

    rows = load() if live else cache.remember("results", ("windows", contest.election_id, stage), load,
                                                    RECAP_SECONDS)
    out: dict[str, tuple[datetime.date | None, datetime.date | None]] = {}
    for code in codes:
        found = [rows[c] for c in covering_codes(code) if c in rows]
        out[code] = found[-1] if found else (None, None)
    return out


def deadlines_of(contest: Contest, level: int, codes: list[str], today: datetime.date | None = None,
                 config: ResultConfig | None = None, *, live: bool = False) -> dict[str, dict[str, Any]]:
    """Deadline standing of the plenaries of ``codes`` (all at ``level``); empty when the level
    is not a recap level. ``live``: configuration and windows read now (see ``windows_of``)."""
    from pemilu.schedule.queries import local_date

    if live and config is None:
        config = config_for(contest.election)
    groups = _by_stage(contest, level, codes, config or recap_config(contest))
    if not groups:
        return {}
    stage_of = {code: stage for stage, group in groups.items() for code in group}
    windows: dict[str, tuple[datetime.date | None, datetime.date | None]] = {}
    for stage, group in groups.items():
        windows.update(_windows(contest, stage, group, live=live))
    codes = [c for c in codes if c in stage_of]
    plenaries = {code: (status, locked_at) for code, status, locked_at in
                 Plenary.objects.filter(contest=contest, region_code__in=codes)
                 .values_list("region_code", "status", "locked_at")}
    out: dict[str, dict[str, Any]] = {}
    for code in codes:
        # Each region's window closes at 23:59 on its own clock (WIB/WITA/WIT; regions.timezones).
        day = today or local_date(contest.election, region_code=code)
        stage = stage_of[code]
        start, end = windows.get(code, (None, None))
        status, locked_at = plenaries.get(code, (PlenaryStatus.OPEN, None))
        locked_on = local_date(contest.election, locked_at, region_code=code) \
            if status == PlenaryStatus.LOCKED and locked_at else None
        state = rules.deadline_state(start, end, day, locked_on)
        out[code] = {"stage": stage, "start": start, "end": end, "state": state,
                     "plenary": status, "overdue": state == rules.OVERDUE}
    return out


def deadline_of(contest: Contest, region_code: str, today: datetime.date | None = None, *,
                live: bool = False) -> dict[str, Any] | None:
    """The deadline standing of one region's own recap level (None: not a recap level)."""
    return deadlines_of(contest, level_of(region_code), [region_code], today, live=live).get(region_code)


def deadline_fields(d: dict[str, Any] | None) -> dict[str, Any]:
    """Flat, JSON-ready fields for a recap row: plenary status, window, state, overdue."""
    if d is None:
        return {"plenary": None, "window_start": None, "deadline": None, "deadline_state": None, "overdue": False}
    return {"plenary": d["plenary"], "window_start": d["start"].isoformat() if d["start"] else None,
            "deadline": d["end"].isoformat() if d["end"] else None, "deadline_state": d["state"],
            "overdue": d["overdue"]}


# --- the level's D.Hasil typed from paper vs the sum of its children ----------------------

def latest_sheet(contest: Contest, region_code: str) -> RecapSheet | None:
    return (RecapSheet.objects.filter(contest=contest, region_code=region_code).select_related("entered_by")
            .order_by("-number").first())


def sheet_keys(contest: Contest) -> list[str]:
    """The fields of a D.Hasil row: every choice, then suara sah and tidak sah (the same keys
    as the running totals)."""
    return [*contest.choice_keys(), "_sah", "_tidak_sah"]


def computed_rows(contest: Contest, region_code: str) -> dict[str, dict[str, int]]:
    """The computed sum of each child region, keyed like a typed sheet's rows."""
    out: dict[str, dict[str, int]] = {}
    for row in recap_children(contest, region_code):
        out[row["code"]] = {**row["votes"], "_sah": row["suara_sah"], "_tidak_sah": row["suara_tidak_sah"]}
    return out


def sheet_comparison(contest: Contest, region_code: str,
                     sheet: RecapSheet | None = None) -> list[dict[str, Any]] | None:
    """Field-by-field differences between the typed D.Hasil and the computed sum of the
    children (None when no sheet was typed)."""
    sheet = sheet or latest_sheet(contest, region_code)
    if sheet is None:
        return None
    return rules.recap_differences(computed_rows(contest, region_code), sheet.rows)
