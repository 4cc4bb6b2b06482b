"""Where a contest is voted (reads): how many TPS of a region vote in it, and which child regions
of a recap hold any. PPWP is voted everywhere and DPD in its province; DPR and DPRD per dapil,
whose areas (``DapilArea``) name kab/kota, kecamatan or desa. A TPS belongs to the dapil of its
most specific listed ancestor (``rules.resolve_dapil``), so a listed area owns its TPS minus
those of the areas listed below it (for another dapil, or again for the same one).

Counted from ``Region.tps_count`` and the cached dapil map: no query over the TPS table, so the
national DPR plenary of one dapil (84 of them) counts its TPS without reading 820,161 rows.
Without this, a dapil contest's recap would expect every TPS of its region (a DPRD Kota dapil of
two kecamatan could never lock its KPU Kab/Kota plenary)."""

from __future__ import annotations

from collections import defaultdict

from pemilu.core.levels import ancestor_codes, covers, level_of
from pemilu.regions.models import Region
from pemilu.results.dapil import KIND_OF_DISTRICT, area_map
from pemilu.results.models import Contest

DISTRICT_OF_KIND = {kind: district for district, kind in KIND_OF_DISTRICT.items()}


def _listed(contest: Contest) -> tuple[list[str], dict[str, list[str]]] | None:
    """For a dapil contest: its own listed areas and, for every listed area, the nearest listed
    areas below it (any dapil). None for contests voted everywhere (PPWP) or in a province (DPD)."""
    kind, _sep, dapil = contest.code.partition("-")
    district = DISTRICT_OF_KIND.get(kind)
    if district is None:
        return None
    listed = area_map(contest.election_id).get(district, {})
    below: dict[str, list[str]] = defaultdict(list)
    for code in listed:
        for lvl in range(level_of(code) - 1, 0, -1):
            up = ancestor_codes(code)[lvl]
            if up in listed:
                below[up].append(code)
                break
    return [c for c, d in listed.items() if d == dapil], below


def _overlap(area: str, region: str, counts: dict[str, int]) -> int:
    """TPS of ``area`` inside ``region``: all of the area when it lies in the region, all of the
    region when the region lies in the area, none otherwise."""
    if covers(region, area):
        return counts.get(area, 0)
    if covers(area, region):
        return counts.get(region, 0)
    return 0


def expected_tps_many(contest: Contest, region_codes: list[str]) -> dict[str, int]:
    """TPS voting in ``contest`` under each region (``""`` = the whole country)."""
    listed = _listed(contest)
    if listed is None:
        from pemilu.results.queries import expected_tps

        if contest.code.startswith("dpd-"):
            return {r: (expected_tps(r) if covers(contest.prov_code, r) else
                        expected_tps(contest.prov_code) if covers(r, contest.prov_code) else 0)
                    for r in region_codes}
        return {r: expected_tps(r) for r in region_codes}
    own, below = listed
    needed = set(region_codes) | set(own) | {c for a in own for c in below.get(a, [])}
    counts = dict(Region.objects.filter(code__in=needed - {""}).values_list("code", "tps_count"))
    out: dict[str, int] = {}
    for region in region_codes:
        n = 0
        for area in own:
            n += _overlap(area, region, counts) - sum(_overlap(e, region, counts) for e in below.get(area, []))
        out[region] = max(n, 0)
    return out


def expected_tps(contest: Contest, region_code: str) -> int:
    return expected_tps_many(contest, [region_code])[region_code]


def voting_children(contest: Contest, codes: list[str]) -> list[str]:
    """The regions among ``codes`` where some TPS votes in ``contest`` (a recap's rows)."""
    if _listed(contest) is None and not contest.code.startswith("dpd-"):
        return codes
    counts = expected_tps_many(contest, codes)
    return [c for c in codes if counts.get(c, 0) > 0]
