"""/api/v1/secretariats/: the gap list, one secretariat with its staff, and the audited actions."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from pemilu.accounts.permissions import can, ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.asn.queries import readable
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import RowId
from pemilu.core.exceptions import DomainError
from pemilu.elections.queries import current
from pemilu.secretariats import actions, importer, queries, rules
from pemilu.secretariats.models import Assignment, Secretariat
from pemilu.secretariats.rules import BodyKind, PositionKind

router = Router(tags=["sekretariat"])


class GapOut(Schema):
    id: int
    election: str
    body_kind: str
    region_code: str
    region_name: str
    office_name: str
    filled: int
    required: int
    missing: int


class StaffOut(Schema):
    position: int
    kind: str
    duty: str
    name: str
    nip: str
    agency: str
    keputusan: str
    penetapan: str
    started_on: datetime.date
    pakta_signed_on: datetime.date | None


class SecretariatOut(Schema):
    id: int
    election: str
    body_kind: str
    region_code: str
    office_name: str
    address: str
    phone: str
    email: str
    staff: list[StaffOut]
    filled: int
    required: int
    # PPS only (PKPU 8/2022 Pasal 71-75): from the PPS oath to window_days after it; None until the
    # oath is recorded, and for a PPK secretariat, which has no such window.
    formation_window_start: datetime.date | None = None
    formation_window_end: datetime.date | None = None
    window_policy: str = ""  # warn | refuse: what a keputusan dated outside the window gets


class FormIn(Schema):
    election: str = Field("", max_length=40)
    kab_code: str = Field(..., max_length=20)


class FormOut(Schema):
    created: int
    existing: int
    positions: int


class ProposeIn(Schema):
    kind: PositionKind
    employee_id: RowId
    letter_number: str = Field("", max_length=100)
    proposed_on: datetime.date | None = None


class StaffCandidateOut(Schema):
    id: int
    kind: str
    employee_id: int
    status: str
    proposed_on: datetime.date


class SecretariatDecisionIn(Schema):
    number: str = Field(..., max_length=100)
    date: datetime.date
    issued_by: str = Field("", max_length=200)
    candidate_ids: list[RowId] = Field([], max_length=1000)


class DecisionOut(Schema):
    id: int
    kind: str
    number: str
    date: datetime.date
    issued_by: str
    window_warning: str = ""  # why the date is outside the PPS formation window (policy "warn")


class SecretariatImportOut(Schema):
    assigned: int
    decisions: int


def _secretariat(request: HttpRequest, pk: int, action: str = "secretariats.view") -> Secretariat:
    sec: Secretariat = get_object_or_404(Secretariat.objects.visible_to(request.user)
                                         .select_related("region", "election"), pk=pk)
    ensure_can(request.user, action, sec)
    return sec


def _gap(row: queries.GapRow) -> GapOut:
    s = row.secretariat
    return GapOut(id=s.pk, election=s.election.code, body_kind=s.body_kind, region_code=s.region_id,
                  region_name=s.region.name, office_name=s.office_name, filled=row.gap.filled,
                  required=row.gap.required, missing=row.gap.missing)


class GapFilter(PageParams):
    election: str = Field("", max_length=40)
    region: str = Field("", max_length=20, description="only secretariats under this region code")
    body_kind: BodyKind | None = None


@router.get("/secretariats/", response=Page[GapOut],
            summary="Secretariats you may read, largest staffing gap first")
def list_secretariats(request: HttpRequest, filters: Query[GapFilter]) -> dict[str, object]:
    qs = queries.visible(request.user, current(code=filters.election)).select_related("election")
    if filters.region:
        qs = qs.in_region(filters.region)
    if filters.body_kind:
        qs = qs.filter(body_kind=filters.body_kind.value)
    # Three queries whatever the number: the order needs every secretariat's gap, so the page is
    # cut from the sorted list.
    return paginate(queries.gap_rows(qs), filters, _gap)


@router.get("/secretariats/{int:secretariat_id}", response=SecretariatOut)
def get_secretariat(request: HttpRequest, secretariat_id: int) -> SecretariatOut:
    sec = _secretariat(request, secretariat_id)
    show_nip = can(request.user, "secretariats.manage", sec)  # NIPs only for the KPU office
    staff = [StaffOut(position=a.position.order, kind=a.position.kind, duty=a.position.duty, name=a.employee.name,
                      nip=a.employee.nip if show_nip else "", agency=a.employee.agency, keputusan=a.keputusan.number,
                      penetapan=a.penetapan.number if a.penetapan else "", started_on=a.started_on,
                      pakta_signed_on=a.pakta_signed_on)
             for a in Assignment.objects.active().filter(secretariat=sec)
             .select_related("position", "employee", "keputusan", "penetapan")]
    window, policy = None, ""
    if sec.body_kind == "pps":
        comp = actions.composition_for(sec.election, sec.body_kind)
        window, policy = rules.formation_window(queries.pps_oath_date(sec), comp.window_days), comp.window_policy
    return SecretariatOut(id=sec.pk, election=sec.election.code, body_kind=sec.body_kind, region_code=sec.region_id,
                          office_name=sec.office_name, address=sec.address, phone=sec.phone, email=sec.email,
                          staff=staff, filled=len(staff), required=sec.positions.count(),
                          formation_window_start=window[0] if window else None,
                          formation_window_end=window[1] if window else None, window_policy=policy)


@router.post("/secretariats/form", response=FormOut, summary="Form one secretariat per kecamatan and desa (idempotent)")
def form_secretariats(request: AuthedRequest, payload: FormIn) -> FormOut:
    r = actions.do_form_secretariats(current(code=payload.election), payload.kab_code, actor=request.user)
    return FormOut(created=r.created, existing=r.existing, positions=r.positions)


@router.post("/secretariats/{int:secretariat_id}/candidates", response=StaffCandidateOut)
def propose_candidate(request: AuthedRequest, secretariat_id: int, payload: ProposeIn) -> StaffCandidateOut:
    sec = _secretariat(request, secretariat_id, "secretariats.manage")
    employee = readable(request.user).filter(pk=payload.employee_id).first()
    if employee is None:
        raise DomainError("employee not in the register you may read")
    c = actions.do_propose(sec, payload.kind, employee, actor=request.user, proposed_on=payload.proposed_on,
                           letter_number=payload.letter_number)
    return StaffCandidateOut(id=c.pk, kind=c.kind, employee_id=c.employee_id, status=c.status,
                             proposed_on=c.proposed_on)


@router.post("/secretariats/{int:secretariat_id}/keputusan", response=DecisionOut,
             summary="The keputusan picking candidates into vacant seats")
def pick_candidates(request: AuthedRequest, secretariat_id: int, payload: SecretariatDecisionIn) -> DecisionOut:
    sec = _secretariat(request, secretariat_id, "secretariats.manage")
    d = actions.do_pick(sec, payload.candidate_ids, actor=request.user, number=payload.number, date=payload.date,
                        issued_by=payload.issued_by)
    return DecisionOut(id=d.pk, kind=d.kind, number=d.number, date=d.date, issued_by=d.issued_by,
                       window_warning=d.window_warning)


@router.post("/secretariats/{int:secretariat_id}/penetapan", response=DecisionOut)
def set_penetapan(request: AuthedRequest, secretariat_id: int, payload: SecretariatDecisionIn) -> DecisionOut:
    sec = _secretariat(request, secretariat_id, "secretariats.manage")
    d = actions.do_set_penetapan(sec, actor=request.user, number=payload.number, date=payload.date,
                                 issued_by=payload.issued_by)
    return DecisionOut(id=d.pk, kind=d.kind, number=d.number, date=d.date, issued_by=d.issued_by,
                       window_warning=d.window_warning)


@router.post("/secretariats/import", response=SecretariatImportOut,
             summary="Atomic CSV/XLSX import of decided assignments")
def import_secretariat_assignments(request: AuthedRequest, file: File[UploadedFile],
                                   election: str = "") -> SecretariatImportOut:
    r = importer.import_assignments(current(code=election), file.read(), actor=request.user, filename=file.name or "")
    return SecretariatImportOut(assigned=r.assigned, decisions=r.decisions)
