"""The ballot specimen's pages (issue 23 items 7 and 8): the KPU's page of its dapil with their
DCT status and the specimen of each, and the specimen PDF itself — public, as the DCT it prints."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from pemilu.accounts.permissions import ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import ballot
from pemilu.candidacy.models import DISTRICT_LEVEL
from pemilu.core.exceptions import TransitionBlocked
from pemilu.elections.queries import current
from pemilu.results.models import Dapil, DistrictKind


def dapils_of(codes: list[str]) -> QuerySet[Dapil]:
    """The party-list dapil whose lists the KPU of ``codes`` receives (``actions.list_scope``): KPU
    RI every dapil, a KPU Provinsi its DPRD Provinsi and DPRD Kab/Kota dapil, a KPU Kab/Kota its own."""
    base = Dapil.objects.filter(district__in=list(DISTRICT_LEVEL))
    q = Q(pk__in=[])
    for code in (c.replace(".", "") for c in codes):
        if not code:
            return base
        if len(code) == 2:
            q |= Q(district__in=[DistrictKind.DAPIL_PROV, DistrictKind.DAPIL_KAB], code__startswith=code)
        elif len(code) == 4:
            q |= Q(district=DistrictKind.DAPIL_KAB, code__startswith=code)
    return base.filter(q)


@login_required
@require_safe
def ballots(request: AuthedRequest) -> HttpResponse:
    """The KPU's dapil with their lists in the DCT and still on their way, and the specimen of
    each dapil whose lists are final."""
    codes = ensure_holds(request.user, "candidacy.ballot")
    election = current(request)
    rows = ballot.ballot_rows(dapils_of(codes).filter(election=election))
    return render(request, "candidacy/ballots.html", {"election": election, "rows": rows})


@require_safe  # a read: POST answers 405
def public_ballot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the dapil's specimen PDF, or (409) the lists that hold it back."""
    dapil = get_object_or_404(Dapil.objects.select_related("election"), pk=pk, district__in=list(DISTRICT_LEVEL))
    try:
        pdf = ballot.specimen_pdf(dapil)
    except TransitionBlocked as exc:
        return render(request, "candidacy/ballot_blocked.html", {"dapil": dapil, "blockers": exc.blockers},
                      status=exc.status)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{ballot.specimen_filename(dapil)}"'
    return response
