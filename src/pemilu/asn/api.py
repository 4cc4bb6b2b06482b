from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from pemilu.asn import queries
from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee

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


@router.get("/asn", response=list[EmployeeOut], summary="ASN register rows you may read")
def list_employees(request: HttpRequest, q: str = "", region: str = "", employment_type: str = "") -> list[AsnEmployee]:
    return list(queries.search(request.user, text=q, region=region, employment_type=employment_type)[:1000])


@router.post("/asn/import", response=ImportOut, summary="Atomic CSV/XLSX import")
def import_file(request: HttpRequest, file: File[UploadedFile]) -> ImportOut:
    result = import_employees(file.read(), actor=request.user, filename=file.name or "")
    return ImportOut(created=result.created, updated=result.updated)


@router.get("/asn/{employee_id}", response=EmployeeOut)
def get_employee(request: HttpRequest, employee_id: int) -> AsnEmployee:
    return get_object_or_404(queries.readable(request.user), pk=employee_id)
