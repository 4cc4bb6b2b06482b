"""The activation slips of an inaugurated body (issue 20 item 2): printed and handed over with the
decree. Each POST issues new codes (the earlier ones stop working), so the page is the only copy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import actions
from pemilu.adhoc.models import Area, Recruitment


@login_required
@require_POST
def activation_slips(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(Recruitment.objects.visible_to(request.user).select_related("election", "region"), pk=pk)
    area = None
    if request.POST.get("area"):
        area = get_object_or_404(Area.objects.visible_to(request.user), recruitment=rec,
                                 pk=int(request.POST["area"]) if request.POST["area"].isdigit() else 0)
    ensure_can(request.user, "adhoc.manage", area if area is not None else rec)
    slips = actions.do_issue_activation_slips(rec, actor=request.user, area=area)
    activate_url = request.build_absolute_uri("/akun/aktivasi/")
    response = render(request, "adhoc/activation_slips.html", {"rec": rec, "slips": slips, "url": activate_url})
    response["Cache-Control"] = "no-store"  # the codes are shown once
    return response
