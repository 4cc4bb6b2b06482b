"""The checks of a stored list (issue 23 items 2–3), read from the database and judged by the
pure rules (``rules.py``): the list rules in force on a day, a NIK on another list of the election
(any party, dapil or level: blocks), a name on another list (a warning only: common names), and the
sex recorded against the NIK's encoding (recorded at submission as finding ``N05``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pemilu.candidacy import rules
from pemilu.candidacy.models import Candidate, CandidateList
from pemilu.core.exceptions import Blocker
from pemilu.core.models import Sex

SEX_FINDING = "N05"


def party_list(lst: CandidateList, candidates: list[Candidate] | None = None) -> rules.PartyList:
    cands = candidates if candidates is not None else list(lst.candidates.order_by("number"))
    return rules.PartyList(
        dapil=f"{lst.dapil.code} {lst.dapil.name}", party=lst.party.abbr, seats=lst.dapil.seats or 0,
        candidates=tuple(rules.Candidate(c.number, c.name, c.sex == Sex.FEMALE) for c in cands),
        party_no=lst.party.ballot_no)


def rule_check(lst: CandidateList, on: datetime.date, candidates: list[Candidate] | None = None) -> rules.ListCheck:
    """The list against the rule versions in force on ``on`` (``data/rules.json``)."""
    return rules.check_list(party_list(lst, candidates), rules.select_rules(rules.load_rules(), on))


@dataclass(frozen=True)
class CrossListHit:
    number: int  # nomor urut on this list
    name: str
    other: str  # the other list, in words (level, dapil, party, nomor urut)


def _other(c: Candidate) -> str:
    o = c.candidate_list
    return _("{level} dapil {dapil}, {party} no. {number}").format(
        level=o.get_level_display(), dapil=o.dapil.code, party=o.party.abbr, number=c.number)


def nik_conflicts(lst: CandidateList) -> list[CrossListHit]:
    """Candidates whose NIK (keyed hash) is on another list of the same election: one person stands
    on one list of one level only (UU 7/2017 Pasal 240 ayat (1) huruf n)."""
    mine = {c.nik_hash: c for c in lst.candidates.all()}
    others = (Candidate.objects.filter(candidate_list__election_id=lst.election_id, nik_hash__in=list(mine))
              .exclude(candidate_list=lst).select_related("candidate_list__dapil", "candidate_list__party")
              .order_by("candidate_list_id", "number"))
    return sorted((CrossListHit(mine[o.nik_hash].number, mine[o.nik_hash].name, _other(o)) for o in others),
                  key=lambda h: h.number)


def shared_names(lst: CandidateList) -> list[CrossListHit]:
    """Candidates whose name (``rules.name_key``) is on another list with another NIK: a warning."""
    mine = {c.name_key: c for c in lst.candidates.all() if c.name_key}
    others = (Candidate.objects.filter(candidate_list__election_id=lst.election_id, name_key__in=list(mine))
              .exclude(candidate_list=lst).select_related("candidate_list__dapil", "candidate_list__party")
              .order_by("candidate_list_id", "number"))
    return sorted((CrossListHit(mine[o.name_key].number, mine[o.name_key].name, _other(o)) for o in others
                   if o.nik_hash != mine[o.name_key].nik_hash), key=lambda h: h.number)


def sex_findings(lst: CandidateList) -> list[Candidate]:
    return [c for c in lst.candidates.order_by("number") if SEX_FINDING in c.findings.split()]


def dct_blockers(lst: CandidateList, on: datetime.date) -> list[Blocker]:
    """Why the list cannot be set in the DCT on ``on``: each rule broken (the message names dapil,
    party, seats, women present and needed), each NIK on another list, each sex against its NIK."""
    blockers = [Blocker(f.code, f.message) for f in rule_check(lst, on).findings]
    if not lst.candidates.exists():
        blockers.append(Blocker("empty", _("daftar tanpa calon")))
    for hit in nik_conflicts(lst):
        blockers.append(Blocker("nik_on_two_lists", _(
            "NIK calon no. {number} ({name}) juga terdaftar di {other}: satu orang hanya pada satu daftar calon")
            .format(number=hit.number, name=hit.name, other=hit.other)))
    for c in sex_findings(lst):
        blockers.append(Blocker("sex_nik", _(
            "jenis kelamin calon no. {number} ({name}) berbeda dengan NIK-nya (tanggal lahir + 40 untuk perempuan); "
            "perbaiki daftar dulu").format(number=c.number, name=c.name)))
    return blockers
