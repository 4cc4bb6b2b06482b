"""Seats and the elected candidates from the locked recap (issue 21 items 5 and 6).

Each seat contest is set by one level, from that level's locked plenaries (PKPU 5/2024; UU 7/2017
Pasal 411–422): DPRD Kab/Kota by KPU Kab/Kota (the plenary of the kab/kota), DPRD Provinsi by
KPU Provinsi (the province's plenary), DPR and DPD by KPU (the national plenary). One
``results.Contest`` per dapil (DPD: per province) holds the ballot; its plenary at the setting
level froze the votes per choice (``"3"`` party 3's party-only votes, ``"3.5"`` its candidate 5).

Stable entry points (the national benchmark calls them; keep the signatures):

* ``read_recap(election, kind, region_code="") -> RecapSource`` — the contests, their votes
  (frozen if locked, live otherwise), seats per dapil, parties and candidates with personal votes.
* ``allocate(source, *, resolutions=()) -> ContestOutcome`` — threshold of the contest kind,
  Sainte-Laguë per dapil, elected candidates (ties: wider spread of votes computed from the TPS
  data, then a woman, then nomor urut; no votes at all: list order). No database writes.
* ``do_allocate_from_recap(election, kind, *, actor, region_code="", resolutions=(), reason="")
  -> (AllocationRun, created)`` — refuses an unlocked recap (a preview is never stored), stores
  the run with the plenaries it read (``source="recap"``) and audits ``seats.allocated``.
* ``elected(run) -> list[ElectedRow]`` — the elected candidates of a stored run, in seat order.

``kind`` is a ``SeatContestKind`` value (``"DPR"``, ``"DPRD_PROV"``, ``"DPRD_KABKOTA"``,
``"DPD"``) or its CLI spelling (``dpr``, ``dprd-prov``, ``dprd-kabkota``, ``dpd``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.core.exceptions import Blocker, DomainError, TransitionBlocked
from pemilu.core.levels import is_valid_code
from pemilu.elections.models import Election
from pemilu.seats import rules
from pemilu.seats.contest import ContestOutcome, DapilOutcome, allocate_contest, canonical_inputs, input_hash
from pemilu.seats.inputs import CandidateVotes, DapilTieResolution, DapilVotes, threshold_for
from pemilu.seats.models import AllocationRun, RunSource, SeatContestKind

if TYPE_CHECKING:
    from pemilu.results.models import Contest

K = SeatContestKind
CLI_KINDS: dict[str, str] = {"dpr": K.DPR, "dprd-prov": K.DPRD_PROV, "dprd-kabkota": K.DPRD_KABKOTA, "dpd": K.DPD}
CONTEST_PREFIX: dict[str, str] = {K.DPR: "dpr-", K.DPRD_PROV: "dprd_prov-", K.DPRD_KABKOTA: "dprd_kab-",
                                  K.DPD: "dpd-"}
# The tiers of "wider spread of votes" (PKPU 6/2024 penetapan calon terpilih): the number of
# kab/kota, then kecamatan, then desa/kelurahan of the dapil where the candidate got votes; a DPRD
# Kab/Kota dapil lies in one kab/kota, so it starts at kecamatan. Levels of the region tree.
SPREAD_TIERS: dict[str, tuple[int, ...]] = {K.DPR: (2, 3, 4), K.DPRD_PROV: (2, 3, 4), K.DPRD_KABKOTA: (3, 4),
                                            K.DPD: (2, 3, 4)}
DPD_PARTY = "DPD"  # DPD candidates stand alone; their column in a run


def contest_kind(kind: str) -> str:
    """``dprd-kabkota`` or ``DPRD_KABKOTA`` → ``DPRD_KABKOTA``; anything else is refused."""
    value = CLI_KINDS.get(kind.lower(), kind.upper())
    if value not in CONTEST_PREFIX:
        raise DomainError(_("Jenis kontestasi tidak dikenal: {kind} (dpr, dprd-prov, dprd-kabkota, dpd).")
                          .format(kind=kind[:30]))
    return value


def setting_region(kind: str, region_code: str = "") -> str:
    """The region whose plenary sets the contest and where its run is scoped: ``""`` (KPU) for
    DPR and DPD, the province for DPRD Provinsi, the kab/kota for DPRD Kab/Kota."""
    kind = contest_kind(kind)
    if kind in (K.DPR, K.DPD):
        return ""
    level = 1 if kind == K.DPRD_PROV else 2
    if not is_valid_code(region_code, level):
        raise DomainError(_("{kind} ditetapkan per {level}: sebutkan kode wilayahnya (--region).").format(
            kind=K(kind).label, level=_("provinsi") if level == 1 else _("kabupaten/kota")))
    return region_code


@dataclass(frozen=True)
class RecapContest:
    """One dapil's (DPD: province's) contest as the setting level's plenary holds it."""

    contest_id: int
    code: str
    dapil_code: str
    dapil_name: str
    seats: int | None
    plenary_id: int | None
    locked_at: datetime.datetime | None
    votes: dict[str, int]  # choice key → votes: frozen by the lock, else the live recap

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


@dataclass
class RecapSource:
    """What ``allocate`` reads: the contests of one seat contest at its setting level."""

    election: Election
    kind: str
    region_code: str  # the setting region ("" = KPU)
    contests: list[RecapContest]
    parties: dict[str, int]  # party code (abbreviation, upper case) → ballot number
    candidates: list[CandidateVotes]
    choice_of: dict[tuple[str, str, int], str] = field(default_factory=dict)  # (dapil, party, no.) → key

    @property
    def unlocked(self) -> list[RecapContest]:
        return [c for c in self.contests if not c.locked]

    @property
    def preview(self) -> bool:
        """Not every contest's plenary is locked: the figures may still change, so the result is
        only a preview — shown marked as such, never stored, never public."""
        return not self.contests or bool(self.unlocked)

    def dapils(self) -> list[DapilVotes]:
        out = []
        for i, c in enumerate(self.contests, start=1):
            if self.kind == K.DPD:
                out.append(DapilVotes(c.dapil_code, c.dapil_name, rules.DPD_SEATS_PER_PROVINCE, {}, i))
                continue
            votes = dict.fromkeys(self.parties, 0)
            number_to_party = {n: p for p, n in self.parties.items()}
            for key, n in c.votes.items():
                party = number_to_party.get(int(key.split(".", 1)[0])) if key[:1].isdigit() else None
                if party is not None:
                    votes[party] += int(n)
            out.append(DapilVotes(c.dapil_code, c.dapil_name, c.seats or 0, votes, i))
        return out

    def record(self) -> dict[str, Any]:
        """What a stored run keeps of its source (and hashes): each plenary read, the parties."""
        return {"level": self.region_code, "parties": self.parties, "plenaries": [
            {"contest": c.code, "plenary": c.plenary_id, "locked_at": c.locked_at.isoformat() if c.locked_at else None}
            for c in self.contests]}

    def blockers(self) -> list[Blocker]:
        found = [Blocker("recap_open", _("Rekapitulasi {contest} di tingkat penetapan belum dikunci.")
                         .format(contest=c.dapil_name or c.code)) for c in self.unlocked[:20]]
        if len(self.unlocked) > 20:
            found.append(Blocker("recap_open", _("… dan {n} lainnya.").format(n=len(self.unlocked) - 20)))
        if not self.contests:
            found.append(Blocker("no_contest", _("Belum ada pemilihan {kind} di wilayah ini.")
                                 .format(kind=K(self.kind).label)))
        found += [Blocker("dapil_seats", _("Dapil {code} belum memiliki jumlah kursi (impor peta dapil dengan kolom "
                                           "kursi).").format(code=c.dapil_code))
                  for c in self.contests if self.kind != K.DPD and not c.seats]
        return found


def _contests(election: Election, kind: str, region_code: str) -> list[Any]:
    from pemilu.results.models import Contest

    prefix = CONTEST_PREFIX[kind]
    qs = Contest.objects.filter(election=election, code__startswith=prefix).select_related("dapil")
    if kind in (K.DPRD_PROV, K.DPRD_KABKOTA):
        qs = qs.filter(code__startswith=prefix + region_code.replace(".", ""))
    elif kind == K.DPD and region_code:
        qs = qs.filter(code=prefix + region_code[:2])
    return list(qs.order_by("code"))


def read_recap(election: Election, kind: str, region_code: str = "") -> RecapSource:
    """The seat contest ``kind`` as its setting level's plenaries hold it (see the module doc).
    DPR is always read nationally (its threshold is on national valid votes); DPD may be read
    for one province (``region_code``)."""
    from pemilu.results import queries
    from pemilu.results.models import BallotCandidate, Plenary, PlenaryStatus

    kind = contest_kind(kind)
    setter = setting_region(kind, region_code)
    contests = _contests(election, kind, region_code if kind == K.DPD else setter)
    plenaries = {p.contest_id: p for p in Plenary.objects.filter(contest__in=contests, region_code=setter)}
    sexes = {(d, party or 0, n): s for d, party, n, s in BallotCandidate.objects.filter(
        dapil_id__in=[c.dapil_id for c in contests if c.dapil_id]).values_list(
        "dapil__code", "party__ballot_no", "number", "sex")}
    parties: dict[str, int] = {}
    out: list[RecapContest] = []
    candidates: list[CandidateVotes] = []
    choice_of: dict[tuple[str, str, int], str] = {}
    for contest in contests:
        plenary = plenaries.get(contest.pk)
        locked = plenary is not None and plenary.status == PlenaryStatus.LOCKED
        figures = plenary.frozen if plenary is not None and locked else queries.totals(contest, setter)
        votes = {k: int(v) for k, v in figures["votes"].items()}
        dapil_code = contest.dapil.code if contest.dapil else contest.prov_code
        name = contest.dapil.name if contest.dapil else contest.name
        out.append(RecapContest(contest.pk, contest.code, dapil_code, name,
                                contest.dapil.seats if contest.dapil else None, plenary.pk if plenary else None,
                                plenary.locked_at if locked and plenary else None, votes))
        labels = {int(c["key"]): str(c["label"]).upper() for c in contest.choices if "." not in str(c["key"])}
        if kind != K.DPD:
            for number, label in labels.items():
                parties.setdefault(label, number)
        for choice in contest.choices:
            key = str(choice["key"])
            if kind == K.DPD:
                party, number = DPD_PARTY, int(key)
            elif "." in key:
                p, n = key.split(".", 1)
                party, number = labels.get(int(p), p), int(n)
            else:
                continue
            sex = sexes.get((dapil_code, 0 if kind == K.DPD else int(key.split(".", 1)[0]), number), "")
            candidates.append(CandidateVotes(dapil_code, party, str(choice["label"]), number, votes.get(key, 0), sex))
            choice_of[(dapil_code, party, number)] = key
    parties = dict(sorted(parties.items(), key=lambda kv: kv[1]))
    return RecapSource(election, kind, setter, out, parties, candidates, choice_of)


# --- allocation ----------------------------------------------------------------------------

def spreads(contest_id: int, keys: Sequence[str], tiers: Sequence[int]) -> dict[str, tuple[int, ...]]:
    """For each choice key, the number of regions at each tier (2 kab/kota, 3 kecamatan, 4
    desa/kelurahan) where it got votes, from the accepted TPS forms (kab/kota and kecamatan
    through the kecamatan running totals, desa through the forms themselves)."""
    from pemilu.results.models import KecamatanTotal, Result, ResultStatus

    found: dict[str, dict[int, set[str]]] = {k: {t: set() for t in tiers} for k in keys}
    if 2 in tiers or 3 in tiers:
        for kec, kab, totals in KecamatanTotal.objects.filter(contest_id=contest_id).values_list(
                "kec_code", "kab_code", "totals"):
            for k in keys:
                if int(totals.get(k, 0) or 0) > 0:
                    for tier, code in ((2, kab), (3, kec)):
                        if tier in found[k]:
                            found[k][tier].add(code)
    if 4 in tiers:
        counted = Result.objects.filter(contest_id=contest_id, status=ResultStatus.ACCEPTED,
                                        current__suara_sah__isnull=False, current__suara_tidak_sah__isnull=False)
        for desa, votes in counted.values_list("desa_code", "current__votes").iterator():
            for k in keys:
                if int((votes or {}).get(k, 0) or 0) > 0:
                    found[k][4].add(desa)
    return {k: tuple(len(found[k][t]) for t in tiers) for k in keys}


def _with_spreads(source: RecapSource, outcome: ContestOutcome) -> list[CandidateVotes] | None:
    """The candidates with their spread filled in where a tie for a seat needs it (None: no such
    tie). Only tied candidates are counted: the desa tier reads the dapil's forms."""
    wanted: dict[str, list[str]] = {}  # dapil → choice keys
    for d in outcome.dapils:
        for party, tie in d.candidate_ties.items():
            if tie.tie_rule == "spread":
                wanted.setdefault(d.dapil.code, []).extend(
                    source.choice_of[(d.dapil.code, party, c.ballot_no)] for c in tie.tie)
    if not wanted:
        return None
    contest_of = {c.dapil_code: c.contest_id for c in source.contests}
    filled: dict[tuple[str, str], tuple[int, ...]] = {}
    for dapil, keys in wanted.items():
        for key, spread in spreads(contest_of[dapil], keys, SPREAD_TIERS[source.kind]).items():
            filled[(dapil, key)] = spread
    return [CandidateVotes(c.dapil, c.party, c.name, c.ballot_no, c.votes, c.sex,
                           filled.get((c.dapil, source.choice_of[(c.dapil, c.party, c.ballot_no)]), c.spread))
            for c in source.candidates]


def _dpd(source: RecapSource) -> ContestOutcome:
    """DPD: the four candidates with the most votes per province (UU 7/2017 Pasal 423), ties by the
    same chain as party lists (spread, woman, nomor urut)."""
    dapils = source.dapils()
    payload = canonical_inputs(dapils, threshold=0, national_votes=None, divisor="none", tie_rules=(),
                               resolutions=(), candidates=source.candidates)
    outcomes = []
    threshold = rules.apply_threshold({}, 0)
    for d in dapils:
        cands = [rules.Candidate(c.name, c.ballot_no, c.votes, c.sex, c.spread)
                 for c in source.candidates if c.dapil == d.code]
        assignment = rules.assign_candidates(cands, d.seats)
        outcome = DapilOutcome(d, rules.allocate({DPD_PARTY: 1}, d.seats), (DPD_PARTY,))
        outcome.elected[DPD_PARTY] = list(assignment.elected)
        if assignment.needs_resolution:
            outcome.candidate_ties[DPD_PARTY] = assignment
        outcomes.append(outcome)
    return ContestOutcome(threshold, outcomes, payload, input_hash(payload))


def allocate(source: RecapSource, *, resolutions: Sequence[DapilTieResolution] = ()) -> ContestOutcome:
    """Seats and elected candidates of ``source``. The threshold is the contest kind's (UU 7/2017
    Pasal 414: DPR 4 % of the national valid votes — the sum over every DPR dapil — DPRD none),
    never the caller's. Recorded party-tie resolutions (lots) may be passed; nothing is random."""
    if source.kind == K.DPD:
        outcome = _dpd(source)
        filled = _with_spreads(source, outcome)
        if filled is not None:
            source = RecapSource(source.election, source.kind, source.region_code, source.contests, source.parties,
                                 filled, source.choice_of)
            outcome = _dpd(source)
        return outcome
    dapils = source.dapils()
    threshold = threshold_for(source.kind)
    outcome = allocate_contest(dapils, threshold=threshold, resolutions=resolutions, candidates=source.candidates)
    filled = _with_spreads(source, outcome)
    if filled is not None:
        outcome = allocate_contest(dapils, threshold=threshold, resolutions=resolutions, candidates=filled)
    return outcome


def do_allocate_from_recap(election: Election, kind: str, *, actor: User, region_code: str = "",
                           resolutions: Sequence[DapilTieResolution] = (), reason: str = "",
                           ) -> tuple[AllocationRun, bool]:
    """Store the seats (and elected candidates) of a seat contest from its locked recap; returns
    (run, created). Refused (``TransitionBlocked``) while any contest's plenary at the setting level
    is open, or a dapil has no seat count: a result from an unlocked recap stays a preview.
    Permission ``seats.allocate`` at the setting region; audited ``seats.allocated``."""
    from pemilu.accounts.permissions import ensure_can
    from pemilu.seats.actions import do_allocate_seats

    kind = contest_kind(kind)
    setter = setting_region(kind, region_code)
    ensure_can(actor, "seats.allocate", setter)
    source = read_recap(election, kind, setter)
    blockers = source.blockers()
    if blockers:
        raise TransitionBlocked(blockers)
    outcome = allocate(source, resolutions=resolutions)
    return do_allocate_seats(
        election, source.dapils(), actor=actor, contest_kind=kind, region_code=setter, resolutions=resolutions,
        candidates=source.candidates, reason=reason, source=RunSource.RECAP, recap=source.record(),
        outcome=outcome)


@dataclass(frozen=True)
class ElectedRow:
    dapil_code: str
    dapil_name: str
    party: str
    rank: int  # 1 = the party's first seat in the dapil
    seat_number: int  # the dapil seat (Sainte-Laguë order) this member takes; DPD: the rank
    name: str
    ballot_no: int
    votes: int


def elected(run: AllocationRun) -> list[ElectedRow]:
    """The elected candidates of a stored run: per dapil, in the order the seats were won (each
    party's k-th seat goes to its k-th ranked candidate; DPD: one "party", its four in rank order)."""
    rows: list[ElectedRow] = []
    for d in run.dapils.all().order_by("position"):
        taken: dict[str, int] = {}
        for number, (party, _v, _d, _r) in enumerate(d.seat_order, start=1):
            k = taken.get(party, 0)
            taken[party] = k + 1
            people = d.elected.get(party, [])
            if k < len(people):
                name, ballot_no, votes = people[k][:3]
                rows.append(ElectedRow(d.code, d.name, party, k + 1, number, name, int(ballot_no), int(votes)))
    return rows


def choice_key(kind: str, party_no: int, ballot_no: int) -> str:
    """The ballot key of a candidate: ``"3.5"`` (party 3, nomor urut 5); DPD ``"5"``."""
    return str(ballot_no) if contest_kind(kind) == K.DPD else f"{party_no}.{ballot_no}"


def contest_of(run: AllocationRun, dapil_code: str) -> Contest | None:
    """The ``results.Contest`` of one dapil (DPD: province) of a run (None for a file run's dapil)."""
    from pemilu.results.models import Contest

    return Contest.objects.filter(election_id=run.election_id,
                                  code=CONTEST_PREFIX[contest_kind(run.contest_kind)] + dapil_code).first()


def seat_rows(outcome: ContestOutcome) -> list[dict[str, Any]]:
    """Per dapil, per taking part party: votes, ``seats_won`` and the elected candidates — the one
    shape the recap page, ``pemilu seats from-recap`` and the API print."""
    return [{
        "code": d.dapil.code, "name": d.dapil.name, "seats": d.dapil.seats,
        "parties": [{"party": p, "votes": int(d.dapil.votes.get(p, 0)), "seats_won": int(d.allocation.seats.get(p, 0)),
                     "elected": [{"name": c.name, "ballot_no": c.ballot_no, "votes": c.votes}
                                 for c in d.elected.get(p, [])]} for p in d.eligible],
    } for d in outcome.dapils]
