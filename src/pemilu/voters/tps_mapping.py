"""TPS mapping (issue 22 item 5): the pure rule that assigns a desa's eligible voters to TPS.

The rules of the mapping (PKPU 7/2022 Pasal 15(3) for the cap of Pemilu 2024; KPU's Pilkada 2024
mapping rules for the others, domain.md §3):

* at most ``cap`` voters per TPS (300 in Pemilu 2024, 600 in Pilkada 2024), special TPS (lokasi
  khusus: lapas, rutan, hospitals; numbered 9xx) exempt — their voters are not passed here;
* a family (one KK) is never split across TPS;
* voters of one RT, and of one RW, stay together where the cap allows;
* a desa is never merged with another: the rule runs per desa, and TPS are numbered 001, 002, …
  within it.

How: the desa's families are ordered by RW, RT and KK and cut into consecutive groups. The number
of TPS is the least with which consecutive groups of whole families fit under the cap (the greedy
"next fit" count, optimal for consecutive groups); it is at most ``ceil(n / (cap - f + 1))`` for a
largest family of ``f`` voters, so within a TPS or two of ``ceil(n / cap)``. With that number fixed,
each cut is placed where the remaining families still fit into the remaining TPS, preferring an RW
boundary, then an RT boundary, and among equals the point nearest an even share.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Family:
    """One KK of a desa with its voters (any hashable ids) and their RW/RT."""

    kk: str
    rw: str
    rt: str
    voters: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Mapping:
    """The mapping of one desa: ``tps[i]`` holds the voters of TPS number ``i + 1``."""

    tps: tuple[tuple[int, ...], ...]
    cap: int

    @property
    def count(self) -> int:
        return len(self.tps)

    def sizes(self) -> list[int]:
        return [len(t) for t in self.tps]


def _rank(value: str) -> tuple[int, str]:
    """RT/RW as written ('003', '3', '03A'): numbers in numeric order, the rest after them."""
    stripped = value.strip()
    return (int(stripped), "") if stripped.isdigit() else (1 << 30, stripped)


def families_of(rows: Iterable[tuple[int, str, str, str]]) -> list[Family]:
    """Group (voter id, kk, rw, rt) rows into families, ordered by RW, RT and KK. A KK's RW/RT is
    that of its first row (a family shares an address)."""
    members: dict[str, list[int]] = {}
    place: dict[str, tuple[str, str]] = {}
    for voter, kk, rw, rt in rows:
        if kk not in members:
            members[kk] = []
            place[kk] = (rw, rt)
        members[kk].append(voter)
    order = sorted(members, key=lambda kk: (_rank(place[kk][0]), _rank(place[kk][1]), kk))
    return [Family(kk, place[kk][0], place[kk][1], tuple(sorted(members[kk]))) for kk in order]


def least_tps(sizes: Sequence[int], cap: int) -> int:
    """The least number of consecutive groups of whole families under ``cap`` (next fit)."""
    count, room = 0, 0
    for size in sizes:
        if size > room:
            count += 1
            room = cap
        room -= size
    return count


def map_desa(families: Sequence[Family], cap: int) -> Mapping:
    """Cut the ordered families of one desa into TPS (see the module's text). A family larger than
    the cap is a ValueError: it cannot be kept whole."""
    if cap < 1:
        raise ValueError("cap must be at least 1")
    sizes = [len(f.voters) for f in families]
    too_big = [f.kk for f, s in zip(families, sizes, strict=True) if s > cap]
    if too_big:
        raise ValueError(f"a family has more voters than the cap ({cap}): {too_big[0]}")
    if not families:
        return Mapping((), cap)
    k = least_tps(sizes, cap)
    ends = _cuts(families, sizes, cap, k)
    groups: list[tuple[int, ...]] = []
    start = 0
    for end in ends:
        groups.append(tuple(v for f in families[start:end] for v in f.voters))
        start = end
    return Mapping(tuple(groups), cap)


def _cuts(families: Sequence[Family], sizes: list[int], cap: int, k: int) -> list[int]:
    """The end (exclusive family index) of each of the ``k`` TPS."""
    n = len(families)
    prefix = [0, *accumulate(sizes)]  # prefix[i] = voters of families[:i]
    total = prefix[-1]
    # back[j] = the smallest index from which the last j TPS can hold every remaining family
    # (greedy from the end, which packs the most): a cut before it leaves too much for the rest.
    back = [n] * (k + 1)
    position = n
    for j in range(1, k + 1):
        room = cap
        while position > 0 and sizes[position - 1] <= room:
            room -= sizes[position - 1]
            position -= 1
        back[j] = position
    # boundary[i]: 0 between two RW, 1 between two RT of one RW, 2 inside an RT (i = 1 … n-1).
    boundary = [0] * (n + 1)
    for i in range(1, n):
        before, after = families[i - 1], families[i]
        boundary[i] = 0 if before.rw != after.rw else (1 if before.rt != after.rt else 2)
    ends: list[int] = []
    start = 0
    for t in range(1, k):
        low = max(back[k - t], start + 1)
        # the furthest end this TPS can reach, leaving a family at least for each TPS after it
        high = min(bisect_right(prefix, prefix[start] + cap) - 1, n - (k - t))
        share = prefix[start] + (total - prefix[start]) / (k - t + 1)
        best = min(range(low, high + 1), key=lambda i: (boundary[i], abs(prefix[i] - share), i))
        ends.append(best)
        start = best
    ends.append(n)
    return ends


def ceil_tps(voters: int, cap: int) -> int:
    """The lower bound: ceil(voters / cap)."""
    return math.ceil(voters / cap) if voters else 0


def ballots_needed(dpt: int, dptb: int) -> int:
    """Ballots for one TPS (per contest): its DPT, its DPTb and a 2 % reserve of its DPT, the
    reserve rounded up per TPS (PKPU 7/2023; domain.md §3: 306 at a 300-voter TPS)."""
    if dpt < 0 or dptb < 0:
        raise ValueError("counts cannot be negative")
    return dpt + dptb + math.ceil(dpt * 2 / 100)
