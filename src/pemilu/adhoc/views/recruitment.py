"""The office's pages of a recruitment: home (formation plan), a recruitment and its next step,
an area, registration extensions and the work period."""


from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import can, ensure_can, user_scopes
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, exports, forms, queries, rules
from pemilu.adhoc.models import (
    ELIG_LABELS,
    Applicant,
    ApplicantStatus,
    Area,
    PublicComment,
    Recruitment,
    RecruitmentStatus,
    Selection,
)
from pemilu.adhoc.views.base import (
    act,
    require_role,
    scoped_recruitment,
)
from pemilu.core.confirm import confirm_page
from pemilu.core.exceptions import DomainError, PermissionDeniedError, TransitionBlocked, message_for_page
from pemilu.core.forms import cleaned
from pemilu.core.levels import level_of
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.regions.models import Region

# --- home: plan and recruitments ---------------------------------------------------------

@login_required
def home(request: HttpRequest) -> HttpResponse:
    election = current(request)
    scopes = [s for s in user_scopes(request.user) if s.role in ("kpu_admin", "kpu_staff")]
    offices = sorted({s.code for s in scopes if level_of(s.code) == 2})
    if request.user.is_superuser and not offices:
        offices = sorted({str(c) for c in Recruitment.objects.values_list("region_id", flat=True)})
    visible_areas = Area.objects.visible_to(request.user)
    recs = (Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                       | Q(pk__in=visible_areas.values("recruitment_id")))
            .filter(election=election).select_related("region"))
    villages = queries.kpps_to_form(election, request.user)  # a PPS forms the KPPS of its kelurahan
    # … and its Pantarlih, one per TPS area (issue 22 item 1)
    pantarlih_villages = queries.kpps_to_form(election, request.user, rules.Body.PANTARLIH)
    if not recs.exists() and not offices and not villages and not pantarlih_villages:
        if Applicant.objects.filter(user_id=request.user.pk or 0).exists() or not user_scopes(request.user):
            return redirect("adhoc:portal")
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
    plans = [(code, queries.formation_plan(election, code)) for code in offices]
    existing = {(r.body, r.region_id) for r in recs}
    return render(request, "adhoc/home.html", {"election": election, "recs": recs, "plans": plans,
                                               "existing": existing, "bodies": rules.Body.choices, "villages": villages,
                                               "pantarlih_villages": pantarlih_villages})


@login_required
def create(request: AuthedRequest) -> HttpResponse:
    """GET: the confirm page, with the number of areas and seats it creates; POST: create."""
    election = current(request)
    form = forms.CreateRecruitmentForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():  # a body that does not exist, as a path that does not
        raise Http404
    body, region = form.cleaned_data["body"], form.cleaned_data["region"]
    # a PPS starts the KPPS recruitment of its own kelurahan (issue 20 item 3)
    by_pps = body in rules.FORMED_BY_PPS and level_of(region) == 4  # … and its Pantarlih (issue 22 item 1)
    ensure_can(request.user, "adhoc.form_kpps" if by_pps else "adhoc.manage", region)
    if request.method != "POST":
        return _confirm_create(request, election, body, region)
    try:
        rec = actions.do_create_recruitment(election, body, region, actor=request.user)
    except DomainError as exc:
        messages.error(request, message_for_page(exc))
        return redirect("adhoc:home")
    messages.success(request, _("Rekrutmen dibuat dengan {n} wilayah.").format(n=rec.areas.count()))
    return redirect("adhoc:recruitment", pk=rec.pk)


def _confirm_create(request: HttpRequest, election: Election, body: str, region: str) -> HttpResponse:
    plan = next(p for p in queries.formation_plan(election, region) if p.body == body)
    name = Region.objects.filter(code=region).values_list("name", flat=True).first() or region
    unit = {rules.Body.PPK: _("kecamatan"), rules.Body.PPS: _("kelurahan/desa"), rules.Body.KPPS: _("TPS"),
            rules.Body.PANTARLIH: _("TPS")}[rules.Body(body)]
    return confirm_page(
        request, title=_("Mulai rekrutmen {body} {region}").format(body=plan.label, region=name),
        message=_("Rekrutmen ini membuat {areas} wilayah pembentukan ({unit}) dengan {seats} kursi anggota "
                  "({each} per badan).").format(areas=intcomma(plan.bodies), unit=unit, seats=intcomma(plan.seats),
                                                each=plan.seats_each),
        note=_("Pendaftaran belum dibuka: wilayah baru dinilai kurang pendaftar setelah pendaftarannya dibuka."),
        button=_("Ya, buat {n} wilayah").format(n=intcomma(plan.bodies)), back=reverse("adhoc:home"),
        fields=[("body", body), ("region", region)])


@login_required
def recruitment(request: AuthedRequest, pk: int) -> HttpResponse:
    rec, mine = scoped_recruitment(request, pk)
    config = queries.body_rules(rec.election, rec.body)
    rows = queries.area_rows(rec, mine)
    manage = can(request.user, "adhoc.manage", rec)
    applicants = queries.active(rec).filter(area__in=mine)
    members = applicants.filter(outcome__selection=Selection.MEMBER, status=ApplicantStatus.ACTIVE)
    step = queries.TRANSITIONS.get(rec.status)
    target = (step[0], _(step[1])) if step else None
    return render(request, "adhoc/recruitment.html", {
        "rec": rec, "rows": rows, "config": config, "manage": manage,
        "flagged": [r for r in rows if r.state != rules.Shortfall.OK and not r.area.continue_below_minimum],
        "total": applicants.count(), "women": queries.women_share(applicants),
        "members": members.count(), "women_members": queries.women_share(members),
        "chain": [(k, _(rules.TIE_BREAKS[k])) for k in config.chain],
        "announcements": rec.announcements.all(), "next": target,
        "rules": [r for r in queries.eligibility_rules(rec.election, rec.body)],
        "import_form": forms.ImportForm(),
        "outcomes": [(ELIG_LABELS.get(k, k), n) for k, n in
                     applicants.values_list("outcome__elig_outcome").annotate(n=Count("id")).order_by("outcome__elig_outcome")],
        "work": queries.work_period(rec), "work_form": forms.WorkExtendForm(),
        "can_register": actions.registrable_codes(request.user, rec) != set(),
        "open_comments": PublicComment.objects.filter(recruitment=rec, status="new").count() if manage else 0,
    })


@login_required
def dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rec, _mine = scoped_recruitment(request, pk)
    require_role(request, "adhoc.manage", rec)
    resp = HttpResponse(exports.dashboard_xlsx(rec),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="pendaftar-{rec.body}-{rec.region_id}.xlsx"'
    return resp


@login_required
def transition(request: AuthedRequest, pk: int) -> HttpResponse:
    """The confirm page of the next step: what it does, its blockers, its form."""
    rec, _mine = scoped_recruitment(request, pk)
    require_role(request, "adhoc.manage", rec)
    step = queries.TRANSITIONS.get(rec.status)
    if step is None:
        raise Http404
    target, title = step
    form_cls: type[Any] | None = {
        RecruitmentStatus.REGISTRATION: forms.OpenForm, RecruitmentStatus.VERIFICATION: forms.CloseForm,
        RecruitmentStatus.APPOINTED: forms.AppointForm, RecruitmentStatus.INAUGURATED: forms.InaugurateForm,
    }.get(RecruitmentStatus(target))
    initial: dict[str, Any] = {}
    if target == RecruitmentStatus.REGISTRATION:
        start, end = queries.stage_window(rec.election, rules.REGISTRATION_STAGE[rules.Body(rec.body)], rec.region_id)
        initial = {"start": start, "end": end}
    form = form_cls(request.POST or None, initial=initial) if form_cls else None
    blockers = queries.blockers(rec, target)
    status = 200
    if request.method == "POST":
        if form is None or form.is_valid():
            d = form.cleaned_data if form else {}
            run: Callable[[], Any] = {
                RecruitmentStatus.REGISTRATION: lambda: actions.do_open_registration(
                    rec, actor=request.user, start=d["start"], end=d["end"]),
                RecruitmentStatus.VERIFICATION: lambda: actions.do_close_registration(
                    rec, actor=request.user, early_reason=d["early_reason"]),
                RecruitmentStatus.WRITTEN: lambda: actions.do_announce_admin(rec, actor=request.user),
                RecruitmentStatus.INTERVIEW: lambda: actions.do_announce_written(rec, actor=request.user),
                RecruitmentStatus.RANKED: lambda: actions.do_announce_final(rec, actor=request.user),
                RecruitmentStatus.APPOINTED: lambda: actions.do_appoint(
                    rec, actor=request.user, sk_number=d["sk_number"], sk_date=d["sk_date"]),
                RecruitmentStatus.INAUGURATED: lambda: actions.do_inaugurate(
                    rec, actor=request.user, on=d["on"], place=d["place"]),
            }[RecruitmentStatus(target)]
            try:
                run()
            except TransitionBlocked as exc:
                blockers, status = exc.blockers, 409
            except DomainError as exc:
                messages.error(request, message_for_page(exc))
                status = 400
            else:
                messages.success(request, _("{title}: selesai.").format(title=_(title)))
                return redirect("adhoc:recruitment", pk=rec.pk)
        else:
            status = 400
    return render(request, "adhoc/transition.html", {"rec": rec, "title": _(title), "target": target, "form": form,
                                                     "blockers": blockers}, status=status)


@login_required
def area(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    rec, mine = scoped_recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.view", a)
    row = queries.area_rows(rec, mine.filter(pk=a.pk))[0]
    applicants = queries.active(rec).filter(area=a).order_by("outcome__final_rank", "outcome__written_rank", "name")
    if rec.status in (RecruitmentStatus.REGISTRATION, RecruitmentStatus.VERIFICATION):
        applicants = applicants.order_by("registered_at", "id")
    return render(request, "adhoc/area.html", {
        "rec": rec, "area": a, "row": row, "applicants": applicants, "pii": can(request.user, "adhoc.pii", a),
        "manage": can(request.user, "adhoc.manage", a), "extend_form": forms.ExtendForm(),
        "reason_form": forms.ReasonForm(), "log": a.extension_log.all(), "replacements": a.replacements.all(),
        "reserve": queries.next_reserve(a), "women": queries.women_share(applicants),
        "work_end": queries.area_work_end(a), "work_form": forms.WorkExtendForm(),
        "work_log": a.work_extensions.all()})


@login_required
@require_POST
def extend_work(request: AuthedRequest, pk: int, area_pk: int | None = None) -> HttpResponse:
    """Extend the work period for a re-vote: of one area, or (no area) of the whole recruitment."""
    rec, mine = scoped_recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk) if area_pk is not None else None
    require_role(request, "adhoc.manage", a if a is not None else rec)
    back = f"/adhoc/{rec.pk}/wilayah/{a.pk}/" if a is not None else f"/adhoc/{rec.pk}/"
    form = forms.WorkExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: jenis, tanggal dan alasan wajib diisi."))
        return redirect(back)
    d = form.cleaned_data
    return act(request, back, lambda: actions.do_extend_work(rec, actor=request.user, kind=d["kind"],
                                                              new_end=d["new_end"], reason=d["reason"], area=a),
                _("Masa kerja diperpanjang sampai {day}.").format(day=d["new_end"].strftime("%d-%m-%Y")))


@login_required
@require_POST
def extend(request: AuthedRequest, pk: int, area_pk: int) -> HttpResponse:
    rec, mine = scoped_recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.manage", a)
    form = forms.ExtendForm(request.POST)
    back = f"/adhoc/{rec.pk}/wilayah/{a.pk}/"
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: tanggal dan alasan wajib diisi."))
        return redirect(back)
    d = form.cleaned_data
    return act(request, back, lambda: actions.do_extend(a, actor=request.user, new_end=d["new_end"],
                                                         reason=d["reason"], kind=d["kind"]),
                _("Pendaftaran {area} diperpanjang sampai {day}.").format(area=a.name, day=d["new_end"]))


@login_required
@require_POST
def continue_below(request: AuthedRequest, pk: int, area_pk: int) -> HttpResponse:
    rec, mine = scoped_recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.manage", a)
    return act(request, f"/adhoc/{rec.pk}/wilayah/{a.pk}/",
                lambda: actions.do_continue_below_minimum(a, actor=request.user,
                                                          reason=cleaned(forms.ReasonForm(request.POST))["reason"]),
                _("Seleksi {area} dilanjutkan.").format(area=a.name))
