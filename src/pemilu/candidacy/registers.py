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
from pemilu.candidacy.models import Candidate, CandidateList, DpdCandidate, DpdProvince, ResignationFlag, Supporter
from pemilu.core.exceptions import DomainError
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


@transaction.atomic
def do_check_resignations(*, actor: User, candidate_list: CandidateList | None = None,
                          province: DpdProvince | None = None) -> int:
    """Flag every candidate of a party list or of a province's DPD contest who is in a register and
    has no resignation decree recorded; answer the number of new flags."""
    if (candidate_list is None) == (province is None):
        raise DomainError(_("Pilih satu daftar calon atau satu provinsi DPD"))
    keys = crypto.keys()
    people: list[Candidate | DpdCandidate]
    if candidate_list is not None:
        ensure_can(actor, DOCUMENTS, candidate_list)
        election, people = candidate_list.election, list(candidate_list.candidates.all())
        region, scope = candidate_list.scope_code, {"prov_code": candidate_list.prov_code,
                                                    "kab_code": candidate_list.kab_code}
    else:
        assert province is not None
        ensure_can(actor, MANAGE, province.region_id)
        election, people = province.election, list(province.candidates.all())
        region, scope = province.region_id, {"prov_code": province.region_id, "kab_code": ""}
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
    record_event("candidacy.resignations_checked", actor=actor, region_code=region,
                 target=candidate_list if candidate_list is not None else province,
                 after={"candidates": len(people), "new_flags": created})
    return created


@transaction.atomic
def do_record_resignation_decree(person: Candidate | DpdCandidate, *, number: str, decided_on: datetime.date | None,
                                 actor: User) -> int:
    """Record the candidate's resignation decree (SK pemberhentian); closes their open flags."""
    if isinstance(person, Candidate):
        ensure_can(actor, DOCUMENTS, person.candidate_list)
        region = person.candidate_list.scope_code
    else:
        ensure_can(actor, MANAGE, person.province.region_id)
        region = person.province.region_id
    if not number.strip() or decided_on is None:
        raise DomainError(_("Nomor dan tanggal keputusan pemberhentian wajib diisi"))
    person.resignation_decree_no, person.resignation_decree_date = number.strip()[:100], decided_on
    person.save(update_fields=["resignation_decree_no", "resignation_decree_date"])
    closed = person.resignation_flags.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
    record_event("candidacy.resignation_recorded", actor=actor, region_code=region, target=person,
                 after={"number": person.resignation_decree_no, "date": str(decided_on), "flags_closed": closed})
    return closed


def open_flags(candidate_list: CandidateList) -> list[ResignationFlag]:
    """The open flags of a list's candidates: what must be resolved before the list goes to the DCT."""
    return list(ResignationFlag.objects.filter(candidate__candidate_list=candidate_list, cleared_at__isnull=True)
                .select_related("candidate"))
