"""After the final ranking: appointment (SK), inauguration, a work period extended by a
re-vote, and replacement of a member (PAW)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import queries, terms
from pemilu.adhoc.actions import access as member_access
from pemilu.adhoc.actions.base import announce, lock, transition
from pemilu.adhoc.models import (
    Announcement,
    Applicant,
    ApplicantStatus,
    Area,
    LeaveReason,
    Outcome,
    Recruitment,
    RecruitmentStatus,
    Replacement,
    Revote,
    Selection,
    Step,
    WorkExtension,
)
from pemilu.audit.events import appended_at_end, record_event, snapshot
from pemilu.core.bounds import (
    LONG_TEXT_MAX,
    BoundError,
    check_text,
)
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    DomainError,
)


@transaction.atomic
def do_appoint(rec: Recruitment, *, actor: User, sk_number: str, sk_date: datetime.date) -> Announcement:
    """Penetapan: the decree (SK) number and date; members are those ranked within the seats."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, RecruitmentStatus.APPOINTED)
    if not sk_number.strip():
        blockers.append(Blocker("sk", _("nomor SK wajib diisi")))
    check_text(sk_number, field=_("nomor SK"), max_length=100)
    if sk_date > queries.today(rec.election):  # a decree cannot be dated after the day it is recorded
        blockers.append(Blocker("sk_date", _("tanggal SK tidak boleh setelah hari ini")))
    transition(rec, RecruitmentStatus.RANKED, RecruitmentStatus.APPOINTED, blockers)
    rec.sk_number, rec.sk_date = sk_number.strip(), sk_date
    rec.save(update_fields=["status", "sk_number", "sk_date"])
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.appointed", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after=snapshot(rec))
        return announce(rec, Step.APPOINTMENT, actor)


@transaction.atomic
def do_inaugurate(rec: Recruitment, *, actor: User, on: datetime.date, place: str) -> Recruitment:
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, RecruitmentStatus.INAUGURATED)
    if not place.strip():
        blockers.append(Blocker("place", _("tempat pelantikan wajib diisi")))
    if rec.sk_date and on < rec.sk_date:
        blockers.append(Blocker("date", _("pelantikan tidak boleh sebelum tanggal SK")))
    transition(rec, RecruitmentStatus.APPOINTED, RecruitmentStatus.INAUGURATED, blockers)
    rec.inaugurated_on, rec.inauguration_place = on, place.strip()
    rec.save(update_fields=["status", "inaugurated_on", "inauguration_place"])
    # Every member gets the role of the body in their area (issue 20 item 2), in one audited step;
    # both rows are appended at the end, so the chain head is not held while accounts are made.
    with appended_at_end():
        record_event("adhoc.inaugurated", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after=snapshot(rec))
        member_access.give_all(rec, actor=actor, reason=_("pelantikan {body} ({sk})").format(
            body=rec.get_body_display(), sk=rec.sk_number))
    return rec


# --- work period extended by a re-vote -------------------------------------------------------

@transaction.atomic
def do_extend_work(rec: Recruitment, *, actor: User, kind: str, new_end: datetime.date, reason: str,
                   area: Area | None = None) -> WorkExtension:
    """Extend the work period for a re-vote (PSU/susulan/lanjutan; UU 7/2017 Pasal 51, PKPU 8/2022
    Pasal 27): of one area (its PPK/PPS/KPPS) or of the whole recruitment. KPPS: at most one month
    past the planned end (``queries.revote_months``)."""
    ensure_can(actor, "adhoc.manage", area if area is not None else rec)
    rec = lock(rec)
    if area is not None:
        area = Area.objects.select_for_update().get(pk=area.pk, recruitment=rec)
    if rec.status not in (RecruitmentStatus.APPOINTED, RecruitmentStatus.INAUGURATED):
        raise ConflictError(_("masa kerja hanya dapat diperpanjang setelah anggota ditetapkan"))
    if kind not in Revote.values:
        raise DomainError(_("jenis pemungutan suara tidak dikenal"))
    current = (area.work_end or rec.work_end) if area is not None else rec.work_end
    limit = terms.revote_end_limit(queries.planned_work_end(rec), queries.revote_months(rec.body))
    problems = terms.revote_extension_problems(current, new_end, limit, reason)
    if problems:
        raise DomainError("; ".join(problems))
    ext = WorkExtension.objects.create(recruitment=rec, area=area, kind=kind, previous_end=current, new_end=new_end,
                                       reason=reason.strip(), actor=actor)
    reset = 0
    if area is not None:
        area.work_end = new_end
        area.save(update_fields=["work_end"])
    else:
        rec.work_end = new_end
        rec.save(update_fields=["work_end"])
        # Areas extended earlier beyond the new end keep theirs; the others follow the recruitment.
        reset = rec.areas.filter(work_end__lte=new_end).update(work_end=None)
    member_access.follow_work_end(rec, area)  # the members' roles end with their work period
    record_event("adhoc.work_extended", actor=actor, region_code=area.scope_code if area else rec.region_id,
                 target=area if area is not None else rec, reason=reason.strip(),
                 before={"work_end": str(current) if current else None},
                 after={"work_end": str(new_end), "kind": kind, "area": area.code if area else None,
                        "limit": str(limit) if limit else None, "areas_following": reset})
    return ext


# --- replacement (PAW) -------------------------------------------------------------------

@transaction.atomic
def do_replace(member: Applicant, *, actor: User, reason: str, detail: str, decided_on: datetime.date,
               sk_number: str = "") -> Replacement:
    """A member leaves (PKPU 8/2022 Pasal 43); the best-ranked active reserve of the area takes the seat."""
    ensure_can(actor, "adhoc.manage", member)
    member = (Applicant.objects.select_for_update(of=("self",)).select_related("area", "recruitment", "outcome")
              .get(pk=member.pk))
    if member.recruitment.status not in (RecruitmentStatus.APPOINTED, RecruitmentStatus.INAUGURATED):
        raise ConflictError(_("penggantian antarwaktu hanya setelah penetapan"))
    if member.selection != Selection.MEMBER or member.status != ApplicantStatus.ACTIVE:
        raise ConflictError(_("{name} bukan anggota aktif").format(name=member.name))
    if reason not in LeaveReason.values:
        raise DomainError(_("alasan berhenti tidak dikenal"))
    if not detail.strip():
        raise DomainError(_("keterangan wajib diisi"))
    check_text(detail, field=_("keterangan"), max_length=LONG_TEXT_MAX, multiline=True)
    check_text(sk_number, field=_("nomor SK PAW"), max_length=100)
    # A member can only leave after being appointed, and not on a future date.
    appointed_on = member.recruitment.sk_date
    if appointed_on is not None and decided_on < appointed_on:
        raise BoundError("decided_on", _("tanggal PAW tidak boleh sebelum tanggal SK penetapan ({day})").format(
            day=appointed_on.strftime("%d-%m-%Y")))
    if decided_on > queries.today(member.recruitment.election):
        raise BoundError("decided_on", _("tanggal PAW tidak boleh setelah hari ini"))
    incoming = queries.next_reserve(member.area)
    if incoming is not None and queries.open_comments(incoming):
        # KPT 476/2022 step 7: an open tanggapan masyarakat is resolved (with its follow-up) first.
        raise ConflictError(_("{name} ({nik}) masih memiliki tanggapan masyarakat yang belum ditindaklanjuti; "
                              "tindak lanjuti dulu sebelum ditetapkan sebagai pengganti")
                            .format(name=incoming.name, nik=incoming.masked_nik))
    member.status, member.left_reason = ApplicantStatus.LEFT, reason
    member.save(update_fields=["status", "left_reason"])
    if incoming is not None:
        Outcome.objects.filter(applicant=incoming).update(selection=Selection.MEMBER)
    rep = Replacement.objects.create(area=member.area, outgoing=member, incoming=incoming, reason=reason,
                                     detail=detail, sk_number=sk_number, decided_on=decided_on, actor=actor)
    # The outgoing member's role ends now; the incoming one's starts now if the body is in office.
    member_access.take(member, actor=actor, reason=_("PAW: {detail}").format(detail=detail.strip()))
    if incoming is not None and member.recruitment.status == RecruitmentStatus.INAUGURATED:
        member_access.give(Applicant.objects.select_related("area", "user").get(pk=incoming.pk),
                           member.recruitment, actor=actor, reason=_("PAW: pengganti {name}").format(name=member.name))
    record_event("adhoc.member_replaced", actor=actor, region_code=member.scope_code, target=rep, reason=detail,
                 before={"member": member.name, "nik": member.masked_nik, "reason": reason},
                 after={"member": incoming.name if incoming else None,
                        "final_rank": incoming.final_rank if incoming else None})
    # The PAW is announced like every other step (PDF, masked NIK).
    rep.announcement = announce(member.recruitment, Step.REPLACEMENT, actor, replacement=rep)
    rep.save(update_fields=["announcement"])
    return rep
