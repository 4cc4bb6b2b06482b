"""Reads of the voter list: the recap of the compiled lists PPS → PPK → KPU Kab/Kota (counts by sex,
by TPS), the funnel DP4 → DPT with the removal categories, and the DPT of a TPS (the C.Hasil's
data-pemilih section). Each answer is a fixed number of queries whatever the rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Sum

from pemilu.core.levels import Level, level_of
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.voters.models import (
    STAGE_ORDER,
    Coklit,
    DpsResponse,
    ListStage,
    NotEligibleReason,
    Origin,
    ResponseKind,
    ResponseStatus,
    Voter,
    VoterList,
)

CHILD_COLUMN = {Level.KABKOTA: "kec_code", Level.KECAMATAN: "desa_code"}


def _counts(male: int, female: int) -> dict[str, int]:
    return {"L": male, "P": female, "J": male + female}


def recap(election: Election, region_code: str) -> dict[str, Any]:
    """The compiled lists below a kab/kota, kecamatan or desa, one row per child (kecamatan, desa,
    or the desa's TPS) and stage: {"L", "P", "J"}; ``total`` per stage, and per row the latest
    stage compiled (``stage``)."""
    level = level_of(region_code)
    lists = VoterList.objects.in_region(region_code).filter(election=election)
    rows: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    if level == Level.DESA:
        for stage, by_tps in lists.values_list("stage", "by_tps"):
            for tps, counts in (by_tps or {}).items():
                rows[tps][stage] = _counts(counts.get("L", 0), counts.get("P", 0))
        names = {code: (f"TPS {code.rsplit('.', 1)[-1]}" if code else "—") for code in rows}
    else:
        column = CHILD_COLUMN.get(Level(level), "desa_code")
        for code, stage, male, female in (lists.values_list(column, "stage").annotate(m=Sum("male"), f=Sum("female"))
                                          .values_list(column, "stage", "m", "f")):
            rows[code][stage] = _counts(male or 0, female or 0)
        children = Region.objects.filter(parent__code=region_code)
        names = dict(children.values_list("code", "name"))
        for code in names:
            rows.setdefault(code, {})
    total: dict[str, dict[str, int]] = {}
    for stages in rows.values():
        for stage, counts in stages.items():
            t = total.setdefault(stage, {"L": 0, "P": 0, "J": 0})
            for key in t:
                t[key] += counts[key]
    out_rows = [{"code": code, "name": names.get(code, code),
                 "stage": next((s for s in reversed(STAGE_ORDER) if s in rows[code]), ""),
                 "stages": {s: rows[code][s] for s in STAGE_ORDER if s in rows[code]}}
                for code in sorted(rows)]
    return {"region": region_code, "stages": [s for s in STAGE_ORDER if s in total], "rows": out_rows,
            "total": {s: total[s] for s in STAGE_ORDER if s in total}}


def funnel(election: Election, region_code: str) -> dict[str, Any]:
    """DP4 → + new voters (coklit) → − not eligible by the regulation's category → DPHP/DPS →
    ± the public's responses → DPSHP → DPSHP Akhir → DPT, for a region (any level down to desa).
    Removal categories count the voters' current outcome, split into those found at the coklit and
    those removed on an accepted response."""
    voters = Voter.objects.in_region(region_code).filter(election=election)
    origin = Counter(dict(voters.values_list("origin").annotate(n=Count("id")).values_list("origin", "n")))
    pending = voters.filter(coklit=Coklit.PENDING).count()
    responses = DpsResponse.objects.in_region(region_code).filter(announcement__election=election)
    by_response = Counter({(k, s): n for k, s, n in responses.values_list("kind", "status").annotate(n=Count("id"))
                           .values_list("kind", "status", "n")})
    removed_on_response = Counter(dict(
        responses.filter(kind=ResponseKind.NOT_ELIGIBLE, status=ResponseStatus.ACCEPTED).values_list("reason")
        .annotate(n=Count("id")).values_list("reason", "n")))
    tms = Counter(dict(voters.filter(coklit=Coklit.NOT_ELIGIBLE).values_list("not_eligible_reason")
                       .annotate(n=Count("id")).values_list("not_eligible_reason", "n")))
    added_on_response = by_response[(ResponseKind.NOT_LISTED, ResponseStatus.ACCEPTED)]
    stages = {s: _counts(m or 0, f or 0) for s, m, f in
              VoterList.objects.in_region(region_code).filter(election=election).values_list("stage")
              .annotate(m=Sum("male"), f=Sum("female")).values_list("stage", "m", "f")}
    categories = [{"reason": r.value, "label": str(r.label),
                   "coklit": max(tms[r.value] - removed_on_response[r.value], 0),
                   "response": removed_on_response[r.value]} for r in NotEligibleReason]
    return {
        "region": region_code,
        "dp4": origin[Origin.DP4],
        "new_coklit": max(origin[Origin.NEW] - added_on_response, 0),
        "new_response": added_on_response,
        "pending": pending,
        "not_eligible": categories,
        "not_eligible_total": sum(tms.values()),
        "responses": [{"kind": k.value, "label": str(k.label),
                       **{s.value: by_response[(k.value, s.value)] for s in ResponseStatus}} for k in ResponseKind],
        "stages": [{"stage": s.value, "label": str(s.label), **stages[s.value]} for s in ListStage
                   if s.value in stages],
    }


def dpt_for_tps(election: Election, tps_codes: list[str]) -> dict[str, dict[str, int]]:
    """The set DPT of each TPS ({"L", "P", "J"}), for the TPS whose desa's DPT is set (the others
    are absent): one query whatever the number of TPS."""
    desa = {code.rsplit(".", 1)[0] for code in tps_codes}
    wanted = set(tps_codes)
    out: dict[str, dict[str, int]] = {}
    for village, by_tps in VoterList.objects.filter(election=election, stage=ListStage.DPT,
                                                    desa_code__in=desa).values_list("desa_code", "by_tps"):
        for code in wanted:
            if code.rsplit(".", 1)[0] == village:
                counts = (by_tps or {}).get(code, {})
                out[code] = _counts(counts.get("L", 0), counts.get("P", 0))
    return out
