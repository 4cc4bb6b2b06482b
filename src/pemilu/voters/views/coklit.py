"""The coklit pages (issue 22 item 1): the phone page of a Pantarlih — the voters of their TPS area,
searchable, each with sesuai / ubah / TMS, and a new voter (baru) — and the PPS's progress per
Pantarlih. Every outcome is one small POST (htmx swaps the voter's card; without script the page
reloads), so a flaky connection loses at most the one tap it was sending."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can, user_scopes
from pemilu.accounts.types import AuthedRequest
from pemilu.core.exceptions import DomainError, NotFoundError, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import Level, level_of
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.voters import coklit
from pemilu.voters.actions import EDITABLE, do_add_new_voter, do_record_coklit
from pemilu.voters.forms import ListFilterForm
from pemilu.voters.models import Coklit, Marital, NotEligibleReason, Voter

PER_PAGE = 30
SEX = [("L", gettext_lazy("Laki-laki")), ("P", gettext_lazy("Perempuan"))]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[(c, c) for c in ("sesuai", "ubah", "tms")])
    reason = forms.ChoiceField(choices=[("", "—"), *NotEligibleReason.choices], required=False)
    evidence = forms.CharField(max_length=2000, required=False)
    # ubah: every editable column (blank NIK/KK = unchanged); only the columns that differ are sent on.
    nama = forms.CharField(max_length=200, required=False)
    tempat_lahir = forms.CharField(max_length=100, required=False)
    tanggal_lahir = forms.CharField(max_length=10, required=False)
    jenis_kelamin = forms.CharField(max_length=1, required=False)
    status_kawin = forms.CharField(max_length=1, required=False)
    alamat = forms.CharField(max_length=300, required=False)
    rt = forms.CharField(max_length=5, required=False)
    rw = forms.CharField(max_length=5, required=False)
    disabilitas = forms.CharField(max_length=100, required=False)
    pekerjaan = forms.CharField(max_length=100, required=False)
    nik = forms.CharField(max_length=16, required=False)
    no_kk = forms.CharField(max_length=16, required=False)


class NewVoterForm(forms.Form):
    nik = forms.CharField(max_length=16)
    no_kk = forms.CharField(max_length=16)
    nama = forms.CharField(max_length=200)
    tempat_lahir = forms.CharField(max_length=100)
    tanggal_lahir = forms.CharField(max_length=10)
    jenis_kelamin = forms.CharField(max_length=1)
    status_kawin = forms.CharField(max_length=1)
    alamat = forms.CharField(max_length=300)
    rt = forms.CharField(max_length=5, required=False)
    rw = forms.CharField(max_length=5, required=False)
    disabilitas = forms.CharField(max_length=100, required=False)
    pekerjaan = forms.CharField(max_length=100, required=False)
    evidence = forms.CharField(max_length=2000, required=False)


def current_row(voter: Voter) -> dict[str, str]:
    """The voter's editable fields as the form shows them (NIK/KK not: they are typed only to change)."""
    return {"nama": voter.name, "tempat_lahir": voter.birth_place, "tanggal_lahir": voter.birth_date.isoformat(),
            "jenis_kelamin": voter.sex, "status_kawin": voter.marital, "alamat": voter.address, "rt": voter.rt,
            "rw": voter.rw, "disabilitas": voter.disability, "pekerjaan": voter.occupation}


def changes_from(voter: Voter, data: dict[str, Any]) -> dict[str, str]:
    """The columns of an "ubah" form that differ from the voter's record (NIK/KK only when typed)."""
    now = current_row(voter)
    out = {c: str(data.get(c) or "").strip() for c in now if str(data.get(c) or "").strip() != now[c]}
    out = {c: v for c, v in out.items() if v or c in ("disabilitas", "pekerjaan")}
    for c in ("nik", "no_kk"):
        if str(data.get(c) or "").strip():
            out[c] = str(data[c]).strip()
    return {c: v for c, v in out.items() if c in EDITABLE}


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "") for k in ("q", "status", "page", "pemilu") if request.GET.get(k)}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Where the coklit starts: a Pantarlih goes to their TPS area; a PPS to its desa's progress;
    others pick a desa of their scope."""
    areas = coklit.pantarlih_areas(request.user)
    if len(areas) == 1:
        return redirect("voters:coklit_area", tps_code=areas[0])
    scopes = sorted({s.code for s in user_scopes(request.user) if can(request.user, "voters.view", s.code)
                     and level_of(s.code) <= Level.DESA})
    if request.user.is_superuser and not scopes:
        scopes = [""]
    if not areas and len(scopes) == 1 and level_of(scopes[0]) == Level.DESA:
        return redirect("voters:coklit_progress", region_code=scopes[0])
    if not areas and not scopes:
        raise NotFoundError(_("Tidak ditemukan."))
    regions = list(Region.objects.filter(code__in=scopes).order_by("code"))
    return render(request, "voters/coklit/home.html", {"areas": areas, "regions": regions})


def _area_context(request: AuthedRequest, tps_code: str) -> dict[str, Any]:
    election = current(request)
    tps = coklit.area(request.user, tps_code)
    q, status = request.GET.get("q", "")[:100], request.GET.get("status", "")
    page = Paginator(coklit.area_voters(election, tps, q=q, status=status), PER_PAGE).get_page(request.GET.get("page"))
    is_open = coklit.is_open(election, tps.desa_code)
    may_record = is_open and can(request.user, "voters.coklit", tps.code)
    keep = urlencode({k: v for k, v in (("q", q), ("status", status)) if v})
    return {"election": election, "tps": tps, "page": page, "cards": coklit.cards(list(page.object_list), election),
            "q": q, "status": status, "counts": coklit.counts(election, tps), "is_open": is_open,
            "may_record": may_record, "keep": keep, "reasons": NotEligibleReason.choices, "sexes": SEX,
            "maritals": Marital.choices, "outcomes": [(c.value, c.label) for c in Coklit]}


@login_required
def area(request: AuthedRequest, tps_code: str) -> HttpResponse:
    """The phone page of one TPS area; with htmx (a search), only the list."""
    ctx = _area_context(request, tps_code)
    if getattr(request, "htmx", False) and request.GET.get("fragment") == "list":
        return render(request, "voters/coklit/_list.html", ctx)
    return render(request, "voters/coklit/area.html", ctx)


@login_required
@require_POST
def record(request: AuthedRequest, tps_code: str, voter_id: int) -> HttpResponse:
    """One outcome for one voter (sesuai, ubah with the changed fields, TMS with reason and evidence)."""
    election = current(request)
    tps = coklit.area(request.user, tps_code)
    voter = get_object_or_404(Voter.objects.filter(election=election, placement__tps=tps), pk=voter_id)
    ensure_can(request.user, "voters.coklit", tps.code)
    error = ""
    try:
        data = cleaned(OutcomeForm(request.POST))
        changes = changes_from(voter, data) if data["outcome"] == "ubah" else None
        do_record_coklit(voter, outcome=data["outcome"], actor=request.user, reason=data.get("reason") or "",
                         changes=changes, evidence=data.get("evidence") or "")
    except DomainError as exc:
        error = message_for_page(exc)
    voter.refresh_from_db()
    if getattr(request, "htmx", False):
        ctx = {"c": coklit.cards([voter], election)[0], "tps": tps, "may_record": True, "error": error,
               "reasons": NotEligibleReason.choices, "sexes": SEX, "maritals": Marital.choices,
               "counts": coklit.counts(election, tps), "oob": True}
        return render(request, "voters/coklit/_card.html", ctx, status=200 if not error else 422)
    if error:
        messages.error(request, f"{voter.name}: {error}")
    else:
        messages.success(request, _("{name}: {outcome}").format(name=voter.name, outcome=voter.get_coklit_display()))
    return redirect(_back(request, tps.code) + f"#v{voter.pk}")


@login_required
@require_POST
def add(request: AuthedRequest, tps_code: str) -> HttpResponse:
    """A new voter (baru) in this TPS area."""
    election = current(request)
    tps = coklit.area(request.user, tps_code)
    ensure_can(request.user, "voters.coklit", tps.code)
    try:
        data = cleaned(NewVoterForm(request.POST))
        fields = {k: str(v or "") for k, v in data.items() if k != "evidence"}
        voter = do_add_new_voter(election, {**fields, "kode_desa": tps.desa_code}, actor=request.user,
                                 evidence=data.get("evidence") or "", tps_code=tps.code)
    except DomainError as exc:
        messages.error(request, _("Pemilih baru tidak disimpan: {why}").format(why=message_for_page(exc)))
        return redirect(_back(request, tps.code) + "#baru")
    messages.success(request, _("Pemilih baru dicatat: {name}").format(name=voter.name))
    return redirect(_back(request, tps.code) + f"#v{voter.pk}")


def _back(request: HttpRequest, tps_code: str) -> str:
    filters = ListFilterForm(request.POST)
    keep = {k: v for k, v in filters.cleaned_data.items() if v} if filters.is_valid() else {}
    url = reverse("voters:coklit_area", kwargs={"tps_code": tps_code})
    return f"{url}?{urlencode(keep)}" if keep else url


@login_required
def progress(request: AuthedRequest, region_code: str) -> HttpResponse:
    """Coklit progress per Pantarlih (TPS area) of a desa, or per desa of a kecamatan or kab/kota."""
    election = current(request)
    region = Region.objects.filter(code=region_code, level__in=(Level.KABKOTA, Level.KECAMATAN, Level.DESA)).first()
    if region is None:
        raise NotFoundError(_("Tidak ditemukan."))
    ensure_can(request.user, "voters.view", region)
    rows = coklit.progress(election, region)
    return render(request, "voters/coklit/progress.html", {
        "election": election, "region": region, "rows": rows, "total": coklit.totals(rows),
        "per_tps": region.level == Level.DESA, "is_open": coklit.is_open(election, region.code)
        if region.level == Level.DESA else None,
        "outcomes": [(c.value, c.label) for c in Coklit]})
