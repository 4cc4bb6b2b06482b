"""People pages: the administrator's list of users in their regions, one person's roles and
tokens, and the forms that grant and revoke. Every write is one action (accounts.actions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts import actions, queries
from pemilu.accounts.forms import ActivationForm, CreateUserForm, GrantForm, ReasonForm
from pemilu.accounts.models import ApiToken, Role, User
from pemilu.accounts.permissions import user_scopes
from pemilu.accounts.types import AuthedRequest
from pemilu.core.exceptions import DomainError, PermissionDeniedError, message_for_page
from pemilu.core.pages import run_action


def _ensure_administrator(request: HttpRequest) -> None:
    if request.user.is_superuser:
        return
    if not any(s.role == Role.KPU_ADMIN for s in user_scopes(request.user)):
        raise PermissionDeniedError(_("Hanya administrator KPU yang mengelola pengguna."))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _ensure_administrator(request)
    qs = queries.search(request.user, request.GET.get("q", "").strip()[:100], request.GET.get("role", ""),
                        request.GET.get("wilayah", "").strip()[:20])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"page": page, "roles": Role.choices, "q": request.GET})


@login_required
def user_new(request: AuthedRequest) -> HttpResponse:
    _ensure_administrator(request)
    form = CreateUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = actions.do_create_user(
                username=d["username"], full_name=d["full_name"], email=d["email"], role=d["role"],
                scope_code=d["scope_code"].strip(), ends_on=d["ends_on"], reason=d["reason"], actor=request.user)
        except DomainError as exc:
            form.add_error(None, message_for_page(exc))
        else:
            return render(request, "accounts/user_created.html", {"person": user, "password": password})
    return render(request, "accounts/user_new.html", {"form": form})


def _visible_user(request: HttpRequest, user_id: int) -> User:
    return get_object_or_404(queries.users_visible_to(request.user), pk=user_id)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _ensure_administrator(request)
    person = _visible_user(request, user_id)
    return render(request, "accounts/user_detail.html", {
        "person": person,
        "assignments": queries.assignments_visible_to(request.user).filter(user=person).order_by("-is_active", "role"),
        "tokens": person.api_tokens.order_by("-created_at"),
        "grant_form": GrantForm(), "reason_form": ReasonForm(),
    })


@login_required
@require_POST
def grant(request: AuthedRequest, user_id: int) -> HttpResponse:
    _ensure_administrator(request)
    person = _visible_user(request, user_id)
    form = GrantForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(request, lambda: actions.do_grant_role(person, d["role"], d["scope_code"].strip(),
                                                          actor=request.user, reason=d["reason"], ends_on=d["ends_on"]),
                   _("Peran diberikan."))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("accounts:user_detail", user_id=person.pk)


@login_required
@require_POST
def revoke(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    _ensure_administrator(request)
    assignment = get_object_or_404(queries.assignments_visible_to(request.user), pk=assignment_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan wajib diisi."))
    else:
        run_action(request, lambda: actions.do_revoke_role(assignment, actor=request.user,
                                                           reason=form.cleaned_data["reason"]),
                   _("Peran dicabut."))
    return redirect("accounts:user_detail", user_id=assignment.user_id)


@login_required
@require_POST
def revoke_token(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_action(request, lambda: actions.do_revoke_token(token, actor=request.user, reason=reason), _("Token dicabut."))
    if token.user_id == request.user.pk:
        return redirect("regions:dashboard")
    return redirect("accounts:user_detail", user_id=token.user_id)



ACTIVATIONS_PER_HOUR = 20  # per address: a code is 12 characters from 31, guessing is not the risk, noise is


def activate(request: HttpRequest) -> HttpResponse:
    """A newly appointed member sets their password with the code on their slip (issue 20 item 2)."""
    from pemilu.accounts import access
    from pemilu.core import ratelimit

    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.hit(request, "activation", ACTIVATIONS_PER_HOUR):
            form.add_error(None, _("Terlalu banyak percobaan dari alamat ini. Coba lagi dalam satu jam."))
        else:
            d = form.cleaned_data
            try:
                user = access.do_activate(username=d["username"], code=d["code"], password=d["password"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Akun {user} aktif. Silakan masuk dengan kata sandi baru Anda.").format(
                    user=user.username))
                return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form})
