"""Seats pages. Results of a finished run are public, read-only pages: seat allocation is
published by KPU (Keputusan KPU 1205/2024 for DPR 2024) and computed from public votes, so
anonymous visitors may read them. A run with an open tie is visible only inside its scope.
Creating a run is for KPU administrators/staff of the run's region (``seats.allocate``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ACTIONS, can, ensure_can, user_scopes
from pemilu.accounts.types import AuthedRequest, Viewer
from pemilu.core.exceptions import ConflictError, ImportFailed, PermissionDeniedError
from pemilu.seats import queries
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.forms import AllocationForm
from pemilu.seats.inputs import read_candidate_votes, read_dapil_votes, read_national_votes, read_tie_resolutions


def run_list(request: HttpRequest) -> HttpResponse:
    runs = queries.runs_for(request.user)
    from pemilu.seats.models import Decree

    return render(request, "seats/run_list.html", {
        "decrees": Decree.objects.select_related("election").order_by("-published_at")[:50],
        "runs": runs, "can_allocate": can(request.user, "seats.allocate", "") or any(
            s.role in ACTIONS["seats.allocate"] for s in user_scopes(request.user))})


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from pemilu.seats.views_recap import run_context

    run = queries.get_run(request.user, pk)
    return render(request, "seats/run_detail.html", run_context(request, run))


def dapil_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    dapil = queries.get_dapil(request.user, pk, code)
    table = queries.quotient_table(dapil, dapil.run.divisor)
    return render(request, "seats/dapil_detail.html", {
        "run": dapil.run, "dapil": dapil, "table": table,
        "divisors": [c.divisor for c in table[0].cells] if table else [],
        "seats": queries.seat_rows(dapil)})


def _allocation_region(user: Viewer) -> str:
    """The one region where ``user`` may allocate seats; a 403 page if none, a choice if several."""
    allowed = ACTIONS["seats.allocate"]
    codes = sorted({s.code for s in user_scopes(user) if s.role in allowed})
    if not codes:
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan penghitungan kursi di wilayah mana pun."))
    if len(codes) > 1:
        raise ConflictError(_("Anda memegang peran di beberapa wilayah; pilih satu: {codes}.").format(
            codes=", ".join(codes)))
    return codes[0]


@login_required
def run_new(request: AuthedRequest) -> HttpResponse:
    form = AllocationForm(request.POST or None, request.FILES or None)
    # The region the run is for (posted, or named in the link), checked before the form is read.
    region = str(form["region_code"].value() or "" if form.is_bound else request.GET.get("wilayah", "")).strip()
    if not region and not request.user.is_superuser:
        # No region named (the "new run" link, a bookmark): the user's own allocation region,
        # not a 404 for the national level they do not hold.
        region = _allocation_region(request.user)
    form.initial["region_code"] = region
    ensure_can(request.user, "seats.allocate", region)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = {k: data[k] for k in ("votes_file", "national_file", "candidates_file", "resolutions_file")}
            dapils = read_dapil_votes(files["votes_file"].read(), filename=files["votes_file"].name)
            run, _created = do_allocate_seats(
                data["election"], dapils, actor=request.user, contest_kind=data["contest_kind"],
                contest_label=data["contest_label"], region_code=data["region_code"].strip(),
                threshold=data["threshold"], tie_rules=data["tie_rules"], reason=data["reason"],
                national_votes=read_national_votes(files["national_file"].read(), filename=files["national_file"].name)
                if files["national_file"] else None,
                candidates=read_candidate_votes(files["candidates_file"].read(),
                                                filename=files["candidates_file"].name)
                if files["candidates_file"] else (),
                resolutions=read_tie_resolutions(files["resolutions_file"].read(),
                                                 filename=files["resolutions_file"].name)
                if files["resolutions_file"] else (),
            )
        except ImportFailed as exc:
            errors = [str(e) for e in exc.errors] or [exc.message]
        else:
            return redirect(run.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "seats/run_new.html", {"form": form, "errors": errors, "region": region}, status=status)
