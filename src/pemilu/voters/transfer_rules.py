"""DPTb rules (issue 22 item 2), pure: the reasons and their deadlines as data, and the ballots a
moving voter receives.

Deadlines: ``data/dptb_reasons.json`` gives each reason the last day it may be registered, in days
before voting day (H-30 for the nine, H-7 for duty, inpatient care, disaster and detention).

Ballots (UU 7/2017 Pasal 348(4), as read by domain.md §3, which marks the detail UNCONFIRMED): a
voter who votes elsewhere receives the ballot of every contest whose district holds both the
origin and the destination — PPWP always, DPD within the province, DPR / DPRD Provinsi / DPRD
Kab/Kota within the same dapil of that contest.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files

from django.utils.translation import get_language

from pemilu.core.levels import ancestor_codes
from pemilu.results.rules import resolve_dapil

# Contest kind code → the district key of the dapil map (results/dapil.py KIND_OF_DISTRICT, reversed).
DAPIL_KINDS = {"dpr": "dapil_dpr", "dprd_prov": "dapil_prov", "dprd_kab": "dapil_kab"}
BALLOT_ORDER = ("ppwp", "dpr", "dpd", "dprd_prov", "dprd_kab")
# How a ballot is named on a page (the contest kinds' short names; the same in English).
BALLOT_LABELS = {"ppwp": "PPWP", "dpr": "DPR", "dpd": "DPD", "dprd_prov": "DPRD Provinsi", "dprd_kab": "DPRD Kab/Kota"}


def ballot_names(kinds: list[str]) -> str:
    return ", ".join(BALLOT_LABELS.get(k, k) for k in kinds)


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    name_id: str
    name_en: str
    until_days_before: int

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


@functools.cache
def reasons() -> dict[str, Reason]:
    data = json.loads(files("pemilu.voters").joinpath("data/dptb_reasons.json").read_text(encoding="utf-8"))
    return {r["code"]: Reason(**r) for r in data["reasons"]}


def last_day(reason: Reason, voting_day: datetime.date) -> datetime.date:
    """The last day a transfer for ``reason`` may be registered (H-30 / H-7)."""
    return voting_day - datetime.timedelta(days=reason.until_days_before)


def reasons_open(day: datetime.date, voting_day: datetime.date) -> list[Reason]:
    """The reasons that may still be registered on ``day``."""
    return [r for r in reasons().values() if day <= last_day(r, voting_day)]


def ballots_for_move(origin: str, destination: str, dapil_maps: Mapping[str, Mapping[str, str]],
                     kinds: tuple[str, ...] = BALLOT_ORDER) -> list[str]:
    """The contest kinds (of ``kinds``, those the election has) whose ballot a voter moving from
    TPS/desa ``origin`` to ``destination`` receives; ``dapil_maps``: district → {region → dapil}."""
    out: list[str] = []
    for kind in kinds:
        if kind == "ppwp":
            out.append(kind)
        elif kind == "dpd":
            if ancestor_codes(origin).get(1) == ancestor_codes(destination).get(1):
                out.append(kind)
        elif kind in DAPIL_KINDS:
            area = dapil_maps.get(DAPIL_KINDS[kind], {})
            here = resolve_dapil(area, origin)
            if here is not None and here == resolve_dapil(area, destination):
                out.append(kind)
    return out
