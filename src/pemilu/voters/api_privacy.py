"""API v1 of the privacy area (issue 22 items 6 and 7), the pages' actions with their permissions:
the full NIK/KK of a voter (audited), Model A-Daftar Pemilih of a TPS and the parties' soft copy of a
kab/kota (masked, watermarked, audited; the answer is the file), and the public "Cek DPT" — anonymous
like the page, with the same per-address limit, and a NIK that cannot exist refused before any query."""

from __future__ import annotations

from enum import StrEnum

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import ErrorItem, ErrorOut, error_body, throttled
from pemilu.core.bounds import NAME_MAX, SHORT_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.regions.models import Region, Tps
from pemilu.voters import exports, lookup
from pemilu.voters.actions import do_reveal_numbers
from pemilu.voters.api import router
from pemilu.voters.models import Voter
from pemilu.voters.throttle import lookup_limited


class RevealIn(Schema):
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX, description="why the full numbers are needed")


class RevealOut(Schema):
    nik: str
    no_kk: str


class ModelAFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


class PartyCopyFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class ModelAIn(Schema):
    recipient: str = Field(..., min_length=1, max_length=NAME_MAX, description="party or organisation receiving it")
    format: ModelAFormat = ModelAFormat.PDF
    election: str = Field("", max_length=40, description="election code; default the latest")


class PartyCopyIn(Schema):
    recipient: str = Field(..., min_length=1, max_length=NAME_MAX, description="party or organisation receiving it")
    format: PartyCopyFormat = PartyCopyFormat.XLSX
    election: str = Field("", max_length=40, description="election code; default the latest")


class DptLookupIn(Schema):
    nik: str = Field(..., max_length=32, description="the whole NIK, 16 digits")
    name: str = Field("", max_length=lookup.NAME_MAX, description="optional: the name as registered")
    election: str = Field("", max_length=40, description="election code; default the latest")


class CekOut(Schema):
    registered: bool
    masked_name: str = ""
    list_stage: str = Field("", description="the list the voter is on: dpt, or the latest announced before it")
    tps_number: int | None = None
    village: str = ""
    district: str = ""
    regency: str = ""
    tps_address: str = Field("", description="where the TPS stands (empty: not set yet)")
    tps_location_note: str = ""


def _file(export: exports.Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@router.post("/voters/{voter_id}/reveal-nik", response=RevealOut,
             summary="The voter's full NIK and KK (KPU staff in scope; audited with the reason)")
def reveal_nik(request: AuthedRequest, voter_id: int, payload: RevealIn) -> HttpResponse | dict[str, str]:
    voter = get_object_or_404(Voter.objects.visible_to(request.user), pk=voter_id)
    nik, kk = do_reveal_numbers(voter, actor=request.user, reason=payload.reason)
    return {"nik": nik, "no_kk": kk}


@router.post("/voters/tps/{tps_code}/model-a", response={200: None},
             summary="Model A-Daftar Pemilih of a TPS as PDF/XLSX: NIK/KK masked, recipient watermarked, audited")
def model_a(request: AuthedRequest, tps_code: str, payload: ModelAIn) -> HttpResponse:
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
    ensure_can(request.user, "voters.export", tps)
    return _file(exports.do_export_model_a(tps, election=current(code=payload.election), actor=request.user,
                                           organisation=payload.recipient, fmt=payload.format.value))


@router.post("/voters/regions/{region_code}/party-copy", response={200: None},
             summary="The parties' soft copy of a kab/kota's lists as XLSX/CSV: masked, watermarked, audited")
def party_copy(request: AuthedRequest, region_code: str, payload: PartyCopyIn) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    return _file(exports.do_export_party_copy(region, election=current(code=payload.election), actor=request.user,
                                              organisation=payload.recipient, fmt=payload.format.value))


@router.post("/voters/cek-dpt", auth=None, response={200: CekOut, 422: ErrorOut, 429: ErrorOut},
             summary="Cek DPT (public): an exact, valid NIK → masked name and TPS, or not registered")
def cek_dpt(request: HttpRequest, payload: DptLookupIn) -> Status[object]:
    if lookup_limited(request):
        return throttled(_("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam."))
    nik = payload.nik.strip()
    problem = lookup.refusal(nik)
    if problem:
        return Status(422, error_body(problem, "invalid", [ErrorItem(field="nik", message=problem)]))
    found = lookup.find(current(code=payload.election), nik, payload.name)
    if found is None:
        return Status(200, {"registered": False})
    return Status(200, {"registered": True, "masked_name": found.masked_name, "list_stage": found.stage,
                        "tps_number": found.tps_number, "village": found.village, "district": found.district,
                        "regency": found.regency, "tps_address": found.tps_address,
                        "tps_location_note": found.tps_location_note})
