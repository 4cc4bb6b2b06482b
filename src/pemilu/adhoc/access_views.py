"""The activation slips of an inaugurated body (issue 20 item 2): printed and handed over with the
decree. Each POST issues new codes (the earlier ones stop working), so the page is the only copy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import require
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions
from pemilu.adhoc.forms import SlipsForm
from pemilu.adhoc.models import Area, Recruitment
from pemilu.core.forms import cleaned


@login_required
@require_POST
def activation_slips(request: AuthedRequest, pk: int) -> HttpResponse:
    # Seen like the recruitment page: through the kab/kota, or through an area (PPK/PPS) — those
    # then get 403 from ensure_can, the others 404.
    seen = Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk")) | Q(
        pk__in=Area.objects.visible_to(request.user).values("recruitment_id"))
    rec = get_object_or_404(Recruitment.objects.filter(seen).select_related("election", "region"), pk=pk)
    asked = cleaned(SlipsForm(request.POST))
    area = None
    if asked["area"] is not None:
        area = get_object_or_404(Area.objects.visible_to(request.user), recruitment=rec, pk=asked["area"])
    require(request.user, "adhoc.manage", area if area is not None else rec)  # seen above: 403, not 404
    activate_url = request.build_absolute_uri("/akun/aktivasi/")
    slips = actions.do_issue_activation_slips(rec, actor=request.user, area=area, email=asked["email"],
                                              activate_url=activate_url)
    response = render(request, "accounts/activation_slips.html",
                      {"subject": rec, "slips": slips, "url": activate_url})
    response["Cache-Control"] = "no-store"  # the codes are shown once
    return response
