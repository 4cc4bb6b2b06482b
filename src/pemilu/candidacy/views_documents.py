"""The documents desk (issue 23 items 3 and 4): a list's checklist candidate by candidate, with each
document's deadline, uploads and verification outcome, the CV statement and the register flags.

The list's KPU opens the checklist, decides each document (memenuhi syarat / belum / tidak, with
a note), records the CV statement and a flagged candidate's resignation decree; the party's
liaison officer sees its own list's checklist and uploads each document. Uploads leave the server
only through ``document_file`` (the list's KPU and the party's liaison officer) and, for a CV the
candidate agreed to publish on an announced list, ``public_cv``. Thin: reads from
``documents.checklist``, writes by ``do_*``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import actions, documents, queries, registers
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateDocumentFile,
    CandidateDocumentKind,
    CandidateList,
    DocumentOutcome,
)
from pemilu.core import clock, files
from pemilu.core.exceptions import PermissionDeniedError
from pemilu.core.forms import cleaned
from pemilu.core.pages import run_action

OUTCOME_CHOICES = [(o.value, o.label) for o in DocumentOutcome if o != DocumentOutcome.UNCHECKED]


def _list(request: AuthedRequest, pk: int) -> CandidateList:
    return get_object_or_404(queries.with_counts(queries.lists_visible_to(request.user)), pk=pk)


def _document(request: AuthedRequest, pk: int) -> CandidateDocument:
    return get_object_or_404(CandidateDocument.objects.select_related("candidate__candidate_list__party"),
                             pk=pk, candidate__candidate_list__in=queries.lists_visible_to(request.user))


def _candidate(request: AuthedRequest, pk: int) -> Candidate:
    return get_object_or_404(Candidate.objects.select_related("candidate_list__party"), pk=pk,
                             candidate_list__in=queries.lists_visible_to(request.user))


def may_read_files(user: User, lst: CandidateList) -> bool:
    """The uploads carry personal data: the list's KPU and the party's liaison officer only."""
    return can(user, documents.DOCUMENTS, lst) or actions.liaison_of(user, lst.party, lst.scope_code) is not None


@login_required
def checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    """A list's documents, candidate by candidate: what is due when, what was handed in, the KPU's
    decision, the CV statement and any register flag waiting for a resignation decree."""
    lst = _list(request, pk)
    user = request.user
    is_liaison = actions.liaison_of(user, lst.party, lst.scope_code) is not None
    can_check = can(user, documents.DOCUMENTS, lst)
    return render(request, "candidacy/documents.html", {
        "lst": lst, "rows": documents.checklist(lst), "today": clock.today(), "due": documents.checklist_due(lst),
        "can_check": can_check, "can_files": can_check or is_liaison, "outcomes": OUTCOME_CHOICES,
        "can_upload": is_liaison and lst.status in documents.PARTY_STATUSES,
        "resignation": CandidateDocumentKind.RESIGNATION.value})


class DeskForm(forms.Form):
    """What the desk's forms post (each verb reads its own fields; the action checks the rest)."""

    due = forms.DateField(required=False, label=_lazy("Batas waktu"))
    outcome = forms.CharField(required=False, max_length=3, label=_lazy("Hasil verifikasi"))
    note = forms.CharField(required=False, max_length=300, label=_lazy("Catatan"))
    publish = forms.ChoiceField(required=False, choices=[("", "-"), ("yes", "yes"), ("no", "no")],
                                label=_lazy("Pernyataan calon"))
    stated_on = forms.DateField(required=False, label=_lazy("Tanggal pernyataan"))
    number = forms.CharField(required=False, max_length=100, label=_lazy("Nomor"))
    decided_on = forms.DateField(required=False, label=_lazy("Tanggal"))
    file = forms.FileField(required=False, label=_lazy("Berkas"))


def _values(request: HttpRequest) -> dict[str, Any]:
    return cleaned(DeskForm(request.POST, request.FILES))


def _upload(request: HttpRequest) -> files.CheckedFile | None:
    upload = _values(request)["file"]
    return None if upload is None else documents.DOCUMENT_FILES.check(upload.name or "berkas", upload.read())


@login_required
@require_POST
def list_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """The KPU opens the checklist (``open``, with the deadline) or runs the register check (``registers``)."""
    lst = _list(request, pk)
    if verb == "open":
        run_action(request, lambda: documents.do_open_checklist(lst, due=_values(request)["due"],
                                                           actor=request.user), _("Daftar periksa dokumen dibuka."))
    elif verb == "registers":
        run_action(request, lambda: registers.do_check_resignations(candidate_list=lst, actor=request.user),
              _("Register badan ad hoc dan ASN diperiksa."))
    else:
        return HttpResponse(status=404)
    return redirect("candidacy:documents", pk=lst.pk)


@login_required
@require_POST
def document_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """The KPU's decision on a document (``outcome``) or the party's upload (``submit``)."""
    doc = _document(request, pk)
    if verb == "outcome":
        def outcome() -> None:
            v = _values(request)
            documents.do_record_document(doc, outcome=v["outcome"], note=v["note"], due=v["due"], actor=request.user)
        run_action(request, outcome, _("Hasil verifikasi dicatat."))
    elif verb == "submit":
        run_action(request, lambda: documents.do_submit_document(doc, file=_upload(request), actor=request.user),
              _("Dokumen diserahkan."))
    else:
        return HttpResponse(status=404)
    return redirect(f"{_url(doc.candidate.candidate_list_id)}#calon-{doc.candidate.number}")


def _url(list_id: int) -> str:
    from django.urls import reverse

    return reverse("candidacy:documents", args=[list_id])


@login_required
@require_POST
def candidate_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """The KPU records the candidate's CV statement (``cv``) or resignation decree (``decree``)."""
    cand = _candidate(request, pk)
    if verb == "cv":
        def cv() -> None:
            v = _values(request)
            documents.do_record_cv_consent(cand, publish={"yes": True, "no": False}.get(v["publish"]),
                                           stated_on=v["stated_on"], actor=request.user)
        run_action(request, cv, _("Pernyataan publikasi riwayat hidup dicatat."))
    elif verb == "decree":
        def decree() -> None:
            v = _values(request)
            registers.do_record_resignation_decree(cand, number=v["number"], decided_on=v["decided_on"],
                                                   file=_upload(request), actor=request.user)
        run_action(request, decree, _("Keputusan pemberhentian dicatat."))
    else:
        return HttpResponse(status=404)
    return redirect(f"{_url(cand.candidate_list_id)}#calon-{cand.number}")


@login_required
def document_file(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """An uploaded document: 404 outside the list's scope (another party's list too), 403 for a
    reader of the list without the right to its files (Bawaslu, pemantau)."""
    doc = _document(request, pk)
    item = get_object_or_404(CandidateDocumentFile, pk=file_pk, document=doc)
    lst = doc.candidate.candidate_list
    if not may_read_files(request.user, lst):
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
    return files.serve(request.user, item, action=None)


def public_cv(request: HttpRequest, pk: int) -> FileResponse:
    """Public: the CV of a candidate of an announced list (DCS/DCT) who agreed to publish it;
    404 otherwise (withheld, no statement, no CV handed in)."""
    cand = get_object_or_404(Candidate.objects.select_related("cv_consent"), pk=pk,
                             candidate_list__in=queries.public_lists())
    if not documents.cv_published(cand):
        raise Http404
    item = (CandidateDocumentFile.objects.filter(document__candidate=cand, document__kind=CandidateDocumentKind.CV)
            .order_by("-uploaded_at", "-id").first())
    return files.serve(None, item, action=None, inline=True)
