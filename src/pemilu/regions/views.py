from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, can_see, ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.exceptions import DomainError, message_for_page
from pemilu.core.exports import CsvWriter
from pemilu.regions import queries
from pemilu.regions.actions import do_set_tps_address
from pemilu.regions.models import Region, Tps


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/dashboard.html", {
        "regions": queries.root_regions(request.user),
        "tps_list": queries.root_tps(request.user),
    })


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    context = {
        "region": region,
        "crumbs": [(r, can_see(request.user, r)) for r in queries.breadcrumbs(code)],
        "children": queries.children_with_counts(region),
        "tps_list": list(Tps.objects.filter(village__code=code)) if region.level == 4 else [],
        "can_audit": can(request.user, "audit.view", region),
    }
    htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
    template = "regions/_children.html" if htmx and not htmx.boosted else "regions/region_detail.html"
    return render(request, template, context)


@login_required
def tps_detail(request: HttpRequest, code: str) -> HttpResponse:
    tps = get_object_or_404(Tps.objects.visible_to(request.user).select_related("village"), code=code)
    return render(request, "regions/tps_detail.html", {
        "tps": tps,
        "crumbs": [(r, can_see(request.user, r)) for r in queries.breadcrumbs(code)],
        "can_edit": can(request.user, "regions.edit_tps", tps),
    })


@login_required
@require_POST
def tps_address(request: AuthedRequest, code: str) -> HttpResponse:
    """KPU staff set where the TPS stands (``actions.do_set_tps_address``); back to the TPS page."""
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=code)
    ensure_can(request.user, "regions.edit_tps", tps)  # 403 for a role in scope that may not, not a message
    try:
        do_set_tps_address(tps, actor=request.user, address=request.POST.get("address", ""),
                           location_note=request.POST.get("location_note", ""))
        messages.success(request, _("Alamat TPS disimpan."))
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    return redirect("regions:tps", code=tps.code)


@login_required
def region_tps_export(request: HttpRequest, code: str) -> HttpResponse:
    """CSV of every TPS under a region (scoped exactly like the page)."""
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tps-{region.code}.csv"'
    writer = CsvWriter(response)
    writer.writerow(["tps_code", "village_code", "number", "kind", "is_special", "address", "location_note"])
    rows = Tps.objects.visible_to(request.user).in_region(region.code).order_by("code")
    for t in rows.values_list("code", "village_id", "number", "kind", "is_special", "address", "location_note") \
            .iterator(chunk_size=5000):
        writer.writerow(t)
    return response
