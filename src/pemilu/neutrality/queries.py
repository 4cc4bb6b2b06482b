"""Reads: always through the user's scope *and* role (only roles of an action see its data)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db import models
from django.db.models import Count, Q, QuerySet

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

from pemilu.accounts.permissions import ACTIONS, can, ensure_can, user_scopes
from pemilu.accounts.types import Viewer
from pemilu.asn.models import AsnEmployee
from pemilu.core.levels import SCOPE_COLUMNS, level_of
from pemilu.core.scope import ScopedQuerySet
from pemilu.elections.models import Election
from pemilu.neutrality import rules, sanctions
from pemilu.neutrality.actions import deadline_of, rules_for, today_for
from pemilu.neutrality.models import Case, CaseDecision, CaseStatus, Pledge, Report, SocialisationEvent

M = TypeVar("M", bound=models.Model)


def for_action(qs: ScopedQuerySet[M], user: Viewer, action: str) -> ScopedQuerySet[M]:
    """Rows inside a scope where the user holds a role the action allows (others: absent → 404)."""
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    roles = ACTIONS[action]
    q = Q()
    matched = False
    for scope in user_scopes(user):
        if scope.role not in roles:
            continue
        if scope.code == "":
            return qs
        column = SCOPE_COLUMNS.get(level_of(scope.code))
        if column:
            q |= Q(**{column: scope.code})
            matched = True
    return qs.filter(q) if matched else qs.none()


# The cases a KPU office reads (issue 20 item 4): those about an ad hoc member (PPK/PPS/KPPS) or a
# person of a KPU office (its members and secretariat staff, named by their agency). Bawaslu's other
# cases are not KPU's business.
CONCERNS_KPU = (Q(suspect_role=sanctions.OrganiserRole.ADHOC.value) | Q(suspect_agency__icontains="KPU")
                | Q(suspect_agency__icontains="Komisi Pemilihan Umum"))


def readable_cases(qs: ScopedQuerySet[Case], user: Viewer) -> ScopedQuerySet[Case]:
    """Cases the user reads: every case where they handle cases (Bawaslu), and where they are a KPU
    office, the cases concerning KPU's own people."""
    handled = for_action(qs, user, "neutrality.handle")
    kpu = for_action(qs, user, "neutrality.kpu_cases").filter(CONCERNS_KPU)
    return qs.filter(Q(pk__in=handled.values("pk")) | Q(pk__in=kpu.values("pk")))


def ensure_can_read(user: Viewer, case: Case) -> None:
    """Bawaslu reads every case of its scope; a KPU office those concerning KPU's people; 403 for
    anyone else in scope (404 outside it: ``ensure_can``)."""
    if can(user, "neutrality.handle", case):
        return
    if not (can(user, "neutrality.kpu_cases", case) and Case.objects.filter(pk=case.pk).filter(CONCERNS_KPU).exists()):
        ensure_can(user, "neutrality.handle", case)


@dataclass
class CaseRow:
    case: Case
    due: datetime.date | None
    overdue: bool
    reports: int


def case_rows(user: Viewer, election: Election, *, status: str = "", region: str = "") -> list[CaseRow]:
    config = rules_for(election)
    qs = readable_cases(Case.objects.all(), user).filter(election=election).select_related("region")
    if status == "overdue":
        qs = qs.filter(status__in=[CaseStatus.RECEIVED, CaseStatus.REGISTERED, CaseStatus.EXAMINED])
    elif status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.in_region(region)
    rows = []
    for case in qs.annotate(n_reports=Count("reports")):
        due = deadline_of(case, config)
        today = today_for(election, case.region_id)   # late on the case region's own clock (WIB/WITA/WIT)
        rows.append(CaseRow(case, due, due is not None and today > due, case.n_reports))
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    return rows


@dataclass
class SanctionRules:
    """What the case page and the API show about the sanctions this suspect can get."""

    employment: str
    regimes: list[sanctions.Regime]
    breach_levels: sanctions.BreachLevels | None
    refusal: str  # why no ASN sanction applies (non-ASN, unknown), or ""

    @property
    def breach_levels_text(self) -> str:
        order = [lv.value for lv in sanctions.SanctionGrade]
        levels = self.breach_levels.levels if self.breach_levels else frozenset()
        return "/".join(sorted((lv.value for lv in levels), key=order.index))

    @property
    def by_level(self) -> list[tuple[sanctions.Regime, list[tuple[str, list[str]]]]]:
        """Each regime's sanction types grouped by level, in the table's order (for the page)."""
        out = []
        for regime in self.regimes:
            levels: dict[str, list[str]] = {}
            for t in regime.types:
                levels.setdefault(t.level.value, []).append(str(t.label))
            out.append((regime, list(levels.items())))
        return out


def sanction_rules(case: Case) -> SanctionRules:
    employment = case.suspect_employment
    regimes = [r for r in (rules.regime_for(employment, t) for t in sanctions.Track) if r is not None]
    levels = rules.allowed_levels(employment, sanctions.Track.ETHICS if case.breach == sanctions.Breach.ETHICS
                                  else sanctions.Track.DISCIPLINE, case.breach) if case.breach else None
    refusal = ""
    if not regimes:
        # Any sanction is refused for this suspect: say why, with the article.
        found = rules.check_sanction(employment, sanctions.Track.DISCIPLINE, case.breach, "sedang", "tukin_25_6")
        refusal = str(found) if found else ""
    return SanctionRules(employment, regimes, levels, refusal)


@dataclass
class Coverage:
    agency: str
    employees: int
    signed: int

    @property
    def percent(self) -> float:
        return 100.0 * self.signed / self.employees if self.employees else 0.0


def pledge_coverage(user: Viewer, election: Election, region: str = "") -> tuple[list[Coverage], list[AsnEmployee]]:
    """Per agency: active register rows and how many signed; plus everyone still to sign."""

    employees: ScopedQuerySet[AsnEmployee] = for_action(ScopedQuerySet(AsnEmployee), user,
                                                        "neutrality.pledge_view").filter(is_active=True)
    if region:
        employees = employees.in_region(region)
    signed_ids = set(Pledge.objects.filter(election=election, employee__in=employees).values_list("employee_id",
                                                                                                   flat=True))
    per: dict[str, Coverage] = {}
    missing: list[AsnEmployee] = []
    for e in employees.select_related("region").order_by("agency", "name"):
        cov = per.setdefault(e.agency, Coverage(e.agency, 0, 0))
        cov.employees += 1
        if e.pk in signed_ids:
            cov.signed += 1
        else:
            missing.append(e)
    return sorted(per.values(), key=lambda c: c.agency), missing


def pledges(user: Viewer, election: Election) -> ScopedQuerySet[Pledge]:
    return for_action(Pledge.objects.all(), user, "neutrality.pledge_view").filter(election=election)


class _Attended(TypedDict):
    n_attendees: int


def events(user: Viewer, election: Election) -> QuerySet[WithAnnotations[SocialisationEvent, _Attended]]:
    return for_action(SocialisationEvent.objects.all(), user, "neutrality.event_view").filter(
        election=election).select_related("region").annotate(n_attendees=Count("attendees"))


def event_summary(user: Viewer, election: Election) -> list[dict[str, Any]]:
    """Per kecamatan (or kab/kota for events held at that level): events and attendees."""
    per: dict[str, dict[str, Any]] = {}
    for ev in events(user, election):
        key = ev.kec_code or ev.kab_code
        row = per.setdefault(key, {"code": key, "events": 0, "attendees": 0})
        row["events"] += 1
        row["attendees"] += ev.n_attendees
    return [per[k] for k in sorted(per)]


@dataclass
class StatRow:
    key: str
    label: str
    reports: int = 0
    cases: int = 0
    proven: int = 0
    referred: int = 0
    sanctions: int = 0
    handling_days: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return rules.median_days(self.handling_days)


def statistics(user: Viewer, election: Election, *, region: str = "") -> tuple[list[StatRow], list[StatRow], StatRow]:
    """Per region (kecamatan, or kab/kota when the case is at kab level) and per suspected agency."""
    from pemilu.regions.models import Region

    cases = for_action(Case.objects.all(), user, "neutrality.stats").filter(election=election)
    if region:
        cases = cases.in_region(region)
    report_counts = dict(Report.objects.filter(case__in=cases).values_list("case_id").annotate(n=Count("id"))
                         .values_list("case_id", "n"))
    by_region: dict[str, StatRow] = {}
    by_agency: dict[str, StatRow] = {}
    total = StatRow("", "")
    codes: set[str] = set()
    fields = ("pk", "kec_code", "kab_code", "suspect_agency", "suspect__agency", "decision", "referred_on",
              "sanction_type", "decided_on", "received_on")
    # Plain tuples, not model instances: this runs over every case in the user's scope.
    for pk, kec, kab, agency, register_agency, decision, referred_on, sanction, decided_on, received_on in (
            cases.values_list(*fields).iterator(chunk_size=5000)):
        rkey = kec or kab
        codes.add(rkey)
        akey = register_agency or agency or "—"
        for row in (by_region.setdefault(rkey, StatRow(rkey, rkey)), by_agency.setdefault(akey, StatRow(akey, akey)),
                    total):
            row.reports += report_counts.get(pk, 0)
            row.cases += 1
            row.proven += decision == CaseDecision.PROVEN
            row.referred += referred_on is not None
            row.sanctions += bool(sanction)
            if decided_on:
                row.handling_days.append((decided_on - received_on).days)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for code, row in by_region.items():
        row.label = names.get(code, code)
    return ([by_region[k] for k in sorted(by_region)], sorted(by_agency.values(), key=lambda r: (-r.cases, r.key)),
            total)
