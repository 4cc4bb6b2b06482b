"""The duplicates queue page (issue 22 item 4): the candidate pairs of the reader's regions, a
decision form per open pair for the PPS/KPU, and starting a search for KPU Kab/Kota. Thin: each
POST calls one action (``voters/duplicates.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import acting_codes, can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.exceptions import DomainError
from pemilu.core.forms import cleaned
from pemilu.elections.queries import current
from pemilu.voters import duplicates
from pemilu.voters.forms import DecideDuplicateForm, DuplicateSearchForm
from pemilu.voters.models import DuplicatePair, DuplicateSearch, DuplicateStatus, Voter

PER_PAGE = 50


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    election = current(request)
    region = request.GET.get("wilayah", "").strip()
    status = request.GET.get("status", DuplicateStatus.OPEN)
    status = status if status in DuplicateStatus.values else ""
    pairs = duplicates.pairs_for(request.user, election, region, status=status)
    page = Paginator(pairs, PER_PAGE).get_page(request.GET.get("hal"))
    rows = [(p, duplicates.pair_row(p), can(request.user, "voters.decide_duplicate", p)) for p in page]
    search_codes = acting_codes(request.user, "voters.search_duplicates")
    searches = DuplicateSearch.objects.visible_to(request.user).filter(election=election)[:5]
    return render(request, "voters/duplicates.html", {
        "election": election, "rows": rows, "page": page, "wilayah": region, "status": status,
        "statuses": DuplicateStatus.choices, "search_codes": search_codes, "searches": searches})


def _back(election: str) -> HttpResponse:
    return redirect(f"/pemilih/ganda/?pemilu={election}" if election else "/pemilih/ganda/")


@login_required
@require_POST
def decide(request: AuthedRequest, duplicate_id: int) -> HttpResponse:
    pair = get_object_or_404(DuplicatePair.objects.visible_to(request.user), pk=duplicate_id)
    form = DecideDuplicateForm(request.POST)
    try:
        asked = cleaned(form)
        voter = None
        if asked["duplicate"] is not None:
            voter = get_object_or_404(Voter.objects.filter(pk__in=[pair.voter_a_id, pair.voter_b_id]),
                                      pk=asked["duplicate"])
        duplicates.do_decide_duplicate(pair, actor=request.user, decision=asked["decision"], reason=asked["reason"],
                                       duplicate=voter)
    except DomainError as exc:
        if exc.status != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Keputusan dicatat."))
    return _back(str(form["pemilu"].value() or ""))


@login_required
@require_POST
def search(request: AuthedRequest) -> HttpResponse:
    election = current(request)
    asked = cleaned(DuplicateSearchForm(request.POST))
    found = duplicates.start_duplicate_search(election, asked["wilayah"], actor=request.user)
    messages.success(request, _("Pencarian data ganda {region} diantrekan (#{pk}).").format(region=found.region_id,
                                                                                            pk=found.pk))
    return _back(asked["pemilu"])
