"""The KPU decision setting a contest's seats and elected candidates (penetapan perolehan kursi dan
calon terpilih; issue 21 item 7), and the replacement of an elected member (PAW, UU 7/2017 Pasal
426: the next candidate of the same party list in the same dapil).

* ``do_publish_decree(run, *, actor, number, decided_on=None, reason="") -> Decree`` — from a run
  computed from the locked recap (``from_recap``), while every plenary it read is still locked as
  it was; one decree per contest; the members are the run's elected candidates, each tied to the
  ballot's ``results.BallotCandidate``. Public from then on (pages, PDF, XLSX; ``decree_exports``).
* ``do_replace_member(member, *, actor, cause, ended_on, reason) -> ElectedMember`` — PAW.
* ``member_votes(member)`` — the member's votes per kecamatan, from the contest's running totals.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import Blocker, ConflictError, DomainError, TransitionBlocked
from pemilu.regions.timezones import local_day
from pemilu.results.models import BallotCandidate
from pemilu.seats import from_recap, rules
from pemilu.seats.models import (
    AllocationRun,
    Decree,
    ElectedMember,
    EndCause,
    MemberStatus,
    RunSource,
    RunStatus,
    SeatContestKind,
)

K = SeatContestKind
DISTRICT_OF_KIND: dict[str, str] = {K.DPR: "dapil_dpr", K.DPRD_PROV: "dapil_prov", K.DPRD_KABKOTA: "dapil_kab",
                                    K.DPD: "province"}


def decree_blockers(run: AllocationRun) -> list[Blocker]:
    """Why ``run`` cannot be decreed (empty: it can): it must come from the locked recap, have no
    open tie, and every plenary it read must still be locked as it was when the seats were
    computed (a plenary reopened since may have changed the votes)."""
    from pemilu.results.models import Plenary, PlenaryStatus

    found: list[Blocker] = []
    if run.source != RunSource.RECAP:
        found.append(Blocker("not_from_recap", _("Penghitungan dari berkas tidak dapat ditetapkan; hitung dari "
                                                 "rekapitulasi yang dikunci.")))
    if run.status != RunStatus.COMPLETE:
        found.append(Blocker("open_tie", _("Masih ada seri yang belum diselesaikan.")))
    recorded = {p["plenary"]: p["locked_at"] for p in run.recap.get("plenaries", [])}
    now = {pk: (status, locked_at) for pk, status, locked_at in
           Plenary.objects.filter(pk__in=[pk for pk in recorded if pk]).values_list("pk", "status", "locked_at")}
    for pk, locked_at in recorded.items():
        status, current = now.get(pk, (None, None))
        if status != PlenaryStatus.LOCKED or current is None or current.isoformat() != locked_at:
            found.append(Blocker("recap_changed", _("Rapat pleno yang menjadi dasar penghitungan ini telah dibuka "
                                                    "kembali; hitung ulang dari rekapitulasi yang dikunci.")))
            break
    return found


def _candidates(run: AllocationRun) -> dict[tuple[str, int, int], BallotCandidate]:
    """The ballot's candidates of the run's dapil: (dapil code, party ballot no. or 0, nomor urut) → Candidate."""
    codes = [d["code"] for d in run.inputs.get("dapils", [])]
    rows = BallotCandidate.objects.filter(election=run.election, dapil__district=DISTRICT_OF_KIND[run.contest_kind],
                                    dapil__code__in=codes).select_related("dapil", "party")
    return {(c.dapil.code, c.party.ballot_no if c.party else 0, c.number): c for c in rows}


def _party_no(run: AllocationRun, party: str) -> int:
    return 0 if run.contest_kind == K.DPD else int(run.recap.get("parties", {}).get(party, 0))


@transaction.atomic
def do_publish_decree(run: AllocationRun, *, actor: User, number: str, decided_on: datetime.date | None = None,
                      reason: str = "") -> Decree:
    """Publish the KPU decision of ``run``'s contest: seats per party and the elected candidates.
    Permission ``seats.decree`` at the run's region (KPU Kab/Kota for its DPRD, KPU for DPR/DPD);
    audited ``seats.decree_published``. Refused (409) when the run cannot be decreed
    (``decree_blockers``) or the contest already has a decree."""
    ensure_can(actor, "seats.decree", run.region_code)
    number = number.strip()
    if not number:
        raise DomainError(_("Nomor keputusan wajib diisi."))
    run = AllocationRun.objects.select_for_update().select_related("election").get(pk=run.pk)
    blockers = decree_blockers(run)
    if blockers:
        raise TransitionBlocked(blockers)
    if Decree.objects.filter(election=run.election, contest_kind=run.contest_kind,
                             region_code=run.region_code).exists():
        raise ConflictError(_("Kontestasi ini sudah memiliki keputusan penetapan."))
    decree = Decree.objects.create(run=run, election=run.election, contest_kind=run.contest_kind,
                                   region_code=run.region_code, number=number[:100],
                                   decided_on=decided_on or local_day(run.region_code), published_by=actor)
    ballot = _candidates(run)
    members = []
    for row in from_recap.elected(run):
        cand = ballot.get((row.dapil_code, _party_no(run, row.party), row.ballot_no))
        members.append(ElectedMember(
            decree=decree, dapil_code=row.dapil_code, dapil_name=row.dapil_name, party=row.party,
            seat_number=row.seat_number, rank=row.rank, candidate=cand, name=row.name, ballot_no=row.ballot_no,
            sex=cand.sex if cand else "", votes=row.votes))
    ElectedMember.objects.bulk_create(members)
    record_event("seats.decree_published", actor=actor, region_code=run.region_code, target=decree, reason=reason,
                 after={"number": decree.number, "decided_on": decree.decided_on.isoformat(), "run": run.pk,
                        "input_hash": run.input_hash, "seats": run.national.get("seats", {}),
                        "members": len(members)})
    return decree


def ranking(run: AllocationRun, dapil_code: str, party: str) -> list[rules.Candidate]:
    """Every candidate of ``party``'s list in the dapil, ranked as seats are given (most votes,
    then the wider spread computed from the TPS forms, a woman, the smaller nomor urut)."""
    rows = [r for r in run.inputs.get("candidates", []) if r[0] == dapil_code and r[1] == party]
    cands = [rules.Candidate(r[2], int(r[3]), int(r[4]), r[5], tuple(r[6]) if isinstance(r[6], list) else r[6])
             for r in rows]
    result = rules.assign_candidates(cands, len(cands))
    if result.needs_resolution and result.tie_rule == "spread":
        contest = from_recap.contest_of(run, dapil_code)
        if contest is None:
            return list(result.elected)
        keys = {c.ballot_no: from_recap.choice_key(run.contest_kind, _party_no(run, party), c.ballot_no)
                for c in cands}
        spread = from_recap.spreads(contest.pk, list(keys.values()), from_recap.SPREAD_TIERS[run.contest_kind])
        cands = [rules.Candidate(c.name, c.ballot_no, c.votes, c.sex, spread[keys[c.ballot_no]]) for c in cands]
        result = rules.assign_candidates(cands, len(cands))
    return list(result.elected)


def next_candidate(member: ElectedMember) -> rules.Candidate | None:
    """The replacement of ``member``: the best-ranked candidate of the same list and dapil who has
    never held one of the decree's seats."""
    taken = set(ElectedMember.objects.filter(decree_id=member.decree_id, dapil_code=member.dapil_code,
                                             party=member.party).values_list("ballot_no", flat=True))
    return next((c for c in ranking(member.decree.run, member.dapil_code, member.party) if c.ballot_no not in taken),
                None)


@transaction.atomic
def do_replace_member(member: ElectedMember, *, actor: User, cause: str, ended_on: datetime.date,
                      reason: str) -> ElectedMember:
    """PAW: ``member`` leaves (death, resignation, …; UU 7/2017 Pasal 426 ayat (1)) and the next
    candidate of the same party list in the same dapil takes the seat (ayat (3)). Permission
    ``seats.replace`` at the decree's region; audited ``seats.member_replaced``."""
    ensure_can(actor, "seats.replace", member.decree.region_code)
    if cause not in EndCause.values:
        raise DomainError(_("Sebab penggantian tidak dikenal."))
    if not reason.strip():
        raise DomainError(_("Penggantian wajib disertai keterangan (mis. nomor surat)."))
    member = ElectedMember.objects.select_for_update().select_related("decree__run").get(pk=member.pk)
    if member.status != MemberStatus.SEATED:
        raise ConflictError(_("Anggota ini sudah diganti."))
    successor = next_candidate(member)
    if successor is None:
        raise ConflictError(_("Tidak ada calon berikutnya dalam daftar {party} di dapil ini.")
                            .format(party=member.party))
    run = member.decree.run
    cand = _candidates(run).get((member.dapil_code, _party_no(run, member.party), successor.ballot_no))
    member.status, member.end_cause, member.ended_on, member.end_reason = MemberStatus.REPLACED, cause, ended_on, reason
    member.save(update_fields=["status", "end_cause", "ended_on", "end_reason"])
    new = ElectedMember.objects.create(
        decree=member.decree, dapil_code=member.dapil_code, dapil_name=member.dapil_name, party=member.party,
        seat_number=member.seat_number, rank=member.rank, candidate=cand, name=successor.name,
        ballot_no=successor.ballot_no, sex=successor.sex, votes=successor.votes, replaces=member)
    record_event("seats.member_replaced", actor=actor, region_code=member.decree.region_code, target=new,
                 reason=reason, before={"member": member.name, "ballot_no": member.ballot_no, "party": member.party,
                                        "dapil": member.dapil_code},
                 after={"member": new.name, "ballot_no": new.ballot_no, "votes": new.votes, "cause": cause,
                        "ended_on": ended_on.isoformat()})
    return new


def member_votes(members: Sequence[ElectedMember]) -> dict[int, list[tuple[str, str, int]]]:
    """Each member's votes per kecamatan of the dapil (code, name, votes), from the contest's
    kecamatan running totals (frozen by the locked plenaries below the setting level)."""
    from pemilu.regions.models import Region
    from pemilu.results.models import KecamatanTotal

    out: dict[int, list[tuple[str, str, int]]] = {}
    by_dapil: dict[str, list[ElectedMember]] = {}
    for m in members:
        by_dapil.setdefault(m.dapil_code, []).append(m)
    names: dict[str, str] = {}
    for dapil, group in by_dapil.items():
        run = group[0].decree.run
        contest = from_recap.contest_of(run, dapil)
        rows = [] if contest is None else list(KecamatanTotal.objects.filter(contest=contest).order_by("kec_code")
                                               .values_list("kec_code", "totals"))
        missing = {kec for kec, _t in rows} - set(names)
        names.update(Region.objects.filter(code__in=missing).values_list("code", "name"))
        for m in group:
            key = from_recap.choice_key(run.contest_kind, _party_no(run, m.party), m.ballot_no)
            out[m.pk] = [(kec, names.get(kec, kec), int(totals.get(key, 0) or 0)) for kec, totals in rows]
    return out
