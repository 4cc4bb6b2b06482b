"""Candidacy pages (issue 23 item 8): the KPU's lists with their rule status and the verification
desk (a list's page with its actions), the liaison officer's submission/correction form, and the
public DCS/DCT per dapil with the response form. Thin: reads from ``queries``, writes by ``do_*``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.models import User
from pemilu.accounts.permissions import acting_codes, can, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import actions, ballot, checks, documents, queries, responses, rules
from pemilu.candidacy.forms import (
    CandidateRowForm,
    ListActionForm,
    ListChoiceForm,
    PublicResponseForm,
    ResponseTextForm,
)
from pemilu.candidacy.models import (
    DISTRICT_LEVEL,
    CandidateList,
    LiaisonOfficer,
    ListStatus,
    Office,
    PublicResponse,
)
from pemilu.core import clock, ratelimit
from pemilu.core.exceptions import DomainError, ImportFailed, RowError, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import covers
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.results.models import Dapil, Party

ROWS = actions.MAX_CANDIDATES


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """Every list in the user's scope with its status and the list rules of today (the full DCT
    check, NIK across lists included, is on the list's page)."""
    ensure_holds(request.user, "candidacy.view")
    election = current(request)
    lists = list(queries.with_counts(queries.lists_visible_to(request.user).filter(election=election))
                 .prefetch_related("candidates").order_by("level", "dapil__code", "party__ballot_no"))
    chosen = rules.select_rules(rules.load_rules(), clock.today())
    rows = [(lst, rules.check_list(checks.party_list(lst, sorted(lst.candidates.all(), key=lambda c: c.number)),
                                   chosen)) for lst in lists]
    return render(request, "candidacy/index.html", {
        "election": election, "rows": rows, "to_verify": [r for r in rows if r[0].status == ListStatus.BCS],
        "can_submit": can(request.user, "candidacy.submit", "") or _posts(request.user).exists(),
        "can_ballot": bool(acting_codes(request.user, "candidacy.ballot")),
        "is_desk": bool(acting_codes(request.user, "candidacy.verify"))})


def _posts(user: User) -> QuerySet[LiaisonOfficer]:
    return LiaisonOfficer.objects.filter(user_id=user.pk, revoked_at__isnull=True).select_related("party")


def _list(request: AuthedRequest, pk: int) -> CandidateList:
    return get_object_or_404(queries.with_counts(queries.lists_visible_to(request.user)), pk=pk)


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One list: its candidates, its rule status today (blockers and warnings) and its responses;
    the KPU's steps (the verification desk) and the party's correction and replies."""
    lst = _list(request, pk)
    user = request.user
    is_liaison = actions.liaison_of(user, lst.party, lst.scope_code) is not None
    return render(request, "candidacy/detail.html", {
        "lst": lst, "candidates": lst.candidates.order_by("number"), "status": queries.rule_status(lst),
        "responses": queries.responses_of(lst).select_related("candidate"), "today": clock.today(),
        "can_verify": lst.status == ListStatus.BCS and can(user, "candidacy.verify", lst),
        "can_announce": lst.status == ListStatus.VERIFIED and can(user, "candidacy.announce", lst),
        "can_set_dct": lst.status == ListStatus.DCS and can(user, "candidacy.set_dct", lst),
        "can_resolve": can(user, "candidacy.responses", lst),
        "can_correct": is_liaison and lst.status in (ListStatus.BCS, ListStatus.CORRECTION),
        "can_reply": is_liaison and can(user, "candidacy.reply", lst)})


@login_required
@require_POST
def list_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    lst = _list(request, pk)
    user = request.user
    try:
        asked = cleaned(ListActionForm(request.POST))
        if verb in ("verify", "return"):
            actions.do_verify_documents(lst, actor=user, verified=verb == "verify", note=asked["note"],
                                        correction_due=asked["correction_due"])
            done = _("Dokumen terverifikasi.") if verb == "verify" else _("Daftar dikembalikan untuk perbaikan.")
        elif verb == "announce":
            actions.do_announce_dcs(lst, actor=user)
            done = _("DCS diumumkan.")
        elif verb == "dct":
            actions.do_set_dct(lst, actor=user, decree_no=asked["decree_no"], decree_date=asked["decree_date"])
            done = _("DCT ditetapkan; surat suara dapil ini diperbarui.")
        else:
            return HttpResponse(status=404)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    else:
        messages.success(request, done)
    return redirect("candidacy:detail", pk=lst.pk)


@login_required
@require_POST
def response_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    visible = queries.lists_visible_to(request.user)
    r = get_object_or_404(PublicResponse.objects.select_related("candidate_list"), pk=pk, candidate_list__in=visible)
    try:
        text = cleaned(ResponseTextForm(request.POST))["text"]
        if verb == "reply":
            responses.do_reply_response(r, actor=request.user, reply=text)
        elif verb in ("uphold", "dismiss"):
            responses.do_resolve_response(r, actor=request.user, upheld=verb == "uphold", reason=text)
        else:
            return HttpResponse(status=404)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    else:
        messages.success(request, _("Tersimpan."))
    return redirect("candidacy:detail", pk=r.candidate_list_id)


def _submission_choices(user: User, election: Election) -> tuple[list[Party], list[Dapil]]:
    posts = list(_posts(user).filter(party__election=election))
    if getattr(user, "is_superuser", False):
        return list(Party.objects.filter(election=election)), list(Dapil.objects.filter(
            election=election, district__in=list(DISTRICT_LEVEL)))
    parties = sorted({p.party for p in posts}, key=lambda p: p.ballot_no)
    dapils = [d for d in Dapil.objects.filter(election=election, district__in=list(DISTRICT_LEVEL))
              if any(covers(p.scope_code, actions.list_scope(d)) for p in posts)]
    return parties, dapils


def _rows_from(post: QueryDict) -> list[actions.CandidateIn]:
    """The typed rows of the list form (``c<n>-<field>``), blank rows left out; every bad value of
    every row named (``ImportFailed``) before anything is written."""
    out: list[actions.CandidateIn] = []
    errors: list[RowError] = []
    for i in range(1, ROWS + 1):
        row = CandidateRowForm(post, prefix=f"c{i}")
        if not str(row["name"].value() or "").strip() and not str(row["nik"].value() or "").strip():
            continue
        if not row.is_valid():
            errors += [RowError(i, str(m), str(row.fields[name].label)) for name, ms in row.errors.items() for m in ms]
            continue
        d = row.cleaned_data
        if d["birth_date"] is None:
            errors.append(RowError(i, _("tanggal lahir wajib diisi"), "tanggal_lahir"))
            continue
        out.append(actions.CandidateIn(
            number=i, name=d["name"], sex=d["sex"], nik=d["nik"], birth_date=d["birth_date"], domicile=d["domicile"],
            office=d["office"], resignation_decree_no=d["decree_no"], resignation_decree_date=d["decree_date"]))
    if errors:
        raise ImportFailed(errors)
    return out


@login_required
def submit(request: AuthedRequest) -> HttpResponse:
    """The liaison officer's form: the party's list for a dapil, or its correction when returned."""
    ensure_holds(request.user, "candidacy.submit")
    election = current(request)
    parties, dapils = _submission_choices(request.user, election)
    errors: list[Any] = []
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        chosen = ListChoiceForm(request.POST)
        chosen.is_valid()  # both optional text: always valid
        party = next((p for p in parties if str(p.pk) == chosen.cleaned_data["party"]), None)
        dapil = next((d for d in dapils if str(d.pk) == chosen.cleaned_data["dapil"]), None)
        try:
            if party is None or dapil is None:
                raise DomainError(_("Pilih partai dan dapil."))
            lst = actions.do_submit_list(party, dapil, _rows_from(request.POST), actor=request.user)
        except ImportFailed as exc:
            errors = exc.errors
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("Daftar calon diajukan."))
            return redirect("candidacy:detail", pk=lst.pk)
    else:
        values = _prefill(request, parties, dapils)
    rows = [{"n": i, **{f: values.get(f"c{i}-{f}", "") for f in (
        "name", "sex", "nik", "birth_date", "domicile", "office", "decree_no", "decree_date")}}
        for i in range(1, ROWS + 1)]
    return render(request, "candidacy/submit.html", {
        "election": election, "parties": parties, "dapils": dapils, "rows": rows, "errors": errors,
        "values": values, "offices": Office.choices}, status=400 if request.method == "POST" else 200)


def _prefill(request: AuthedRequest, parties: list[Party], dapils: list[Dapil]) -> dict[str, str]:
    """A returned list's current rows (its NIKs are not shown again: the party types them anew)."""
    values = {"party": request.GET.get("party", ""), "dapil": request.GET.get("dapil", "")}
    lst = CandidateList.objects.filter(party__in=parties, dapil__in=dapils, party_id=values["party"] or 0,
                                       dapil_id=values["dapil"] or 0).first()
    if lst is not None:
        for c in lst.candidates.order_by("number"):
            values.update({f"c{c.number}-name": c.name, f"c{c.number}-sex": c.sex,
                           f"c{c.number}-birth_date": c.birth_date.isoformat(), f"c{c.number}-domicile": c.domicile,
                           f"c{c.number}-office": c.office, f"c{c.number}-decree_no": c.resignation_decree_no})
    return values


def public_home(request: HttpRequest) -> HttpResponse:
    """Public: the dapil with announced or final lists."""
    election = current(request)
    dapils = (Dapil.objects.filter(election=election, candidate_lists__status__in=queries.PUBLIC_STATUSES)
              .distinct().order_by("district", "code"))
    return render(request, "candidacy/public_home.html", {"election": election, "dapils": dapils})


def public_dapil(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a dapil's DCS/DCT, party by party, with the response form on each DCS."""
    dapil = get_object_or_404(Dapil, pk=pk)
    lists = (queries.public_lists().filter(dapil=dapil).prefetch_related("candidates", *documents.public_prefetch())
             .order_by("party__ballot_no"))
    return render(request, "candidacy/public_dapil.html", {
        "dapil": dapil, "level": DISTRICT_LEVEL.get(dapil.district, ""), "lists": lists,
        "has_dcs": any(lst.status == ListStatus.DCS for lst in lists),
        "ballot_ready": dapil.district in DISTRICT_LEVEL and not ballot.specimen_blockers(dapil)})


@require_POST
def public_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a response on a DCS candidate, with identity and evidence (rate-limited per address)."""
    lst = get_object_or_404(queries.public_lists(), pk=pk)
    if ratelimit.hit(request, "candidacy:response", 10):
        messages.error(request, _("Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam."))
        return redirect("candidacy:public_dapil", pk=lst.dapil_id)
    try:
        asked = cleaned(PublicResponseForm(request.POST))
        files = [responses.EVIDENCE.check(f.name or "bukti", f.read()) for f in request.FILES.getlist("evidence")]
        response = responses.do_record_response(
            lst, candidate_number=asked["candidate"], respondent_name=asked["name"], respondent_nik=asked["nik"],
            respondent_contact=asked["contact"], content=asked["content"], evidence=files)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
    else:
        messages.success(request, _("Tanggapan diterima dan diteruskan ke partai; jawaban paling lambat {due}.").format(
            due=response.reply_due.strftime("%d-%m-%Y") if response.reply_due else "-"))
    return redirect("candidacy:public_dapil", pk=lst.dapil_id)
