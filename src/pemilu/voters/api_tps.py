"""TPS mapping, DPTb and DPK in the API (issue 22 items 2, 5): the operations of the pages
``/pemilih/pemetaan-tps/`` and ``/pemilih/pindah-memilih/`` and the KPPS's DPK record, through the
same actions and permissions (404 outside the user's regions, 403 in them without the role)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.permissions import ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.models import Sex
from pemilu.elections.queries import current
from pemilu.regions.models import Tps
from pemilu.voters.mapping import MapReport, do_map_tps
from pemilu.voters.models import DpkRecord, Marital, Transfer, Voter
from pemilu.voters.transfers import DpkIn, do_record_dpk, do_register_transfer

router = Router(tags=["pemilih"])


class MapIn(Schema):
    election: str = Field("", max_length=40, description="election code; '' = the current election")
    cap: int | None = Field(None, ge=1, le=5000, description="voters per TPS at most; default: the election's")
    dry_run: bool = Field(False, description="compute and answer, write nothing")


class DesaMapOut(Schema):
    code: str
    name: str
    voters: int
    tps: int
    largest: int
    special_voters: int
    tps_2024: int | None
    special_2024: int
    tps_2024_code: str
    difference: int | None
    locked: bool


class MapOut(Schema):
    election: str
    region: str
    cap: int
    dry_run: bool
    voters: int
    tps: int
    tps_2024: int
    changed: int
    unmapped: int
    tps_created: int
    desa: list[DesaMapOut]


def _report(r: MapReport) -> dict[str, object]:
    return {**r.as_dict(), "desa": [
        {"code": d.code, "name": d.name, "voters": d.voters, "tps": d.tps, "largest": d.largest,
         "special_voters": d.special_voters, "tps_2024": d.tps_2024, "special_2024": d.special_2024,
         "tps_2024_code": d.tps_2024_code, "difference": d.difference, "locked": d.locked} for d in r.desa]}


@router.post("/voters/tps-mapping/{region_code}", response=MapOut,
             summary="Map the eligible voters of each desa of a region to TPS (or, with dry_run, only compute it)")
def map_tps(request: AuthedRequest, region_code: str, payload: MapIn) -> dict[str, object]:
    election = current(code=payload.election)
    return _report(do_map_tps(election, region_code, actor=request.user, cap=payload.cap, dry_run=payload.dry_run))


class TransferIn(Schema):
    destination: str = Field(..., min_length=1, max_length=20, description="destination TPS code (or desa code)")
    reason: str = Field(..., min_length=1, max_length=30, description="a reason code of dptb_reasons.json")
    note: str = Field("", max_length=500)


class TransferOut(Schema):
    id: int
    election: str
    voter_id: int
    name: str
    origin_village: str
    origin_tps: str
    village: str
    tps: str
    reason: str
    ballots: list[str]
    registered_on: datetime.date


def _transfer(t: Transfer) -> dict[str, object]:
    return {"id": t.pk, "election": t.election.code, "voter_id": t.voter_id, "name": t.voter.name,
            "origin_village": t.origin_village_id, "origin_tps": t.origin_tps.code if t.origin_tps else "",
            "village": t.village_id, "tps": t.tps.code if t.tps else "", "reason": t.reason, "ballots": t.ballots,
            "registered_on": t.registered_on}


@router.post("/voters/{voter_id}/transfers", response={201: TransferOut},
             summary="Register a DPT voter as DPTb at another TPS (form A-Surat Pindah Memilih)")
def register_transfer(request: AuthedRequest, voter_id: int, payload: TransferIn) -> Status[dict[str, object]]:
    voter = get_object_or_404(Voter.objects.visible_to(request.user), pk=voter_id)
    transfer = do_register_transfer(voter, actor=request.user, destination=payload.destination,
                                    reason=payload.reason, note=payload.note)
    return Status(201, _transfer(transfer))


class TransferFilter(PageParams):
    election: str = Field("", max_length=40, description="election code; '' = the current election")
    region: str = Field("", max_length=20, description="only transfers from this region code")


@router.get("/voters/transfers", response=Page[TransferOut], summary="DPTb transfers registered in your regions")
def list_transfers(request: HttpRequest, filters: Query[TransferFilter]) -> dict[str, object]:
    ensure_holds(request.user, "voters.view")
    qs = Transfer.objects.visible_to(request.user).filter(election=current(code=filters.election))
    if filters.region:
        qs = qs.in_region(filters.region)
    return paginate(qs.select_related("election", "voter", "origin_tps", "tps").order_by("-pk"), filters, _transfer)


class DpkBody(Schema):
    election: str = Field("", max_length=40, description="election code; '' = the current election")
    nik: str = Field(..., min_length=1, max_length=16)
    name: str = Field(..., min_length=1, max_length=200)
    sex: Sex
    birth_date: datetime.date
    marital: Marital
    village: str = Field(..., min_length=1, max_length=20, description="the KTP-el's desa code")
    rt: str = Field(..., min_length=1, max_length=5)
    rw: str = Field(..., min_length=1, max_length=5)
    ballots_left: int = Field(..., ge=0, le=10_000, description="unused ballots the KPPS still holds")
    voted_at: datetime.datetime | None = Field(None, description="when the voter voted; default: now")


class DpkOut(Schema):
    id: int
    tps: str
    sex: str
    voted_at: datetime.datetime


@router.post("/voters/dpk/{tps_code}", response={201: DpkOut},
             summary="Record a DPK voter (KTP-el, the TPS of their RT/RW, 12:00-13:00, while ballots last)")
def record_dpk(request: AuthedRequest, tps_code: str, payload: DpkBody) -> Status[dict[str, object]]:
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
    record: DpkRecord = do_record_dpk(
        tps, DpkIn(payload.nik, payload.name, payload.sex, payload.birth_date, payload.marital, payload.village,
                   payload.rt, payload.rw),
        election=current(code=payload.election), actor=request.user, ballots_left=payload.ballots_left,
        at=payload.voted_at)
    return Status(201, {"id": record.pk, "tps": tps.code, "sex": record.sex, "voted_at": record.voted_at})
