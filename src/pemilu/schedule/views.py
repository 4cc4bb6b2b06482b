from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import can, can_see, user_scopes
from pemilu.accounts.types import AuthedRequest, Viewer
from pemilu.core.exceptions import DomainError, ImportFailed, message_for_page
from pemilu.core.levels import covers
from pemilu.core.pages import run_action
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.regions import timezones
from pemilu.regions.models import Region
from pemilu.schedule import exports, queries, timeline
from pemilu.schedule.actions import do_delete_local_window, do_set_local_window, do_update_stage
from pemilu.schedule.forms import LocalWindowForm, ReasonForm, StageEditForm, UploadForm
from pemilu.schedule.importers import check_file, import_schedule
from pemilu.schedule.labels import stage_name
from pemilu.schedule.models import Stage


def _day_param(request: HttpRequest, election: Election) -> datetime.date:
    """``?tanggal=YYYY-MM-DD`` shows the timeline as of that day (default: today)."""
    raw = request.GET.get("tanggal", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else queries.local_date(election)
    except ValueError:
        return queries.local_date(election)


def timeline_default(request: HttpRequest) -> HttpResponse:
    """The timeline of the election ``?pemilu=`` names, else of the latest one."""
    if not Election.objects.exists():
        return render(request, "schedule/timeline.html", {"election": None})
    return timeline_page(request, current(request).code)


def timeline_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public (anonymous) Gantt timeline of the national schedule."""
    election = get_object_or_404(Election, code=code)
    today = _day_param(request, election)
    stages = queries.effective_stages(election)
    names = {s.pk: stage_name(s) for s in stages}
    chart = timeline.build(stages, today, name_of=names)
    return render(request, "schedule/timeline.html", {
        "election": election,
        "today": today,
        "chart": chart,
        "open_now": [b for b in chart.bars if b.status == "open"],
        "upcoming": queries.next_stages(election, today, limit=3),
        "days_to_voting": queries.days_until_voting(election, today),
        "days_since_voting": -queries.days_until_voting(election, today),
        "can_manage": _is_schedule_admin(request.user),
        "zone_label": timezones.zone_label(election.time_zone),
    })


def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """Public downloads of the national schedule."""
    election = get_object_or_404(Election, code=code)
    writers = {
        "csv": (exports.to_csv, "text/csv; charset=utf-8"),
        "xlsx": (exports.to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "ics": (exports.to_ics, "text/calendar; charset=utf-8"),
    }
    if fmt not in writers:
        raise Http404
    writer, content_type = writers[fmt]
    response = HttpResponse(writer(election), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="jadwal-{election.code}.{fmt}"'
    return response


def _is_schedule_admin(user: Viewer) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or any(s.role == Role.KPU_ADMIN for s in user_scopes(user)))


def _local_stage_choices(election: Election, national: list[Stage] | None = None) -> list[tuple[str, str]]:
    stages = national if national is not None else queries.effective_stages(election)
    return [(s.code, f"{s.number}. {stage_name(s)}") for s in stages if s.start and s.end]


def _manage_context(request: HttpRequest, election: Election, **extra: object) -> dict[str, Any]:
    national = queries.effective_stages(election)
    scopes = [s.code for s in user_scopes(request.user) if s.role == Role.KPU_ADMIN]
    rows = Stage.objects.filter(election=election).exclude(region_code="").order_by("region_code", "number")
    local = [s for s in rows if request.user.is_superuser or any(covers(c, s.region_code) for c in scopes)]
    choices = _local_stage_choices(election, national)
    context: dict[str, Any] = {
        "election": election,
        "stages": [(b.path, b.stage, StageEditForm(initial={"start": b.stage.start, "end": b.stage.end},
                                                    prefix=f"s{b.stage.pk}"))
                   for b in timeline.build(national, queries.local_date(election)).bars],
        "can_edit_national": can(request.user, "schedule.edit", ""),
        "local": local,
        "local_form": LocalWindowForm(stage_choices=choices,
                                      initial={"region_code": scopes[0] if len(scopes) == 1 else ""}),
        "upload_form": UploadForm(),
    }
    context.update(extra)
    return context


@login_required
def manage(request: HttpRequest, code: str) -> HttpResponse:
    """KPU administrators: edit stages, set local windows, upload a schedule file."""
    election = get_object_or_404(Election, code=code)
    if not _is_schedule_admin(request.user):
        raise PermissionDenied
    return render(request, "schedule/manage.html", _manage_context(request, election))


@login_required
@require_POST
def stage_edit(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    stage = get_object_or_404(Stage, election=election, pk=pk)
    form = StageEditForm(request.POST, prefix=f"s{stage.pk}")
    if not form.is_valid():
        messages.error(request, _("Tanggal tidak sah."))
        return redirect("schedule:manage", code=code)
    run_action(request, lambda: do_update_stage(stage, actor=request.user, start=form.cleaned_data["start"],
                                                end=form.cleaned_data["end"], reason=form.cleaned_data["reason"]),
               _("Tahapan \"{stage}\" disimpan.").format(stage=stage_name(stage)))
    return redirect("schedule:manage", code=code)


@login_required
@require_POST
def local_set(request: AuthedRequest, code: str) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    if not _is_schedule_admin(request.user):
        # No role that edits schedules: refused before the form is read (a region the user does
        # not see is 404 as everywhere; in scope, or naming none, 403).
        named = str(LocalWindowForm(request.POST, stage_choices=[])["region_code"].value() or "").strip()
        if named and not can_see(request.user, named):
            raise Http404
        raise PermissionDenied
    choices = [(s.code, s.code) for s in queries.effective_stages(election)]
    form = LocalWindowForm(request.POST, stage_choices=choices)
    if not form.is_valid():
        messages.error(request, _("Isian jadwal lokal tidak lengkap atau tidak sah."))
        return redirect("schedule:manage", code=code)
    data = form.cleaned_data
    region_code = data["region_code"].strip()
    if _is_schedule_admin(request.user) and not (
            can(request.user, "schedule.edit", region_code) and Region.objects.filter(code=region_code).exists()):
        # A typo'd or foreign code is a form error naming the field (the same words for both, so
        # nothing is revealed about other regions), not a 404 page.
        shown = LocalWindowForm(request.POST, stage_choices=_local_stage_choices(election))
        shown.is_valid()
        shown.add_error("region_code", _("Kode wilayah \"{code}\" tidak dikenal atau di luar wilayah Anda.")
                        .format(code=region_code))
        return render(request, "schedule/manage.html", _manage_context(request, election, local_form=shown),
                      status=400)
    try:
        local = do_set_local_window(election, data["stage_code"], region_code, actor=request.user,
                                    start=data["start"], end=data["end"], reason=data["reason"])
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    else:
        messages.success(request, _("Jadwal lokal {region} untuk \"{stage}\" disimpan.")
                         .format(region=local.region_code, stage=stage_name(local)))
    return redirect("schedule:manage", code=code)


@login_required
@require_POST
def local_delete(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    stage = get_object_or_404(Stage.objects.exclude(region_code=""), election=election, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()  # one optional text field: always valid
    do_delete_local_window(stage, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Jadwal lokal dihapus."))
    return redirect("schedule:manage", code=code)


@login_required
@require_POST
def upload(request: AuthedRequest, code: str) -> HttpResponse:
    """Check an uploaded schedule; import it only when it has no error (nothing saved otherwise)."""
    election = get_object_or_404(Election, code=code)
    if not can(request.user, "schedule.edit", ""):
        # Only KPU RI (national) sets the national schedule; regional admins see 403 here,
        # outsiders 404 - the same mapping as ensure_can.
        raise Http404 if not _is_schedule_admin(request.user) else PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "schedule/manage.html", _manage_context(request, election, upload_form=form),
                      status=400)
    f = form.cleaned_data["file"]
    raw = f.read()
    try:
        report = check_file(raw, filename=f.name, voting_day=election.voting_day, election=election)
        if report.ok:
            result = import_schedule(raw, election, actor=request.user, filename=f.name,
                                     reason=form.cleaned_data["reason"])
            messages.success(request, _("Jadwal diimpor: {created} tahapan baru, {updated} diperbarui.")
                             .format(created=len(result.created), updated=len(result.updated)))
    except ImportFailed as exc:
        return render(request, "schedule/manage.html", _manage_context(
            request, election, upload_form=form, upload_failed=exc.message), status=400)
    return render(request, "schedule/manage.html", _manage_context(
        request, election, upload_form=form, report=report, uploaded_name=f.name), status=200 if report.ok else 400)
