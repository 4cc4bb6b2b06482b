from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from pemilu.asn import queries
from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.core.api import Page, PageParams, paginate

router = Router(tags=["asn"])


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    agency: str
    position: str
    employment_type: str
    region_code: str
    is_active: bool

    @staticmethod
    def resolve_region_code(obj: AsnEmployee) -> str:
        return obj.region_id


class ImportOut(Schema):
    created: int
    updated: int


class EmployeeFilter(PageParams):
    q: str = Field("", max_length=100, description="part of the name or agency, or the start of the NIP")
    region: str = Field("", max_length=20, description="region code: employees placed under it")
    employment_type: str = Field("", max_length=10)


@router.get("/asn", response=Page[EmployeeOut], summary="ASN register rows you may read")
def list_employees(request: HttpRequest, filters: Query[EmployeeFilter]) -> dict[str, Any]:
    qs = queries.search(request.user, text=filters.q, region=filters.region, employment_type=filters.employment_type)
    return paginate(qs.order_by("agency", "name", "pk"), filters)


@router.post("/asn/import", response=ImportOut, summary="Atomic CSV/XLSX import")
def import_file(request: HttpRequest, file: File[UploadedFile]) -> ImportOut:
    result = import_employees(file.read(), actor=request.user, filename=file.name or "")
    return ImportOut(created=result.created, updated=result.updated)


@router.get("/asn/{employee_id}", response=EmployeeOut)
def get_employee(request: HttpRequest, employee_id: int) -> AsnEmployee:
    return get_object_or_404(queries.readable(request.user), pk=employee_id)
