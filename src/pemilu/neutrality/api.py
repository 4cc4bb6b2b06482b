from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pemilu.accounts.permissions import ensure_can
from pemilu.core.exceptions import DomainError
from pemilu.elections.models import Election
from pemilu.neutrality import actions, queries
from pemilu.neutrality.models import Case

router = Router(tags=["netralitas"])


class CaseOut(Schema):
    id: int
    number: str
    election: str
    region_code: str
    category: str
    status: str
    suspect_name: str
    suspect_nip: str
    event_date: datetime.date
    known_on: datetime.date
    received_on: datetime.date
    registered_on: datetime.date | None
    extended: bool
    decision: str
    decided_on: datetime.date | None
    referred_to: str
    sanction_level: str
    sanction_type: str
    due: datetime.date | None
    reports: int

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
    action: str  # register, reject, examine, extend, decide, refer, outcome
    note: str = ""
    reason: str = ""
    decision: str = ""
    referred_to: str = ""
    sanction_level: str = ""
    sanction_type: str = ""


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
        return actions.do_decide_case(case, payload.decision, actor=user, note=payload.note)
    if a == "refer":
        return actions.do_refer_case(case, payload.referred_to, actor=user, note=payload.note)
    if a == "outcome":
        return actions.do_record_outcome(case, actor=user, sanction_level=payload.sanction_level,
                                         sanction_type=payload.sanction_type, note=payload.note)
    raise DomainError(f"unknown action: {a}")


@router.get("/neutrality/stats", response=StatsOut)
def stats(request: HttpRequest, election: str = "") -> dict[str, object]:
    qs = Election.objects.all()
    chosen = get_object_or_404(qs, code=election) if election else qs.first()
    if chosen is None:
        raise DomainError("no election")
    by_region, by_agency, total = queries.statistics(request.user, chosen)
    return {"by_region": by_region, "by_agency": by_agency, "total": total}
