"""Pages of DPD support (issue 23 item 6): the KPU Provinsi's desk (candidates, their support,
the upload, the sample), the KPU Kab/Kota's factual verification of its sampled supporters, and
the public "cek dukungan". Thin: reads through dpd_queries, writes through dpd_actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import can, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import dpd_actions, dpd_queries, registers
from pemilu.candidacy.dpd_actions import COLUMNS, MANAGE, VERIFY
from pemilu.candidacy.forms import DpdCandidateForm, DpdDecreeForm, NikLookupForm, SupportersForm, VerificationForm
from pemilu.candidacy.models import Office, Supporter, SupportOutcome
from pemilu.candidacy.throttle import rate_limited
from pemilu.core.exceptions import DomainError, ImportFailed, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.tabular import UploadTooLarge, ensure_upload_size
from pemilu.voters import crypto


@login_required
def desk(request: AuthedRequest) -> HttpResponse:
    """The candidates of the provinces the user may read; a KPU Provinsi registers a bakal calon here."""
    ensure_holds(request.user, dpd_queries.VIEW)
    if request.method == "POST":
        form = DpdCandidateForm(request.POST)
        province = get_object_or_404(dpd_queries.readable_provinces(request.user),
                                     pk=int(form.data["province"]) if form.has_valid_province() else 0)
        try:
            v = cleaned(form)
            cand = dpd_actions.do_register_dpd_candidate(
                province, name=v["name"], nik=v["nik"], sex=v["sex"], birth_date=v["birth_date"], office=v["office"],
                actor=request.user)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("Bakal calon DPD didaftarkan."))
            return redirect("candidacy_dpd:candidate", candidate_id=cand.pk)
    candidates = dpd_queries.readable_candidates(request.user).order_by("prov_code", "name", "pk")
    provinces = [p for p in dpd_queries.readable_provinces(request.user) if can(request.user, MANAGE, p.region_id)]
    return render(request, "candidacy/dpd_desk.html", {"candidates": candidates, "provinces": provinces,
                                                       "offices": Office.choices})


@login_required
def candidate(request: AuthedRequest, candidate_id: int) -> HttpResponse:
    cand = get_object_or_404(dpd_queries.readable_candidates(request.user), pk=candidate_id)
    errors: ImportFailed | None = None
    if request.method == "POST":
        try:
            asked = cleaned(SupportersForm(request.POST, request.FILES))
            if asked["do"] == "registers":
                found = registers.do_check_resignations(province=cand.province, actor=request.user)
                messages.success(request, _("Register badan ad hoc dan ASN diperiksa: {n} temuan baru.")
                                 .format(n=found))
                return redirect("candidacy_dpd:candidate", candidate_id=cand.pk)
            if asked["do"] == "decree":
                decree = cleaned(DpdDecreeForm(request.POST))
                registers.do_record_resignation_decree(cand, number=decree["number"], decided_on=decree["decided_on"],
                                                       actor=request.user)
                messages.success(request, _("Keputusan pemberhentian dicatat."))
                return redirect("candidacy_dpd:candidate", candidate_id=cand.pk)
            if asked["do"] == "sample":
                sizes = dpd_actions.do_draw_sample(cand, actor=request.user, seed=asked["seed"])
                messages.success(request, _("Sampel ditarik: {n} pendukung.").format(n=sum(sizes.values())))
                return redirect("candidacy_dpd:candidate", candidate_id=cand.pk)
            upload = asked["berkas"]
            if upload is None:
                raise DomainError(_("Pilih berkas daftar pendukung"))
            ensure_upload_size(upload.size or 0)
            result = dpd_actions.do_import_supporters(cand, upload.read(), actor=request.user,
                                                      filename=upload.name or "")
            messages.success(request, _("{n} baris diunggah; dukungan diperiksa ulang.").format(n=result.rows))
            return redirect("candidacy_dpd:candidate", candidate_id=cand.pk)
        except ImportFailed as exc:
            errors = exc
        except UploadTooLarge as exc:
            errors = ImportFailed([], exc.message)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
    rows = dpd_queries.readable_supporters(request.user).filter(candidate=cand).exclude(code="").order_by("line")
    return render(request, "candidacy/dpd_candidate.html", {
        "c": cand, "s": cand.support, "errors": errors, "columns": COLUMNS,
        "findings": Paginator(rows, 50).get_page(request.GET.get("hal")),
        "sample": dpd_actions.sample_summary(cand), "can_manage": can(request.user, MANAGE, cand.prov_code),
        "flags": cand.resignation_flags.order_by("found_at", "pk")},
        status=400 if errors else 200)


@login_required
def verification(request: AuthedRequest) -> HttpResponse:
    """The sampled supporters filed under the user's kab/kota (or province), with their outcome."""
    ensure_holds(request.user, VERIFY)
    rows = (dpd_queries.readable_supporters(request.user).filter(in_sample=True)
            .order_by("kab_code", "candidate__name", "domicile_code", "line"))
    page = Paginator(rows, 50).get_page(request.GET.get("hal"))
    masked = {s.pk: crypto.mask(crypto.open_sealed(s.nik_sealed)) for s in page}
    return render(request, "candidacy/dpd_verification.html", {"page": page, "masked": masked,
                                                                "outcomes": [SupportOutcome.MS, SupportOutcome.TMS]})


@login_required
def verify(request: AuthedRequest, supporter_id: int) -> HttpResponse:
    supporter = get_object_or_404(Supporter.objects.visible_to(request.user), pk=supporter_id)
    if request.method == "POST":
        try:
            asked = cleaned(VerificationForm(request.POST))
            dpd_actions.do_record_verification(supporter, outcome=asked["outcome"], note=asked["note"],
                                               actor=request.user)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("Hasil verifikasi dicatat."))
    return redirect("candidacy_dpd:verification")


def lookup(request: HttpRequest) -> HttpResponse:
    """Public: a person enters their NIK and learns whether a DPD candidate lists them as a supporter."""
    context: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        if rate_limited(request):
            return render(request, "candidacy/cek_dukungan.html", {
                "error": _("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam.")}, status=429)
        form = NikLookupForm(request.POST)
        nik = form.cleaned_data["nik"] if form.is_valid() else ""
        if dpd_queries.valid_nik(nik):
            context = {"searched": True, "rows": dpd_queries.lookup(nik), "masked": crypto.mask(nik)}
        else:
            context, status = {"error": _("NIK harus 16 digit angka dan memuat tanggal lahir yang sah.")}, 400
    return render(request, "candidacy/cek_dukungan.html", context, status=status)
