"""Contesting one's listing as a DPD supporter (sanggahan dukungan, issue 23 item 6).

A person who finds their NIK on a candidate's supporter list through the public "cek dukungan"
and never gave that support says so, with their identity (name, NIK — kept as keyed hash and
sealed copy — and contact) and a statement. The contest goes to the KPU Provinsi of the
candidate's province, which resolves it with a reason: upheld, every row of that person on that
candidate's list is struck (S08, counted as data palsu by the penalty rule in force) and the
province's support is checked again through the same rules as an import; dismissed, the support
stands. Both are ``do_*`` actions with their audit row in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy.dpd_actions import MANAGE, _check_province
from pemilu.candidacy.dpd_queries import valid_nik
from pemilu.candidacy.models import SupportContest, SupportContestStatus, Supporter
from pemilu.core.bounds import check_text, phone_problem
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.voters import crypto

PUBLIC_CONTESTS = "system:public-dpd-contests"


@transaction.atomic
def do_contest_support(*, nik: str, candidate_id: int, name: str, contact: str, statement: str) -> SupportContest:
    """Record a person's contest of their listing on one candidate's supporter list. The answer
    names nothing the person did not already learn from "cek dukungan" for their own NIK."""
    nik = nik.strip()
    if not valid_nik(nik):
        raise DomainError(_("NIK harus 16 digit angka dan memuat tanggal lahir yang sah."))
    name = check_text(name, field=_("nama"), max_length=200).strip()
    contact = check_text(contact, field=_("kontak"), max_length=200).strip()
    text = check_text(statement, field=_("pernyataan"), max_length=2000, multiline=True).strip()
    if not name or not text:
        raise DomainError(_("Nama dan pernyataan wajib diisi."))
    if not contact or ("@" not in contact and phone_problem(contact)):
        raise DomainError(_("Kontak (telepon atau e-mel) wajib diisi dengan benar."))
    digest = crypto.number_hash(nik)
    supporter = (Supporter.objects.select_related("candidate").filter(nik_hash=digest, candidate_id=candidate_id)
                 .order_by("batch", "line").first())
    if supporter is None:
        # A rule of the form, not "out of scope": the person asked about their own NIK (400, as the page).
        raise DomainError(_("NIK ini tidak tercantum pada daftar pendukung bakal calon tersebut."))
    candidate = supporter.candidate
    if SupportContest.objects.filter(candidate=candidate, nik_hash=digest).exclude(
            status=SupportContestStatus.DISMISSED).exists():
        raise ConflictError(_("Sanggahan atas pencantuman ini sudah diterima."))
    contest = SupportContest.objects.create(
        candidate=candidate, supporter=supporter, person_name=name, nik_hash=digest, nik_sealed=crypto.seal(nik),
        contact=contact, statement=text)
    record_event("candidacy.dpd_support_contested", actor=get_system_user(PUBLIC_CONTESTS),
                 region_code=candidate.prov_code, target=contest, after={"candidate": candidate.pk})
    return contest


@transaction.atomic
def do_resolve_support_contest(contest: SupportContest, *, actor: User, upheld: bool,
                               reason: str) -> SupportContest:
    """The KPU Provinsi's decision with its reason. Upheld: the person's rows on that list stop
    counting and the province's support (counts, penalty, spread, status) is checked again."""
    province = contest.candidate.province
    ensure_can(actor, MANAGE, province.region_id)
    contest = SupportContest.objects.select_for_update().get(pk=contest.pk)
    if contest.status != SupportContestStatus.RECEIVED:
        raise ConflictError(_("Sanggahan ini sudah diputus."))
    reason = check_text(reason, field=_("alasan"), max_length=2000, multiline=True).strip()
    if not reason:
        raise DomainError(_("Alasan keputusan wajib diisi."))
    contest.status = SupportContestStatus.UPHELD if upheld else SupportContestStatus.DISMISSED
    contest.reason, contest.resolved_at, contest.resolved_by = reason, timezone.now(), actor
    contest.save(update_fields=["status", "reason", "resolved_at", "resolved_by"])
    after: dict[str, Any] = {"status": contest.status}
    if upheld:
        figures = _check_province(province, actor)[contest.candidate_id]
        after.update(counted=figures["counted"], required=figures["required"], penalty=figures["penalty"],
                     meets_spread=figures["meets_spread"])
    record_event("candidacy.dpd_contest_resolved", actor=actor, region_code=province.region_id, target=contest,
                 before={"status": SupportContestStatus.RECEIVED}, after=after, reason=reason)
    return contest
