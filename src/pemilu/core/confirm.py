"""The confirm step of a consequential one-click action (issue 20 item 9): the button is a link
to the action's own URL; GET answers this page, which says what the action touches and how many
records, and its form POSTs to the same URL. No JavaScript is needed."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm_page(request: HttpRequest, *, title: str, message: str, button: str, back: str,
                 details: Iterable[str] = (), note: str = "", fields: Iterable[tuple[str, str]] = ()) -> HttpResponse:
    """The page; call it only after the same permission check the POST makes."""
    return render(request, "core/confirm.html", {
        "title": title, "message": message, "button": button, "back": back, "details": list(details),
        "note": note, "fields": list(fields), "action": request.get_full_path()})
