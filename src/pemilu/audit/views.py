from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pemilu.accounts.permissions import ensure_can
from pemilu.audit.labels import event_label
from pemilu.audit.models import AuditEvent
from pemilu.regions.models import Region


@login_required
def region_events(request: HttpRequest, code: str) -> HttpResponse:
    """Read-only audit trail of a region's subtree, with filters."""
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    ensure_can(request.user, "audit.view", region)
    qs = AuditEvent.objects.visible_to(request.user).in_region(region.code).select_related("actor")
    filters = {k: request.GET.get(k, "").strip() for k in ("event_type", "actor", "since", "until", "q")}
    if filters["event_type"]:
        qs = qs.filter(event_type=filters["event_type"])
    if filters["actor"]:
        qs = qs.filter(actor_name=filters["actor"])
    for key, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
        if filters[key]:
            try:
                qs = qs.filter(**{lookup: date.fromisoformat(filters[key])})
            except ValueError:
                filters[key] = ""
    if filters["q"]:
        qs = qs.filter(object_repr__icontains=filters["q"])
    page = Paginator(qs.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    event_types = (AuditEvent.objects.visible_to(request.user).in_region(region.code)
                   .order_by("event_type").values_list("event_type", flat=True).distinct())
    labelled = sorted(((et, event_label(et)) for et in event_types), key=lambda pair: pair[1])
    return render(request, "audit/event_list.html", {
        "region": region, "page": page, "filters": filters, "event_types": labelled})
