"""Reads of the coklit (issue 22 item 1): the TPS areas a person works in, the voters of one area
(searchable, paged), and the progress per Pantarlih (per TPS area) of a desa — or per desa above it.

A Pantarlih holds the ``pantarlih`` role at one TPS (their area, formed per TPS in 2024); the voters of
that area are those mapped to that TPS. The PPS of the desa and KPU above may open any area of
their scope and record what a Pantarlih could not."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ensure_can, user_scopes
from pemilu.accounts.types import Viewer
from pemilu.core.exceptions import NotFoundError
from pemilu.core.levels import Level, level_of
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.voters import crypto
from pemilu.voters.models import Coklit, Voter, VoterList

OUTCOMES = [c.value for c in Coklit]  # belum, sesuai, ubah, tms, baru


def pantarlih_areas(user: Viewer) -> list[str]:
    """The TPS codes where ``user`` holds a current Pantarlih role."""
    return sorted(s.code for s in user_scopes(user) if s.role == "pantarlih" and level_of(s.code) == Level.TPS)


def area(user: Viewer, tps_code: str) -> Tps:
    """The TPS area ``user`` may read the coklit of (``voters.view``): 404 outside their scope, 403
    in scope without the role (a KPPS at that TPS)."""
    tps = Tps.objects.select_related("village").filter(code=tps_code).first()
    if tps is None:
        raise NotFoundError(_("Tidak ditemukan."))
    ensure_can(user, "voters.view", tps.code)
    return tps


def is_open(election: Election, village_code: str) -> bool:
    """The coklit of a desa is open until its DPHP is compiled (then changes go through responses)."""
    return not VoterList.objects.filter(election=election, desa_code=village_code).exists()


def area_voters(election: Election, tps: Tps, *, q: str = "", status: str = "") -> QuerySet[Voter]:
    """The voters of one TPS area, in the order of the list (RW, RT, family); ``q`` searches the
    name, address or RT/RW; ``status`` one coklit outcome (``belum`` = still to visit)."""
    qs = Voter.objects.filter(election=election, placement__tps=tps)
    if status in OUTCOMES:
        qs = qs.filter(coklit=status)
    q = q.strip()
    if q:
        words = q.split()[:4]
        for w in words:
            qs = qs.filter(Q(name__icontains=w) | Q(address__icontains=w) | Q(rt=w.zfill(3)) | Q(rw=w.zfill(3)))
    return qs.order_by("rw", "rt", "kk_hash", "id")


def counts(election: Election, tps: Tps) -> dict[str, int]:
    """Voters of the area per coklit outcome (every outcome present, zero or not), ``total`` and
    ``done`` (visited: every outcome but ``belum``)."""
    found = Counter(dict(Voter.objects.filter(election=election, placement__tps=tps).values_list("coklit")
                         .annotate(n=Count("id")).values_list("coklit", "n")))
    out = {o: found.get(o, 0) for o in OUTCOMES}
    out["total"] = sum(found.values())
    out["done"] = out["total"] - out[Coklit.PENDING]
    return out


@dataclass
class VoterCard:
    """What the Pantarlih's page and the API show of one voter: no full NIK or KK (masked)."""

    voter: Voter
    nik: str
    kk: str
    age: int

    @property
    def flagged(self) -> bool:
        return bool(self.voter.findings)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def cards(voters: list[Voter], election: Election) -> list[VoterCard]:
    if not voters:
        return []  # nothing to unseal: the page of an empty area needs no key
    k = crypto.keys()
    out = []
    for v in voters:
        try:
            nik, kk = crypto.mask(crypto.open_sealed(v.nik_sealed, k)), crypto.mask(crypto.open_sealed(v.kk_sealed, k))
        except ValueError:
            nik = kk = "*" * 16
        out.append(VoterCard(v, nik, kk, age_on(v.birth_date, election.voting_day)))
    return out


# --- progress per Pantarlih ----------------------------------------------------------------------

@dataclass
class ProgressRow:
    """One TPS area (in a desa's table) or one desa (above): its Pantarlih and counts per outcome."""

    code: str
    name: str
    pantarlih: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.total - self.counts.get(Coklit.PENDING, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress(election: Election, region: Region) -> list[ProgressRow]:
    """Per TPS area of a desa (with the names of its Pantarlih; a last row for voters not mapped to
    a TPS yet), or per desa under a kecamatan or kab/kota. A fixed number of queries."""
    from pemilu.accounts.models import RoleAssignment

    if region.level == Level.DESA:
        tps = list(Tps.objects.filter(desa_code=region.code).order_by("number"))
        by_tps: dict[int | None, Counter[str]] = {}
        for tps_id, outcome, n in (Voter.objects.filter(election=election, desa_code=region.code)
                                   .values_list("placement__tps", "coklit").annotate(n=Count("id"))
                                   .values_list("placement__tps", "coklit", "n")):
            by_tps.setdefault(tps_id, Counter())[outcome] += n
        names: dict[str, list[str]] = {}
        for code, name, username in (RoleAssignment.objects.filter(role="pantarlih", is_active=True,
                                                                   scope_code__in=[t.code for t in tps])
                                     .order_by("scope_code", "pk")
                                     .values_list("scope_code", "user__full_name", "user__username")):
            names.setdefault(code, []).append(name or username)
        rows = [ProgressRow(t.code, f"TPS {t.number:03d}", names.get(t.code, []),
                            {o: by_tps.get(t.pk, Counter()).get(o, 0) for o in OUTCOMES}) for t in tps]
        if by_tps.get(None):
            rows.append(ProgressRow("", "", [], {o: by_tps[None].get(o, 0) for o in OUTCOMES}))
        return rows
    desa = list(Region.objects.filter(level=Level.DESA).in_region(region.code).order_by("code"))
    by_desa: dict[str, Counter[str]] = {}
    for code, outcome, n in (Voter.objects.filter(election=election).in_region(region.code)
                             .values_list("desa_code", "coklit").annotate(n=Count("id"))
                             .values_list("desa_code", "coklit", "n")):
        by_desa.setdefault(code, Counter())[outcome] += n
    return [ProgressRow(d.code, d.name, [], {o: by_desa.get(d.code, Counter()).get(o, 0) for o in OUTCOMES})
            for d in desa]


def totals(rows: list[ProgressRow]) -> ProgressRow:
    out = ProgressRow("", "", [], {o: 0 for o in OUTCOMES})
    for r in rows:
        for o, n in r.counts.items():
            out.counts[o] += n
    return out
