"""Checks against the registers of people who may not stand or support without resigning
(issue 23 item 3): the ad hoc members (adhoc app: an appointed PPK/PPS/KPPS member of the
election) and the ASN register (asn app: an active PNS or PPPK).

Both registers keep the NIK in clear (the ASN register only where it was given; the NIP is the
register's key but a candidate has none), while candidacy keeps only the keyed hash and a sealed
copy. The safest key both sides have is the NIK itself: the candidates' sealed NIKs are opened in
this process only, looked up with an indexed ``nik IN (…)`` query, and never shown, logged or
stored in clear. ASN records without a NIK cannot be matched (they are counted in the docs).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc.models import Applicant, ApplicantStatus, Selection
from pemilu.asn.models import AsnEmployee, EmploymentType
from pemilu.audit.events import record_event
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateDocumentKind,
    CandidateList,
    DocumentOutcome,
    DpdCandidate,
    DpdProvince,
    ResignationFlag,
    Supporter,
)
from pemilu.core import clock
from pemilu.core.bounds import check_text
from pemilu.core.exceptions import DomainError
from pemilu.core.files import CheckedFile
from pemilu.elections.models import Election
from pemilu.voters import crypto

DOCUMENTS = "candidacy.documents"
MANAGE = "candidacy.dpd_manage"


def register_matches(niks: Iterable[str], election: Election) -> dict[str, list[tuple[str, int, str]]]:
    """NIK → [(register, record id, post)] for the active ad hoc members of ``election`` and the
    active PNS/PPPK of the ASN register."""
    wanted = sorted(set(niks))
    out: dict[str, list[tuple[str, int, str]]] = {}
    for start in range(0, len(wanted), 900):  # SQLite's parameter limit
        chunk = wanted[start:start + 900]
        members = (Applicant.objects.filter(election=election, nik__in=chunk, status=ApplicantStatus.ACTIVE,
                                            outcome__selection=Selection.MEMBER)
                   .values_list("nik", "pk", "body", "area__name"))
        for nik, pk, body, area in members:
            out.setdefault(nik, []).append(("adhoc", pk, _("anggota {body} {area}").format(body=body.upper(),
                                                                                         area=area)))
        asn = (AsnEmployee.objects.filter(nik__in=chunk, is_active=True,
                                          employment_type__in=[EmploymentType.PNS, EmploymentType.PPPK])
               .values_list("nik", "pk", "employment_type", "agency"))
        for nik, pk, kind, agency in asn:
            out.setdefault(nik, []).append(("asn", pk, f"{kind.upper()} {agency}"))
    return out


def supporters_in_registers(rows: list[Supporter], election: Election) -> dict[int, str]:
    """Supporter id → the post a register records for them (an ad hoc member or an ASN may not support)."""
    keys = crypto.keys()
    nik_of = {s.pk: crypto.open_sealed(s.nik_sealed, keys) for s in rows}
    found = register_matches(nik_of.values(), election)
    return {pk: "; ".join(d for _r, _i, d in found[nik]) for pk, nik in nik_of.items() if nik in found}


def _sync(flags: dict[tuple[str, int], str], existing: Iterable[ResignationFlag], make: dict[str, Any]) -> int:
    known = {(f.register, f.record_id): f for f in existing}
    new = [ResignationFlag(register=reg, record_id=rid, detail=detail[:300], **make)
           for (reg, rid), detail in flags.items() if (reg, rid) not in known]
    ResignationFlag.objects.bulk_create(new)
    return len(new)


def _flag_people(people: list[Candidate] | list[DpdCandidate], election: Election, scope: dict[str, str]) -> int:
    keys = crypto.keys()
    nik_of = {p.pk: crypto.open_sealed(p.nik_sealed, keys) for p in people}
    found = register_matches(nik_of.values(), election)
    created = 0
    for p in people:
        if p.resignation_decree_no:
            continue
        flags = {(reg, rid): detail for reg, rid, detail in found.get(nik_of[p.pk], [])}
        if isinstance(p, Candidate):
            created += _sync(flags, p.resignation_flags.all(), {"candidate": p, **scope})
        else:
            created += _sync(flags, p.resignation_flags.all(), {"dpd_candidate": p, **scope})
    return created


def check_list_registers(candidate_list: CandidateList, *, actor: User, trigger: str) -> int:
    """The register check of one party list, run inside the action that triggers it (``trigger``:
    the list submitted or corrected, its documents verified, or the KPU asking), which has checked
    the actor's permission. A flagged candidate's checklist gains the resignation decree's row when
    the checklist is open. Answers the number of new flags."""
    from pemilu.candidacy.documents import add_missing_rows, checklist_due

    people = list(candidate_list.candidates.all())
    created = _flag_people(people, candidate_list.election, {"prov_code": candidate_list.prov_code,
                                                             "kab_code": candidate_list.kab_code})
    due = checklist_due(candidate_list) if created else None
    rows = add_missing_rows(candidate_list, due) if due is not None else 0
    record_event("candidacy.resignations_checked", actor=actor, region_code=candidate_list.scope_code,
                 target=candidate_list, after={"candidates": len(people), "new_flags": created,
                                               "trigger": trigger, "checklist_rows": rows})
    return created


@transaction.atomic
def do_check_resignations(*, actor: User, candidate_list: CandidateList | None = None,
                          province: DpdProvince | None = None) -> int:
    """Flag every candidate of a party list or of a province's DPD contest who is in a register and
    has no resignation decree recorded; answer the number of new flags. (A party list is also
    checked on its own when it is submitted or corrected and when its documents are verified.)"""
    if (candidate_list is None) == (province is None):
        raise DomainError(_("Pilih satu daftar calon atau satu provinsi DPD"))
    if candidate_list is not None:
        ensure_can(actor, DOCUMENTS, candidate_list)
        return check_list_registers(candidate_list, actor=actor, trigger="kpu")
    assert province is not None
    ensure_can(actor, MANAGE, province.region_id)
    people = list(province.candidates.all())
    created = _flag_people(people, province.election, {"prov_code": province.region_id, "kab_code": ""})
    record_event("candidacy.resignations_checked", actor=actor, region_code=province.region_id, target=province,
                 after={"candidates": len(people), "new_flags": created})
    return created


@transaction.atomic
def do_record_resignation_decree(person: Candidate | DpdCandidate, *, number: str, decided_on: datetime.date | None,
                                 actor: User, file: CheckedFile | None = None) -> int:
    """Record the candidate's resignation decree (SK pemberhentian); closes their open flags. A party
    candidate's decree comes with its file, kept as the checklist's resignation document (submitted
    today; the KPU still decides whether it meets the requirement)."""
    if isinstance(person, Candidate):
        ensure_can(actor, DOCUMENTS, person.candidate_list)
        region = person.candidate_list.scope_code
        if file is None:
            raise DomainError(_("Unggah berkas keputusan pemberhentian"))
    else:
        ensure_can(actor, MANAGE, person.province.region_id)
        region = person.province.region_id
    number = check_text(number, field=_("nomor keputusan"), max_length=100).strip()
    if not number or decided_on is None:
        raise DomainError(_("Nomor dan tanggal keputusan pemberhentian wajib diisi"))
    if decided_on > clock.today():
        raise DomainError(_("Tanggal keputusan pemberhentian tidak boleh setelah hari ini"))
    person.resignation_decree_no, person.resignation_decree_date = number, decided_on
    person.save(update_fields=["resignation_decree_no", "resignation_decree_date"])
    closed = person.resignation_flags.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
    extra: dict[str, Any] = {}
    if isinstance(person, Candidate) and file is not None:
        extra = _decree_document(person, file, actor=actor)
    record_event("candidacy.resignation_recorded", actor=actor, region_code=region, target=person,
                 after={"number": person.resignation_decree_no, "date": str(decided_on), "flags_closed": closed,
                        **extra})
    return closed


def _decree_document(person: Candidate, file: CheckedFile, *, actor: User) -> dict[str, Any]:
    """The decree's file as the candidate's resignation document (the row is created, due today,
    when the checklist did not hold it)."""
    from pemilu.candidacy.documents import attach_file

    today = clock.today()
    document, _created = CandidateDocument.objects.get_or_create(
        candidate=person, kind=CandidateDocumentKind.RESIGNATION, defaults={"due": today})
    item = attach_file(document, file, actor=actor)
    late = today > document.due
    document.submitted_on = today
    if document.outcome == DocumentOutcome.BMS:
        document.outcome = DocumentOutcome.UNCHECKED
    document.save(update_fields=["submitted_on", "outcome"])
    return {"document": document.pk, "sha256": item.sha256, "late": late}


def open_flags(candidate_list: CandidateList) -> list[ResignationFlag]:
    """The open flags of a list's candidates: what must be resolved before the list goes to the DCT."""
    return list(ResignationFlag.objects.filter(candidate__candidate_list=candidate_list, cleared_at__isnull=True)
                .select_related("candidate"))
