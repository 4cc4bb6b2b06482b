"""Pages of the privacy area (issue 22 item 6): a voter's record with NIK and KK masked, the full
numbers for KPU staff in scope ("Tampilkan NIK", with a reason, audited), and the exported lists —
Model A-Daftar Pemilih of a TPS (PDF/XLSX) and the parties' soft copy of a kab/kota (XLSX/CSV),
masked, watermarked with the recipient and audited (``voters/exports.py``)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pemilu.accounts.permissions import can, ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.bounds import NAME_MAX, SHORT_TEXT_MAX
from pemilu.core.exceptions import DomainError, message_for_page
from pemilu.elections.queries import current
from pemilu.regions.models import Region, Tps
from pemilu.voters import crypto, exports
from pemilu.voters.actions import do_reveal_numbers
from pemilu.voters.models import Voter


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=SHORT_TEXT_MAX)


class ExportForm(forms.Form):
    organisation = forms.CharField(label=_("Penerima (partai politik/lembaga)"), max_length=NAME_MAX)
    fmt = forms.ChoiceField(label=_("Format"), choices=[])

    def __init__(self, *args: object, formats: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["fmt"].choices = [(f, f.upper()) for f in formats]  # type: ignore[attr-defined]


def _file(export: exports.Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def voter_detail(request: AuthedRequest, voter_id: int) -> HttpResponse:
    voter = get_object_or_404(Voter.objects.visible_to(request.user).select_related("placement__tps"), pk=voter_id)
    ensure_can(request.user, "voters.view", voter)
    may_reveal = can(request.user, "voters.view_nik", voter)
    form = RevealForm(request.POST or None)
    revealed: tuple[str, str] | None = None
    error = ""
    if request.method == "POST":
        ensure_can(request.user, "voters.view_nik", voter)
        if form.is_valid():
            try:
                revealed = do_reveal_numbers(voter, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                error = message_for_page(exc)
    k = crypto.keys()
    village = Region.objects.filter(code=voter.village_id).first()
    return render(request, "voters/privacy/voter.html", {
        "voter": voter, "village": village, "may_reveal": may_reveal, "form": form, "error": error,
        "nik": crypto.mask(crypto.open_sealed(voter.nik_sealed, k)),
        "kk": crypto.mask(crypto.open_sealed(voter.kk_sealed, k)),
        "revealed": revealed}, status=400 if error or (request.method == "POST" and not form.is_valid()) else 200)


def _export_page(request: AuthedRequest, formats: tuple[str, ...], export: Callable[[str, str], exports.Export],
                 context: dict[str, object]) -> HttpResponse:
    """One list's export form: on a valid post the file (``export(organisation, fmt)`` checks and
    audits it), else the form again with the broken rule's message."""
    form = ExportForm(request.POST or None, formats=formats)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            return _file(export(form.cleaned_data["organisation"], form.cleaned_data["fmt"]))
        except DomainError as exc:
            error = message_for_page(exc)
    return render(request, "voters/privacy/export.html", {"form": form, "error": error, **context},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def model_a(request: AuthedRequest, tps_code: str) -> HttpResponse:
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
    ensure_can(request.user, "voters.export", tps)
    return _export_page(request, exports.MODEL_A_FORMATS, lambda organisation, fmt: exports.do_export_model_a(
        tps, election=current(request), actor=request.user, organisation=organisation, fmt=fmt), {
        "kind": "model_a", "tps": tps, "village": Region.objects.filter(code=tps.village_id).first()})


@login_required
@require_http_methods(["GET", "POST"])
def party_copy(request: AuthedRequest, region_code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=region_code)
    ensure_can(request.user, "voters.export_party_copy", region)
    return _export_page(request, exports.PARTY_FORMATS, lambda organisation, fmt: exports.do_export_party_copy(
        region, election=current(request), actor=request.user, organisation=organisation, fmt=fmt), {
        "kind": "party_copy", "region": region})
