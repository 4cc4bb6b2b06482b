"""The header's sections by role (issue 20 item 6): each person sees only the sections they can
use. A section names the action it needs (``accounts.permissions.ACTIONS``), so a role an app
registers later (``bawaslu``, ``pemantau``) gets the sections its actions allow without a change
here. A KPPS member's first link is "Isi C.Hasil" for their own TPS.

``nav`` is a template context processor: ``nav_items`` is a list of (key, label, url)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    label: StrOrPromise
    url_name: str
    action: str | None = None     # None: every signed-in person; the action's roles otherwise
    above_tps: bool = False       # only for a role held above a single TPS (the KPPS has its own link)


PUBLIC = [
    Section("jadwal", _("Jadwal"), "schedule:timeline_default"),
    Section("kursi", _("Kursi"), "seats:runs"),
    Section("hasil-publik", _("Hasil"), "results:public_home"),
    Section("lapor", _("Lapor"), "neutrality:report"),
    Section("calon", _("Calon"), "candidacy:public_home"),
]
SIGNED_IN = [
    Section("tugas", _("Tugas saya"), "worklist:mine"),
    Section("penghitungan", _("Penghitungan"), "results:home", "results.view", above_tps=True),
    Section("wilayah", _("Wilayah"), "regions:dashboard", "regions.view", above_tps=True),
    Section("adhoc", _("Badan adhoc"), "adhoc:home", "adhoc.view"),
    Section("coklit", _("Coklit"), "voters:coklit_home", "voters.coklit"),
    Section("sekretariat", _("Sekretariat"), "secretariats:index", "secretariats.view"),
    Section("netralitas", _("Netralitas"), "neutrality:dashboard", "neutrality.stats"),
    Section("asn", _("ASN"), "asn:list", "asn.view"),
    Section("pencalonan", _("Pencalonan"), "candidacy:index", "candidacy.view"),
    Section("jadwal", _("Jadwal"), "schedule:timeline_default", "regions.view", above_tps=True),
    Section("kursi", _("Kursi"), "seats:runs", "seats.allocate"),
    Section("pengguna", _("Pengguna"), "accounts:users", "accounts.manage"),
]


def items_for(request: HttpRequest) -> list[tuple[str, StrOrPromise, str]]:
    """The header's links for the request's user: (key, label, url)."""
    from pemilu.accounts.permissions import ACTIONS, user_scopes
    from pemilu.core.levels import level_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return [(s.key, s.label, reverse(s.url_name)) for s in PUBLIC]
    scopes = user_scopes(user)
    roles = {s.role for s in scopes}
    above_tps = {s.role for s in scopes if level_of(s.code) < 5}
    out: list[tuple[str, StrOrPromise, str]] = []
    entry = kpps_entry_url(request, scopes)
    if entry:
        out.append(("isi", _("Isi C.Hasil"), entry))
    for s in SIGNED_IN:
        held = above_tps if s.above_tps else roles
        if s.action is None or user.is_superuser or held & ACTIONS.get(s.action, frozenset()):
            out.append((s.key, s.label, reverse(s.url_name)))
    if user.is_staff:
        out.append(("admin", _("Admin"), reverse("admin:index")))
    if not any(key == "penghitungan" for key, _label, _url in out):
        out.append(("hasil-publik", _("Hasil"), reverse("results:public_home")))
    return out


def kpps_entry_url(request: HttpRequest, scopes: list[Any]) -> str:
    """A KPPS member's "Isi C.Hasil": the first contest of their TPS still to type (or to
    correct), else their TPS's first form; "" for anyone without a KPPS role."""
    tps_codes = sorted(s.code for s in scopes if s.role == "kpps")
    if not tps_codes:
        return ""
    from pemilu.core.exceptions import NotFoundError
    from pemilu.elections.queries import current
    from pemilu.results.dapil import contest_codes_for_tps
    from pemilu.results.models import Contest, Result

    code = tps_codes[0]
    try:
        election = current(request)
    except NotFoundError:
        return ""
    existing = set(Contest.objects.filter(election=election).values_list("code", flat=True))
    contests = [c for c in contest_codes_for_tps(election, code) if c in existing]
    if not contests:
        return ""
    done = set(Result.objects.filter(tps_id=code, contest__election=election,
                                     status__in=["first_entry", "submitted", "accepted"])
               .values_list("contest__code", flat=True))
    todo = next((c for c in contests if c not in done), contests[0])
    return reverse("results:enter", args=[code, todo])


def nav(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_items``, computed only when a template reads it."""
    return {"nav_items": SimpleLazyObject(lambda: items_for(request))}
