"""Reads of adhoc: configuration with defaults, the formation plan, the dashboard, blockers,
and the per-applicant eligibility explanation (the Python path of ``rules.evaluate``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pemilu.accounts.types import Viewer
from pemilu.adhoc import rules, terms
from pemilu.adhoc.models import (
    AdminResult,
    Applicant,
    ApplicantStatus,
    Area,
    BodyRules,
    CommentStatus,
    EligibilityRule,
    PartyMembership,
    PublicComment,
    Recruitment,
    RecruitmentStatus,
    Selection,
    ServiceRecord,
    WorkExtension,
)
from pemilu.core.exceptions import Blocker
from pemilu.core.levels import level_of
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.schedule import queries as schedule_queries


def body_rules(election: Election, body: str) -> BodyRules:
    """The stored rules, or unsaved defaults (saved on the first configuration change)."""
    found = BodyRules.objects.filter(election=election, body=body).first()
    if found:
        return found
    # KPPS 2023-24 had no written test and no interview (KPT 1669/2023): administrative check,
    # ranking, announcement. Factor 0 skips the test; without interview the ranking is the tie-break
    # chain alone, by default registration order (the criterion is not in the sources read: configurable).
    if body == rules.Body.KPPS:
        return BodyRules(election=election, body=body, seats=rules.DEFAULT_SEATS[rules.Body(body)],
                         written_pass_factor=0, interview=False, tie_breaks=",".join(rules.NO_SCORE_TIE_BREAKS))
    # Pantarlih likewise: the PPS checks documents and ranks, no test (ASSUMPTION: one registrant per
    # seat suffices, since the 2023 calls set no minimum in the sources read; configurable).
    if body == rules.Body.PANTARLIH:
        return BodyRules(election=election, body=body, seats=rules.DEFAULT_SEATS[rules.Body(body)],
                         min_registrants_factor=1, written_pass_factor=0, interview=False,
                         tie_breaks=",".join(rules.NO_SCORE_TIE_BREAKS))
    return BodyRules(election=election, body=body, seats=rules.DEFAULT_SEATS[rules.Body(body)],
                     written_pass_factor=3)


def kpps_to_form(election: Election, user: Viewer, body: str = rules.Body.KPPS) -> list[Region]:
    """The kelurahan/desa whose KPPS (or Pantarlih) recruitment this PPS member may start: theirs,
    where that body is not formed yet, neither by a kelurahan recruitment nor by the KPU for the
    whole kab/kota."""
    from pemilu.accounts.permissions import user_scopes

    codes = sorted({s.code for s in user_scopes(user) if s.role == "pps" and level_of(s.code) == 4})
    if not codes:
        return []
    taken = {str(c) for c in Recruitment.objects.filter(election=election, body=body)
             .values_list("region_id", flat=True)}
    return [r for r in Region.objects.filter(code__in=codes).order_by("code")
            if r.code not in taken and r.kab_code not in taken]


def eligibility_rules(election: Election, body: str) -> list[EligibilityRule]:
    stored = list(EligibilityRule.objects.filter(election=election, body=body))
    if stored:
        return stored
    return [EligibilityRule(election=election, body=body, kind=s.kind.value, name=s.name, citation=s.citation,
                            params=dict(s.params), enabled=s.enabled, position=i)
            for i, s in enumerate(rules.default_rules(rules.Body(body)))]


def active_specs(election: Election, body: str) -> list[tuple[rules.Kind, dict[str, Any]]]:
    return [(rules.Kind(r.kind), r.params) for r in eligibility_rules(election, body) if r.enabled]


def today(election: Election, region_code: str = "") -> datetime.date:
    """Today at ``region_code`` (its own clock: WIB/WITA/WIT); the election's zone without one."""
    return schedule_queries.local_date(election, region_code=region_code)


def stage_window(election: Election, code: str, region_code: str) -> tuple[datetime.date | None,
                                                                            datetime.date | None]:
    stage = schedule_queries.get_stage(election, code, region_code=region_code)
    return (stage.start, stage.end) if stage else (None, None)


def active(rec: Recruitment) -> QuerySet[Applicant]:
    return Applicant.objects.filter(recruitment=rec).exclude(status=ApplicantStatus.WITHDRAWN).select_related("outcome")


def eligible_unverified(rec: Recruitment) -> QuerySet[Applicant]:
    """Applicants not yet verified whose eligibility (as last evaluated) is fully met: what
    "Tandai MS semua" marks MS (``do_verify_eligible``, after re-evaluating)."""
    return active(rec).filter(admin_result="", outcome__elig_outcome=rules.Outcome.MET)


def registrant_count(area: Area) -> int:
    return Applicant.objects.filter(area=area).exclude(status=ApplicantStatus.WITHDRAWN).count()


# --- eligibility: the Python path ------------------------------------------------------------

def organiser_spouse(election: Election, spouse_nik: str, params: dict[str, Any]) -> bool:
    """Whether the spouse NIK belongs to a fellow organiser (``rules.MARRIAGE_DEFAULTS``): a member of
    any ad hoc body of the election, an account holding a KPU or Bawaslu role, PPK/PPS secretariat
    staff of the election, or an ASN of a KPU/Bawaslu secretariat. Mirrors ``bulk.evaluate_eligibility``."""
    from pemilu.accounts.models import RoleAssignment
    from pemilu.asn.models import AsnEmployee
    from pemilu.secretariats.models import Assignment

    if not spouse_nik:
        return False
    p = rules.marriage_params(params)
    if Applicant.objects.filter(election=election, nik=spouse_nik, outcome__selection=Selection.MEMBER,
                                status=ApplicantStatus.ACTIVE).exists():
        return True
    if p["account_roles"] and RoleAssignment.objects.filter(
            user__nik=spouse_nik, is_active=True, role__in=list(p["account_roles"])).exists():
        return True
    if p["secretariats"] and Assignment.objects.filter(election=election, ended_on__isnull=True,
                                                       employee__nik=spouse_nik).exists():
        return True
    agencies = Q()
    for term in p["asn_agencies"]:
        agencies |= Q(agency__icontains=str(term))
    return bool(p["asn_agencies"]) and AsnEmployee.objects.filter(nik=spouse_nik, is_active=True).filter(
        agencies).exists()


def facts_for(a: Applicant) -> rules.Facts:
    rec = a.recruitment
    marriage = dict(active_specs(a.election, a.body)).get(rules.Kind.MARRIAGE)
    spouse = marriage is not None and organiser_spouse(a.election, a.spouse_nik, marriage)
    return rules.Facts(
        birth_date=a.birth_date, is_citizen=a.is_citizen, education=a.education, domicile_code=a.domicile_code,
        area_code=a.area.code, documents=frozenset(a.documents.values_list("kind", flat=True)), health=a.health,
        sentence_years=a.sentence_years, spouse_is_organiser=spouse,
        memberships=tuple(rules.Membership(p, left) for p, left in
                          PartyMembership.objects.filter(nik=a.nik).values_list("party", "left_on")),
        periods_served=ServiceRecord.objects.filter(nik=a.nik, body=a.body).count(),
        registration_end=rec.registration_end or today(rec.election), voting_day=rec.election.voting_day)


def explain(a: Applicant) -> rules.Summary:
    return rules.evaluate_all(active_specs(a.election, a.body), facts_for(a))


@dataclass
class Explained:
    rule: EligibilityRule
    verdict: rules.Verdict


def explained(a: Applicant) -> tuple[rules.Summary, list[Explained]]:
    rule_rows = [r for r in eligibility_rules(a.election, a.body) if r.enabled]
    summary = rules.evaluate_all([(rules.Kind(r.kind), r.params) for r in rule_rows], facts_for(a))
    return summary, [Explained(r, v) for r, v in zip(rule_rows, summary.verdicts, strict=True)]


# --- formation plan ---------------------------------------------------------------------------

@dataclass
class PlanRow:
    body: str
    label: str
    bodies: int
    seats_each: int
    seats: int
    work_start: datetime.date | None
    work_end: datetime.date | None
    problems: list[str]


def formation_plan(election: Election, region_code: str) -> list[PlanRow]:
    """Bodies and seats from the region tree and the TPS list; work period from the schedule."""
    counts = {
        rules.Body.PPK: Region.objects.filter(kab_code=region_code, level=3).count(),
        rules.Body.PPS: Region.objects.filter(kab_code=region_code, level=4).count(),
        rules.Body.KPPS: Tps.objects.filter(kab_code=region_code).count(),
        rules.Body.PANTARLIH: Tps.objects.filter(kab_code=region_code).count(),
    }
    rows = []
    for body, n in counts.items():
        seats = body_rules(election, body).seats
        start, end = stage_window(election, rules.WORK_STAGE[body], region_code)
        rows.append(PlanRow(body.value, str(body.label), n, seats, n * seats, start, end,
                            terms.work_period_problems(body, start, end, election.voting_day, work_limits(body))))
    return rows


@dataclass
class WorkPeriod:
    """The legal window against the planned work period, and the extensions for re-votes."""

    latest_formation: datetime.date
    latest_dissolution: datetime.date
    planned_start: datetime.date | None
    planned_end: datetime.date | None       # before any re-vote extension (the schedule's)
    current_end: datetime.date | None       # after the extensions of the whole recruitment
    limit: datetime.date | None             # latest end a re-vote extension may set (KPPS +1 month)
    problems: list[str]
    extensions: list[WorkExtension]
    limits: terms.WorkLimits | None = None  # the body's term limits the plan was checked against


def work_limits(body: str) -> terms.WorkLimits:
    """A body's term limits (``terms.WORK_LIMITS``) with ``settings.PEMILU_ADHOC_WORK_LIMITS``
    (``{"kpps": {"max_months": 1}}``: only the fields given change) applied over them."""
    import dataclasses

    from django.conf import settings

    base = terms.WORK_LIMITS[rules.Body(body)]
    configured: dict[str, dict[str, Any]] = getattr(settings, "PEMILU_ADHOC_WORK_LIMITS", {})
    return dataclasses.replace(base, **configured.get(str(body), {}))


def revote_months(body: str) -> int | None:
    from django.conf import settings

    configured: dict[str, int | None] = getattr(settings, "PEMILU_ADHOC_REVOTE_EXTENSION_MONTHS", {})
    return configured.get(body, terms.REVOTE_EXTENSION_MONTHS[rules.Body(body)])


def planned_work_end(rec: Recruitment) -> datetime.date | None:
    first = WorkExtension.objects.filter(recruitment=rec, area__isnull=True).order_by("created_at", "id").first()
    return first.previous_end if first is not None else rec.work_end


def work_period(rec: Recruitment) -> WorkPeriod:
    formation, dissolution = terms.legal_window(rec.election.voting_day)
    planned = planned_work_end(rec)
    return WorkPeriod(formation, dissolution, rec.work_start, planned, rec.work_end,
                      terms.revote_end_limit(planned, revote_months(rec.body)),
                      terms.work_period_problems(rules.Body(rec.body), rec.work_start, planned,
                                                 rec.election.voting_day, work_limits(rec.body)),
                      list(rec.work_extensions.select_related("area").all()), work_limits(rec.body))


def area_work_end(area: Area) -> datetime.date | None:
    return area.work_end or area.recruitment.work_end


# --- dashboard: minimum registrants ----------------------------------------------------------

@dataclass
class AreaRow:
    area: Area
    registrants: int
    required: int
    seats: int
    women: int
    state: rules.Shortfall

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.registrants)


def area_rows(rec: Recruitment, areas: QuerySet[Area] | None = None) -> list[AreaRow]:
    """Every area with registrants / required / seats, sorted by shortfall (largest first)."""
    factor = body_rules(rec.election, rec.body).min_registrants_factor
    qs = (areas if areas is not None else rec.areas.all()).annotate(
        n=Count("applicants", filter=~Q(applicants__status=ApplicantStatus.WITHDRAWN)),
        w=Count("applicants", filter=~Q(applicants__status=ApplicantStatus.WITHDRAWN) & Q(applicants__gender="P")))
    rows = [AreaRow(a, a.n, rules.required_registrants(a.seats, factor), a.seats, a.w,
                    rules.shortfall(a.n, a.seats, factor, a.extensions)) for a in qs]
    rows.sort(key=lambda r: (-r.shortfall, r.area.code))
    return rows


def women_share(qs: QuerySet[Applicant]) -> float:
    return rules.women_share(qs.values_list("gender", flat=True))


# --- blockers -----------------------------------------------------------------------------

def blockers(rec: Recruitment, target: str) -> list[Blocker]:
    """What stands in the way of moving ``rec`` to ``target`` (listed on the confirm page)."""
    out: list[Blocker] = []
    live = active(rec).filter(status=ApplicantStatus.ACTIVE)
    if target == RecruitmentStatus.REGISTRATION:
        if not rec.areas.exists():
            out.append(Blocker("no_areas", _("rekrutmen belum memiliki wilayah")))
    elif target == RecruitmentStatus.VERIFICATION:
        for row in area_rows(rec):
            if row.state == rules.Shortfall.OK or row.area.continue_below_minimum:
                continue
            out.append(Blocker("below_minimum", _(
                "{area}: {n} pendaftar dari minimal {req} — perpanjang pendaftaran atau putuskan lanjut").format(
                area=row.area.name, n=row.registrants, req=row.required)))
    elif target == RecruitmentStatus.WRITTEN:
        n = live.filter(admin_result=AdminResult.PENDING).count()
        if n:
            out.append(Blocker("unverified", _("{n} pelamar belum diverifikasi").format(n=n)))
    elif target == RecruitmentStatus.INTERVIEW:
        n = live.filter(admin_result=AdminResult.MS, written_score__isnull=True).count()
        if n:
            out.append(Blocker("no_written", _("{n} pelamar MS belum memiliki nilai tes tertulis").format(n=n)))
    elif target == RecruitmentStatus.RANKED:
        n = live.filter(outcome__passed_written=True, interview_score__isnull=True).count() \
            if body_rules(rec.election, rec.body).interview else 0
        if n:
            out.append(Blocker("no_interview", _("{n} pelamar lulus tes tertulis belum memiliki nilai wawancara")
                               .format(n=n)))
    elif target == RecruitmentStatus.APPOINTED:
        counted = rec.areas.annotate(m=Count("applicants", filter=Q(applicants__outcome__selection="member",
                                                                    applicants__status="active")))
        short = [a for a in counted if a.m < a.seats]
        if short:
            out.append(Blocker("short", _("{n} wilayah memiliki calon terpilih kurang dari jumlah anggota: {names}")
                               .format(n=len(short), names=", ".join(a.name for a in short[:5]))))
        pending = list(live.filter(outcome__selection=Selection.MEMBER, comments__status=CommentStatus.NEW)
                       .distinct().order_by("name"))
        if pending:
            out.append(Blocker("open_comments", _(
                "{n} calon terpilih masih memiliki tanggapan masyarakat yang belum ditindaklanjuti: {names}")
                .format(n=len(pending), names=", ".join(f"{a.name} ({a.masked_nik})" for a in pending[:5]))))
    return out


def open_comments(applicant: Applicant) -> int:
    """Public comments on the applicant not yet resolved with a follow-up (KPT 476/2022 step 7: the
    tanggapan masyarakat is settled before penetapan)."""
    return PublicComment.objects.filter(applicant=applicant, status=CommentStatus.NEW).count()


def next_reserve(area: Area) -> Applicant | None:
    """The best-ranked active reserve of the area (PAW in rank order, domain brief §1.6)."""
    return (Applicant.objects.filter(area=area, outcome__selection=Selection.RESERVE, status=ApplicantStatus.ACTIVE)
            .select_related("outcome").order_by("outcome__final_rank").first())


TRANSITIONS: dict[str, tuple[str, str]] = {
    # current status → (target status, confirm-page title)
    RecruitmentStatus.DRAFT: (RecruitmentStatus.REGISTRATION, gettext_noop("Buka pendaftaran")),
    RecruitmentStatus.REGISTRATION: (RecruitmentStatus.VERIFICATION, gettext_noop("Tutup pendaftaran")),
    RecruitmentStatus.VERIFICATION: (RecruitmentStatus.WRITTEN, gettext_noop("Umumkan hasil penelitian administrasi")),
    RecruitmentStatus.WRITTEN: (RecruitmentStatus.INTERVIEW, gettext_noop("Umumkan hasil tes tertulis")),
    RecruitmentStatus.INTERVIEW: (RecruitmentStatus.RANKED, gettext_noop("Umumkan hasil akhir (peringkat)")),
    RecruitmentStatus.SELECTION: (RecruitmentStatus.RANKED, gettext_noop("Umumkan hasil seleksi (peringkat)")),
    RecruitmentStatus.RANKED: (RecruitmentStatus.APPOINTED, gettext_noop("Tetapkan anggota (SK)")),
    RecruitmentStatus.APPOINTED: (RecruitmentStatus.INAUGURATED, gettext_noop("Lantik anggota")),
}
