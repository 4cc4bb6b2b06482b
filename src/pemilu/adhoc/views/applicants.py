"""The office's pages of applicants: paper registration, imports, bulk and single verification,
an applicant's page and documents."""


from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, forms, queries, rules
from pemilu.adhoc.models import (
    ApplicantDocument,
    Recruitment,
)
from pemilu.adhoc.views.base import (
    act,
    attached_documents,
    require_role,
    scoped_applicant,
    scoped_recruitment,
)
from pemilu.core import files
from pemilu.core.confirm import confirm_page
from pemilu.core.exceptions import DomainError, ImportFailed, message_for_page
from pemilu.core.forms import cleaned, messages_of


@login_required
def register(request: AuthedRequest, pk: int) -> HttpResponse:
    """Officer entry of a paper registration (with scanned documents)."""
    rec, mine = scoped_recruitment(request, pk)
    allowed = actions.registrable_codes(request.user, rec)
    if allowed is not None:
        if not allowed:
            require_role(request, "adhoc.register", rec)
        mine = mine.filter(code__in=allowed)  # a PPS member: the TPS of their kelurahan (KPPS)
    form = forms.ApplicantForm(request.POST or None, request.FILES or None, areas=mine)
    if allowed is not None and form.is_bound:
        code = form["area"].value()  # an area outside the member's kelurahan is not theirs to see: 404
        if code and not mine.filter(code=code).exists():
            raise Http404
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                a = actions.do_register_with_documents(rec, form.applicant_data(), attached_documents(request),
                                                       actor=request.user)
            except DomainError as exc:
                form.add_error(None, message_for_page(exc))
                status = 400
            else:
                messages.success(request, _("{name} terdaftar di {area}.").format(name=a.name, area=a.area.name))
                return redirect("adhoc:applicant", pk=a.pk)
        else:
            status = 400
    return render(request, "adhoc/register.html", {"rec": rec, "form": form}, status=status)


@login_required
@require_POST
def import_file(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    rec, _mine = scoped_recruitment(request, pk)
    if what not in ("pelamar", "nilai-tertulis", "nilai-wawancara"):
        raise Http404
    if what != "pelamar":
        require_role(request, "adhoc.manage", rec)
    elif actions.registrable_codes(request.user, rec) == set():
        require_role(request, "adhoc.register", rec)
    upload = request.FILES.get("file")
    back = f"/adhoc/{rec.pk}/"
    if upload is None:
        messages.error(request, _("Pilih berkas terlebih dahulu."))
        return redirect(back)
    raw, name = upload.read(), upload.name or ""
    try:
        if what == "pelamar":
            n = actions.do_import_applicants(rec, raw, actor=request.user, filename=name)
        else:
            which = rules.ScoreKind.WRITTEN if what == "nilai-tertulis" else rules.ScoreKind.INTERVIEW
            n = actions.do_import_scores(rec, raw, actor=request.user, which=which, filename=name)
    except ImportFailed as exc:
        return render(request, "adhoc/import_failed.html", {"rec": rec, "exc": exc, "name": name}, status=400)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
        return redirect(back)
    messages.success(request, _("{n} baris diimpor dari {name}.").format(n=n, name=name))
    return redirect(back)


@login_required
def bulk_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """GET: the confirm page, with how many applicants the action touches; POST: the action."""
    rec, _mine = scoped_recruitment(request, pk)
    require_role(request, "adhoc.manage", rec)
    if verb not in ("periksa-syarat", "verifikasi-ms"):
        raise Http404
    if request.method != "POST":
        return _confirm_bulk(request, rec, verb)
    if verb == "periksa-syarat":
        return act(request, f"/adhoc/{rec.pk}/", lambda: actions.do_evaluate(rec, actor=request.user),
                    _("Syarat semua pelamar diperiksa ulang."))
    if verb == "verifikasi-ms":
        return act(request, f"/adhoc/{rec.pk}/", lambda: actions.do_verify_eligible(rec, actor=request.user),
                    _("Pelamar yang memenuhi semua syarat ditandai MS."))
    raise Http404


def _confirm_bulk(request: HttpRequest, rec: Recruitment, verb: str) -> HttpResponse:
    back = reverse("adhoc:recruitment", args=[rec.pk])
    if verb == "periksa-syarat":
        n = queries.active(rec).count()
        return confirm_page(
            request, title=_("Periksa ulang syarat semua pelamar"), back=back,
            message=_("Syarat {n} pelamar {body} {region} diperiksa ulang menurut aturan yang berlaku sekarang."
                      ).format(n=intcomma(n), body=rec.get_body_display(), region=rec.region.name),
            button=_("Ya, periksa {n} pelamar").format(n=intcomma(n)))
    n = queries.eligible_unverified(rec).count()
    return confirm_page(
        request, title=_("Tandai MS semua yang memenuhi syarat"), back=back,
        message=_("{n} pelamar yang belum diteliti dan memenuhi semua syarat akan ditandai MS (memenuhi syarat) "
                  "sekaligus, dalam satu catatan audit.").format(n=intcomma(n)),
        note=_("Syarat diperiksa ulang saat Anda menyetujui; jumlahnya dapat berubah bila data pelamar berubah "
               "sementara itu."),
        button=_("Ya, tandai {n} pelamar MS").format(n=intcomma(n)))


@login_required
def applicant(request: HttpRequest, pk: int) -> HttpResponse:
    a = scoped_applicant(request, pk)
    summary, explained = queries.explained(a)
    manage = can(request.user, "adhoc.manage", a)
    return render(request, "adhoc/applicant.html", {
        "a": a, "rec": a.recruitment, "summary": summary, "explained": explained,
        "pii": can(request.user, "adhoc.pii", a), "manage": manage,
        "documents": a.documents.all() if can(request.user, "adhoc.pii", a) else [],
        "verify_form": forms.VerifyForm(), "upload_form": forms.UploadForm(),
        "replace_form": forms.ReplaceForm(), "reserve": queries.next_reserve(a.area),
        "history": a.replaced_by.all(),
        "comments": a.comments.all() if can(request.user, "adhoc.pii", a) else []})


@login_required
@require_POST
def applicant_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    a = scoped_applicant(request, pk)
    back = f"/adhoc/pelamar/{a.pk}/"
    user = request.user
    if verb == "verifikasi":
        ensure_can(user, "adhoc.manage", a)
        verified = forms.VerifyForm(request.POST)
        return act(request, back, lambda: actions.do_verify(a, actor=user, **cleaned(verified)),
                    _("Hasil penelitian dicatat."))
    if verb == "nilai":
        ensure_can(user, "adhoc.manage", a)
        scored = forms.ScoreEntryForm(request.POST)
        return act(request, back, lambda: actions.do_set_score(a, actor=user, **cleaned(scored)), _("Nilai dicatat."))
    if verb == "unggah":  # as do_upload_document: the PPS uploads the scans of its KPPS registrations
        ensure_can(user, "adhoc.register_kpps" if a.body in rules.FORMED_BY_PPS else "adhoc.register", a)
        upload = forms.UploadForm(request.POST, request.FILES)
        if not upload.is_valid():  # no file, or a kind not in the list: said, nothing stored
            for message in messages_of(upload):
                messages.error(request, message)
            return redirect(back)
        kind, f = upload.cleaned_data["kind"], upload.cleaned_data["file"]
        return act(request, back, lambda: actions.do_upload_document(a, kind, f.name or "berkas", f.read(), actor=user),
                   _("Dokumen diunggah."))
    if verb == "paw":
        ensure_can(user, "adhoc.manage", a)
        form = forms.ReplaceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Isian penggantian tidak lengkap."))
            return redirect(back)
        d = form.cleaned_data
        return act(request, f"/adhoc/{a.recruitment_id}/wilayah/{a.area_id}/",
                    lambda: actions.do_replace(a, actor=user, reason=d["reason"], detail=d["detail"],
                                               decided_on=d["decided_on"], sk_number=d["sk_number"]),
                    _("Penggantian antarwaktu dicatat."))
    if verb == "sehat":
        ensure_can(user, "adhoc.register", a)
        health = forms.HealthForm(request.POST)
        return act(request, back, lambda: actions.do_update_profile(a, actor=user, **cleaned(health)),
                    _("Keterangan sehat dicatat."))
    raise Http404


@login_required
def document(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    doc = ApplicantDocument.objects.filter(pk=doc_pk, applicant_id=pk).select_related("applicant").first()
    return files.serve(request.user, doc, action="adhoc.pii")
