from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import user_scopes
from pemilu.accounts.types import AuthedRequest
from pemilu.asn import queries
from pemilu.asn.actions import COLUMNS, ensure_may_import, import_employees, start_import_job
from pemilu.asn.models import EmploymentType, ImportJob
from pemilu.core.exceptions import ImportFailed
from pemilu.core.tabular import UploadTooLarge, ensure_upload_size

MANAGE_ROLES = {Role.KPU_ADMIN, Role.KPU_STAFF}


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    region = request.GET.get("wilayah", "").strip()
    etype = request.GET.get("jenis", "")
    qs = queries.search(request.user, text=text, region=region, employment_type=etype)
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    return render(request, "asn/list.html", {
        "page": page, "q": text, "wilayah": region, "jenis": etype, "types": EmploymentType.choices,
        "can_import": request.user.is_superuser or any(s.role in MANAGE_ROLES for s in user_scopes(request.user)),
    })


@login_required
def employee_import(request: AuthedRequest) -> HttpResponse:
    """Small files are imported at once; a file over PEMILU_IMPORT_BACKGROUND_BYTES goes to a
    background job with a progress page (issue 17 item 5). Both read the file as a stream."""
    ensure_may_import(request.user)
    errors = None
    upload = request.FILES.get("berkas")
    if request.method == "POST" and upload is not None:
        try:
            ensure_upload_size(upload.size or 0)
            if (upload.size or 0) > settings.PEMILU_IMPORT_BACKGROUND_BYTES:
                job = start_import_job(upload, actor=request.user)
                return redirect("asn:import_job", pk=job.pk)
            result = import_employees(upload.read(), actor=request.user, filename=upload.name or "")
        except ImportFailed as exc:
            errors = exc
        except UploadTooLarge as exc:
            errors = ImportFailed([], exc.message)
        else:
            messages.success(request, _("Impor berhasil: {c} baru, {u} diperbarui.").format(
                c=result.created, u=result.updated))
            return redirect("asn:list")
    return render(request, "asn/import.html", {"errors": errors, "columns": COLUMNS,
                                               "max_mb": settings.PEMILU_UPLOAD_MAX_BYTES // 1_048_576,
                                               "jobs": ImportJob.objects.filter(actor_id=request.user.pk)[:5]})


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a background import (its uploader only: anyone else gets 404). htmx polls
    the same URL for the progress box until the job ends."""
    job = get_object_or_404(ImportJob, pk=pk, actor_id=request.user.pk)
    template = "asn/_job.html" if request.htmx else "asn/import_job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})
