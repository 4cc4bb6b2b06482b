"""The public front page (issue 20 item 7): what an anonymous visitor can do, one click away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pemilu.core.exceptions import NotFoundError

if TYPE_CHECKING:
    from pemilu.schedule.models import Stage


def front(request: HttpRequest) -> HttpResponse:
    """Signed-in people go to their work; everyone else gets the public page (not the login form):
    the stages open today and the next ones, the results portal, the ad hoc recruitment portal and
    its announcements, and the neutrality report form."""
    if request.user.is_authenticated:
        return redirect("worklist:mine")
    from pemilu.elections import queries as elections
    from pemilu.schedule import queries as schedule

    context: dict[str, object] = {"election": None}
    try:
        election = elections.current(request)
    except NotFoundError:
        election = None
    if election is not None:
        today = schedule.local_date(election)
        context.update(election=election, today=today,
                       open_stages=[_stage_row(s) for s in schedule.stages_open_on(election, today)],
                       next_stages=[_stage_row(s) for s in schedule.next_stages(election, today, limit=3)],
                       days_to_voting=schedule.days_until_voting(election, today))
    return render(request, "core/front.html", context)


def _stage_row(stage: Stage) -> dict[str, object]:
    """A stage as the front page lists it: its name in the page's language and its dates."""
    from pemilu.schedule.labels import stage_name

    return {"name": stage_name(stage), "start": stage.start, "end": stage.end}
