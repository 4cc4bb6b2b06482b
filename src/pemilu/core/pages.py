"""What a page does with one action: run it, then show the user its success message or the
message of the rule it broke (out of scope and without the role are raised again, to answer 404
and 403; ``message_for_page``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

from pemilu.core.exceptions import DomainError, message_for_page


def run_action(request: HttpRequest, work: Callable[[], object], ok: str) -> bool:
    """Run ``work`` (one ``do_*`` call); True when it ran, with ``ok`` as the page's message."""
    try:
        work()
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
        return False
    messages.success(request, ok)
    return True
