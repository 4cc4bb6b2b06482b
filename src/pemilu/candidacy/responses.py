"""Public responses on the DCS (issue 23 item 5): anyone may respond about a candidate of an
announced list with their identity (name, NIK, contact) and evidence; the response goes to the
party at once with a reply deadline; the KPU resolves it with a reason. A response found true
returns the list to the party for correction (it is announced again after verification)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy.actions import ensure_liaison
from pemilu.candidacy.models import (
    CandidateList,
    DcsResponseStatus,
    ListStatus,
    PublicResponse,
    ResponseEvidence,
    ResponseOutcome,
)
from pemilu.core import clock
from pemilu.core.bounds import check_text, phone_problem
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.core.files import MB, CheckedFile, FileUse
from pemilu.voters import crypto
from pemilu.voters.rules import nik_findings

PUBLIC_RESPONSES = "system:public-candidacy"


def reply_days() -> int:
    """Days the party has to answer a response (``PEMILU_CANDIDACY_REPLY_DAYS``, 7). No fixed number in
    ../shared/domain.md or a source we read: in 2024 KPU forwarded the responses 29-31 Aug 2023 and the
    parties answered 1-7 Sep 2023 (rmol.id, 28 Aug 2023), a 7-day window; hence the setting."""
    return int(getattr(settings, "PEMILU_CANDIDACY_REPLY_DAYS", 7))


def correction_days() -> int:
    """Days to correct a list after a response is upheld (``PEMILU_CANDIDACY_CORRECTION_DAYS``, 3;
    unconfirmed: no source read names it)."""
    return int(getattr(settings, "PEMILU_CANDIDACY_CORRECTION_DAYS", 3))

EVIDENCE = FileUse("candidacy/responses", max_bytes=5 * MB)
MAX_EVIDENCE = 3


@transaction.atomic
def do_record_response(lst: CandidateList, *, candidate_number: int, respondent_name: str, respondent_nik: str,
                       respondent_contact: str, content: str,
                       evidence: Sequence[CheckedFile] = ()) -> PublicResponse:
    """A member of the public's response about one candidate of a DCS; forwarded to the party with
    the reply deadline. The respondent's NIK is kept as hash + sealed copy only."""
    if lst.status != ListStatus.DCS:
        raise ConflictError(_("Tanggapan hanya dapat diberikan atas daftar calon sementara (DCS) yang diumumkan."))
    candidate = lst.candidates.filter(number=candidate_number).first()
    if candidate is None:
        raise DomainError(_("Calon nomor urut {n} tidak ada di daftar ini.").format(n=candidate_number))
    name = check_text(respondent_name, field=_("nama"), max_length=200).strip()
    contact = check_text(respondent_contact, field=_("kontak"), max_length=200).strip()
    text = check_text(content, field=_("isi tanggapan"), max_length=5000, multiline=True).strip()
    nik = respondent_nik.strip()
    if not name or not text:
        raise DomainError(_("Nama dan isi tanggapan wajib diisi."))
    if any(f.code in ("N01", "N03", "N07", "N08") for f in nik_findings(
            0, nik, birth_date=datetime.date(2000, 1, 1), female=False, kecamatan=())):
        raise DomainError(_("NIK penanggap harus 16 digit angka yang sah."))
    if not contact or ("@" not in contact and phone_problem(contact)):
        raise DomainError(_("Kontak (telepon atau e-mel) wajib diisi dengan benar."))
    if len(evidence) > MAX_EVIDENCE:
        raise DomainError(_("Paling banyak {n} berkas bukti.").format(n=MAX_EVIDENCE))
    today = clock.today()
    response = PublicResponse.objects.create(
        candidate_list=lst, candidate=candidate, candidate_name=candidate.name, respondent_name=name,
        respondent_nik_hash=crypto.number_hash(nik), respondent_nik_sealed=crypto.seal(nik),
        respondent_contact=contact, content=text, status=DcsResponseStatus.FORWARDED, forwarded_at=timezone.now(),
        reply_due=today + datetime.timedelta(days=reply_days()))
    for checked in evidence:
        item = ResponseEvidence(response=response)
        item.set_content(EVIDENCE, checked)
        item.save()
    record_event("candidacy.response_received", actor=get_system_user(PUBLIC_RESPONSES),
                 region_code=lst.scope_code, target=response,
                 after={"list": lst.pk, "candidate": candidate.number, "evidence": len(evidence),
                        "reply_due": response.reply_due.isoformat() if response.reply_due else None})
    return response


@transaction.atomic
def do_reply_response(response: PublicResponse, *, actor: User, reply: str) -> PublicResponse:
    """The party's answer, by its liaison officer."""
    ensure_liaison(actor, "candidacy.reply", response.candidate_list)
    response = PublicResponse.objects.select_for_update().get(pk=response.pk)
    if response.status == DcsResponseStatus.RESOLVED:
        raise ConflictError(_("Tanggapan ini sudah diselesaikan."))
    reply = check_text(reply, field=_("jawaban"), max_length=5000, multiline=True).strip()
    if not reply:
        raise DomainError(_("Jawaban wajib diisi."))
    response.party_reply, response.replied_at, response.status = reply, timezone.now(), DcsResponseStatus.REPLIED
    response.save()
    record_event("candidacy.response_replied", actor=actor, region_code=response.candidate_list.scope_code,
                 target=response, after={"late": bool(response.reply_due and clock.today() > response.reply_due)})
    return response


@transaction.atomic
def do_resolve_response(response: PublicResponse, *, actor: User, upheld: bool, reason: str) -> PublicResponse:
    """The KPU's decision with its reason. Upheld: the list goes back to the party for correction."""
    lst = response.candidate_list
    ensure_can(actor, "candidacy.responses", lst)
    response = PublicResponse.objects.select_for_update().get(pk=response.pk)
    if response.status == DcsResponseStatus.RESOLVED:
        raise ConflictError(_("Tanggapan ini sudah diselesaikan."))
    reason = check_text(reason, field=_("alasan"), max_length=2000, multiline=True).strip()
    if not reason:
        raise DomainError(_("Alasan wajib diisi."))
    response.status, response.resolved_at, response.resolved_by = DcsResponseStatus.RESOLVED, timezone.now(), actor
    response.outcome = ResponseOutcome.UPHELD if upheld else ResponseOutcome.DISMISSED
    response.resolution_reason = reason
    response.save()
    if upheld and lst.status == ListStatus.DCS:
        lst.status, lst.verification_note = ListStatus.CORRECTION, reason
        lst.correction_due = clock.today() + datetime.timedelta(days=correction_days())
        lst.save(update_fields=["status", "verification_note", "correction_due"])
    record_event("candidacy.response_resolved", actor=actor, region_code=lst.scope_code, target=response,
                 after={"outcome": response.outcome, "list_status": lst.status}, reason=reason)
    return response
