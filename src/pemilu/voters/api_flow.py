"""API v1 of the DPS → DPT flow (issue 22 items 1 and 9), each operation the page's action with its
permission: the lists of a desa and their compilation, the DPS announcement, the responses (staff,
and the public's own, anonymous and rate-limited like the page), the recap and funnel, and KPU
Kab/Kota's DPT plenary (attendance, lock). The election is the current one (``elections.queries``)."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core import ratelimit
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX
from pemilu.core.models import Sex
from pemilu.elections.queries import current
from pemilu.results.api_plenary import AttendeeIn  # the rapat pleno's daftar hadir, one schema
from pemilu.results.minutes import MAX_ATTENDEES
from pemilu.voters import plenary as dpt_plenary
from pemilu.voters import queries
from pemilu.voters.actions import do_compile_list
from pemilu.voters.api import router
from pemilu.voters.models import (
    DpsAnnouncement,
    DpsResponse,
    DptPlenary,
    NotEligibleReason,
    ResponseKind,
    VoterList,
    VoterListEntry,
)
from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt
from pemilu.voters.responses import (
    PUBLIC_PER_HOUR,
    do_announce_dps,
    do_record_response,
    do_resolve_response,
    window_state,
)

RegionCode = Annotated[str, Field(max_length=20)]


class StageIn(StrEnum):
    dphp = "dphp"
    dps = "dps"
    dpshp = "dpshp"
    dpshp_akhir = "dpshp_akhir"


class CompileIn(Schema):
    stage: StageIn = Field(..., description="the next stage of the desa's list (the DPT is set in the plenary)")


class VoterListOut(Schema):
    id: int
    village: str = Field(..., alias="village_id")
    stage: str
    total: int
    male: int
    female: int
    by_tps: dict[str, dict[str, int]]
    compiled_at: datetime.datetime


class AnnounceIn(Schema):
    place: str = Field(..., min_length=1, max_length=NAME_MAX, description="where the DPS is posted")
    starts_on: datetime.date | None = Field(None, description="default: today on the desa's clock")
    ends_on: datetime.date | None = Field(None, description="last day of responses; default: the election's "
                                                            "response_days (21) counted from starts_on")


class AnnouncementOut(Schema):
    id: int
    village: str = Field(..., alias="village_id")
    village_name: str = Field(..., alias="village.name")
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    window: str
    dps_total: int = Field(..., alias="voter_list.total")

    @staticmethod
    def resolve_window(obj: DpsAnnouncement) -> str:
        return window_state(obj)


class AnnouncementFilter(PageParams):
    region: RegionCode = Field("", description="only announcements under this region code")


class PublicVoterOut(Schema):
    """A voter as the announced DPS shows them: no NIK, no KK, no birth date."""

    id: int = Field(..., alias="voter_id")
    name: str = Field(..., alias="voter.name")
    sex: str = Field(..., alias="voter.sex")
    rt: str = Field(..., alias="voter.rt")
    rw: str = Field(..., alias="voter.rw")
    tps: int | None = Field(None, alias="tps.number", description="the TPS number in the desa")


class DpsResponseIn(Schema):
    kind: ResponseKind
    details: str = Field(..., min_length=10, max_length=LONG_TEXT_MAX)
    sender_name: str = Field(..., min_length=1, max_length=NAME_MAX)
    sender_contact: str = Field("", max_length=NAME_MAX)
    evidence: str = Field("", max_length=LONG_TEXT_MAX)
    voter_id: int | None = Field(None, description="tms/perbaikan: the voter on the announced DPS")
    reason: NotEligibleReason | None = Field(None, description="tms: the regulation's category")
    person_name: str = Field("", max_length=NAME_MAX)
    person_birth_date: datetime.date | None = None
    person_sex: Sex | None = Field(None, description="belum_terdaftar: L or P")
    person_address: str = Field("", max_length=300)


class DpsResponseOut(Schema):
    id: int
    kind: str
    voter_id: int | None
    voter_name: str | None = Field(None, alias="voter.name")
    person_name: str
    reason: str
    details: str
    sender_name: str
    sender_contact: str
    evidence: str
    public: bool
    status: str
    resolution: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None

    @staticmethod
    def resolve_public(obj: DpsResponse) -> bool:
        return obj.received_by_id is None


class ReceiptOut(Schema):
    id: int
    status: str


class DpsResponseResolveIn(Schema):
    accept: bool
    resolution: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX, description="the reason of the decision")
    changes: dict[Annotated[str, Field(max_length=20)], Annotated[str, Field(max_length=300)]] = Field(
        default_factory=dict, max_length=12, description="perbaikan accepted: column → new value (as the coklit)")
    fields: dict[Annotated[str, Field(max_length=20)], Annotated[str, Field(max_length=300)]] = Field(
        default_factory=dict, max_length=20, description="belum_terdaftar accepted: the voter's columns")


class RecapRowOut(Schema):
    code: str
    name: str
    stage: str
    stages: dict[str, dict[str, int]]


class FunnelOut(Schema):
    region: str
    dp4: int
    new_coklit: int
    new_response: int
    pending: int
    not_eligible: list[dict[str, Any]]
    not_eligible_total: int
    responses: list[dict[str, Any]]
    stages: list[dict[str, Any]]


class DptAttendanceIn(Schema):
    attendees: list[AttendeeIn] = Field(..., max_length=MAX_ATTENDEES, description="the whole list, replacing it")


class DptPlenaryOut(Schema):
    region: str
    status: str
    attendees: list[dict[str, Any]]
    quorum: dict[str, Any]
    blockers: list[dict[str, str]]
    frozen: dict[str, Any]
    locked_at: datetime.datetime | None


def _plenary_out(plenary: DptPlenary) -> dict[str, Any]:
    election = current()
    q = dpt_plenary.quorum_of(election, plenary.region_id, plenary)
    blockers = [] if plenary.status == "locked" else dpt_plenary.set_blockers(election, plenary.region, plenary)
    return {"region": plenary.region_id, "status": plenary.status, "attendees": plenary.attendees,
            "quorum": {"members": q.members, "present": q.present, "needed": q.needed, "fraction": q.fraction,
                       "reached": q.reached},
            "blockers": [{"code": b.code, "message": b.message} for b in blockers],
            "frozen": plenary.frozen, "locked_at": plenary.locked_at}


# --- the lists of a desa ---------------------------------------------------------------------------

@router.get("/voters/villages/{region_code}/lists", response=Page[VoterListOut],
            summary="A desa's compiled lists (DPHP … DPT) with their counts by sex and TPS")
def list_voter_lists(request: HttpRequest, region_code: str, params: Query[PageParams]) -> dict[str, Any]:
    ensure_can(request.user, "voters.view", region_code)
    rows = VoterList.objects.visible_to(request.user).filter(election=current(), desa_code=region_code)
    return paginate(rows.order_by("compiled_at", "pk"), params)


@router.post("/voters/villages/{region_code}/lists", response={201: VoterListOut},
             summary="Compile a desa's next list (the PPS: DPHP → DPS → DPSHP → DPSHP Akhir)")
def compile_voter_list(request: AuthedRequest, region_code: str, payload: CompileIn) -> Status[VoterList]:
    return Status(201, do_compile_list(current(), region_code, payload.stage.value, actor=request.user))


# --- the DPS announcement and its responses --------------------------------------------------------

@router.post("/voters/villages/{region_code}/announcement", response={201: AnnouncementOut},
             summary="Announce a desa's DPS for the public-response window")
def announce_dps(request: AuthedRequest, region_code: str, payload: AnnounceIn) -> Status[DpsAnnouncement]:
    return Status(201, do_announce_dps(current(), region_code, actor=request.user, place=payload.place,
                                       starts_on=payload.starts_on, ends_on=payload.ends_on))


@router.get("/voters/announcements", response=Page[AnnouncementOut], auth=None,
            summary="Announced DPS (public: where and until when each desa's DPS is open to responses)")
def list_announcements(request: HttpRequest, filters: Query[AnnouncementFilter]) -> dict[str, Any]:
    rows = DpsAnnouncement.objects.filter(election=current()).select_related("village", "voter_list")
    if filters.region:
        rows = rows.in_region(filters.region)
    return paginate(rows.order_by("village_id"), filters)


@router.get("/voters/announcements/{announcement_id}/voters", response=Page[PublicVoterOut], auth=None,
            summary="The voters of an announced DPS as posted (public: name, sex, RT/RW, TPS; no NIK)")
def list_announced_voters(request: HttpRequest, announcement_id: int, params: Query[PageParams]) -> dict[str, Any]:
    announcement = get_object_or_404(DpsAnnouncement, pk=announcement_id)
    rows = (VoterListEntry.objects.filter(voter_list_id=announcement.voter_list_id)
            .select_related("voter", "tps").order_by("voter__rw", "voter__rt", "voter__name", "pk"))
    return paginate(rows, params)


def _response_kwargs(payload: DpsResponseIn) -> dict[str, Any]:
    return {"kind": payload.kind.value, "details": payload.details, "sender_name": payload.sender_name,
            "sender_contact": payload.sender_contact, "evidence": payload.evidence, "voter_id": payload.voter_id,
            "reason": payload.reason or "", "person_name": payload.person_name,
            "person_birth_date": payload.person_birth_date, "person_sex": payload.person_sex or "",
            "person_address": payload.person_address}


@router.post("/voters/announcements/{announcement_id}/responses", response={201: DpsResponseOut},
             summary="Record a response to an announced DPS at the PPS (tanggapan masyarakat)")
def record_response(request: AuthedRequest, announcement_id: int, payload: DpsResponseIn) -> Status[DpsResponse]:
    announcement = get_object_or_404(DpsAnnouncement.objects.visible_to(request.user), pk=announcement_id)
    return Status(201, do_record_response(announcement, actor=request.user, **_response_kwargs(payload)))


@router.post("/voters/announcements/{announcement_id}/public-responses", response={201: ReceiptOut}, auth=None,
             summary="Send a response to an announced DPS without an account (rate-limited per client)")
def send_public_response(request: HttpRequest, announcement_id: int, payload: DpsResponseIn) -> Status[DpsResponse]:
    if ratelimit.hit(request, "voters:response", PUBLIC_PER_HOUR):
        raise HttpError(429, "Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam.")
    announcement = get_object_or_404(DpsAnnouncement, pk=announcement_id)
    return Status(201, do_record_response(announcement, actor=None, **_response_kwargs(payload)))


@router.get("/voters/announcements/{announcement_id}/responses", response=Page[DpsResponseOut],
            summary="The responses to an announced DPS with their status and resolution")
def list_responses(request: HttpRequest, announcement_id: int, params: Query[PageParams]) -> dict[str, Any]:
    announcement = get_object_or_404(DpsAnnouncement.objects.visible_to(request.user), pk=announcement_id)
    ensure_can(request.user, "voters.view", announcement)
    return paginate(announcement.responses.select_related("voter").order_by("pk"), params)


@router.post("/voters/responses/{response_id}/resolve", response=DpsResponseOut,
             summary="Accept or reject a response, with the reason (accepted: the voter changes)")
def resolve_response(request: AuthedRequest, response_id: int, payload: DpsResponseResolveIn) -> DpsResponse:
    response = get_object_or_404(DpsResponse.objects.visible_to(request.user), pk=response_id)
    return do_resolve_response(response, actor=request.user, accept=payload.accept, resolution=payload.resolution,
                               changes=payload.changes or None, fields=payload.fields or None)


# --- recap, funnel, DPT plenary ------------------------------------------------------------------------

@router.get("/voters/recap/{region_code}", response=Page[RecapRowOut],
            summary="The recap of the compiled lists below a kab/kota, kecamatan or desa (by sex; desa: by TPS)")
def voter_recap(request: HttpRequest, region_code: str, params: Query[PageParams]) -> dict[str, Any]:
    ensure_can(request.user, "voters.view", region_code)
    return paginate(queries.recap(current(), region_code)["rows"], params)


@router.get("/voters/funnel/{region_code}", response=FunnelOut,
            summary="DP4 → new voters → not eligible by category → DPS → responses → DPT of a region")
def voter_funnel(request: HttpRequest, region_code: str) -> dict[str, Any]:
    ensure_can(request.user, "voters.view", region_code)
    return queries.funnel(current(), region_code)


def _plenary(request: HttpRequest, region_code: str) -> DptPlenary:
    ensure_can(request.user, "voters.view", region_code)
    region = dpt_plenary.kabkota(region_code)
    found = DptPlenary.objects.filter(election=current(), region=region).first()
    return found or DptPlenary(election=current(), region=region)


@router.get("/voters/dpt-plenary/{region_code}", response=DptPlenaryOut,
            summary="KPU Kab/Kota's DPT plenary: attendance, quorum, what holds the lock, the recap it set")
def get_dpt_plenary(request: HttpRequest, region_code: str) -> dict[str, Any]:
    return _plenary_out(_plenary(request, region_code))


@router.put("/voters/dpt-plenary/{region_code}/attendance", response=DptPlenaryOut,
            summary="The DPT plenary's attendance list (replaced as a whole)")
def record_dpt_attendance(request: AuthedRequest, region_code: str, payload: DptAttendanceIn) -> dict[str, Any]:
    rows = [{**a.dict(), "kind": a.kind.value} for a in payload.attendees]
    return _plenary_out(do_record_dpt_attendance(current(), region_code, rows, actor=request.user))


@router.post("/voters/dpt-plenary/{region_code}/lock", response=DptPlenaryOut,
             summary="Set the DPT in the plenary (quorum, every desa's DPSHP Akhir, every voter at a TPS)",
             description="Refused with 409 and the blockers named while any holds.")
def set_dpt(request: AuthedRequest, region_code: str) -> dict[str, Any]:
    return _plenary_out(do_set_dpt(current(), region_code, actor=request.user))

