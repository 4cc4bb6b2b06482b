"""People in the API: the same actions, permissions and answers as the pages."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pemilu.accounts import access, actions, queries
from pemilu.accounts.models import ApiToken, Role, RoleAssignment, User
from pemilu.accounts.types import AuthedRequest
from pemilu.accounts.views import _ensure_administrator
from pemilu.core.api import Page, PageParams, ReasonIn, paginate

router = Router(tags=["pengguna"])

RoleName = Enum("RoleName", {r.name: r.value for r in Role}, type=str)  # type: ignore[misc]


class SlipOut(Schema):
    name: str
    area: str
    role: str
    username: str
    code: str = Field(..., description="one-time activation code; '' when the account is already active")
    emailed: bool = Field(False, description="the code was also sent to the person's e-mail address")


class SlipsOut(Schema):
    activate_url: str
    slips: list[SlipOut]


def slips_response(slips: list[access.Slip], activate_url: str) -> HttpResponse:
    """The activation slips of an appointment as JSON, never cached (the codes are shown once)."""
    body = SlipsOut(activate_url=activate_url, slips=[SlipOut(name=s.name, area=s.area, role=s.role,
                                                              username=s.username, code=s.code, emailed=s.emailed)
                                                      for s in slips])
    response = HttpResponse(body.model_dump_json(), content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class RoleAssignmentOut(Schema):
    id: int
    role: str
    scope_code: str
    is_active: bool
    ends_on: datetime.date | None
    revoked_at: datetime.datetime | None


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    is_active: bool


class UserDetailOut(UserOut):
    roles: list[RoleAssignmentOut]


class GrantIn(Schema):
    role: RoleName
    scope_code: str = Field("", max_length=20, description="'' = nasional; region or TPS code")
    ends_on: datetime.date | None = None
    reason: str = Field(..., min_length=1, max_length=500)


class CreateUserIn(GrantIn):
    username: str = Field(..., min_length=1, max_length=150)
    full_name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)


class CreatedUserOut(Schema):
    user: UserOut
    one_time_password: str


class UserFilter(PageParams):
    q: str = Field("", max_length=100, description="part of the name or username")
    role: RoleName | None = None
    region: str = Field("", max_length=20, description="region or TPS code: people with a role under it")


@router.get("/users", response=Page[UserOut], summary="People with a role in your regions (KPU administrators)")
def list_users(request: HttpRequest, filters: Query[UserFilter]) -> dict[str, Any]:
    _ensure_administrator(request)
    role = filters.role.value if filters.role else ""
    return paginate(queries.search(request.user, filters.q, role, filters.region), filters)


@router.post("/users", response={201: CreatedUserOut}, summary="Create a person with their first role")
def create_user(request: AuthedRequest, payload: CreateUserIn) -> tuple[int, dict[str, object]]:
    _ensure_administrator(request)
    user, password = actions.do_create_user(
        username=payload.username, full_name=payload.full_name, email=payload.email, role=payload.role.value,
        scope_code=payload.scope_code, ends_on=payload.ends_on, reason=payload.reason, actor=request.user)
    return 201, {"user": user, "one_time_password": password}


def _detail(request: HttpRequest, user: User) -> dict[str, object]:
    roles = list(queries.assignments_visible_to(request.user).filter(user=user).order_by("-is_active", "role"))
    return {"id": user.pk, "username": user.username, "full_name": user.full_name, "is_active": user.is_active,
            "roles": roles}


@router.get("/users/{user_id}", response=UserDetailOut)
def get_user(request: HttpRequest, user_id: int) -> dict[str, object]:
    _ensure_administrator(request)
    return _detail(request, get_object_or_404(queries.users_visible_to(request.user), pk=user_id))


@router.post("/users/{user_id}/roles", response={201: RoleAssignmentOut},
             summary="Grant a role (audited, with a reason)")
def grant_role(request: AuthedRequest, user_id: int, payload: GrantIn) -> tuple[int, RoleAssignment]:
    _ensure_administrator(request)
    user = get_object_or_404(queries.users_visible_to(request.user), pk=user_id)
    return 201, actions.do_grant_role(user, payload.role.value, payload.scope_code, actor=request.user,
                                      reason=payload.reason, ends_on=payload.ends_on)


@router.post("/roles/{role_id}/revoke", response=RoleAssignmentOut, summary="Revoke a role at once (audited)")
def revoke_role(request: AuthedRequest, role_id: int, payload: ReasonIn) -> RoleAssignment:
    _ensure_administrator(request)
    assignment = get_object_or_404(queries.assignments_visible_to(request.user), pk=role_id)
    return actions.do_revoke_role(assignment, actor=request.user, reason=payload.reason)


@router.post("/tokens/{token_id}/revoke", response={204: None}, summary="Revoke an API token")
def revoke_token(request: AuthedRequest, token_id: int, payload: ReasonIn) -> tuple[int, None]:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    actions.do_revoke_token(token, actor=request.user, reason=payload.reason)
    return 204, None
