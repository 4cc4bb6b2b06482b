from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.regions import queries
from pemilu.regions.actions import ADDRESS_MAX, do_set_tps_address
from pemilu.regions.models import Region, Tps

router = Router(tags=["wilayah"])


class RegionOut(Schema):
    code: str
    name: str
    alt_name: str
    level: int
    kind: str
    parent_code: str | None = Field(..., alias="parent_id")
    tps_count: int
    source: str


class TpsOut(Schema):
    code: str
    village_code: str = Field(..., alias="village_id")
    number: int
    kind: str
    is_special: bool
    address: str
    location_note: str


@router.get("/regions", response=Page[RegionOut], summary="Your top regions")
def list_roots(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(queries.root_regions(request.user), page)


@router.get("/regions/{region_code}", response=RegionOut)
def get_region(request: HttpRequest, region_code: str) -> Region:
    return get_object_or_404(Region.objects.visible_to(request.user), code=region_code)


@router.get("/regions/{region_code}/children", response=Page[RegionOut])
def list_children(request: HttpRequest, region_code: str, page: Query[PageParams]) -> dict[str, Any]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    return paginate(Region.objects.filter(parent__code=region.code).order_by("code"), page)


@router.get("/regions/{region_code}/tps", response=Page[TpsOut])
def list_tps(request: HttpRequest, region_code: str, page: Query[PageParams]) -> dict[str, Any]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    return paginate(Tps.objects.visible_to(request.user).filter(village__code=region.code).order_by("code"), page)


@router.get("/tps/{tps_code}", response=TpsOut)
def get_tps(request: HttpRequest, tps_code: str) -> Tps:
    return get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)


class TpsAddressIn(Schema):
    address: str = Field(..., max_length=ADDRESS_MAX, description="where the TPS stands; empty clears it")
    location_note: str = Field("", max_length=ADDRESS_MAX, description="e.g. the school yard, opposite the mosque")


@router.put("/tps/{tps_code}/address", response=TpsOut, summary="Set the TPS's address (KPU Kab/Kota staff)")
def set_tps_address(request: AuthedRequest, tps_code: str, payload: TpsAddressIn) -> Tps:
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
    return do_set_tps_address(tps, actor=request.user, address=payload.address, location_note=payload.location_note)
