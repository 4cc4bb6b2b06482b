"""The public portal (no login): accepted figures and progress only."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_page

from pemilu.core import files
from pemilu.core.levels import ancestor_codes
from pemilu.elections.queries import current
from pemilu.regions.models import Region, Tps
from pemilu.results import checks
from pemilu.results.models import (
    Result,
    ResultPhoto,
    ResultStatus,
)
from pemilu.results.views.common import (
    PUBLIC_CACHE_SECONDS,
    contest_or_404,
    recap_csv_response,
    region_arg,
)
from pemilu.results.views.recap import recap_context


@cache_page(PUBLIC_CACHE_SECONDS)
def public_recap(request: HttpRequest, contest_code: str = "ppwp", region: str = "nasional") -> HttpResponse:
    code = region_arg(region)
    if code and not Region.objects.filter(code=code).exists():
        raise Http404
    context = recap_context(contest_or_404(request, contest_code), code)
    context["public"] = True
    return render(request, "results/recap.html", context)


@cache_page(PUBLIC_CACHE_SECONDS)
def public_csv(request: HttpRequest, contest_code: str, region: str) -> HttpResponse:
    code = region_arg(region)
    if code and not Region.objects.filter(code=code).exists():
        raise Http404
    return recap_csv_response(contest_or_404(request, contest_code), code)


@cache_page(PUBLIC_CACHE_SECONDS)
def public_tps(request: HttpRequest, code: str) -> HttpResponse:
    tps = get_object_or_404(Tps.objects.select_related("village"), code=code)
    results = list(Result.objects.filter(tps=tps, contest__election=current(request))
                   .select_related("contest", "current__entered_by")
                   .prefetch_related("versions__entered_by"))
    shown = []
    for r in results:
        photo = r.photos.first()
        accepted = r.current is not None and r.status == ResultStatus.ACCEPTED
        shown.append({"result": r, "figures": r.current.figures() if accepted and r.current else None,
                      "labels": {c["key"]: c["label"] for c in r.contest.choices}, "photo": photo,
                      "versions": list(r.versions.all())})
    return render(request, "results/public_tps.html", {
        "tps": tps, "results": shown, "messages_of": {c.code: c.message_id for c in checks.CHECKS},
        "crumbs": [Region.objects.filter(code=c).first() for c in ancestor_codes(tps.village_id).values()]})


@cache_page(PUBLIC_CACHE_SECONDS)
def public_photo(request: HttpRequest, code: str, pk: int) -> FileResponse:
    # Public portal: every plano photo is published (action=None), served like the scoped ones.
    item = ResultPhoto.objects.filter(pk=pk, result__tps_id=code).first()
    return files.serve(None, item, action=None, inline=True)


def public_home(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("results:public_recap", args=["ppwp", "nasional"]))
