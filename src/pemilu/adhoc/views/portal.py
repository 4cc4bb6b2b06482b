"""The applicant portal: sign-up, one's own registration, documents and profile."""


from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.models import User
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, forms, queries
from pemilu.adhoc.models import (
    Applicant,
    ApplicantStatus,
    Recruitment,
    RecruitmentStatus,
)
from pemilu.adhoc.views.base import (
    act,
    attached_documents,
)
from pemilu.core import ratelimit
from pemilu.core.exceptions import DomainError
from pemilu.core.forms import messages_of

# --- applicant portal ---------------------------------------------------------------------

def signup(request: HttpRequest) -> HttpResponse:
    """Create an applicant account (no role); it owns the applications it files."""
    if request.user.is_authenticated:
        return redirect("adhoc:portal")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        # Accounts per address per hour, counted in the shared cache (every worker with CACHE_URL).
        limit: int = getattr(settings, "PEMILU_SIGNUPS_PER_HOUR", 5)
        if ratelimit.hit(request, "adhoc:signup", limit):
            form.add_error(None, _("Terlalu banyak akun dibuat dari alamat ini; coba lagi dalam satu jam."))
            return render(request, "adhoc/signup.html", {"form": form}, status=429)
        if User.objects.filter(username=d["username"]).exists():
            form.add_error("username", _("Nama pengguna sudah dipakai."))
        else:
            user = User.objects.create_user(username=d["username"], email=d["email"], password=d["password"],
                                            full_name=d["full_name"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("adhoc:portal")
    return render(request, "adhoc/signup.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def portal(request: AuthedRequest) -> HttpResponse:
    """The applicant's own page: their applications, documents, eligibility; or the form."""
    mine = list(Applicant.objects.filter(user_id=request.user.pk or 0)
                .select_related("area", "recruitment", "election"))
    open_recs = Recruitment.objects.filter(status=RecruitmentStatus.REGISTRATION).select_related("region", "election")
    rec = open_recs.filter(pk=request.GET.get("rekrutmen") or 0).first()
    form = None
    if rec is not None and not [m for m in mine if m.status != ApplicantStatus.WITHDRAWN]:
        form = forms.ApplicantForm(request.POST or None, request.FILES or None, areas=rec.areas.all(), officer=False)
        if request.method == "POST" and form.is_valid():
            try:
                actions.do_register_with_documents(rec, form.applicant_data(), attached_documents(request),
                                                   actor=request.user, portal=True)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Pendaftaran Anda diterima."))
                return redirect("adhoc:portal")
    explained = [(m, *queries.explained(m), forms.ProfileForm(initial={
        "address": m.address, "phone": m.phone, "education": m.education, "sentence_years": m.sentence_years,
        "spouse_nik": m.spouse_nik})) for m in mine]
    return render(request, "adhoc/portal.html", {"mine": explained, "open_recs": open_recs, "rec": rec,
                                                 "form": form, "upload_form": forms.UploadForm()})


@login_required
@require_POST
def portal_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Applicant, pk=pk, user=request.user)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():  # no file, or a kind not in the list: said, nothing stored
        for message in messages_of(form):
            messages.error(request, message)
        return redirect("adhoc:portal")
    kind, f = form.cleaned_data["kind"], form.cleaned_data["file"]
    return act(request, "/adhoc/daftar/", lambda: actions.do_upload_document(
        a, kind, f.name or "berkas", f.read(), actor=request.user), _("Dokumen diunggah."))


@login_required
@require_POST
def portal_profile(request: AuthedRequest, pk: int) -> HttpResponse:
    """The applicant updates their own profile (address, phone, education, declarations)."""
    a = get_object_or_404(Applicant.objects.select_related("area", "recruitment"), pk=pk, user=request.user)
    form = forms.ProfileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian profil tidak sah."))
        return redirect("adhoc:portal")
    d = form.cleaned_data
    return act(request, "/adhoc/daftar/", lambda: actions.do_update_profile(
        a, actor=request.user, address=d["address"], phone=d["phone"], education=d["education"],
        sentence_years=d["sentence_years"], spouse_nik=d["spouse_nik"]), _("Profil diperbarui."))
