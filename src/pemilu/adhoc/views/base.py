"""Helpers the adhoc pages share: the election asked for, a recruitment or applicant read
through the user's scope (404 outside it), and running one action with a message."""


from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pemilu.accounts.permissions import ensure_can, require
from pemilu.accounts.types import ScopeTarget
from pemilu.adhoc import actions, forms
from pemilu.adhoc.models import (
    Applicant,
    Area,
    Recruitment,
)
from pemilu.core.pages import run_action


def scoped_recruitment(request: HttpRequest, pk: int) -> tuple[Recruitment, Any]:
    """The recruitment if the user sees any of it (a PPS member sees it through their kelurahan),
    with the areas the user may see; 404 otherwise, 403 in scope without a reading role."""
    areas = Area.objects.visible_to(request.user)
    rec = get_object_or_404(
        Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                   | Q(pk__in=areas.values("recruitment_id"))).select_related("election", "region"),
        pk=pk)
    mine = areas.filter(recruitment=rec)
    first = mine.first()
    ensure_can(request.user, "adhoc.view", first if first is not None else rec)
    return rec, mine


def require_role(request: HttpRequest, action: str, obj: ScopeTarget) -> None:
    """After the scoped read: in scope without the role is 403 (never 404, the user sees the page)."""
    require(request.user, action, obj)


def scoped_applicant(request: HttpRequest, pk: int) -> Applicant:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related(
        "area", "recruitment", "recruitment__region", "election", "outcome"), pk=pk)
    ensure_can(request.user, "adhoc.view", a)
    return a


def act(request: HttpRequest, back: str, fn: Callable[[], Any], ok: str) -> HttpResponse:
    """Run one action with its message (``core.pages.run_action``), then go back."""
    run_action(request, fn, ok)
    return redirect(back)


def attached_documents(request: HttpRequest) -> list[actions.DocumentUpload]:
    """The scanned documents attached to the registration form."""
    return [actions.DocumentUpload(kind, f.name or kind, f.read()) for field, kind in forms.DOC_FIELDS.items()
            if (f := request.FILES.get(field)) is not None]
