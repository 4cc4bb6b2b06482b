from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import acting_codes, can, ensure_can, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.asn.queries import readable
from pemilu.core import files
from pemilu.core.exceptions import DomainError, ImportFailed, NotFoundError, PermissionDeniedError
from pemilu.core.forms import cleaned
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.secretariats import access as staff_access
from pemilu.secretariats import actions, exports, forms, importer, queries, rules
from pemilu.secretariats.models import (
    Assignment,
    CandidateStatus,
    Document,
    DocumentKind,
    Secretariat,
)
from pemilu.secretariats.rules import BodyKind, EndReason, PositionKind


def _secretariat(request: HttpRequest, pk: int, action: str = "secretariats.view") -> Secretariat:
    """404 outside the user's regions (or for a KPPS/no-role user); 403 in scope without the role."""
    sec = get_object_or_404(Secretariat.objects.visible_to(request.user).select_related("region", "election"), pk=pk)
    ensure_can(request.user, action, sec)
    return sec


def _gap_context(request: HttpRequest) -> dict[str, object]:
    election = current(request)
    qs = queries.visible(request.user, election)
    wilayah = request.GET.get("wilayah", "").strip()
    body = request.GET.get("badan", "")
    if wilayah:
        qs = qs.in_region(wilayah)
    if body in BodyKind.values:
        qs = qs.filter(body_kind=body)
    rows = queries.gap_rows(qs)
    return {"election": election, "rows": rows, "total": queries.totals(rows), "wilayah": wilayah, "badan": body}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    codes = ensure_holds(request.user, "secretariats.view")
    context = _gap_context(request)
    manage = acting_codes(request.user, "secretariats.manage")
    kabs = Region.objects.filter(level=2).order_by("code")
    if "" not in manage:
        kabs = kabs.filter(code__in=[c[:5] for c in manage if len(c) >= 5])
    context.update({"kabs": kabs if manage else [], "can_manage": bool(manage), "codes": codes,
                    "kinds": BodyKind.choices})
    template = "secretariats/_gap_table.html" if request.htmx else "secretariats/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def gaps_xlsx(request: HttpRequest) -> HttpResponse:
    ensure_holds(request.user, "secretariats.view")
    context = _gap_context(request)
    election: Election = context["election"]  # type: ignore[assignment]
    response = HttpResponse(exports.gaps_xlsx(context["rows"]),  # type: ignore[arg-type]
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="kekurangan-staf-sekretariat-{election.code}.xlsx"'
    return response


@login_required
@require_POST
def form_secretariats(request: AuthedRequest) -> HttpResponse:
    election = current(request)
    kab_code = cleaned(forms.KabForm(request.POST))["kab"]
    kab = Region.objects.filter(code=kab_code, level=2).first()
    if kab is None:
        raise NotFoundError(_("Tidak ditemukan."))
    ensure_can(request.user, "secretariats.manage", kab)
    result = actions.do_form_secretariats(election, kab_code, actor=request.user)
    messages.success(request, _("{kab}: {n} sekretariat dibentuk, {e} sudah ada.").format(
        kab=kab.name, n=result.created, e=result.existing))
    return redirect(f"/sekretariat/?pemilu={election.code}&wilayah={kab_code}")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    sec = _secretariat(request, pk)
    manage = can(request.user, "secretariats.manage", sec)
    active = {a.position_id: a for a in Assignment.objects.active().filter(secretariat=sec)
              .select_related("employee__region", "keputusan", "penetapan", "pakta_document")}
    candidates = list(sec.candidates.select_related("employee__region").order_by("status", "kind", "pk"))
    open_candidates = [c for c in candidates if c.status == CandidateStatus.PROPOSED]
    checks = {c.pk: actions.checks_for(sec, c.employee) for c in open_candidates}
    people = [a.employee for a in active.values()] + [c.employee for c in candidates]
    history = (Assignment.objects.filter(secretariat=sec, ended_on__isnull=False)
               .select_related("employee", "position").order_by("-ended_on"))
    pledges = queries.pledges_of(sec.election, people)
    positions = [(p, a, pledges.get(a.employee_id) if a else None)
                 for p in sec.positions.order_by("order") for a in [active.get(p.pk)]]
    comp = actions.composition_for(sec.election, sec.body_kind)
    oath = queries.pps_oath_date(sec)
    return render(request, "secretariats/detail.html", {
        "oath": oath, "window": rules.formation_window(oath, comp.window_days),
        "sec": sec, "manage": manage, "positions": positions, "candidates": candidates,
        "open_candidates": [(c, checks[c.pk]) for c in open_candidates], "history": history,
        "closed_candidates": [c for c in candidates if c.status != CandidateStatus.PROPOSED],
        "composition": comp,
        "people": queries.register_search(request.user, sec, "") if manage else [],
        "decisions": sec.decisions.order_by("date", "pk"), "documents": sec.documents.all(),
        "kinds": PositionKind.choices, "end_reasons": EndReason.choices, "document_kinds": DocumentKind.choices,
        "vacant": len([1 for _p, a, _pl in positions if a is None]),
        "unforwarded": sec.body_kind == BodyKind.PPS and any(c.forwarded_on is None for c in open_candidates),
        "pending_penetapan": any(a.penetapan_id is None for a in active.values()),
        "can_pledges": can(request.user, "neutrality.pledge_view", sec),
        "can_audit": can(request.user, "audit.view", sec.region_id),
        "show_nip": manage,
    })


@login_required
def register_search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: register rows matching the text, for the proposal form."""
    sec = _secretariat(request, pk, "secretariats.manage")
    people = queries.register_search(request.user, sec, request.GET.get("q", "").strip())
    return render(request, "secretariats/_register_options.html", {"people": people, "sec": sec})


@login_required
@require_POST
def action(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    sec = _secretariat(request, pk, "secretariats.manage")
    if verb == "kode-aktivasi":  # the staff's activation slips: new codes, shown once (issue 20 item 2)
        url = request.build_absolute_uri("/akun/aktivasi/")
        slips = staff_access.do_issue_activation_slips(sec, actor=request.user, activate_url=url)
        response = render(request, "accounts/activation_slips.html", {"subject": sec, "slips": slips, "url": url})
        response["Cache-Control"] = "no-store"
        return response
    form_class = forms.FORMS.get(verb)
    if form_class is None:
        raise Http404
    decision: Any = None
    try:
        p = cleaned(form_class(request.POST, request.FILES))
        if verb == "office":
            actions.do_update_office(sec, actor=request.user, office_name=p["office_name"], address=p["address"],
                                     phone=p["phone"], email=p["email"])
        elif verb == "propose":
            employee = readable(request.user).filter(pk=p["employee"]).first() if p["employee"] else None
            if employee is None:
                raise DomainError(_("Pilih pegawai dari register ASN."))
            actions.do_propose(sec, p["kind"], employee, actor=request.user, proposed_on=p["proposed_on"],
                               letter_number=p["letter_number"])
        elif verb == "withdraw":
            candidate = get_object_or_404(sec.candidates, pk=p["candidate"] or 0)
            actions.do_withdraw(candidate, actor=request.user, reason=p["reason"])
        elif verb == "forward":
            actions.do_forward(sec, actor=request.user, on=p["on"])
        elif verb == "pick":
            decision = actions.do_pick(sec, p["candidate"], actor=request.user, number=p["number"], date=p["date"],
                                       issued_by=p["issued_by"])
        elif verb == "penetapan":
            decision = actions.do_set_penetapan(sec, actor=request.user, number=p["number"], date=p["date"])
        elif verb == "upload":
            upload = p["file"]
            if upload is None:
                raise DomainError(_("Pilih berkas."))
            actions.do_upload_document(sec, p["kind"], (upload.name or "dokumen", upload.read()), actor=request.user)
        else:
            assignment = get_object_or_404(Assignment.objects.filter(secretariat=sec), pk=p["assignment"] or 0)
            if verb == "pakta":
                upload = p["file"]
                actions.do_record_pakta(assignment, actor=request.user, signed_on=p["signed_on"],
                                        document=(upload.name or "pakta", upload.read()) if upload else None)
            else:
                actions.do_remove(assignment, actor=request.user, reason=p["reason"], on=p["on"], note=p["note"])
    except (PermissionDeniedError, NotFoundError, Http404):
        raise
    except DomainError as exc:
        # Refused input answers 400 with the page and the message naming the field (issue 17):
        # a redirect would report a refusal as a success to scripts and proxies.
        messages.error(request, exc.message)
        response = detail(request, sec.pk)
        response.status_code = 400
        return response
    messages.success(request, _("Tersimpan."))
    if decision is not None and decision.window_warning:
        messages.warning(request, _("Peringatan: {reason}").format(reason=decision.window_warning))
    return redirect("secretariats:detail", pk=sec.pk)


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    sec = _secretariat(request, pk)
    response = HttpResponse(exports.letter_pdf(sec), content_type="application/pdf")
    name = f"penetapan-sekretariat-{sec.body_kind}-{sec.region_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def document(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    doc = Document.objects.filter(pk=doc_pk, secretariat_id=pk).select_related("secretariat").first()
    return files.serve(request.user, doc, action="secretariats.manage")


@login_required
def import_view(request: AuthedRequest) -> HttpResponse:
    ensure_holds(request.user, "secretariats.manage")
    election = current(request)
    errors: ImportFailed | None = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Pilih berkas."))
        else:
            try:
                result = importer.import_assignments(election, upload.read(), actor=request.user,
                                                    filename=upload.name or "")
            except ImportFailed as exc:
                errors = exc
            except PermissionDeniedError:
                raise
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("{n} penugasan diimpor ({d} keputusan).").format(
                    n=result.assigned, d=result.decisions))
                return redirect(f"/sekretariat/?pemilu={election.code}")
    return render(request, "secretariats/import.html", {"election": election, "errors": errors,
                                                        "columns": importer.COLUMNS},
                  status=400 if errors else 200)
