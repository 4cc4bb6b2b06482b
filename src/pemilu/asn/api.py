from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.types import AuthedRequest
from pemilu.asn import queries
from pemilu.asn.actions import ensure_may_import, import_employees, start_import_job
from pemilu.asn.models import AsnEmployee, EmploymentType, ImportJob
from pemilu.core.api import ErrorItem, Page, PageParams, paginate
from pemilu.core.tabular import ensure_upload_size

router = Router(tags=["asn"])


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    agency: str
    position: str
    employment_type: str
    region_code: str = Field(..., alias="region_id")
    is_active: bool


class AsnImportOut(Schema):
    created: int
    updated: int


class EmployeeFilter(PageParams):
    q: str = Field("", max_length=100, description="part of the name or agency, or the start of the NIP")
    region: str = Field("", max_length=20, description="region code: employees placed under it")
    employment_type: EmploymentType | None = None


@router.get("/asn", response=Page[EmployeeOut], summary="ASN register rows you may read")
def list_employees(request: HttpRequest, filters: Query[EmployeeFilter]) -> dict[str, Any]:
    qs = queries.search(request.user, text=filters.q, region=filters.region,
                        employment_type=filters.employment_type or "")
    return paginate(qs.order_by("agency", "name", "pk"), filters)


class ImportJobOut(Schema):
    id: int
    filename: str
    size: int
    state: str = Field(..., description="queued, checking, writing, done or failed")
    rows_done: int
    rows_total: int | None
    created: int
    updated: int
    message: str
    errors: list[ErrorItem] = Field(..., description="the first 200 problems, by row and column")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    status_url: str = Field(..., description="poll this until state is done or failed")


def _job_out(job: ImportJob) -> ImportJobOut:
    return ImportJobOut(
        id=job.pk, filename=job.filename, size=job.size, state=job.state, rows_done=job.rows_done,
        rows_total=job.rows_total, created=job.created, updated=job.updated, message=job.message,
        errors=[ErrorItem(row=row, column=column or None, message=message) for row, column, message in job.errors],
        created_at=job.created_at, finished_at=job.finished_at,
        status_url=reverse("api:get_import_job", kwargs={"job_id": job.pk}))


@router.post("/asn/import", response={200: AsnImportOut, 202: ImportJobOut},
             summary="CSV/XLSX import: atomic at once, or a background job for a large file (202)",
             description="A file over PEMILU_IMPORT_BACKGROUND_BYTES (512 kB) is stored and imported by a "
                         "background job, as on the page: the answer is 202 with the job; poll its "
                         "`status_url`. Either way one bad row writes nothing, and the rows are named.")
def import_file(request: AuthedRequest, file: File[UploadedFile]) -> Status[AsnImportOut | ImportJobOut]:
    ensure_may_import(request.user)
    ensure_upload_size(file.size or 0)
    if (file.size or 0) > settings.PEMILU_IMPORT_BACKGROUND_BYTES:
        return Status(202, _job_out(start_import_job(file, actor=request.user)))
    result = import_employees(file.read(), actor=request.user, filename=file.name or "")
    return Status(200, AsnImportOut(created=result.created, updated=result.updated))


@router.get("/asn/import-jobs/{job_id}", response=ImportJobOut, summary="A background import: state and progress")
def get_import_job(request: HttpRequest, job_id: int) -> ImportJobOut:
    """Its uploader only, as on the page: anyone else gets 404."""
    return _job_out(get_object_or_404(ImportJob, pk=job_id, actor_id=request.user.pk))


@router.get("/asn/{employee_id}", response=EmployeeOut)
def get_employee(request: HttpRequest, employee_id: int) -> AsnEmployee:
    return get_object_or_404(queries.readable(request.user), pk=employee_id)
