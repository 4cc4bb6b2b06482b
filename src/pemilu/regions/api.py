from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pemilu.regions import queries
from pemilu.regions.models import Region, Tps

router = Router(tags=["wilayah"])


class RegionOut(Schema):
    code: str
    name: str
    alt_name: str
    level: int
    kind: str
    parent_code: str | None
    tps_count: int
    source: str

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id


class TpsOut(Schema):
    code: str
    village_code: str
    number: int
    kind: str
    is_special: bool

    @staticmethod
    def resolve_village_code(obj: Tps) -> str:
        return obj.village_id


@router.get("/regions", response=list[RegionOut], summary="Your top regions")
def list_roots(request: HttpRequest) -> list[Region]:
    return queries.root_regions(request.user)


@router.get("/regions/{code}", response=RegionOut)
def get_region(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(Region.objects.visible_to(request.user), code=code)


@router.get("/regions/{code}/children", response=list[RegionOut])
def list_children(request: HttpRequest, code: str) -> list[Region]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return list(Region.objects.filter(parent__code=region.code))


@router.get("/regions/{code}/tps", response=list[TpsOut])
def list_tps(request: HttpRequest, code: str) -> list[Tps]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return list(Tps.objects.visible_to(request.user).filter(village__code=region.code))


@router.get("/tps/{code}", response=TpsOut)
def get_tps(request: HttpRequest, code: str) -> Tps:
    return get_object_or_404(Tps.objects.visible_to(request.user), code=code)
