from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

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


class RegionPage(Schema):
    count: int
    items: list[RegionOut]


class TpsPage(Schema):
    count: int
    items: list[TpsOut]


class PageIn(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@router.get("/regions", response=RegionPage, summary="Your top regions")
def list_roots(request: HttpRequest, page: Query[PageIn]) -> dict[str, object]:
    roots = sorted(queries.root_regions(request.user), key=lambda r: r.code)
    return {"count": len(roots), "items": roots[page.offset:page.offset + page.limit]}


@router.get("/regions/{region_code}", response=RegionOut)
def get_region(request: HttpRequest, region_code: str) -> Region:
    return get_object_or_404(Region.objects.visible_to(request.user), code=region_code)


@router.get("/regions/{region_code}/children", response=RegionPage)
def list_children(request: HttpRequest, region_code: str, page: Query[PageIn]) -> dict[str, object]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    qs = Region.objects.filter(parent__code=region.code).order_by("code")
    return {"count": qs.count(), "items": list(qs[page.offset:page.offset + page.limit])}


@router.get("/regions/{region_code}/tps", response=TpsPage)
def list_tps(request: HttpRequest, region_code: str, page: Query[PageIn]) -> dict[str, object]:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    qs = Tps.objects.visible_to(request.user).filter(village__code=region.code).order_by("code")
    return {"count": qs.count(), "items": list(qs[page.offset:page.offset + page.limit])}


@router.get("/tps/{tps_code}", response=TpsOut)
def get_tps(request: HttpRequest, tps_code: str) -> Tps:
    return get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
