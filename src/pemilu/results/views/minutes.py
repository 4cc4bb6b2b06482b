"""The berita acara of a plenary on the pages (issue 21 item 4): the attendance list, typed row by
row (a PPK's starts from its appointed members). Objections and special events are recorded
from the recap page (``recap.plenary_action``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pemilu.accounts.types import AuthedRequest
from pemilu.core.exceptions import DomainError, ImportFailed
from pemilu.core.forms import cleaned
from pemilu.regions.models import Region
from pemilu.results import minutes
from pemilu.results.models import AttendeeKind, Plenary, PlenaryStatus
from pemilu.results.views.common import contest_or_404, recap_region_for
from pemilu.results.views.posted import AttendanceForm, AttendeeRowForm

BLANK_ROWS = 6
FIELDS = ("kind", "name", "position", "represents")


def posted_attendance(request: HttpRequest) -> tuple[list[dict[str, Any]], bool]:
    """The rows of the posted daftar hadir, blank lines (no name, no position) left out, and whether
    only more lines were asked for ("tambah baris": save nothing); a ``DomainError`` naming a value
    that is not one (the row count, a line too long). The voters' DPT plenary posts the same list."""
    asked = cleaned(AttendanceForm(request.POST))
    count = min(asked["rows"] or 0, minutes.MAX_ATTENDEES + BLANK_ROWS)
    rows = []
    for i in range(count):
        row = cleaned(AttendeeRowForm(request.POST, prefix=f"a:{i}"))
        if not row["name"] and not row["position"] and not row["represents"]:
            continue
        rows.append(row)
    return rows, bool(asked["more"])


@login_required
def attendance(request: AuthedRequest, contest_code: str, region: str) -> HttpResponse:
    """The plenary's daftar hadir: members of the body (their presence makes the quorum),
    witnesses of the participants, Bawaslu, others. Saved whole; "tambah baris" adds blank lines."""
    code = recap_region_for(request, region, "results.plenary")
    contest = contest_or_404(request, contest_code)
    plenary = Plenary.objects.filter(contest=contest, region_code=code).first()
    recorded = [{"kind": a.kind, "name": a.name, "position": a.position, "represents": a.represents,
                 "present": a.present} for a in plenary.attendees.all()] if plenary else []
    suggested = [] if recorded else minutes.suggested_attendees(contest, code)
    rows = recorded or suggested
    error, errors = "", []
    if request.method == "POST":
        try:
            rows, more = posted_attendance(request)
        except DomainError as exc:  # a count of rows that is not one, a line too long: nothing saved
            error, more = exc.message, True
        if not more:
            try:
                minutes.do_record_attendance(contest, code, rows, actor=request.user)
                messages.success(request, _("Daftar hadir disimpan."))
                return redirect("results:recap", contest_code=contest_code, region=region)
            except ImportFailed as exc:
                error, errors = exc.message.split("\n")[0], [str(e) for e in exc.errors]
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                error = exc.message
    lines = [*rows, *({"kind": "", "name": "", "position": "", "represents": "", "present": True}
                      for _n in range(BLANK_ROWS))]
    return render(request, "results/attendance.html", {
        "contest": contest, "region": code, "region_param": region,
        "region_obj": Region.objects.filter(code=code).first() if code else None,
        "lines": lines, "kinds": AttendeeKind.choices, "suggested": bool(suggested) and request.method != "POST",
        "quorum": minutes.quorum_of(contest, code, plenary), "error": error, "errors": errors,
        "locked": plenary is not None and plenary.status == PlenaryStatus.LOCKED,
    }, status=422 if error else 200)
