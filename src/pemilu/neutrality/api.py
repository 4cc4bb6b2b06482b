from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from pemilu.accounts.permissions import ensure_can
from pemilu.core.bounds import LONG_TEXT_MAX
from pemilu.core.exceptions import DomainError
from pemilu.elections.models import Election
from pemilu.neutrality import actions, findings, queries, rules
from pemilu.neutrality.models import Case

router = Router(tags=["netralitas"])


class RouteOut(Schema):
    destination: str
    citation: str


class SanctionTypeOut(Schema):
    code: str
    level: str
    label: str


class RegimeOut(Schema):
    regime: str
    track: str
    citation: str
    types: list[SanctionTypeOut]


class CaseOut(Schema):
    id: int
    number: str
    election: str
    region_code: str
    category: str
    source: str
    status: str
    suspect_name: str
    suspect_nip: str
    suspect_employment: str
    suspect_role: str
    event_date: datetime.date
    known_on: datetime.date
    received_on: datetime.date
    registered_on: datetime.date | None
    extended: bool
    decision: str
    breach: str
    decided_on: datetime.date | None
    referred_to: str
    referred_to_label: str
    sanction_track: str
    sanction_level: str
    sanction_type: str
    due: datetime.date | None
    reports: int
    referral_routes: list[RouteOut]
    sanction_rules: list[RegimeOut]

    @staticmethod
    def resolve_referred_to_label(obj: Case) -> str:
        return str(obj.get_referred_to_display()) if obj.referred_to else ""

    @staticmethod
    def resolve_referral_routes(obj: Case) -> list[dict[str, str]]:
        return [{"destination": r.destination.value, "citation": r.citation}
                for r in rules.referral_routes(obj.suspect_employment, obj.suspect_role)]

    @staticmethod
    def resolve_sanction_rules(obj: Case) -> list[dict[str, object]]:
        found = queries.sanction_rules(obj)
        return [{"regime": r.key, "track": r.track.value, "citation": r.citation,
                 "types": [{"code": t.code, "level": t.level.value, "label": str(t.label)} for t in r.types]}
                for r in found.regimes]

    @staticmethod
    def resolve_region_code(obj: Case) -> str:
        return obj.region_id

    @staticmethod
    def resolve_election(obj: Case) -> str:
        return obj.election.code

    @staticmethod
    def resolve_due(obj: Case) -> datetime.date | None:
        return actions.deadline_of(obj, actions.rules_for(obj.election))

    @staticmethod
    def resolve_reports(obj: Case) -> int:
        return obj.reports.count()


class TransitionIn(Schema):
    action: str = Field(..., max_length=20)  # register, reject, examine, extend, decide, suspect, refer, outcome
    note: str = Field("", max_length=LONG_TEXT_MAX)
    reason: str = Field("", max_length=LONG_TEXT_MAX)
    decision: str = Field("", max_length=40)
    breach: str = Field("", max_length=40)
    employment: str = Field("", max_length=20)  # suspect: pns, pppk, non_asn_apbn, non_asn_apbd, none
    role: str = Field("", max_length=20)        # suspect: "", organiser, adhoc
    referred_to: str = Field("", max_length=40)
    track: str = Field("disiplin", max_length=20)  # outcome: disiplin (PP 94/2021; PPPK PP 49/2018), etik (PP 42/2004)
    sanction_level: str = Field("", max_length=40)
    sanction_type: str = Field("", max_length=40)


class FindingIn(Schema):
    election: str
    region_code: str
    category: str
    description: str
    event_date: datetime.date
    found_on: datetime.date
    place: str
    suspect_name: str = ""
    suspect_nip: str = ""
    suspect_agency: str = ""
    suspect_employment: str = ""
    suspect_role: str = ""
    links: list[str] = []


class StatOut(Schema):
    key: str
    label: str
    reports: int
    cases: int
    proven: int
    referred: int
    sanctions: int
    median_days: float | None


class StatsOut(Schema):
    by_region: list[StatOut]
    by_agency: list[StatOut]
    total: StatOut


def _cases(request: HttpRequest):  # type: ignore[no-untyped-def]
    return queries.for_action(Case.objects.all(), request.user, "neutrality.handle").select_related("election")


@router.get("/neutrality/cases", response=list[CaseOut], summary="Cases you handle (reporter identity never included)")
def list_cases(request: HttpRequest, election: str = "", status: str = "") -> list[Case]:
    qs = _cases(request)
    if election:
        qs = qs.filter(election__code=election)
    if status:
        qs = qs.filter(status=status)
    return list(qs[:500])


@router.get("/neutrality/cases/{case_id}", response=CaseOut)
def get_case(request: HttpRequest, case_id: int) -> Case:
    case: Case = get_object_or_404(Case.objects.visible_to(request.user).select_related("election"), pk=case_id)
    ensure_can(request.user, "neutrality.handle", case)
    return case


@router.post("/neutrality/cases/{case_id}/transition", response=CaseOut)
def transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> Case:
    case = get_case(request, case_id)
    user = request.user
    a = payload.action
    if a == "register":
        return actions.do_register_case(case, actor=user, note=payload.note)
    if a == "reject":
        return actions.do_reject_case(case, payload.reason, actor=user, note=payload.note)
    if a == "examine":
        return actions.do_examine_case(case, actor=user, note=payload.note)
    if a == "extend":
        return actions.do_extend_case(case, actor=user, reason=payload.reason)
    if a == "decide":
        return actions.do_decide_case(case, payload.decision, actor=user, note=payload.note, breach=payload.breach)
    if a == "suspect":
        return actions.do_set_suspect(case, actor=user, employment=payload.employment, role=payload.role,
                                      note=payload.note)
    if a == "refer":
        return actions.do_refer_case(case, payload.referred_to, actor=user, note=payload.note)
    if a == "outcome":
        return actions.do_record_outcome(case, actor=user, sanction_level=payload.sanction_level,
                                         sanction_type=payload.sanction_type, note=payload.note,
                                         track=payload.track, breach=payload.breach)
    raise DomainError(f"unknown action: {a}")


@router.post("/neutrality/findings", response=CaseOut, summary="Set a temuan (Bawaslu's own finding)")
def record_finding(request: HttpRequest, payload: FindingIn) -> Case:
    election = get_object_or_404(Election, code=payload.election)
    data = findings.FindingData(
        election=election, region_code=payload.region_code, category=payload.category,
        description=payload.description, event_date=payload.event_date, found_on=payload.found_on,
        place=payload.place, suspect_name=payload.suspect_name, suspect_nip=payload.suspect_nip,
        suspect_agency=payload.suspect_agency, suspect_employment=payload.suspect_employment,
        suspect_role=payload.suspect_role, links=payload.links)
    return findings.do_record_finding(data, actor=request.user)


@router.get("/neutrality/stats", response=StatsOut)
def stats(request: HttpRequest, election: str = "") -> dict[str, object]:
    qs = Election.objects.all()
    chosen = get_object_or_404(qs, code=election) if election else qs.first()
    if chosen is None:
        raise DomainError("no election")
    by_region, by_agency, total = queries.statistics(request.user, chosen)
    return {"by_region": by_region, "by_agency": by_agency, "total": total}
