"""Seats from the locked recap and the decree (issue 21 items 5–7): thin views over
``from_recap`` and ``decree``. The recap page is KPU's (``seats.allocate`` where the contest is
set) and shows a preview, marked as such, while a plenary is open; the decree, its PDF/XLSX and
each member's votes per kecamatan are public once KPU published them (permalinks)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import ACTIONS, can, ensure_can, user_scopes
from pemilu.accounts.types import AuthedRequest, Viewer
from pemilu.core.exceptions import DomainError, PermissionDeniedError
from pemilu.core.forms import cleaned, messages_of
from pemilu.elections.queries import current
from pemilu.regions.timezones import local_day
from pemilu.seats import decree as decrees
from pemilu.seats import from_recap, queries
from pemilu.seats.decree_exports import context, decree_pdf, decree_xlsx
from pemilu.seats.forms import PublishDecreeForm, RecapContestForm, ReplaceMemberForm
from pemilu.seats.models import AllocationRun, Decree, ElectedMember, EndCause, MemberStatus


def _default_contest(user: Viewer) -> tuple[str, str]:
    """The contest a KPU user sets by default: DPRD Kab/Kota of their kab/kota, DPRD Provinsi of
    their province, DPR nationally."""
    codes = sorted({s.code for s in user_scopes(user) if s.role in ACTIONS["seats.allocate"]}, key=len)
    if not codes:
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan penghitungan kursi di wilayah mana pun."))
    code = codes[0]
    kind = {0: "dpr", 1: "dprd-prov"}.get(code.count(".") + 1 if code else 0, "dprd-kabkota")
    return kind, code[:5]


@login_required
def recap_seats(request: AuthedRequest) -> HttpResponse:
    """The seats of a contest computed from its recap at the setting level: a preview while a
    plenary is open, the allocate button once every plenary is locked."""
    election = current(request)
    # The page posts its contest back in hidden fields; a GET names it in the query string.
    asked = cleaned(RecapContestForm(request.POST if request.method == "POST" else request.GET))
    kind, region = asked["jenis"], asked["wilayah"]
    if not kind:
        kind, region = _default_contest(request.user)
    kind = from_recap.contest_kind(kind)
    setter = from_recap.setting_region(kind, region)
    ensure_can(request.user, "seats.allocate", setter)
    errors: list[str] = []
    if request.method == "POST":
        try:
            run, _created = from_recap.do_allocate_from_recap(election, kind, region_code=setter,
                                                              actor=request.user, reason=asked["reason"])
        except DomainError as exc:
            errors = [exc.message]
        else:
            return redirect(run.get_absolute_url())
    source = from_recap.read_recap(election, kind, setter)
    outcome = from_recap.allocate(source) if source.contests and not any(
        b.code == "dapil_seats" for b in source.blockers()) else None
    return render(request, "seats/recap_seats.html", {
        "election": election, "kind": kind, "kind_label": from_recap.K(kind).label, "region": setter,
        "cli_kind": {v: k for k, v in from_recap.CLI_KINDS.items()}[kind], "source": source, "outcome": outcome,
        "rows": from_recap.seat_rows(outcome) if outcome else [], "blockers": source.blockers(), "errors": errors},
        status=409 if errors else 200)


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    run = queries.get_run(request.user, pk)
    form = PublishDecreeForm(request.POST)
    if not form.is_valid():  # a date that is not one: said on the page, nothing published
        return render(request, "seats/run_detail.html", {
            **run_context(request, run), "decree_errors": messages_of(form)}, status=400)
    data = form.cleaned_data
    try:
        decree = decrees.do_publish_decree(run, actor=request.user, number=data["number"],
                                           decided_on=data["decided_on"], reason=data["reason"])
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        return render(request, "seats/run_detail.html", {
            **run_context(request, run), "decree_errors": [exc.message]}, status=409)
    return redirect(decree.get_absolute_url())


def run_context(request: HttpRequest, run: AllocationRun) -> dict[str, Any]:
    decree = Decree.objects.filter(run=run).first()
    return {"run": run, "national": queries.national_rows(run), "dapils": run.dapils.all(), "decree": decree,
            "can_decree": decree is None and run.source == "recap"
            and can(request.user, "seats.decree", run.region_code),
            "decree_blockers": decrees.decree_blockers(run) if decree is None and run.source == "recap" else []}


def decree_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decree = get_object_or_404(Decree.objects.select_related("run", "election"), pk=pk)
    return render(request, "seats/decree_detail.html", context(decree))


def decree_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    decree = get_object_or_404(Decree.objects.select_related("run", "election"), pk=pk)
    name = f"keputusan-{decree.contest_kind.lower()}-{decree.region_code or 'nasional'}-{decree.pk}"
    if fmt == "pdf":
        response = HttpResponse(decree_pdf(decree), content_type="application/pdf")
    else:
        response = HttpResponse(decree_xlsx(decree), content_type="application/vnd.openxmlformats-officedocument."
                                                                  "spreadsheetml.sheet")
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


def member_detail(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    member = get_object_or_404(ElectedMember.objects.select_related("decree__run", "replaces"), pk=member_id,
                               decree_id=pk)
    votes = decrees.member_votes([member]).get(member.pk, [])
    successor = ElectedMember.objects.filter(replaces=member).first()
    can_replace = member.status == MemberStatus.SEATED and request.user.is_authenticated and can(
        request.user, "seats.replace", member.decree.region_code)
    return render(request, "seats/member_detail.html", {
        "member": member, "decree": member.decree, "votes": votes, "total": sum(n for _c, _n, n in votes),
        "successor": successor, "can_replace": can_replace, "causes": EndCause.choices,
        "next": decrees.next_candidate(member) if can_replace else None})


@login_required
@require_POST
def replace_member(request: AuthedRequest, pk: int, member_id: int) -> HttpResponse:
    member = get_object_or_404(ElectedMember.objects.select_related("decree"), pk=member_id, decree_id=pk)
    data = cleaned(ReplaceMemberForm(request.POST))
    new = decrees.do_replace_member(member, actor=request.user, cause=data["cause"],
                                    ended_on=data["ended_on"] or local_day(member.decree.region_code),
                                    reason=data["reason"])
    return redirect(new.get_absolute_url())
