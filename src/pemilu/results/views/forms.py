"""C.Hasil pages: KPPS entry (phone-first), operator entry (keyboard), a form with its versions
and photo, verification, conflicts, corrections, the C.Hasil copy."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can
from pemilu.accounts.types import AuthedRequest, Viewer
from pemilu.core import files
from pemilu.core.confirm import confirm_page
from pemilu.core.exceptions import DomainError, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import ancestor_codes, level_of
from pemilu.core.pages import run_action
from pemilu.elections.queries import current
from pemilu.regions.models import Region, Tps
from pemilu.results import checks, rules
from pemilu.results.actions import (
    ChecksFailed,
    do_correct_result,
    do_resolve_conflict,
    do_submit_result,
    do_verify_result,
    ensure_correction_window,
)
from pemilu.results.dapil import contest_codes_for_tps, tps_in_contest
from pemilu.results.entry import dpt_reference
from pemilu.results.idempotency import run_idempotent
from pemilu.results.models import (
    SECTIONS,
    Contest,
    Result,
    ResultPhoto,
    ResultStatus,
)
from pemilu.results.views.common import (
    SECTION_TITLES,
    contest_or_404,
    field_label,
)
from pemilu.results.views.posted import CHasilForm, ResolveForm

# C.Hasil row ← reference term: what the entry page starts from where the TPS's DPT is set.
PREFILLED = (("dpt", "dpt"), ("pengguna_dptb", "dptb"), ("pengguna_dpk", "dpk"))


def _form_sections(contest: Contest, figures: dict[str, Any] | None) -> list[dict[str, Any]]:
    figures = figures or {}
    out = []
    for key in contest.kind.sections:
        out.append({"key": key, "title": SECTION_TITLES.get(key, key),
                    "fields": [{"name": f, "label": field_label(f), "value": figures.get(f)}
                               for f in SECTIONS[key]]})
    return out


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every TPS the user sees, paged, searched and filtered (``results/tps_list.py``), with the
    recaps the user's regions hold."""
    from pemilu.accounts.permissions import user_scopes
    from pemilu.results.tps_list import TpsFilter, tps_list

    election = current(request)
    contests = list(Contest.objects.filter(election=election).order_by("code"))
    existing = {c.code: c for c in contests}
    wanted = request.GET.get("kontes", "ppwp")
    contest = next((c for c in contests if c.code == wanted), None) or next(
        (c for c in contests if c.code == "ppwp"), contests[0] if contests else None)
    f = TpsFilter.from_query(request.GET)
    listing = tps_list(request.user, contest, f) if contest is not None else None
    names = {c.code: c.name for c in contests}   # people read the contest's name, never its code
    rows = [(t, [(c, names[c]) for c in contest_codes_for_tps(election, t.code) if c in existing])
            for t in (listing.page.object_list if listing else [])]
    scopes = sorted({s.code for s in user_scopes(request.user) if level_of(s.code) <= 4})
    if request.user.is_superuser:
        scopes = [""]

    def recaps(scope: str) -> list[tuple[str, str]]:
        # PPWP everywhere; DPD where the scope lies in (or is) one province.
        prov = ancestor_codes(scope).get(1)
        codes = ["ppwp", *([f"dpd-{prov}"] if prov and f"dpd-{prov}" in existing else [])]
        return [(c, names.get(c, c)) for c in codes]

    # People read the region's name; its code stays in the link and beside the name.
    region_names = dict(Region.objects.filter(code__in=[s for s in scopes if s]).values_list("code", "name"))
    return render(request, "results/home.html", {
        "election": election, "contests": contests, "contest": contest, "filter": f, "listing": listing,
        "rows": rows, "can_enter": contest is not None and can_enter_somewhere(request.user),
        "scopes": [(s or "nasional", region_names.get(s, _("Nasional")), s, recaps(s)) for s in scopes]})


def can_enter_somewhere(user: Viewer) -> bool:
    from pemilu.accounts.permissions import ACTIONS, user_scopes

    return bool(user.is_superuser or {s.role for s in user_scopes(user)} & ACTIONS["results.enter"])


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "results/catalogue.html", {"checks": checks.catalogue_json()})


def catalogue_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(checks.catalogue_json(), safe=False)


@login_required
def enter(request: AuthedRequest, code: str, contest_code: str) -> HttpResponse:
    """Phone-first entry (``?operator=1``: dense keyboard layout). Posts carry an idempotency key
    made when the page was served, so a resend (offline queue, double tap) stores one form."""
    tps = get_object_or_404(Tps.objects.visible_to(request.user).select_related("village"), code=code)
    contest = contest_or_404(request, contest_code)
    if not tps_in_contest(contest.election, contest, tps.code):
        raise Http404
    ensure_can(request.user, "results.enter", tps)
    result = Result.objects.filter(contest=contest, tps_id=tps.code).select_related("current").first()
    if request.method != "POST" and result is not None and result.status == ResultStatus.ACCEPTED \
            and result.current is not None:
        return _accepted(request, result, tps, contest)
    error = ""
    codes: list[str] = []
    posted: dict[str, Any] | None = None
    posting = request.method == "POST"
    form = CHasilForm(contest, request.POST if posting else None, request.FILES if posting else None)
    if request.method == "POST":
        try:
            posted, acks = form.entry()
            photo_file = form.cleaned_data["photo"]
            fingerprint = hashlib.sha256(json.dumps([code, contest_code, posted, acks], sort_keys=True).encode())
            if photo_file is not None:
                fingerprint.update(photo_file.read())
                photo_file.seek(0)
            user = request.user

            def send() -> dict[str, Any]:
                upload = (photo_file.read(), photo_file.name or "") if photo_file is not None else None
                saved = do_submit_result(contest, tps, posted or {}, actor=user, acknowledgements=acks,
                                         photo_upload=upload)
                return {"status": saved.status}

            answer = run_idempotent(user, form.cleaned_data["idempotency_key"], fingerprint.hexdigest(), send)
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse(answer)
            messages.success(request, _("C.Hasil {tps} terkirim: {status}").format(
                tps=tps.code, status=dict(ResultStatus.choices).get(answer["status"], answer["status"])))
            if request.GET.get("operator") == "1":
                # Operators type plano after plano: straight on to the next TPS of the village.
                following = (Tps.objects.visible_to(request.user).filter(desa_code=tps.desa_code, code__gt=tps.code)
                             .order_by("code").values_list("code", flat=True).first())
                if following:
                    return redirect(reverse("results:enter", args=[following, contest.code]) + "?operator=1")
            return redirect("results:detail", code=tps.code, contest_code=contest.code)
        except ChecksFailed as exc:
            error, codes = exc.message, exc.codes
        except DomainError as exc:
            error = exc.message
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"detail": error, "codes": codes}, status=422)
    figures = form.typed() if error else (result.current.figures() if result and result.current else None)
    # The data-pemilih section starts from the DPT set for the TPS (issue 22 item 5), pengguna DPTb
    # and DPK from the DPTb registered and the DPK recorded there (item 2); W3–W5 compare.
    reference = dpt_reference(contest.election_id, [tps.code]).get(tps.code)
    if figures is None and reference is not None:
        figures = {f"{row}_{s}": reference[f"{ref}_set_{s}"] for row, ref in PREFILLED for s in ("l", "p", "j")}
    return render(request, "results/enter.html", {
        "tps": tps, "contest": contest, "result": result, "sections": _form_sections(contest, figures),
        "choices": [{**c, "value": (figures or {}).get("votes", {}).get(c["key"])} for c in contest.choices],
        "idempotency_key": uuid.uuid4().hex, "error": error, "codes": codes, "reference": reference,
        "warnings": form.warnings(),
        "operator": request.GET.get("operator") == "1", "status_code": 422 if error else 200,
    }, status=422 if error else 200)


def _accepted(request: AuthedRequest, result: Result, tps: Tps, contest: Contest) -> HttpResponse:
    """An accepted C.Hasil opened for entry: its figures and the way to a correction, not a form
    to type again (issue 20 item 6)."""
    assert result.current is not None
    correction_note = ""
    can_correct = can(request.user, "results.correct", result)
    if can_correct:
        try:
            ensure_correction_window(result, request.user)
        except DomainError as exc:
            correction_note = exc.message
    return render(request, "results/entered.html", {
        "result": result, "tps": tps, "contest": contest, "figures": result.current.figures(),
        "labels": {c["key"]: c["label"] for c in contest.choices},
        "can_correct": can_correct, "correction_note": correction_note})


@login_required
def detail(request: AuthedRequest, code: str, contest_code: str) -> HttpResponse:
    result = (Result.objects.visible_to(request.user).select_related("contest", "current", "tps")
              .filter(tps_id=code, contest__code=contest_code, contest__election=current(request)).first())
    if result is None:
        # No form entered yet for a TPS the user sees: say so (and link the entry form), not 404.
        tps = get_object_or_404(Tps.objects.visible_to(request.user).select_related("village"), code=code)
        contest = contest_or_404(request, contest_code)
        if not tps_in_contest(contest.election, contest, tps.code):
            raise Http404
        return render(request, "results/detail_empty.html", {
            "tps": tps, "contest": contest, "can_enter": can(request.user, "results.enter", tps)})
    versions = list(result.versions.select_related("entered_by", "photo").order_by("number"))
    diffs: list[dict[str, Any]] = []
    if result.status == ResultStatus.CONFLICT and len(versions) >= 2:
        first, second = versions[-2].figures(), versions[-1].figures()
        for name in rules.figure_differences(first, second):
            key = name.split(".", 1)[1] if name.startswith("votes.") else None
            diffs.append({"field": name, "first": first["votes"].get(key) if key else first.get(name),
                          "second": second["votes"].get(key) if key else second.get(name)})
    photo = next((v.photo for v in reversed(versions) if v.photo), None) or result.photos.first()
    correction_note = ""
    if result.status in (ResultStatus.ACCEPTED, ResultStatus.ERROR):
        try:  # say up front who may correct today (the PPK window), rather than after typing
            ensure_correction_window(result, request.user)
        except DomainError as exc:
            correction_note = exc.message
    return render(request, "results/detail.html", {
        "correction_note": correction_note,
        "result": result, "versions": versions, "diffs": diffs, "photo": photo,
        "figures": result.current.figures() if result.current else None,
        "labels": {c["key"]: c["label"] for c in result.contest.choices},
        "messages_of": {c.code: c.message_id for c in checks.CHECKS},
        "can_verify": result.status == ResultStatus.SUBMITTED and can(request.user, "results.verify", result),
        "can_resolve": result.status == ResultStatus.CONFLICT and can(request.user, "results.resolve", result),
        "can_correct": result.status in (ResultStatus.ACCEPTED, ResultStatus.ERROR)
        and can(request.user, "results.correct", result),
    })


def _confirm_verify(request: HttpRequest, result: Result) -> HttpResponse:
    back = reverse("results:detail", args=[result.tps_id, result.contest.code])
    version = result.current
    if result.status != ResultStatus.SUBMITTED or version is None:
        messages.error(request, _("Tidak ada entri yang menunggu verifikasi."))
        return redirect(back)
    tps = result.tps
    votes = sum(int(n or 0) for n in (version.votes or {}).values())
    return confirm_page(
        request, title=_("Verifikasi C.Hasil {contest} TPS {number}").format(
            contest=result.contest.name, number=f"{tps.number:03d}"),
        message=_("Anda menyatakan angka C.Hasil ini sesuai plano: {sah} suara sah, {tidak_sah} suara tidak sah, "
                  "{votes} suara untuk {choices} pilihan.").format(
            sah=intcomma(version.suara_sah or 0), tidak_sah=intcomma(version.suara_tidak_sah or 0),
            votes=intcomma(votes), choices=len(version.votes or {})),
        note=_("Setelah diverifikasi C.Hasil ini diterima dan dijumlahkan ke rekapitulasi kecamatan; perubahan "
               "sesudahnya hanya lewat koreksi yang tercatat."),
        button=_("Ya, verifikasi"), back=back)


def _result_for_action(request: HttpRequest, code: str, contest_code: str) -> Result:
    return get_object_or_404(Result.objects.visible_to(request.user), tps_id=code, contest__code=contest_code,
                             contest__election=current(request))


@login_required
def verify(request: AuthedRequest, code: str, contest_code: str) -> HttpResponse:
    """GET: the confirm page (what the form's figures are and where they go); POST: verify."""
    result = _result_for_action(request, code, contest_code)
    if request.method != "POST":
        ensure_can(request.user, "results.verify", result)
        return _confirm_verify(request, result)
    run_action(request, lambda: do_verify_result(result, actor=request.user), _("C.Hasil diverifikasi dan diterima."))
    return redirect("results:detail", code=code, contest_code=contest_code)


@login_required
@require_POST
def resolve(request: AuthedRequest, code: str, contest_code: str) -> HttpResponse:
    result = _result_for_action(request, code, contest_code)

    def resolve_it() -> None:
        # A version that is not a number is named, not taken for "send back" (which empties the form).
        asked = cleaned(ResolveForm(request.POST))
        do_resolve_conflict(result, actor=request.user, keep_version=asked["keep"], reason=asked["reason"])

    run_action(request, resolve_it, _("Keputusan koordinator disimpan."))
    return redirect("results:detail", code=code, contest_code=contest_code)


@login_required
def correct(request: AuthedRequest, code: str, contest_code: str) -> HttpResponse:
    result = get_object_or_404(
        Result.objects.visible_to(request.user).select_related("contest__kind", "current", "tps"),
        tps_id=code, contest__code=contest_code, contest__election=current(request))
    ensure_can(request.user, "results.correct", result)
    error, posted = "", None
    form = CHasilForm(result.contest, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            posted, acks = form.entry()
            do_correct_result(result, posted, actor=request.user, reason=form.cleaned_data["reason"],
                              acknowledgements=acks)
            messages.success(request, _("Koreksi disimpan."))
            return redirect("results:detail", code=code, contest_code=contest_code)
        except DomainError as exc:
            error = message_for_page(exc)
    figures = form.typed() if error else (result.current.figures() if result.current else None)
    return render(request, "results/correct.html", {
        "result": result, "tps": result.tps, "contest": result.contest, "error": error,
        "reason": form["reason"].value() or "",
        "sections": _form_sections(result.contest, figures),
        "choices": [{**c, "value": (figures or {}).get("votes", {}).get(c["key"])} for c in result.contest.choices],
        "warnings": form.warnings(),
        "reference": dpt_reference(result.contest.election_id, [result.tps_id]).get(result.tps_id),
    }, status=422 if error else 200)


@login_required
def photo(request: HttpRequest, code: str, contest_code: str, pk: int) -> FileResponse:
    item = ResultPhoto.objects.filter(pk=pk, result__tps_id=code, result__contest__code=contest_code) \
        .select_related("result").first()
    return files.serve(request.user, item, action="results.view", inline=True)


@login_required
def c_hasil_pdf(request: HttpRequest, code: str, contest_code: str) -> HttpResponse:
    from pemilu.results.exports import c_hasil_pdf as render_pdf

    result = get_object_or_404(
        Result.objects.visible_to(request.user).select_related("contest__kind", "current", "tps__village"),
        tps_id=code, contest__code=contest_code, contest__election=current(request))
    response = HttpResponse(render_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="c-hasil-salinan-{contest_code}-{code}.pdf"'
    return response
