"""Pages of adhoc. Thin: reads through ``visible_to`` (404 outside the user's regions), writes
through ``actions`` (which check permissions and audit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_can, require, user_scopes
from pemilu.adhoc import actions, exports, forms, queries, rules
from pemilu.adhoc.models import (
    Announcement,
    Applicant,
    ApplicantDocument,
    ApplicantStatus,
    Area,
    Body,
    DocumentState,
    PublicComment,
    Recruitment,
    Selection,
    Status,
)
from pemilu.core import files, ratelimit
from pemilu.core.exceptions import DomainError, ImportFailed, PermissionDeniedError, TransitionBlocked
from pemilu.core.levels import level_of
from pemilu.elections.models import Election


def _election(request: HttpRequest) -> Election:
    code = request.GET.get("pemilu", "")
    election = (Election.objects.filter(code=code) if code else Election.objects.all()).first()
    if election is None:
        raise Http404(_("Belum ada pemilu."))
    return election


def _recruitment(request: HttpRequest, pk: int) -> tuple[Recruitment, Any]:
    """The recruitment if the user sees any of it (a PPS member sees it through their kelurahan),
    with the areas the user may see; 404 otherwise, 403 in scope without a reading role."""
    areas = Area.objects.visible_to(request.user)
    rec = get_object_or_404(
        Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                   | Q(pk__in=areas.values("recruitment_id"))).select_related("election", "region"),
        pk=pk)
    mine = areas.filter(recruitment=rec)
    first = mine.first()
    ensure_can(request.user, "adhoc.view", first if first is not None else rec)
    return rec, mine


def _require(request: HttpRequest, action: str, obj: Any) -> None:
    """After the scoped read: in scope without the role is 403 (never 404, the user sees the page)."""
    require(request.user, action, obj)


def _applicant(request: HttpRequest, pk: int) -> Applicant:
    a = get_object_or_404(Applicant.objects.visible_to(request.user).select_related(
        "area", "recruitment", "recruitment__region", "election", "outcome"), pk=pk)
    ensure_can(request.user, "adhoc.view", a)
    return a


def _act(request: HttpRequest, back: str, fn: Callable[[], Any], ok: str) -> HttpResponse:
    try:
        fn()
    except (PermissionDeniedError, Http404):
        raise
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(back)


# --- home: plan and recruitments ---------------------------------------------------------

@login_required
def home(request: HttpRequest) -> HttpResponse:
    election = _election(request)
    scopes = [s for s in user_scopes(request.user) if s.role in ("kpu_admin", "kpu_staff")]
    offices = sorted({s.code for s in scopes if level_of(s.code) == 2})
    if request.user.is_superuser and not offices:
        offices = sorted({str(c) for c in Recruitment.objects.values_list("region_id", flat=True)})
    visible_areas = Area.objects.visible_to(request.user)
    recs = (Recruitment.objects.filter(Q(pk__in=Recruitment.objects.visible_to(request.user).values("pk"))
                                       | Q(pk__in=visible_areas.values("recruitment_id")))
            .filter(election=election).select_related("region"))
    if not recs.exists() and not offices:
        if Applicant.objects.filter(user_id=request.user.pk or 0).exists() or not user_scopes(request.user):
            return redirect("adhoc:portal")
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))
    plans = [(code, queries.formation_plan(election, code)) for code in offices]
    existing = {(r.body, r.region_id) for r in recs}
    return render(request, "adhoc/home.html", {"election": election, "recs": recs, "plans": plans,
                                               "existing": existing, "bodies": Body.choices})


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    election = _election(request)
    body, region = request.POST.get("body", ""), request.POST.get("region", "")
    if body not in Body.values:
        raise Http404
    ensure_can(request.user, "adhoc.manage", region)
    try:
        rec = actions.do_create_recruitment(election, body, region, actor=request.user)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("adhoc:home")
    messages.success(request, _("Rekrutmen dibuat dengan {n} wilayah.").format(n=rec.areas.count()))
    return redirect("adhoc:recruitment", pk=rec.pk)


@login_required
def recruitment(request: HttpRequest, pk: int) -> HttpResponse:
    rec, mine = _recruitment(request, pk)
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
        "outcomes": dict(applicants.values_list("outcome__elig_outcome").annotate(n=Count("id")).order_by()),
        "work": queries.work_period(rec), "work_form": forms.WorkExtendForm(),
        "can_register": actions.registrable_codes(request.user, rec) != set(),
        "open_comments": PublicComment.objects.filter(recruitment=rec, status="new").count() if manage else 0,
    })


@login_required
def dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rec, _mine = _recruitment(request, pk)
    _require(request, "adhoc.manage", rec)
    resp = HttpResponse(exports.dashboard_xlsx(rec),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="pendaftar-{rec.body}-{rec.region_id}.xlsx"'
    return resp


@login_required
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirm page of the next step: what it does, its blockers, its form."""
    rec, _mine = _recruitment(request, pk)
    _require(request, "adhoc.manage", rec)
    step = queries.TRANSITIONS.get(rec.status)
    if step is None:
        raise Http404
    target, title = step
    form_cls: type[Any] | None = {Status.REGISTRATION: forms.OpenForm, Status.VERIFICATION: forms.CloseForm,
                                  Status.APPOINTED: forms.AppointForm,
                                  Status.INAUGURATED: forms.InaugurateForm}.get(Status(target))
    initial: dict[str, Any] = {}
    if target == Status.REGISTRATION:
        start, end = queries.stage_window(rec.election, rules.REGISTRATION_STAGE[rules.Body(rec.body)], rec.region_id)
        initial = {"start": start, "end": end}
    form = form_cls(request.POST or None, initial=initial) if form_cls else None
    blockers = queries.blockers(rec, target)
    status = 200
    if request.method == "POST":
        if form is None or form.is_valid():
            d = form.cleaned_data if form else {}
            run: Callable[[], Any] = {
                Status.REGISTRATION: lambda: actions.do_open_registration(rec, actor=request.user, start=d["start"],
                                                                          end=d["end"]),
                Status.VERIFICATION: lambda: actions.do_close_registration(rec, actor=request.user,
                                                                           early_reason=d["early_reason"]),
                Status.WRITTEN: lambda: actions.do_announce_admin(rec, actor=request.user),
                Status.INTERVIEW: lambda: actions.do_announce_written(rec, actor=request.user),
                Status.RANKED: lambda: actions.do_announce_final(rec, actor=request.user),
                Status.APPOINTED: lambda: actions.do_appoint(rec, actor=request.user, sk_number=d["sk_number"],
                                                             sk_date=d["sk_date"]),
                Status.INAUGURATED: lambda: actions.do_inaugurate(rec, actor=request.user, on=d["on"],
                                                                  place=d["place"]),
            }[Status(target)]
            try:
                run()
            except TransitionBlocked as exc:
                blockers, status = exc.blockers, 409
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                messages.error(request, exc.message)
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
    rec, mine = _recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.view", a)
    row = queries.area_rows(rec, mine.filter(pk=a.pk))[0]
    applicants = queries.active(rec).filter(area=a).order_by("outcome__final_rank", "outcome__written_rank", "name")
    if rec.status in (Status.REGISTRATION, Status.VERIFICATION):
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
def extend_work(request: HttpRequest, pk: int, area_pk: int | None = None) -> HttpResponse:
    """Extend the work period for a re-vote: of one area, or (no area) of the whole recruitment."""
    rec, mine = _recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk) if area_pk is not None else None
    _require(request, "adhoc.manage", a if a is not None else rec)
    back = f"/adhoc/{rec.pk}/wilayah/{a.pk}/" if a is not None else f"/adhoc/{rec.pk}/"
    form = forms.WorkExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: jenis, tanggal dan alasan wajib diisi."))
        return redirect(back)
    d = form.cleaned_data
    return _act(request, back, lambda: actions.do_extend_work(rec, actor=request.user, kind=d["kind"],
                                                              new_end=d["new_end"], reason=d["reason"], area=a),
                _("Masa kerja diperpanjang sampai {day}.").format(day=d["new_end"].strftime("%d-%m-%Y")))


@login_required
@require_POST
def extend(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    rec, mine = _recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.manage", a)
    form = forms.ExtendForm(request.POST)
    back = f"/adhoc/{rec.pk}/wilayah/{a.pk}/"
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: tanggal dan alasan wajib diisi."))
        return redirect(back)
    d = form.cleaned_data
    return _act(request, back, lambda: actions.do_extend(a, actor=request.user, new_end=d["new_end"],
                                                         reason=d["reason"], kind=d["kind"]),
                _("Pendaftaran {area} diperpanjang sampai {day}.").format(area=a.name, day=d["new_end"]))


@login_required
@require_POST
def continue_below(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    rec, mine = _recruitment(request, pk)
    a = get_object_or_404(mine, pk=area_pk)
    ensure_can(request.user, "adhoc.manage", a)
    return _act(request, f"/adhoc/{rec.pk}/wilayah/{a.pk}/",
                lambda: actions.do_continue_below_minimum(a, actor=request.user, reason=request.POST.get("reason", "")),
                _("Seleksi {area} dilanjutkan.").format(area=a.name))


def _documents(request: HttpRequest) -> list[actions.DocumentUpload]:
    """The scanned documents attached to the registration form."""
    return [actions.DocumentUpload(kind, f.name or kind, f.read()) for field, kind in forms.DOC_FIELDS.items()
            if (f := request.FILES.get(field)) is not None]


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Officer entry of a paper registration (with scanned documents)."""
    rec, mine = _recruitment(request, pk)
    allowed = actions.registrable_codes(request.user, rec)
    if allowed is not None:
        if not allowed:
            _require(request, "adhoc.register", rec)
        mine = mine.filter(code__in=allowed)  # a PPS member: the TPS of their kelurahan (KPPS)
        code = request.POST.get("area", "")
        if code and not mine.filter(code=code).exists():
            raise Http404
    form = forms.ApplicantForm(request.POST or None, request.FILES or None, areas=mine)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                a = actions.do_register_with_documents(rec, form.applicant_data(), _documents(request),
                                                       actor=request.user)
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("{name} terdaftar di {area}.").format(name=a.name, area=a.area.name))
                return redirect("adhoc:applicant", pk=a.pk)
        else:
            status = 400
    return render(request, "adhoc/register.html", {"rec": rec, "form": form}, status=status)


@login_required
@require_POST
def import_file(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    rec, _mine = _recruitment(request, pk)
    if what not in ("pelamar", "nilai-tertulis", "nilai-wawancara"):
        raise Http404
    if what != "pelamar":
        _require(request, "adhoc.manage", rec)
    elif actions.registrable_codes(request.user, rec) == set():
        _require(request, "adhoc.register", rec)
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
            which = "written" if what == "nilai-tertulis" else "interview"
            n = actions.do_import_scores(rec, raw, actor=request.user, which=which, filename=name)
    except ImportFailed as exc:
        return render(request, "adhoc/import_failed.html", {"rec": rec, "exc": exc, "name": name}, status=400)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("{n} baris diimpor dari {name}.").format(n=n, name=name))
    return redirect(back)


@login_required
@require_POST
def bulk_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    rec, _mine = _recruitment(request, pk)
    _require(request, "adhoc.manage", rec)
    if verb == "periksa-syarat":
        return _act(request, f"/adhoc/{rec.pk}/", lambda: actions.do_evaluate(rec, actor=request.user),
                    _("Syarat semua pelamar diperiksa ulang."))
    if verb == "verifikasi-ms":
        return _act(request, f"/adhoc/{rec.pk}/", lambda: actions.do_verify_eligible(rec, actor=request.user),
                    _("Pelamar yang memenuhi semua syarat ditandai MS."))
    raise Http404


@login_required
def applicant(request: HttpRequest, pk: int) -> HttpResponse:
    a = _applicant(request, pk)
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
def applicant_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    a = _applicant(request, pk)
    back = f"/adhoc/pelamar/{a.pk}/"
    user = request.user
    p = request.POST
    if verb == "verifikasi":
        ensure_can(user, "adhoc.manage", a)
        return _act(request, back, lambda: actions.do_verify(a, actor=user, result=p.get("result", ""),
                                                             reason=p.get("reason", "")),
                    _("Hasil penelitian dicatat."))
    if verb == "nilai":
        ensure_can(user, "adhoc.manage", a)
        return _act(request, back, lambda: actions.do_set_score(a, actor=user, which=p.get("which", ""),
                                                                value=p.get("value", "")), _("Nilai dicatat."))
    if verb == "unggah":
        ensure_can(user, "adhoc.register", a)
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Pilih berkas terlebih dahulu."))
            return redirect(back)
        return _act(request, back, lambda: actions.do_upload_document(a, p.get("kind", ""), f.name or "berkas",
                                                                      f.read(), actor=user), _("Dokumen diunggah."))
    if verb == "paw":
        ensure_can(user, "adhoc.manage", a)
        form = forms.ReplaceForm(p)
        if not form.is_valid():
            messages.error(request, _("Isian penggantian tidak lengkap."))
            return redirect(back)
        d = form.cleaned_data
        return _act(request, f"/adhoc/{a.recruitment_id}/wilayah/{a.area_id}/",
                    lambda: actions.do_replace(a, actor=user, reason=d["reason"], detail=d["detail"],
                                               decided_on=d["decided_on"], sk_number=d["sk_number"]),
                    _("Penggantian antarwaktu dicatat."))
    if verb == "sehat":
        ensure_can(user, "adhoc.register", a)
        return _act(request, back, lambda: actions.do_update_profile(a, actor=user, health=p.get("health", "")),
                    _("Keterangan sehat dicatat."))
    raise Http404


@login_required
def document(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    doc = ApplicantDocument.objects.filter(pk=doc_pk, applicant_id=pk).select_related("applicant").first()
    return files.serve(request.user, doc, action="adhoc.pii")


# --- public announcements ------------------------------------------------------------------

def announcements(request: HttpRequest) -> HttpResponse:
    """Public: every announcement (names with masked NIK only)."""
    rows = Announcement.objects.select_related("recruitment", "recruitment__region", "recruitment__election")
    return render(request, "adhoc/announcements.html", {"rows": rows.order_by("-created_at")[:200]})


def announcement_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    ann = get_object_or_404(Announcement, pk=pk)
    if ann.state != DocumentState.READY:
        # Rendered after the action's commit by a background job (issue 17 item 6).
        response = render(request, "adhoc/announcement_pending.html", {"a": ann},
                          status=202 if ann.state == DocumentState.PENDING else 503)
        response["Retry-After"] = "5"
        return response
    return FileResponse(ann.file.open("rb"), filename=f"pengumuman-{ann.step}-{ann.pk}.pdf",
                        content_type="application/pdf")


def announcement_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Public (like the PDF): the link once the PDF is ready, else "sedang disiapkan" (htmx polls)."""
    ann = get_object_or_404(Announcement, pk=pk)
    return render(request, "adhoc/_announcement_link.html", {"a": ann, "label": request.GET.get("label", "")[:40]})


# --- public comments (tanggapan masyarakat) ------------------------------------------------

DEFAULT_COMMENTS_PER_HOUR = 10


def _rate_limited(request: HttpRequest) -> bool:
    limit: int = getattr(settings, "PEMILU_ADHOC_COMMENTS_PER_HOUR", DEFAULT_COMMENTS_PER_HOUR)
    return ratelimit.hit(request, "adhoc:comment", limit)


def public_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Public, no login: a comment on a candidate named in an announcement (names, masked NIK)."""
    ann = get_object_or_404(Announcement.objects.select_related("recruitment", "recruitment__region",
                                                                "recruitment__election"), pk=pk)
    candidates = actions.commentable(ann)
    form = forms.CommentForm(request.POST or None, candidates=candidates)
    error, status = "", 200
    if request.method == "POST":
        if _rate_limited(request):
            error, status = _("Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam."), 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                actions.submit_comment(ann, int(d["candidate"]), d["text"], sender_name=d["sender_name"],
                                       sender_contact=d["sender_contact"])
            except DomainError as exc:
                error, status = exc.message, 400
            else:
                return render(request, "adhoc/comment_done.html", {"ann": ann})
        else:
            status = 400
    return render(request, "adhoc/comment.html", {"ann": ann, "form": form, "candidates": candidates,
                                                  "error": error}, status=status)


@login_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's public comments with their follow-up (KPU office handling the area only)."""
    rec, mine = _recruitment(request, pk)
    _require(request, "adhoc.pii", rec)
    rows = (PublicComment.objects.visible_to(request.user).filter(recruitment=rec, applicant__area__in=mine)
            .select_related("applicant", "applicant__area", "announcement", "followed_up_by"))
    return render(request, "adhoc/comments.html", {"rec": rec, "rows": rows, "form": forms.FollowUpForm()})


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(PublicComment.objects.visible_to(request.user), pk=pk)
    ensure_can(request.user, "adhoc.pii", c)
    text = request.POST.get("follow_up", "")
    return _act(request, f"/adhoc/{c.recruitment_id}/tanggapan/",
                lambda: actions.do_follow_up_comment(c, actor=request.user, follow_up=text),
                _("Tindak lanjut dicatat."))


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
def portal(request: HttpRequest) -> HttpResponse:
    """The applicant's own page: their applications, documents, eligibility; or the form."""
    mine = list(Applicant.objects.filter(user_id=request.user.pk or 0)
                .select_related("area", "recruitment", "election"))
    open_recs = Recruitment.objects.filter(status=Status.REGISTRATION).select_related("region", "election")
    rec = open_recs.filter(pk=request.GET.get("rekrutmen") or 0).first()
    form = None
    if rec is not None and not [m for m in mine if m.status != ApplicantStatus.WITHDRAWN]:
        form = forms.ApplicantForm(request.POST or None, request.FILES or None, areas=rec.areas.all(), officer=False)
        if request.method == "POST" and form.is_valid():
            try:
                actions.do_register_with_documents(rec, form.applicant_data(), _documents(request),
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
def portal_upload(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Applicant, pk=pk, user=request.user)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, _("Pilih berkas terlebih dahulu."))
        return redirect("adhoc:portal")
    return _act(request, "/adhoc/daftar/", lambda: actions.do_upload_document(
        a, request.POST.get("kind", ""), f.name or "berkas", f.read(), actor=request.user), _("Dokumen diunggah."))


@login_required
@require_POST
def portal_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant updates their own profile (address, phone, education, declarations)."""
    a = get_object_or_404(Applicant.objects.select_related("area", "recruitment"), pk=pk, user=request.user)
    form = forms.ProfileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian profil tidak sah."))
        return redirect("adhoc:portal")
    d = form.cleaned_data
    return _act(request, "/adhoc/daftar/", lambda: actions.do_update_profile(
        a, actor=request.user, address=d["address"], phone=d["phone"], education=d["education"],
        sentence_years=d["sentence_years"], spouse_nik=d["spouse_nik"]), _("Profil diperbarui."))
