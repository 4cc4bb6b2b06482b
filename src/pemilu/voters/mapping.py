"""TPS mapping of a region's voters (issue 22 item 5): ``do_map_tps`` and its report.

Set-based and streaming: the voters of the region are read once, ordered by desa (id, KK hash,
RW, RT, TPS — a few small columns), each desa is mapped by the pure rule (``tps_mapping.map_desa``)
as soon as its rows are read, and only the voters whose TPS changes are written, into the narrow
``VoterTps`` table (``tps_writes.py``: chunked upserts on SQLite, COPY + one INSERT … ON CONFLICT on
PostgreSQL; the wide voter rows are not rewritten). The TPS rows are the regions
app's (``regions.Tps``: desa code + 3-digit number, scope columns): numbers 001 … k of each desa are
reused where they exist and created (``source="pemetaan"``) where they do not; TPS lokasi khusus
(9xx) and their voters are left as they are. A desa whose DPT is set is not remapped (its DPT lists each voter's TPS).

Who is mapped: the voters of the election not found ineligible by the coklit (TMS) who are 17 on
voting day or (ever) married (``eligibility.py``); anybody else loses a regular TPS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.audit.events import record_event
from pemilu.core.exceptions import DomainError, NotFoundError
from pemilu.core.levels import Level, ancestor_codes
from pemilu.core.scope import scope_lookup
from pemilu.elections.models import Election
from pemilu.regions.importers import _insert_tps, refresh_tps_counts
from pemilu.regions.models import Region, Tps
from pemilu.regions.queries import region_to_act_in
from pemilu.voters import tps2024
from pemilu.voters.eligibility import MARRIED, latest_birth_date
from pemilu.voters.models import DEFAULT_TPS_CAP, Coklit, ListStage, Voter, VoterList, VoterSettings, VoterTps
from pemilu.voters.tps_mapping import families_of, map_desa
from pemilu.voters.tps_writes import write_moves

READ_CHUNK = 20_000
MAPPED_SOURCE = "pemetaan"


@dataclass
class DesaMapping:
    code: str
    name: str
    voters: int  # eligible voters mapped to regular TPS
    tps: int  # TPS the mapping uses (001 … tps)
    largest: int  # voters of its fullest TPS
    special_voters: int = 0  # voters kept at a TPS lokasi khusus
    tps_2024: int | None = None  # regular TPS used in Pemilu 2024 (None: village not in the 2024 file)
    special_2024: int = 0
    matched_2024: str = ""  # "kode" or "nama" (renumbered village)
    tps_2024_code: str = ""  # the village's 2024 code
    locked: bool = False  # DPT set: not remapped, its current TPS counted

    @property
    def difference(self) -> int | None:
        return None if self.tps_2024 is None else self.tps - self.tps_2024


@dataclass
class MapReport:
    election: str
    region: str
    cap: int
    dry_run: bool
    desa: list[DesaMapping] = field(default_factory=list)
    changed: int = 0  # voters whose TPS changed (or would change)
    unmapped: int = 0  # voters losing a regular TPS (not eligible)
    tps_created: int = 0
    written: str = ""  # how the moves were written ("upsert", "bulk": tps_writes.py); "" = not written

    @property
    def voters(self) -> int:
        return sum(d.voters for d in self.desa)

    @property
    def tps(self) -> int:
        return sum(d.tps for d in self.desa)

    @property
    def tps_2024(self) -> int:
        return sum(d.tps_2024 or 0 for d in self.desa)

    def as_dict(self) -> dict[str, object]:
        return {"election": self.election, "region": self.region, "cap": self.cap, "dry_run": self.dry_run,
                "voters": self.voters, "tps": self.tps, "tps_2024": self.tps_2024, "changed": self.changed,
                "unmapped": self.unmapped, "tps_created": self.tps_created}


def tps_cap(election: Election) -> int:
    """The election's cap (``VoterSettings``), 300 without a setting (PKPU 7/2022 Pasal 15(3))."""
    found = VoterSettings.objects.filter(election=election).values_list("tps_cap", flat=True).first()
    return found or DEFAULT_TPS_CAP


def eligible_q(election: Election) -> Q:
    """Voters who belong on a TPS: not TMS in the coklit, 17 on voting day or (ever) married."""
    return ~Q(coklit=Coklit.NOT_ELIGIBLE) & (Q(marital__in=MARRIED)
                                             | Q(birth_date__lte=latest_birth_date(election.voting_day)))


def _villages(region: Region) -> dict[str, tuple[str, str]]:
    lookup = scope_lookup(Region, region.code) or {"code": region.code}
    return {code: (name, alt) for code, name, alt in Region.objects.filter(level=Level.DESA, **lookup)
            .values_list("code", "name", "alt_name")}


def _rows(election: Election, region: Region) -> Iterator[Any]:
    """(id, desa, kk hash, rw, rt, tps id, at a special TPS) of the eligible voters, by desa."""
    voters = Voter.objects.in_region(region.code).filter(eligible_q(election), election=election)
    yield from voters.order_by("village_id").values_list(
        "id", "village_id", "kk_hash", "rw", "rt", "placement__tps_id", "placement__tps__is_special",
    ).iterator(chunk_size=READ_CHUNK)


def do_map_tps(election: Election, region_code: str, *, actor: User, cap: int | None = None,
               dry_run: bool = False) -> MapReport:
    """Map the eligible voters of every desa of ``region_code`` to TPS (see the module's text) and
    report per desa: voters, TPS, the TPS of 2024 and the difference. ``dry_run`` writes nothing."""
    region = region_to_act_in(region_code, actor=actor, action="voters.map_tps", unknown=NotFoundError)
    cap = cap if cap is not None else tps_cap(election)
    if cap < 1:
        raise DomainError(_("batas pemilih per TPS harus paling sedikit 1"))
    with transaction.atomic():
        return _map(election, region, actor=actor, cap=cap, dry_run=dry_run)


def _map(election: Election, region: Region, *, actor: User, cap: int, dry_run: bool) -> MapReport:
    villages = _villages(region)
    dpt_set: Any = VoterList.objects.filter(election=election, stage=ListStage.DPT, village__code__in=list(villages))
    locked = {str(code) for code in dpt_set.values_list("village_id", flat=True)}
    report = MapReport(election.code, region.code, cap, dry_run)
    existing = _regular_tps(region)
    moves: dict[tuple[str, int], list[int]] = {}  # (desa, number) → voters to move there
    by_desa: dict[str, DesaMapping] = {}
    for desa, rows in groupby(_rows(election, region), key=lambda r: r[1]):
        name = villages.get(desa, ("", ""))[0]
        regular = []
        special = 0
        current: dict[int, int | None] = {}
        for pk, _desa, kk, rw, rt, tps_id, is_special in rows:
            if is_special:
                special += 1
                continue
            regular.append((pk, kk, rw, rt))
            current[pk] = tps_id
        if desa in locked:
            counts: dict[int | None, int] = {}
            for tps_id in current.values():
                counts[tps_id] = counts.get(tps_id, 0) + 1
            by_desa[desa] = DesaMapping(desa, name, len(regular), len([t for t in counts if t is not None]),
                                        max(counts.values(), default=0), special, locked=True)
            continue
        try:
            mapping = map_desa(families_of(regular), cap)
        except ValueError:
            raise DomainError(_("desa {code}: satu KK memiliki lebih dari {cap} pemilih; KK tidak boleh dipecah")
                              .format(code=desa, cap=cap)) from None
        for number, members in enumerate(mapping.tps, start=1):
            target = existing.get((desa, number))
            changed = [pk for pk in members if current[pk] != target or target is None]
            if changed:
                moves[(desa, number)] = changed
        by_desa[desa] = DesaMapping(desa, name, len(regular), mapping.count, max(mapping.sizes(), default=0),
                                    special)
    for desa, (name, _alt) in villages.items():
        by_desa.setdefault(desa, DesaMapping(desa, name, 0, 0, 0, locked=desa in locked))
    found = tps2024.lookup((code, name, alt) for code, (name, alt) in villages.items())
    for desa in sorted(by_desa):
        row = by_desa[desa]
        if desa in found:
            hit = found[desa]
            row.tps_2024, row.special_2024, row.matched_2024, row.tps_2024_code = (hit.regular, hit.special,
                                                                                   hit.matched_by, hit.code)
        report.desa.append(row)
    report.changed = sum(len(ids) for ids in moves.values())
    stale = (Voter.objects.in_region(region.code).filter(election=election, placement__tps__is_special=False)
             .exclude(eligible_q(election)).exclude(village_id__in=locked))
    report.unmapped = stale.count()
    if dry_run:
        return report
    report.tps_created = _ensure_tps([key for key in moves if key not in existing])
    if report.tps_created:
        existing = _regular_tps(region)
    report.written = write_moves({existing[key]: ids for key, ids in moves.items()})
    if report.unmapped:
        VoterTps.objects.filter(voter__in=stale.values("pk")).update(tps=None)
    record_event("voters.tps_mapped", actor=actor, region_code=region.code, target_type="regions.region",
                 target_id=region.code, object_repr=region.name,
                 after={**report.as_dict(), "per_desa": {d.code: [d.voters, d.tps] for d in report.desa}})
    return report


def _regular_tps(region: Region) -> dict[tuple[str, int], int]:
    rows: Any = Tps.objects.in_region(region.code).filter(is_special=False).values_list("id", "village_id", "number")
    return {(str(v), int(n)): int(pk) for pk, v, n in rows}


def _ensure_tps(keys: list[tuple[str, int]]) -> int:
    """Create the regular TPS ``(desa, number)`` that do not exist, with the regions app's columns."""
    if not keys:
        return 0
    rows: list[tuple[str | int | bool, ...]] = []
    for desa, number in sorted(keys):
        codes = ancestor_codes(desa)
        rows.append((f"{desa}.{number:03d}", desa, number, codes.get(1, ""), codes.get(2, ""), codes.get(3, ""),
                     desa, False, "TPS", MAPPED_SOURCE))
    before = Tps.objects.filter(code__in=[r[0] for r in rows]).count()
    _insert_tps(rows)
    refresh_tps_counts()
    return len(rows) - before
