"""Pages of the DPD support contests (sanggahan dukungan, issue 23 item 6): the public form under
"cek dukungan" and the KPU Provinsi's queue where staff resolve each contest with a reason. Thin:
reads through dpd_queries, writes through dpd_contests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import acting_codes, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import dpd_contests, dpd_queries
from pemilu.candidacy.dpd_actions import MANAGE
from pemilu.candidacy.forms import ContestResolutionForm, SupportContestForm
from pemilu.candidacy.models import SupportContestStatus
from pemilu.candidacy.throttle import rate_limited
from pemilu.core.exceptions import DomainError
from pemilu.core.forms import cleaned
from pemilu.core.pages import run_action
from pemilu.voters import crypto


@require_POST
def contest(request: HttpRequest) -> HttpResponse:
    """Public: "saya tidak pernah memberi dukungan". Rate-limited with the lookup (one count); the
    answer says only that the contest was received, or why it was not."""
    if rate_limited(request):
        return render(request, "candidacy/cek_dukungan.html", {
            "error": _("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam.")}, status=429)
    try:
        v = cleaned(SupportContestForm(request.POST))
        dpd_contests.do_contest_support(nik=v["nik"], candidate_id=v["candidate"], name=v["name"],
                                        contact=v["contact"], statement=v["statement"])
    except DomainError as exc:  # the public action raises only rule errors (400) and a repeat (409)
        return render(request, "candidacy/cek_dukungan.html", {"error": exc.message}, status=exc.status)
    return render(request, "candidacy/cek_dukungan.html", {"contested": True})


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    """The contests of the provinces the user may read, open ones first."""
    ensure_holds(request.user, dpd_queries.VIEW)
    status = request.GET.get("status", SupportContestStatus.RECEIVED)
    rows = dpd_queries.readable_contests(request.user)
    if status in SupportContestStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("received_at", "pk"), 50).get_page(request.GET.get("hal"))
    masked = {c.pk: crypto.mask(crypto.open_sealed(c.nik_sealed)) for c in page}
    return render(request, "candidacy/dpd_contests.html", {
        "page": page, "masked": masked, "status": status, "statuses": SupportContestStatus.choices,
        "can_resolve": bool(acting_codes(request.user, MANAGE))})


@login_required
@require_POST
def resolve(request: AuthedRequest, contest_id: int) -> HttpResponse:
    item = get_object_or_404(dpd_queries.readable_contests(request.user), pk=contest_id)

    def decide() -> None:
        v = cleaned(ContestResolutionForm(request.POST))
        dpd_contests.do_resolve_support_contest(item, actor=request.user, reason=v["reason"],
                                                upheld=v["outcome"] == SupportContestStatus.UPHELD)

    run_action(request, decide, _("Sanggahan diputus; dukungan bakal calon diperiksa ulang bila terbukti."))
    return redirect("candidacy_dpd:contests")
