"""The access an appointment gives (issue 20 item 2): at inauguration every member of a PPK, PPS,
KPPS or Pantarlih gets the role of their body in their kecamatan, desa/kelurahan or TPS until the end of the
body's work period; a replacement (PAW) revokes the outgoing member's role at once and gives the
incoming one theirs; a work period extended by a re-vote moves the roles' end. The person's
account is their own sign-up account, else the one their NIK names, else a new one activated
with a one-time code printed on their slip (``do_issue_activation_slips``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts import access
from pemilu.accounts.models import Role, User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import terms
from pemilu.adhoc.models import Applicant, ApplicantStatus, Area, Recruitment, RecruitmentStatus, Selection
from pemilu.audit.events import record_event
from pemilu.core.exceptions import ConflictError

BODY_ROLE = {"ppk": Role.PPK, "pps": Role.PPS, "kpps": Role.KPPS, "pantarlih": Role.PANTARLIH}


def origin(member: Applicant) -> str:
    return access.origin_of("adhoc.applicant", member.pk)


def _ends_on(rec: Recruitment, area: Area) -> datetime.date:
    """The area's extended end, the recruitment's work end, else the latest dissolution the law
    allows (voting day + 2 months, ``terms.legal_window``): a member role never runs open-ended."""
    return area.work_end or rec.work_end or terms.legal_window(rec.election.voting_day)[1]


def members(rec: Recruitment) -> list[Applicant]:
    return list(Applicant.objects.filter(recruitment=rec, status=ApplicantStatus.ACTIVE,
                                         outcome__selection=Selection.MEMBER)
                .select_related("area", "user", "recruitment__election")
                .order_by("area__code", "outcome__final_rank", "pk"))


def appointee(member: Applicant, rec: Recruitment) -> access.Appointee:
    hint = access.username_for(rec.body, member.area.code, member.pk)
    return access.Appointee(origin=origin(member), nik=member.nik, name=member.name, email=member.email,
                            signup=member.user, username_hint=hint,
                            scope_code=member.area.code, ends_on=_ends_on(rec, member.area),
                            region_code=member.scope_code)


def give(member: Applicant, rec: Recruitment, *, actor: User, reason: str) -> access.Grant:
    """Account + role for one member (a PAW's incoming member), audited row by row."""
    return access.appoint([appointee(member, rec)], role=BODY_ROLE[rec.body], actor=actor, reason=reason)[0]


def give_all(rec: Recruitment, *, actor: User, reason: str) -> int:
    """Accounts and roles for every member of ``rec``, set-based, with ONE audit row naming every
    account created and role granted: a KPPS inauguration of a kab/kota is thousands of members
    (Tebing Tinggi: 3,619), and a row each would hold the chain head for seconds (issue 17 item 6)."""
    team = members(rec)
    if not team:
        return 0
    role = BODY_ROLE[rec.body]
    grants = access.appoint([appointee(m, rec) for m in team], role=role, actor=actor, reason=reason,
                            audit_each=False)
    record_event("adhoc.member_access_granted", actor=actor, region_code=rec.region_id, target=rec, reason=reason,
                 after={"role": role.value, "members": len(team),
                        "users_created": sorted({g.user.pk for g in grants if g.created_user}),
                        "assignments": sorted({g.assignment.pk for g in grants}),
                        "renewed": len({g.assignment.pk for g in grants if g.renewed}),
                        "ends_on": sorted({str(_ends_on(rec, m.area)) for m in team})})
    return len(team)


def take(member: Applicant, *, actor: User, reason: str) -> int:
    return access.revoke_origin(origin(member), actor=actor, reason=reason)


def follow_work_end(rec: Recruitment, area: Area | None) -> int:
    """After a work-period change: every member role of the area (or recruitment) ends with it."""
    qs = Applicant.objects.filter(recruitment=rec, status=ApplicantStatus.ACTIVE, outcome__selection=Selection.MEMBER)
    if area is not None:
        qs = qs.filter(area=area)
    n = 0
    for member in qs.select_related("area"):
        n += access.set_origin_end(origin(member), _ends_on(rec, member.area))
    return n


Slip = access.Slip


@transaction.atomic
def do_issue_activation_slips(rec: Recruitment, *, actor: User, area: Area | None = None, email: bool = False,
                              activate_url: str = "/akun/aktivasi/") -> list[Slip]:
    """One slip per member of an inaugurated body: username and a new one-time code for an account
    not yet activated (earlier codes stop working), printed and handed over with the decree; with
    ``email``, also sent to each member who gave an e-mail address."""
    ensure_can(actor, "adhoc.manage", area if area is not None else rec)
    rec = Recruitment.objects.get(pk=rec.pk)
    if rec.status != RecruitmentStatus.INAUGURATED:
        raise ConflictError(_("Kode aktivasi dicetak setelah pelantikan."))
    slips = []
    for member in members(rec):
        if area is not None and member.area_id != area.pk:
            continue
        issued = access.slip_code(origin(member), actor=actor, region_code=member.scope_code)
        if issued is None:
            continue
        assignment, code = issued
        user = assignment.user
        sent = bool(code) and email and access.email_code(user, code, actor=actor, region_code=member.scope_code,
                                                          activate_url=activate_url)
        slips.append(Slip(member.name, f"{member.area.name} ({member.area.code})", str(Role(assignment.role).label),
                          user.username, code, sent))
    return slips
