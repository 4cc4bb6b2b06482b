from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import user_scopes
from pemilu.asn import queries
from pemilu.asn.actions import COLUMNS, import_employees
from pemilu.asn.models import EmploymentType
from pemilu.core.exceptions import ImportFailed, PermissionDeniedError

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
def employee_import(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser and not any(s.role in MANAGE_ROLES for s in user_scopes(request.user)):
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
    errors = None
    upload = request.FILES.get("berkas")
    if request.method == "POST" and upload is not None:
        try:
            result = import_employees(upload.read(), actor=request.user, filename=upload.name or "")
        except ImportFailed as exc:
            errors = exc
        else:
            messages.success(request, _("Impor berhasil: {c} baru, {u} diperbarui.").format(
                c=result.created, u=result.updated))
            return redirect("asn:list")
    return render(request, "asn/import.html", {"errors": errors, "columns": COLUMNS})
