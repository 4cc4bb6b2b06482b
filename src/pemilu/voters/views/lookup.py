""""Cek DPT", the public lookup (issue 22 item 7): no login; an exact, valid NIK (and optionally the
name) → the masked name and the TPS, or "tidak terdaftar" (``voters/lookup.py``). Every post counts
against the address's hourly limit (``throttle``), and a NIK that cannot exist is refused before
any query."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pemilu.elections.queries import current
from pemilu.voters import lookup
from pemilu.voters.throttle import lookup_limited


class CekForm(forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Nama (tidak wajib)"), max_length=lookup.NAME_MAX, required=False)


@never_cache
@require_http_methods(["GET", "POST"])
def cek_dpt(request: HttpRequest) -> HttpResponse:
    form = CekForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method != "POST":
        return render(request, "voters/cek_dpt.html", context)
    if lookup_limited(request):
        context["error"] = _("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam.")
        return render(request, "voters/cek_dpt.html", context, status=429)
    nik = (form.data.get("nik") or "").strip()
    problem = lookup.refusal(nik) if form.is_valid() else _("NIK harus 16 digit angka 0-9.")
    if problem:
        context["error"] = problem
        return render(request, "voters/cek_dpt.html", context, status=400)
    context["searched"] = True
    context["found"] = lookup.find(current(request), nik, form.cleaned_data["name"])
    return render(request, "voters/cek_dpt.html", context)
