"""Pages of the DPS → DPT flow (issue 22 items 1 and 9): the PPS's desa page (its lists, the DPS
announcement, the responses and their resolution), the public announced DPS with its response
form, the PPK/KPU recap with the funnel, and KPU Kab/Kota's DPT plenary. Each POST calls one
action; a refused action is shown on the page (403/404 answer as such)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core import ratelimit
from pemilu.core.exceptions import DomainError, ImportFailed, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import Level
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.voters import plenary as dpt_plenary
from pemilu.voters import queries
from pemilu.voters.actions import EDITABLE, do_compile_list
from pemilu.voters.forms import AnnounceForm, CompileForm, ResolveResponseForm, ResponseForm
from pemilu.voters.models import (
    STAGE_ORDER,
    DpsAnnouncement,
    DpsResponse,
    DptPlenary,
    ListStage,
    NotEligibleReason,
    ResponseKind,
    ResponseStatus,
    VoterList,
    VoterListEntry,
)
from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt
from pemilu.voters.responses import (
    PUBLIC_PER_HOUR,
    do_announce_dps,
    do_record_response,
    do_resolve_response,
    response_days,
    window_state,
)

PER_PAGE = 100


def _region(code: str, level: int | None = None) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or (level is not None and region.level != level):
        raise Http404
    return region


def _response_fields(post: QueryDict) -> dict[str, Any]:
    """The response's fields, typed (a ``DomainError`` naming a bad one: nothing is recorded)."""
    return cleaned(ResponseForm(post))


# --- the PPS's desa page ---------------------------------------------------------------------------

@login_required
def village(request: AuthedRequest, code: str) -> HttpResponse:
    """A desa's lists (compiled stages and the next one), the DPS announcement and its responses."""
    desa = _region(code, Level.DESA)
    ensure_can(request.user, "voters.view", desa)
    election = current(request)
    lists = {v.stage: v for v in VoterList.objects.filter(election=election, desa_code=code)}
    following = next((s for s in STAGE_ORDER if s not in lists), None)
    announcement = (DpsAnnouncement.objects.filter(election=election, village=desa).select_related("voter_list")
                    .first())
    responses = (list(announcement.responses.select_related("voter", "added_voter").order_by("status", "pk"))
                 if announcement else [])
    dps_voters = (VoterListEntry.objects.filter(voter_list_id=announcement.voter_list_id).select_related("voter")
                  .order_by("voter__name", "pk")[:2000] if announcement else [])
    return render(request, "voters/village.html", {
        "desa": desa, "election": election, "lists": [lists[s] for s in STAGE_ORDER if s in lists],
        "next_stage": following if following != ListStage.DPT else None,
        "next_label": ListStage(following).label if following else "",
        "announcement": announcement, "window": window_state(announcement) if announcement else "",
        "response_days": response_days(election), "responses": responses, "dps_voters": dps_voters,
        "kinds": ResponseKind.choices, "reasons": NotEligibleReason.choices, "editable": list(EDITABLE),
        "can_compile": can(request.user, "voters.compile", desa),
        "can_respond": can(request.user, "voters.respond", desa), "open_status": ResponseStatus.OPEN,
    })


def _act(request: HttpRequest, back: str, action: Callable[[], object], done: str) -> HttpResponse:
    try:
        action()
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    return redirect(back)


@login_required
@require_POST
def village_compile(request: AuthedRequest, code: str) -> HttpResponse:
    asked = CompileForm(request.POST)
    return _act(request, f"/pemilih/desa/{code}/",
                lambda: do_compile_list(current(request), code, cleaned(asked)["stage"], actor=request.user),
                _("Daftar pemilih disusun."))


@login_required
@require_POST
def village_announce(request: AuthedRequest, code: str) -> HttpResponse:
    asked = AnnounceForm(request.POST)

    def announce() -> object:
        d = cleaned(asked)
        return do_announce_dps(current(request), code, actor=request.user, place=d["place"], starts_on=d["starts_on"],
                               ends_on=d["ends_on"])

    return _act(request, f"/pemilih/desa/{code}/", announce, _("DPS diumumkan."))


@login_required
@require_POST
def village_response(request: AuthedRequest, code: str) -> HttpResponse:
    announcement = get_object_or_404(DpsAnnouncement.objects.visible_to(request.user), election=current(request),
                                     village_id=code)
    return _act(request, f"/pemilih/desa/{code}/", lambda: do_record_response(
        announcement, actor=request.user, **_response_fields(request.POST)), _("Tanggapan dicatat."))


@login_required
@require_POST
def response_resolve(request: AuthedRequest, response_id: int) -> HttpResponse:
    response = get_object_or_404(DpsResponse.objects.visible_to(request.user), pk=response_id)
    asked = ResolveResponseForm(request.POST)

    def resolve() -> object:
        d = cleaned(asked)
        return do_resolve_response(response, actor=request.user, accept=d["decision"] == "accept",
                                   resolution=d["resolution"], changes=asked.changes(), fields=asked.new_fields())

    return _act(request, f"/pemilih/desa/{response.desa_code}/", resolve, _("Tanggapan diselesaikan."))


# --- the public announced DPS ------------------------------------------------------------------------

def public_dps(request: HttpRequest, code: str) -> HttpResponse:
    """The DPS of a desa as announced: name, sex, RT/RW and TPS (no NIK, no KK, no birth date), with
    the response form while the window is open."""
    desa = _region(code, Level.DESA)
    announcement = get_object_or_404(DpsAnnouncement.objects.select_related("voter_list"), election=current(request),
                                     village=desa)
    rows = (VoterListEntry.objects.filter(voter_list_id=announcement.voter_list_id).select_related("voter", "tps")
            .order_by("voter__rw", "voter__rt", "voter__name", "pk"))
    query = request.GET.get("nama", "").strip()[:100]
    if query:
        rows = rows.filter(voter__name__icontains=query)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("hal"))
    error, sent = "", None
    if request.method == "POST":
        if ratelimit.hit(request, "voters:response", PUBLIC_PER_HOUR):
            return render(request, "voters/public_dps.html", {
                "desa": desa, "announcement": announcement, "page": page, "query": query,
                "error": _("Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam."),
                "kinds": ResponseKind.choices, "reasons": NotEligibleReason.choices, "window": "open"}, status=429)
        try:
            sent = do_record_response(announcement, actor=None, **_response_fields(request.POST))
        except DomainError as exc:
            error = message_for_page(exc)
    return render(request, "voters/public_dps.html", {
        "desa": desa, "announcement": announcement, "page": page, "query": query, "error": error, "sent": sent,
        "kinds": ResponseKind.choices, "reasons": NotEligibleReason.choices, "window": window_state(announcement),
        "posted": request.POST if error else {},
    }, status=422 if error else 200)


# --- PPK/KPU: recap and funnel; the DPT plenary --------------------------------------------------------

@login_required
def recap(request: AuthedRequest, code: str) -> HttpResponse:
    region = _region(code)
    ensure_can(request.user, "voters.view", region)
    election = current(request)
    summary = queries.recap(election, code)
    for row in summary["rows"]:
        row["cells"] = [row["stages"].get(s) for s in summary["stages"]]
    return render(request, "voters/recap.html", {
        "region": region, "election": election, "recap": summary, "funnel": queries.funnel(election, code),
        "totals": [(s, summary["total"][s]) for s in summary["stages"]],
        "stage_labels": dict(ListStage.choices), "child_level": region.level + 1,
        "plenary": (DptPlenary.objects.filter(election=election, region=region).first()
                    if region.level == Level.KABKOTA else None),
    })


@login_required
def plenary(request: AuthedRequest, code: str) -> HttpResponse:
    """The DPT plenary of a kab/kota: its attendance (saved whole), quorum, what holds the lock."""
    from pemilu.results.models import AttendeeKind
    from pemilu.results.views.minutes import BLANK_ROWS, posted_attendance

    region = _region(code, Level.KABKOTA)
    ensure_can(request.user, "voters.view", region)
    election = current(request)
    found = DptPlenary.objects.filter(election=election, region=region).first()
    rows: list[dict[str, Any]] = list(found.attendees) if found else []
    error, errors = "", []
    if request.method == "POST":
        try:
            rows, more = posted_attendance(request)
        except DomainError as exc:  # a count of rows that is not one, a line too long: nothing saved
            error, more = message_for_page(exc), True
        if not more:
            try:
                do_record_dpt_attendance(election, code, rows, actor=request.user)
                messages.success(request, _("Daftar hadir disimpan."))
                return redirect("voters:plenary", code=code)
            except ImportFailed as exc:
                error, errors = exc.message.split("\n")[0], [str(e) for e in exc.errors]
            except DomainError as exc:
                error = message_for_page(exc)
    shown = found or DptPlenary(election=election, region=region)
    lines = [*rows, *({"kind": "", "name": "", "position": "", "represents": "", "present": True}
                      for _n in range(BLANK_ROWS))]
    return render(request, "voters/plenary.html", {
        "region": region, "election": election, "plenary": shown, "lines": lines, "kinds": AttendeeKind.choices,
        "attendees": [{**a, "kind": dict(AttendeeKind.choices).get(a["kind"], a["kind"])} for a in shown.attendees],
        "quorum": dpt_plenary.quorum_of(election, code, shown),
        "blockers": [] if shown.status == "locked" else dpt_plenary.set_blockers(election, region, shown),
        "locked": shown.status == "locked", "error": error, "errors": errors,
        "can_set": can(request.user, "voters.set_dpt", region),
        "dpt": (shown.frozen.get("recap", {}).get("total", {}).get("dpt") if shown.frozen else None),
    }, status=422 if error else 200)


@login_required
@require_POST
def plenary_lock(request: AuthedRequest, code: str) -> HttpResponse:
    return _act(request, f"/pemilih/pleno/{code}/", lambda: do_set_dpt(current(request), code, actor=request.user),
                _("DPT ditetapkan."))
