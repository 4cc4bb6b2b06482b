"""The tiered recap of a region with its plenary (lock, reopen, objections), the typed D.Hasil,
the recap's CSV, PDF and spreadsheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.exceptions import DomainError, ImportFailed, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import ancestor_codes
from pemilu.regions.models import Region
from pemilu.results import minutes, queries, rules
from pemilu.results.models import (
    Contest,
    DifferencePolicy,
    Plenary,
    PlenaryStatus,
    ResultStatus,
)
from pemilu.results.plenaries import (
    do_enter_recap_sheet,
    do_lock_plenary,
    do_record_objection,
    do_reopen_plenary,
    reopen_scope,
)
from pemilu.results.reference import config_for
from pemilu.results.views.common import (
    contest_or_404,
    key_labels,
    recap_csv_response,
    recap_region_for,
    region_arg,
)
from pemilu.results.views.posted import PlenaryNoteForm, sheet_form


def _comparison(contest: Contest, region: str, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The typed D.Hasil beside the computed sum of each child, cell by cell."""
    sheet = queries.latest_sheet(contest, region)
    if sheet is None:
        return None
    keys = queries.sheet_keys(contest)
    differences = queries.sheet_comparison(contest, region, sheet) or []
    differing = {(d["code"], d["field"]) for d in differences}
    lines = []
    for r in rows:
        computed = {**r["votes"], "_sah": r["suara_sah"], "_tidak_sah": r["suara_tidak_sah"]}
        typed = sheet.rows.get(r["code"], {})
        lines.append({"code": r["code"], "name": r["name"], "cells": [
            {"key": k, "computed": computed.get(k, 0), "typed": typed.get(k),
             "differs": (r["code"], k) in differing,
             "difference": None if typed.get(k) is None else typed[k] - computed.get(k, 0)} for k in keys]})
    labels = key_labels(contest)
    return {"sheet": sheet, "keys": keys, "lines": lines, "count": len(differences),
            "differences": [{**d, "label": labels.get(d["field"], d["field"]),
                             "name": next((r["name"] for r in rows if r["code"] == d["code"]), d["code"])}
                            for d in differences]}


def recap_context(contest: Contest, region: str) -> dict[str, Any]:
    rows = queries.recap_children(contest, region)
    total = queries.totals(contest, region)
    labels = dict(ResultStatus.choices)
    problems = [{**p, "status_label": labels.get(p["status"], p["status"])}
                for p in queries.forms_with_findings(contest, region)]
    return {"contest": contest, "region": region, "rows": rows, "total": total, "problems": problems,
            "choices": contest.choices, "deadline": queries.deadline_of(contest, region),
            "children_are_levels": any(r["deadline_state"] for r in rows),
            "region_obj": Region.objects.filter(code=region).first() if region else None,
            "crumbs": [Region.objects.filter(code=c).first() for c in ancestor_codes(region).values()][:-1]}


@login_required
def recap(request: HttpRequest, contest_code: str, region: str) -> HttpResponse:
    code = recap_region_for(request, region)
    contest = contest_or_404(request, contest_code)
    context = recap_context(contest, code)
    plenary = Plenary.objects.filter(contest=contest, region_code=code).first()
    is_recap = queries.is_recap_region(contest, code)
    comparison = _comparison(contest, code, context["rows"])
    context.update({
        "comparison": comparison, "policy": config_for(contest.election).difference_policy,
        "policy_block": config_for(contest.election).difference_policy == DifferencePolicy.BLOCK,
        "plenary": plenary, "records": list(plenary.records.select_related("by")) if plenary else [],
        "attendees": list(plenary.attendees.all()) if plenary else [],
        "quorum": minutes.quorum_of(contest, code, plenary) if is_recap else None,
        "incomplete_codes": (minutes.incomplete_tps(contest, code)
                             if is_recap and context["total"]["incomplete"] else []),
        "is_recap_level": is_recap,
        "can_plenary": is_recap and can(request.user, "results.plenary", rules.holder_scope(code))
        and can(request.user, "results.plenary", code),
        "can_reopen": bool(code) and plenary is not None and plenary.status == PlenaryStatus.LOCKED
        and can(request.user, "results.reopen", reopen_scope(plenary)),
        "public": False, "can_national": can(request.user, "results.view", ""),
        "viewable": {c.code for c in context["crumbs"] if c and can(request.user, "results.view", c.code)},
    })
    return render(request, "results/recap.html", context)


@login_required
def recap_sheet(request: AuthedRequest, contest_code: str, region: str) -> HttpResponse:
    """Type the level's D.Hasil from the paper: one row per child region."""
    code = recap_region_for(request, region, "results.plenary")
    contest = contest_or_404(request, contest_code)
    rows = queries.recap_children(contest, code)
    keys = queries.sheet_keys(contest)
    latest = queries.latest_sheet(contest, code)
    values: dict[str, dict[str, Any]] = {r["code"]: dict(latest.rows.get(r["code"], {})) if latest else {}
                                         for r in rows}
    error, errors = "", []
    if request.method == "POST":
        posted: dict[str, dict[str, Any]] = {}
        try:
            typed = cleaned(sheet_form(request.POST, [r["code"] for r in rows], keys))
            for r in rows:
                posted[r["code"]] = {}
                for k in keys:
                    raw = typed[f"r:{r['code']}:{k}"]
                    posted[r["code"]][k] = int(raw) if is_ascii_digits(raw) else (None if raw == "" else raw)
            values = posted
            do_enter_recap_sheet(contest, code, posted, actor=request.user, reason=typed["reason"])
            messages.success(request, _("D.Hasil disimpan."))
            return redirect("results:recap", contest_code=contest_code, region=region)
        except ImportFailed as exc:
            error, errors = exc.message, [str(e) for e in exc.errors]
        except DomainError as exc:
            error = message_for_page(exc)
    labels = key_labels(contest)
    return render(request, "results/recap_sheet.html", {
        "contest": contest, "region": code, "region_obj": Region.objects.filter(code=code).first() if code else None,
        "keys": [{"key": k, "label": labels.get(k, k)} for k in keys], "latest": latest, "error": error,
        "errors": errors,
        "lines": [{"code": r["code"], "name": r["name"],
                   "cells": [{"key": k, "value": values.get(r["code"], {}).get(k)} for k in keys]} for r in rows],
    }, status=422 if error else 200)


@login_required
@require_POST
def plenary_action(request: AuthedRequest, contest_code: str, region: str) -> HttpResponse:
    code = region_arg(region)
    contest = contest_or_404(request, contest_code)
    try:
        asked = cleaned(PlenaryNoteForm(request.POST))
        action = asked["action"]
        if action == "lock":
            do_lock_plenary(contest, code, actor=request.user)
            messages.success(request, _("Rapat pleno dikunci."))
        elif action == "reopen":
            plenary = get_object_or_404(Plenary.objects.visible_to(request.user), contest=contest, region_code=code)
            do_reopen_plenary(plenary, actor=request.user, reason=asked["reason"])
            messages.success(request, _("Rapat pleno dibuka kembali."))
        else:
            tps = asked["tps"].replace(",", " ").split()
            if asked["cover_incomplete"]:  # the form lists them; the action checks each
                tps += minutes.incomplete_tps(contest, code)
            do_record_objection(contest, code, actor=request.user, kind=asked["kind"], text=asked["text"],
                                resolution=asked["resolution"], raised_by=asked["raised_by"],
                                reason=asked["reason"], tps_codes=tps)
            messages.success(request, _("Catatan disimpan."))
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    return redirect("results:recap", contest_code=contest_code, region=region)


@login_required
def recap_csv(request: HttpRequest, contest_code: str, region: str) -> HttpResponse:
    code = recap_region_for(request, region)
    return recap_csv_response(contest_or_404(request, contest_code), code)


@login_required
def d_hasil_pdf(request: HttpRequest, contest_code: str, region: str) -> HttpResponse:
    from pemilu.results.exports import d_hasil_pdf as render_pdf

    code = recap_region_for(request, region)
    response = HttpResponse(render_pdf(contest_or_404(request, contest_code), code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="d-hasil-{contest_code}-{region}.pdf"'
    return response


@login_required
def d_hasil_xlsx(request: HttpRequest, contest_code: str, region: str) -> HttpResponse:
    from pemilu.results.exports import d_hasil_xlsx as render_xlsx

    code = recap_region_for(request, region)
    response = HttpResponse(render_xlsx(contest_or_404(request, contest_code), code),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="d-hasil-{contest_code}-{region}.xlsx"'
    return response
