"""The coklit in API v1 (issue 22 item 1): what the Pantarlih's phone page does — the voters of a TPS
area (paged, searchable), an outcome for one voter, a new voter — and the progress per Pantarlih.
Each calls the page's action: an area outside the user's regions answers 404, a reader without
``voters.coklit`` 403. NIK and KK appear masked only."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.exceptions import NotFoundError
from pemilu.core.levels import Level
from pemilu.core.models import Sex
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.voters import coklit
from pemilu.voters.actions import do_add_new_voter, do_record_coklit
from pemilu.voters.models import Marital, NotEligibleReason, Voter

router = Router(tags=["pemilih"])


class CoklitVoterOut(Schema):
    id: int
    name: str
    sex: str
    age: int = Field(..., description="age on voting day")
    marital: str
    birth_place: str
    birth_date: datetime.date
    address: str
    rt: str
    rw: str
    nik: str = Field(..., description="masked: the first six and the last two digits")
    no_kk: str = Field(..., description="masked")
    findings: str = Field(..., description="NIK/KK finding codes to check during the coklit")
    coklit: str = Field(..., description="belum, sesuai, ubah, tms or baru")
    not_eligible_reason: str


def _out(card: coklit.VoterCard) -> dict[str, Any]:
    v = card.voter
    return {"id": v.pk, "name": v.name, "sex": v.sex, "age": card.age, "marital": v.marital,
            "birth_place": v.birth_place, "birth_date": v.birth_date, "address": v.address, "rt": v.rt, "rw": v.rw,
            "nik": card.nik, "no_kk": card.kk, "findings": v.findings, "coklit": v.coklit,
            "not_eligible_reason": v.not_eligible_reason}


class AreaVotersQuery(PageParams):
    q: str = Field("", max_length=100, description="words of the name, address, RT or RW")
    status: Literal["", "belum", "sesuai", "ubah", "tms", "baru"] = ""
    pemilu: str = Field("", max_length=40, description="election code (default: the current one)")


@router.get("/coklit/areas/{tps_code}/voters", response=Page[CoklitVoterOut],
            summary="The voters of one TPS area (a Pantarlih's list), in list order")
def area_voters(request: AuthedRequest, tps_code: str, params: Query[AreaVotersQuery]) -> dict[str, Any]:
    election = current(request, params.pemilu)
    tps = coklit.area(request.user, tps_code)
    return paginate(coklit.area_voters(election, tps, q=params.q, status=params.status), params,
                    out_page=lambda rows: [_out(c) for c in coklit.cards(rows, election)])


class CoklitOutcomeIn(Schema):
    outcome: Literal["sesuai", "ubah", "tms"]
    reason: NotEligibleReason | None = Field(None, description="tms: the regulation's reason")
    changes: dict[str, str] = Field(default_factory=dict,
                                    description="ubah: file column → new value (nama, alamat, rt, nik, …)")
    evidence: str = Field("", max_length=2000, description="tms: required; the evidence or a note")
    pemilu: str = Field("", max_length=40)


class OutcomeOut(Schema):
    record_id: int
    voter: CoklitVoterOut


def _voter(request: HttpRequest, tps_code: str, voter_id: int, pemilu: str) -> tuple[Any, Voter, Any]:
    election = current(request, pemilu)
    tps = coklit.area(request.user, tps_code)
    voter = get_object_or_404(Voter.objects.filter(election=election, placement__tps=tps), pk=voter_id)
    ensure_can(request.user, "voters.coklit", tps.code)
    return election, voter, tps


@router.post("/coklit/areas/{tps_code}/voters/{int:voter_id}/outcome", response={201: OutcomeOut},
             summary="Record a coklit outcome for one voter (sesuai, ubah with changes, tms with reason and evidence)")
def record_outcome(request: AuthedRequest, tps_code: str, voter_id: int, payload: CoklitOutcomeIn) -> Status[Any]:
    election, voter, _tps = _voter(request, tps_code, voter_id, payload.pemilu)
    rec = do_record_coklit(voter, outcome=payload.outcome, actor=request.user, reason=payload.reason or "",
                           changes=payload.changes or None, evidence=payload.evidence)
    voter.refresh_from_db()
    return Status(201, {"record_id": rec.pk, "voter": _out(coklit.cards([voter], election)[0])})


class CoklitItemIn(Schema):
    voter_id: int
    outcome: Literal["sesuai", "ubah", "tms"]
    reason: NotEligibleReason | None = Field(None, description="tms: the regulation's reason")
    changes: dict[str, str] = Field(default_factory=dict)
    evidence: str = Field("", max_length=2000)


class CoklitBatchIn(Schema):
    items: list[CoklitItemIn] = Field(..., min_length=1, max_length=1000)
    pemilu: str = Field("", max_length=40)


class CoklitBatchOut(Schema):
    recorded: int


@router.post("/coklit/areas/{tps_code}/batch", response={201: CoklitBatchOut},
             summary="Record the outcomes a phone kept while offline, for one TPS area: all or nothing "
                     "(a bad item is named by its position in errors[].row)")
def record_batch(request: AuthedRequest, tps_code: str, payload: CoklitBatchIn) -> Status[Any]:
    from pemilu.voters.coklit_batch import Item, do_record_coklit_batch

    election = current(request, payload.pemilu)
    coklit.area(request.user, tps_code)  # 404 outside the user's regions, 403 without voters.view
    records = do_record_coklit_batch(election, tps_code, [Item(i.voter_id, i.outcome, i.reason or "", i.evidence,
                                                               dict(i.changes)) for i in payload.items],
                                     actor=request.user)
    return Status(201, {"recorded": len(records)})


class NewVoterIn(Schema):
    nik: str = Field(..., max_length=16)
    no_kk: str = Field(..., max_length=16)
    nama: str = Field(..., min_length=1, max_length=200)
    tempat_lahir: str = Field(..., max_length=100)
    tanggal_lahir: str = Field(..., max_length=10, description="YYYY-MM-DD")
    jenis_kelamin: Sex
    status_kawin: Marital
    alamat: str = Field(..., max_length=300)
    rt: str = Field("", max_length=5)
    rw: str = Field("", max_length=5)
    disabilitas: str = Field("", max_length=100)
    pekerjaan: str = Field("", max_length=100)
    evidence: str = Field("", max_length=2000)
    pemilu: str = Field("", max_length=40)


@router.post("/coklit/areas/{tps_code}/voters", response={201: CoklitVoterOut},
             summary="Add a new voter (baru) found in this TPS area")
def add_voter(request: AuthedRequest, tps_code: str, payload: NewVoterIn) -> Status[Any]:
    election = current(request, payload.pemilu)
    tps = coklit.area(request.user, tps_code)
    ensure_can(request.user, "voters.coklit", tps.code)
    fields = payload.dict(exclude={"evidence", "pemilu"})
    voter = do_add_new_voter(election, {**fields, "kode_desa": tps.desa_code}, actor=request.user,
                             evidence=payload.evidence, tps_code=tps.code)
    return Status(201, _out(coklit.cards([voter], election)[0]))


class ProgressOut(Schema):
    code: str = Field(..., description="TPS code (per Pantarlih), desa code (above), '' = not mapped to a TPS")
    name: str
    pantarlih: list[str]
    total: int
    belum: int
    sesuai: int
    ubah: int
    tms: int
    baru: int
    percent: int


class ProgressQuery(PageParams):
    pemilu: str = Field("", max_length=40)


@router.get("/coklit/progress/{region_code}", response=Page[ProgressOut],
            summary="Coklit progress per Pantarlih (TPS area) of a desa, or per desa of a kecamatan or kab/kota")
def progress(request: AuthedRequest, region_code: str, params: Query[ProgressQuery]) -> dict[str, Any]:
    election = current(request, params.pemilu)
    region = Region.objects.filter(code=region_code, level__in=(Level.KABKOTA, Level.KECAMATAN, Level.DESA)).first()
    if region is None:
        raise NotFoundError(_("Tidak ditemukan."))
    ensure_can(request.user, "voters.view", region)
    rows = coklit.progress(election, region)
    return paginate(rows, params, lambda r: {"code": r.code, "name": r.name, "pantarlih": r.pantarlih,
                                             "total": r.total, **r.counts, "percent": r.percent})
