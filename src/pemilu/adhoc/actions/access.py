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
from pemilu.accounts.models import Role, RoleAssignment, User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import terms
from pemilu.adhoc.models import Applicant, ApplicantStatus, Area, Recruitment, RecruitmentStatus, Selection
from pemilu.audit.events import record_event
from pemilu.core import cache
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


def give(member: Applicant, rec: Recruitment, *, actor: User, reason: str) -> access.Grant:
    """Account + role for one member (inside the appointing action's transaction)."""
    user, created = access.account_for(
        nik=member.nik, full_name=member.name, email=member.email, signup=member.user,
        username_hint=access.username_for(rec.body, member.area.code, member.pk), actor=actor,
        region_code=member.scope_code)
    assignment = access.grant(user=user, role=BODY_ROLE[rec.body], scope_code=member.area.code,
                              ends_on=_ends_on(rec, member.area), origin=origin(member), actor=actor, reason=reason)
    return access.Grant(user, assignment, created)


def give_all(rec: Recruitment, *, actor: User, reason: str) -> int:
    """Accounts and roles for every member of ``rec``, set-based, with ONE audit row naming every
    account created and role granted: a KPPS inauguration of a kab/kota is thousands of members
    (Tebing Tinggi: 3,619), and a row each would hold the chain head for seconds (issue 17 item 6)."""
    team = members(rec)
    if not team:
        return 0
    role = BODY_ROLE[rec.body]
    by_nik = {u.nik: u for u in User.objects.filter(nik__in={m.nik for m in team if m.nik}, is_system=False)
              .order_by("-pk")}  # the oldest account wins: iterate newest first, the last write stays
    accounts: dict[int, User] = {}
    fresh: list[User] = []
    taken = set(User.objects.filter(username__in=[access.username_for(rec.body, m.area.code, m.pk) for m in team])
                .values_list("username", flat=True))
    for m in team:
        user = m.user or by_nik.get(m.nik)
        if user is None:
            name = access.username_for(rec.body, m.area.code, m.pk)
            if name in taken:
                name = f"{name}.{rec.pk}"
            user = User(username=name, full_name=m.name[:200], email=m.email, nik=m.nik)
            user.set_unusable_password()
            fresh.append(user)
            by_nik[m.nik] = user
        accounts[m.pk] = user
    User.objects.bulk_create(fresh, batch_size=1000)
    if any(u.pk is None for u in fresh):  # backends without RETURNING ids on bulk insert
        ids = dict(User.objects.filter(username__in=[u.username for u in fresh]).values_list("username", "pk"))
        for u in fresh:
            u.pk = ids[u.username]
    for m in team:  # accounts found by NIK or sign-up that lack the NIK get it
        user = accounts[m.pk]
        if m.nik and not user.nik:
            user.nik = m.nik
            user.save(update_fields=["nik"])
    wanted = {(accounts[m.pk].pk, m.area.code): m for m in team}
    existing = {(a.user_id, a.scope_code): a for a in RoleAssignment.objects.select_for_update().filter(
        role=role, user_id__in={k[0] for k in wanted}, scope_code__in={k[1] for k in wanted})}
    granted_by = actor if getattr(actor, "pk", None) else None
    new, renewed = [], []
    for key, m in wanted.items():
        end = _ends_on(rec, m.area)
        a = existing.get(key)
        if a is None:
            new.append(RoleAssignment(user_id=key[0], role=role, scope_code=key[1], ends_on=end, origin=origin(m),
                                      granted_by=granted_by))
        else:
            a.is_active, a.ends_on, a.revoked_at, a.origin = True, end, None, origin(m)
            renewed.append(a)
    RoleAssignment.objects.bulk_create(new, batch_size=1000)
    RoleAssignment.objects.bulk_update(renewed, ["is_active", "ends_on", "revoked_at", "origin"], batch_size=1000)
    assignments = sorted(RoleAssignment.objects.filter(origin__in=[origin(m) for m in team])
                         .values_list("pk", flat=True))
    cache.bump("tokens")
    record_event("adhoc.member_access_granted", actor=actor, region_code=rec.region_id, target=rec, reason=reason,
                 after={"role": role.value, "members": len(team), "users_created": sorted(u.pk for u in fresh),
                        "assignments": assignments, "renewed": len(renewed),
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
        assignment = RoleAssignment.objects.filter(origin=origin(member), is_active=True) \
            .select_related("user").first()
        if assignment is None:
            continue
        user = assignment.user
        code = "" if user.has_usable_password() else access.issue_code(user, actor=actor,
                                                                         region_code=member.scope_code)
        sent = bool(code) and email and access.email_code(user, code, actor=actor, region_code=member.scope_code,
                                                          activate_url=activate_url)
        slips.append(Slip(member.name, f"{member.area.name} ({member.area.code})", str(Role(assignment.role).label),
                          user.username, code, sent))
    return slips
