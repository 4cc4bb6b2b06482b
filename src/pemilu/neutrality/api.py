from __future__ import annotations

import datetime
from enum import StrEnum

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import LONG_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.neutrality import actions, findings, queries, rules
from pemilu.neutrality.intake import FindingIn
from pemilu.neutrality.models import Case, CaseDecision, CaseStatus, Report
from pemilu.neutrality.sanctions import Breach, Destination, Employment, OrganiserRole, SanctionGrade, Track

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


_CASE_FIELDS = ("id", "number", "category", "source", "status", "suspect_name", "suspect_nip", "suspect_employment",
                "suspect_role", "event_date", "known_on", "received_on", "registered_on", "extended", "decision",
                "breach", "decided_on", "referred_to", "sanction_track", "sanction_level", "sanction_type")


def _case_out(case: Case, *, due: datetime.date | None, reports: int) -> dict[str, object]:
    """One case as the API shows it; ``due`` and ``reports`` are computed by the caller, once per
    page for a list (no query per case)."""
    found = queries.sanction_rules(case)
    return {
        **{name: getattr(case, name) for name in _CASE_FIELDS},
        "election": case.election.code, "region_code": case.region_id, "due": due, "reports": reports,
        "referred_to_label": str(case.get_referred_to_display()) if case.referred_to else "",
        "referral_routes": [{"destination": r.destination.value, "citation": r.citation}
                            for r in rules.referral_routes(case.suspect_employment, case.suspect_role)],
        "sanction_rules": [{"regime": r.key, "track": r.track.value, "citation": r.citation,
                            "types": [{"code": t.code, "level": t.level.value, "label": str(t.label)} for t in r.types]}
                           for r in found.regimes],
    }


def _one(case: Case) -> dict[str, object]:
    return _case_out(case, due=actions.deadline_of(case, actions.rules_for(case.election)),
                     reports=case.reports.count())


class CaseAction(StrEnum):
    """The steps of a case (the page's buttons), each one action."""

    register = "register"
    reject = "reject"
    examine = "examine"
    extend = "extend"
    decide = "decide"
    suspect = "suspect"
    refer = "refer"
    outcome = "outcome"


class TransitionIn(Schema):
    action: CaseAction
    note: str = Field("", max_length=LONG_TEXT_MAX)
    reason: str = Field("", max_length=LONG_TEXT_MAX,
                        description="reject: a rejection reason (late, incomplete, not_jurisdiction); extend: why")
    decision: CaseDecision | None = Field(None, description="decide")
    breach: Breach | None = Field(None, description="decide, outcome: the proven breach (outcome: default the case's)")
    employment: Employment | None = Field(None, description="suspect")
    role: OrganiserRole = Field(OrganiserRole.NONE, description="suspect: '' = not an election organiser")
    referred_to: Destination | None = Field(None, description="refer")
    track: Track = Field(Track.DISCIPLINE, description="outcome: disiplin (PP 94/2021; PPPK PP 49/2018), "
                                                       "etik (PP 42/2004)")
    sanction_level: SanctionGrade | None = Field(None, description="outcome")
    sanction_type: str = Field("", max_length=40, description="outcome: a sanction code of the case's sanction_rules")


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


class CaseFilter(PageParams):
    election: str = Field("", max_length=40, description="election code; '' = every election")
    status: CaseStatus | None = None


def _case_page(page: list[Case]) -> list[dict[str, object]]:
    """Per page, not per case: the report counts in one query, the deadline rules once per election."""
    reports = dict(Report.objects.filter(case__in=page).values("case").annotate(n=Count("pk")).values_list(
        "case", "n"))
    configs = {e.pk: actions.rules_for(e) for e in {c.election for c in page}}
    return [_case_out(c, due=actions.deadline_of(c, configs[c.election_id]), reports=reports.get(c.pk, 0))
            for c in page]


@router.get("/neutrality/cases", response=Page[CaseOut],
            summary="Cases you read (reporter identity never included)")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict[str, object]:
    qs = queries.readable_cases(Case.objects.all(), request.user)
    if filters.election:
        qs = qs.filter(election__code=filters.election)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs.select_related("election").order_by("-received_on", "-pk"), filters, out_page=_case_page)


def _case(request: HttpRequest, case_id: int) -> Case:
    case: Case = get_object_or_404(Case.objects.visible_to(request.user).select_related("election"), pk=case_id)
    queries.ensure_can_read(request.user, case)
    return case


@router.get("/neutrality/cases/{case_id}", response=CaseOut)
def get_case(request: HttpRequest, case_id: int) -> dict[str, object]:
    return _one(_case(request, case_id))


@router.post("/neutrality/cases/{case_id}/transition", response=CaseOut)
def transition(request: AuthedRequest, case_id: int, payload: TransitionIn) -> dict[str, object]:
    case = _case(request, case_id)
    ensure_can(request.user, "neutrality.handle", case)  # KPU reads some cases; only Bawaslu acts
    user = request.user
    a = payload.action
    if a == CaseAction.register:
        case = actions.do_register_case(case, actor=user, note=payload.note)
    elif a == CaseAction.reject:
        case = actions.do_reject_case(case, payload.reason, actor=user, note=payload.note)
    elif a == CaseAction.examine:
        case = actions.do_examine_case(case, actor=user, note=payload.note)
    elif a == CaseAction.extend:
        case = actions.do_extend_case(case, actor=user, reason=payload.reason)
    elif a == CaseAction.decide:
        case = actions.do_decide_case(case, payload.decision or "", actor=user, note=payload.note,
                                      breach=payload.breach or "")
    elif a == CaseAction.suspect:
        case = actions.do_set_suspect(case, actor=user, employment=payload.employment or "", role=payload.role,
                                      note=payload.note)
    elif a == CaseAction.refer:
        case = actions.do_refer_case(case, payload.referred_to or "", actor=user, note=payload.note)
    else:
        case = actions.do_record_outcome(case, actor=user, sanction_level=payload.sanction_level or "",
                                         sanction_type=payload.sanction_type, note=payload.note,
                                         track=payload.track, breach=payload.breach or "")
    return _one(case)


@router.post("/neutrality/findings", response=CaseOut, summary="Set a temuan (Bawaslu's own finding)")
def record_finding(request: AuthedRequest, payload: FindingIn) -> dict[str, object]:
    return _one(findings.do_record_finding(payload, actor=request.user))


@router.get("/neutrality/stats", response=StatsOut)
def stats(request: HttpRequest, election: str = "") -> dict[str, object]:
    chosen = current(code=election)
    by_region, by_agency, total = queries.statistics(request.user, chosen)
    return {"by_region": by_region, "by_agency": by_agency, "total": total}
