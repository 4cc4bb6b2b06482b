""""Tugas saya": the landing page after login (issue 20 item 5)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pemilu.core.exceptions import NotFoundError
from pemilu.worklist import queues


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    from pemilu.elections import queries as elections
    from pemilu.schedule import queries as schedule
    from pemilu.schedule.labels import stage_name

    try:
        election = elections.current(request)
    except NotFoundError:
        return render(request, "worklist/mine.html", {"election": None, "sections": []})
    today = schedule.local_date(election)
    return render(request, "worklist/mine.html", {
        "election": election, "today": today,
        "open_stages": [stage_name(s) for s in schedule.stages_open_on(election, today)],
        "sections": queues.sections_for(request.user, election, today)})
