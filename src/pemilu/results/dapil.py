"""Which contests a TPS votes in (reads): PPWP everywhere, DPD by province, DPR and the two DPRD
by the dapil whose areas cover the TPS. The dapil map is kept per worker in the one cache
(core/cache.py, namespace "results"); the reference import bumps it, so every worker follows."""

from __future__ import annotations

from collections import defaultdict

from pemilu.core import cache
from pemilu.core.levels import ancestor_codes
from pemilu.elections.models import Election
from pemilu.results import rules
from pemilu.results.models import Contest, DapilArea, DistrictKind

# A dapil's district → the code of its contests' kind (``dpr-<dapil>``, …).
KIND_OF_DISTRICT: dict[str, str] = {DistrictKind.DAPIL_DPR: "dpr", DistrictKind.DAPIL_PROV: "dprd_prov",
                                    DistrictKind.DAPIL_KAB: "dprd_kab"}
AREA_SECONDS = 300.0  # like the contests (results/ingest.py): the dapil map changes with them, by an import


def area_map(election_id: int) -> dict[str, dict[str, str]]:
    """district → {region code → dapil code} for non-split areas (kept per worker)."""

    def load() -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = defaultdict(dict)
        for district, region, code in DapilArea.objects.filter(dapil__election_id=election_id, is_split=False) \
                .values_list("district", "region_code", "dapil__code"):
            out[district][region] = code
        return dict(out)

    return cache.remember("results", ("area_map", election_id), load, AREA_SECONDS)


def contest_codes_for_tps(election: Election, tps_code: str) -> list[str]:
    """Codes of the contests a TPS votes in (PPWP, DPR/DPRD by dapil, DPD by province)."""
    codes = ["ppwp"]
    maps = area_map(election.pk)
    for district, kind in KIND_OF_DISTRICT.items():
        dapil = rules.resolve_dapil(maps.get(district, {}), tps_code)
        if dapil:
            codes.append(f"{kind}-{dapil}")
    codes.append(f"dpd-{ancestor_codes(tps_code)[1]}")
    return codes


def tps_in_contest(election: Election, contest: Contest, tps_code: str) -> bool:
    kind = contest.code.split("-", 1)[0]
    if kind == "ppwp":
        return True
    if kind == "dpd":
        return tps_code.startswith(contest.prov_code + ".")
    district = {v: k for k, v in KIND_OF_DISTRICT.items()}[kind]
    return rules.resolve_dapil(area_map(election.pk).get(district, {}), tps_code) == contest.code.split("-", 1)[1]
