from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.core import files
from pemilu.core.exceptions import DomainError, ImportFailed, PermissionDeniedError, message_for_page
from pemilu.core.exports import Workbook
from pemilu.core.forms import cleaned
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.neutrality import actions, charts, findings, forms, intake, outreach, queries, rules
from pemilu.neutrality.models import Case, CaseStatus, Evidence, Pledge, SocialisationEvent
from pemilu.neutrality.throttle import rate_limited

# --- public pages --------------------------------------------------------------------------

def public_report(request: HttpRequest) -> HttpResponse:
    posted = request.POST.dict() if request.method == "POST" else {}
    initial = {"election": current(request)} if Election.objects.exists() else {}
    form = forms.ReportForm(initial={**initial, **posted})  # lays the fields out; ReportIn reads the post
    error = ""
    if request.method == "POST":
        if rate_limited(request, "intake"):
            return render(request, "neutrality/public_report.html", {
                "form": form, "error": _("Terlalu banyak laporan dari alamat ini; coba lagi dalam satu jam.")},
                status=429)
        files = [(f.name or "berkas", f.read()) for f in request.FILES.getlist("evidence")]
        try:
            result = actions.submit_report(intake.read(intake.ReportIn, posted, form), files)
        except DomainError as exc:
            error = exc.message
        else:
            return render(request, "neutrality/public_done.html", {"result": result})
    status = 400 if request.method == "POST" else 200
    return render(request, "neutrality/public_report.html", {"form": form, "error": error}, status=status)


def track(request: HttpRequest) -> HttpResponse:
    report = None
    searched = False
    if request.method == "POST":
        if rate_limited(request, "track"):
            return render(request, "neutrality/track.html", {"error": _("Terlalu banyak percobaan; coba lagi "
                                                                         "dalam satu jam.")}, status=429)
        searched = True
        form = forms.TrackForm(request.POST)
        report = actions.find_by_tracking_code(form.cleaned_data["code"]) if form.is_valid() else None
    return render(request, "neutrality/track.html", {"report": report, "searched": searched})


# --- staff pages ---------------------------------------------------------------------------

@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    ensure_holds(request.user, "neutrality.handle", "neutrality.kpu_cases")
    election = current(request)
    status = request.GET.get("status", "")
    rows = queries.case_rows(request.user, election, status=status)
    overdue = sum(1 for r in queries.case_rows(request.user, election, status="overdue"))
    return render(request, "neutrality/dashboard.html", {
        "election": election, "rows": rows, "status": status, "statuses": CaseStatus.choices, "overdue": overdue})


def _case(request: HttpRequest, pk: int) -> Case:
    """404 outside the user's regions; 403 inside them without a handling role (PPK/PPS, pemantau,
    and a KPU office for a case that does not concern its people)."""
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("region", "election", "suspect"),
                             pk=pk)
    queries.ensure_can_read(request.user, case)
    return case


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    handles = can(request.user, "neutrality.handle", case)
    config = actions.rules_for(case.election)
    employment, role = case.suspect_employment, case.suspect_role
    return render(request, "neutrality/case_detail.html", {
        "case": case,
        "reports": case.reports.prefetch_related("evidence"),
        "due": actions.deadline_of(case, config),
        "today": actions.today_for(case.election, case.region_id),
        "report_deadline": rules.report_deadline(case.known_on, config),
        "late": rules.is_late(case.known_on, case.received_on, config),
        "config": config,
        "forms": {"register": forms.NoteForm(), "reject": forms.RejectForm(), "examine": forms.NoteForm(),
                  "extend": forms.ExtendForm(), "decide": forms.DecideForm(),
                  "refer": forms.ReferForm(employment=employment, role=role),
                  "outcome": forms.OutcomeForm(employment=employment, initial={"breach": case.breach}),
                  "suspect": forms.SuspectForm(initial={"employment": employment, "role": role})},
        "sanction_rules": queries.sanction_rules(case),
        "routes": [(r.destination.label, r.citation)
                   for r in rules.referral_routes(employment, role)],
        "can_audit": can(request.user, "audit.view", case.region_id),
        "handles": handles,
    })


@login_required
@require_POST
def case_action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    case = _case(request, pk)
    ensure_can(request.user, "neutrality.handle", case)  # KPU reads some cases; only Bawaslu acts
    try:
        p = cleaned(forms.CaseActionForm(request.POST))
        note = p["note"]
        if verb == "register":
            actions.do_register_case(case, actor=request.user, note=note)
        elif verb == "reject":
            actions.do_reject_case(case, p["reason"], actor=request.user, note=note)
        elif verb == "examine":
            actions.do_examine_case(case, actor=request.user, note=note)
        elif verb == "extend":
            actions.do_extend_case(case, actor=request.user, reason=p["reason"])
        elif verb == "decide":
            actions.do_decide_case(case, p["decision"], actor=request.user, note=note,
                                   breach=p["breach"])
        elif verb == "suspect":
            actions.do_set_suspect(case, actor=request.user, employment=p["employment"],
                                   role=p["role"], note=note)
        elif verb == "refer":
            actions.do_refer_case(case, p["referred_to"], actor=request.user, note=note)
        elif verb == "outcome":
            actions.do_record_outcome(case, actor=request.user, sanction_level=p["sanction_level"],
                                      sanction_type=p["sanction_type"], note=note,
                                      track=p["track"] or "disiplin", breach=p["breach"])
        else:
            raise Http404
    except (PermissionDeniedError, Http404):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tersimpan."))
    return redirect("neutrality:case", pk=case.pk)


@login_required
def finding(request: AuthedRequest) -> HttpResponse:
    """Set a temuan (Bawaslu's own finding) in a region the user handles."""
    ensure_holds(request.user, "neutrality.handle")
    election = current(request)
    posted = request.POST.dict() if request.method == "POST" else {}
    form = forms.FindingForm(user=request.user, initial=posted)  # lays the fields out; FindingIn reads the post
    if request.method == "POST":
        files = [(f.name or "berkas", f.read()) for f in request.FILES.getlist("evidence")]
        try:
            data = intake.read(intake.FindingIn, {**posted, "election": election.code}, form)
            case = findings.do_record_finding(data, actor=request.user, evidence=files)
        except DomainError as exc:
            messages.error(request, message_for_page(exc))
        else:
            messages.success(request, _("Temuan {number} ditetapkan.").format(number=case.number))
            return redirect("neutrality:case", pk=case.pk)
    config = actions.rules_for(election)
    status = 400 if request.method == "POST" else 200
    return render(request, "neutrality/finding.html", {"form": form, "election": election, "config": config},
                  status=status)


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    # Served byte for byte, as an attachment (never rendered inline from our origin).
    item = Evidence.objects.filter(pk=evidence_pk, report__case_id=pk).select_related("report__case").first()
    return files.serve(request.user, item, action="neutrality.handle")


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    ensure_holds(request.user, "neutrality.stats")
    election = current(request)
    by_region, by_agency, total = queries.statistics(request.user, election)
    chart = charts.grouped_bars(
        [r.label for r in by_region],
        [(_("Laporan"), [r.reports for r in by_region]), (_("Terbukti"), [r.proven for r in by_region]),
         (_("Diteruskan"), [r.referred for r in by_region]), (_("Sanksi"), [r.sanctions for r in by_region])],
        title=_("Laporan per wilayah"))
    return render(request, "neutrality/statistics.html", {
        "election": election, "by_region": by_region, "by_agency": by_agency, "total": total, "chart": chart})


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    ensure_holds(request.user, "neutrality.stats")
    election = current(request)
    by_region, by_agency, total = queries.statistics(request.user, election)
    book = Workbook()
    head = [_("Kode/instansi"), _("Nama"), _("Laporan"), _("Kasus"), _("Terbukti"), _("Diteruskan"), _("Sanksi"),
            _("Median hari penanganan")]
    for title, rows in ((_("Per wilayah"), by_region), (_("Per instansi"), by_agency)):
        ws = book.sheet(title)
        ws.append(head)
        for r in [*rows, total]:
            ws.append([r.key or _("Total"), r.label, r.reports, r.cases, r.proven, r.referred, r.sanctions,
                       r.median_days])
    response = HttpResponse(book.to_bytes(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="netralitas-{election.code}.xlsx"'
    return response


@login_required
def pledges(request: AuthedRequest) -> HttpResponse:
    ensure_holds(request.user, "neutrality.pledge_view")
    election = current(request)
    region = request.GET.get("wilayah", "")
    if request.method == "POST":
        form = forms.PledgeForm(request.POST)
        if form.is_valid():
            employee = get_object_or_404(queries.for_action(AsnEmployee.objects.all(), request.user,
                                                            "neutrality.pledge_view"),
                                         nip=normalise_nip(form.cleaned_data["nip"]))
            upload = request.FILES.get("document")
            document = (upload.name or "ikrar", upload.read()) if upload else None
            try:
                outreach.do_record_pledge(election, employee, form.cleaned_data["signed_on"], actor=request.user,
                                         document=document)
            except PermissionDeniedError:
                raise
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Ikrar {name} tercatat.").format(name=employee.name))
                return redirect(f"{request.path}?pemilu={election.code}&wilayah={region}")
    coverage, missing = queries.pledge_coverage(request.user, election, region)
    return render(request, "neutrality/pledges.html", {
        "election": election, "coverage": coverage, "missing": missing, "wilayah": region,
        "form": forms.PledgeForm(), "signed": queries.pledges(request.user, election).select_related("employee")
        .order_by("-signed_on")[:50]})


@login_required
def pledge_document(request: HttpRequest, pk: int) -> FileResponse:
    pledge = get_object_or_404(Pledge.objects.visible_to(request.user), pk=pk)
    return files.serve_file(request.user, pledge.document, owner=pledge, action="neutrality.pledge_view")


@login_required
def events(request: AuthedRequest) -> HttpResponse:
    ensure_holds(request.user, "neutrality.event_view")
    election = current(request)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            event = outreach.do_create_event(outreach.EventData(
                election=election, region_code=d["region"], held_on=d["held_on"], place=d["place"],
                organiser=d["organiser"], audience=d["audience"], materials=d["materials"]), actor=request.user)
        except DomainError as exc:
            if isinstance(exc, PermissionDeniedError):
                raise
            messages.error(request, exc.message)
        else:
            return redirect("neutrality:event", pk=event.pk)
    return render(request, "neutrality/events.html", {
        "election": election, "events": queries.events(request.user, election),
        "summary": queries.event_summary(request.user, election), "form": form})


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(SocialisationEvent.objects.visible_to(request.user).select_related("region"), pk=pk)
    ensure_can(request.user, "neutrality.event_view", event)
    errors: ImportFailed | None = None
    upload = request.FILES.get("attendance")
    if request.method == "POST":
        ensure_can(request.user, "neutrality.event", event)
        if upload is not None:
            try:
                n = outreach.import_attendance(event, upload.read(), actor=request.user, filename=upload.name or "")
            except ImportFailed as exc:
                errors = exc
            else:
                messages.success(request, _("{n} peserta diimpor.").format(n=n))
                return redirect("neutrality:event", pk=event.pk)
    return render(request, "neutrality/event_detail.html", {
        "event": event, "attendees": event.attendees.select_related("employee"), "errors": errors,
        "can_edit": can(request.user, "neutrality.event", event)})


