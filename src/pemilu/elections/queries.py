"""Which election a request, an API call or a command is about: the one way to pick it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from pemilu.core.exceptions import NotFoundError
from pemilu.elections.models import Election


def current(request: HttpRequest | None = None, code: str = "") -> Election:
    """The election named by ``code`` or, on a page, by ``?pemilu=<code>`` (or a form's
    ``pemilu`` field); without one, the election with the latest voting day. An unknown code,
    or no election at all, is a 404 (``NotFoundError``)."""
    if not code and request is not None:
        code = request.GET.get("pemilu", "") or (request.POST.get("pemilu", "") if request.method == "POST" else "")
    if code:
        election = Election.objects.filter(code=code).first()
        if election is None:
            raise NotFoundError(_("Pemilu tidak ditemukan."))
        return election
    election = Election.objects.order_by("-voting_day", "pk").first()
    if election is None:
        raise NotFoundError(_("Belum ada pemilu."))
    return election
