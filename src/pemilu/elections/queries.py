"""Which election a request, an API call or a command is about: the one way to pick it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from pemilu.core.exceptions import NotFoundError
from pemilu.elections.forms import ElectionParam
from pemilu.elections.models import Election


def current(request: HttpRequest | None = None, code: str = "") -> Election:
    """The election named by ``code`` or, on a page, by ``?pemilu=<code>`` (or a form's
    ``pemilu`` field); without one, the election with the latest voting day. An unknown code,
    or no election at all, is a 404 (``NotFoundError``)."""
    if not code and request is not None:
        code = named_code(request)
    if code:
        election = Election.objects.filter(code=code).first()
        if election is None:
            raise NotFoundError(_("Pemilu tidak ditemukan."))
        return election
    election = Election.objects.order_by("-voting_day", "pk").first()
    if election is None:
        raise NotFoundError(_("Belum ada pemilu."))
    return election


def named_code(request: HttpRequest) -> str:
    """The code a page names: the query string's ``pemilu``, else (on a POST) the form's; ""
    when neither names one. A value that cannot be an election code is a 404 like an unknown one."""
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in sources:
        param = ElectionParam(data)
        if not param.is_valid():
            raise NotFoundError(_("Pemilu tidak ditemukan."))
        if param.cleaned_data["pemilu"]:
            return str(param.cleaned_data["pemilu"])
    return ""
