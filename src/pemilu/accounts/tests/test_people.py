"""Roles as audited actions (issue 20 item 1): grants only inside the administrator's scope and
below their own role, every grant and revoke audited with its reason, end dates honoured, the
same through pages, API and CLI; and a Django admin that writes nothing."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.contrib import admin
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from pemilu.accounts.actions import do_create_token, do_grant_role, do_revoke_role
from pemilu.accounts.models import ApiToken, RoleAssignment, User
from pemilu.accounts.permissions import can, user_scopes
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.testing.factories import PASSWORD, Cast


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_an_admin_of_12_76_cannot_grant_in_another_kab_kota_nor_above_their_role(cast: Cast) -> None:
    person = cast.nobody
    for scope in ("12.06", "12.06.01", "12.75", "12"):
        with pytest.raises(NotFoundError):
            do_grant_role(person, "ppk" if scope.count(".") == 2 else "kpu_staff", scope, actor=cast.kpu_admin_a,
                          reason="uji")
    with pytest.raises(PermissionDeniedError):  # a peer of their own: not below their role
        do_grant_role(person, "kpu_admin", "12.76", actor=cast.kpu_admin_a, reason="uji")
    with pytest.raises(PermissionDeniedError):  # staff are in scope but may not grant at all
        do_grant_role(person, "kpps", "12.76.01.1006.001", actor=cast.kpu_staff_a, reason="uji")
    with pytest.raises(PermissionDeniedError):  # nobody grants themselves a role (e.g. Bawaslu's)
        do_grant_role(cast.kpu_admin_a, "bawaslu", "12.76", actor=cast.kpu_admin_a, reason="uji")
    with pytest.raises(DomainError, match="tidak berlaku"):  # a PPK role belongs to a kecamatan
        do_grant_role(person, "ppk", "12.76.01.1006", actor=cast.kpu_admin_a, reason="uji")
    with pytest.raises(DomainError, match="Alasan"):
        do_grant_role(person, "ppk", "12.76.01", actor=cast.kpu_admin_a, reason="  ")
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert not AuditEvent.objects.filter(event_type="accounts.role_granted", target_id__in=[]).exists()


def test_every_grant_and_revoke_is_audited_with_its_reason_and_takes_effect_at_once(cast: Cast) -> None:
    person = cast.nobody
    a = do_grant_role(person, "ppk", "12.76.04", actor=cast.kpu_admin_a, reason="SK KPU Kota 12/2023")
    assert can(_fresh(person), "regions.view", "12.76.04.1002")
    event = AuditEvent.objects.get(event_type="accounts.role_granted", target_id=str(a.pk))
    assert event.reason == "SK KPU Kota 12/2023" and event.actor_id == cast.kpu_admin_a.pk
    assert event.after is not None
    assert event.after["role"] == "ppk" and event.after["scope"] == "12.76.04" and event.region_code == "12.76.04"
    do_revoke_role(a, actor=cast.kpu_admin_a, reason="diberhentikan (DKPP)")
    assert user_scopes(_fresh(person)) == []
    event = AuditEvent.objects.get(event_type="accounts.role_revoked", target_id=str(a.pk))
    assert event.reason == "diberhentikan (DKPP)"
    assert RoleAssignment.objects.filter(pk=a.pk, is_active=False, revoked_at__isnull=False).exists()  # kept
    with pytest.raises(DomainError):
        do_revoke_role(a, actor=cast.kpu_admin_a, reason="lagi")
    # A higher administrator appoints a kab/kota administrator; the kab/kota one cannot revoke them.
    prov = User.objects.create_user("kpu_prov", password=PASSWORD)
    do_grant_role(prov, "kpu_admin", "12", actor=cast.kpu_admin_a.__class__.objects.get(username="system:cli"),
                  reason="uji")
    b = do_grant_role(person, "kpu_admin", "12.76", actor=prov, reason="pelantikan")
    with pytest.raises(PermissionDeniedError):
        do_revoke_role(b, actor=cast.kpu_admin_a, reason="uji")


def test_a_role_with_an_end_date_ends_by_itself(cast: Cast) -> None:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        do_grant_role(cast.nobody, "kpps", "12.76.01.1006.002", actor=cast.kpu_admin_a, reason="masa kerja KPPS",
                      ends_on=datetime.date(2026, 12, 10))
        assert [s.code for s in user_scopes(_fresh(cast.nobody))] == ["12.76.01.1006.002"]
        with pytest.raises(DomainError, match="lewat"):
            do_grant_role(cast.nobody, "kpps", "12.76.01.1006.003", actor=cast.kpu_admin_a, reason="x",
                          ends_on=datetime.date(2026, 11, 30))
    with time_machine.travel(datetime.datetime(2026, 12, 11, 12, tzinfo=datetime.UTC), tick=False):
        assert user_scopes(_fresh(cast.nobody)) == []


def test_the_pages_create_a_person_grant_and_revoke(cast: Cast) -> None:
    client = Client()
    assert client.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    r = client.post("/akun/pengguna/baru/", {"username": "kpps.baru", "full_name": "Siti Aminah", "email": "",
                                             "role": "kpps", "scope_code": "12.76.01.1006.003",
                                             "reason": "SK PPS Persiakan 3/2024"})
    assert r.status_code == 200 and "data-one-time-password" in r.content.decode()
    password = r.content.decode().split("data-one-time-password>")[1].split("<")[0]
    person = User.objects.get(username="kpps.baru")
    assert Client().login(username="kpps.baru", password=password)
    listing = client.get("/akun/pengguna/?q=siti").content.decode()
    assert "kpps.baru" in listing
    assert "kpps.baru" not in _client(cast.kpu_admin_b).get("/akun/pengguna/").content.decode()
    r = client.post(f"/akun/pengguna/{person.pk}/peran/", {"role": "kpps", "scope_code": "12.76.01.1006.001",
                                                          "reason": "pindah TPS"})
    assert r.status_code == 302
    assert set(RoleAssignment.objects.filter(user=person).values_list("scope_code", flat=True)) == {
        "12.76.01.1006.003", "12.76.01.1006.001"}
    # Out of scope through the page: 404, nothing written.
    r = client.post(f"/akun/pengguna/{person.pk}/peran/", {"role": "pps", "scope_code": "12.06.01.2001",
                                                          "reason": "x"})
    assert r.status_code == 404
    a = RoleAssignment.objects.get(user=person, scope_code="12.76.01.1006.003")
    assert client.post(f"/akun/peran/{a.pk}/cabut/", {"reason": "diganti"}).status_code == 302
    assert not RoleAssignment.objects.get(pk=a.pk).is_active
    detail = client.get(f"/akun/pengguna/{person.pk}/").content.decode()
    assert "dicabut" in detail and "12.76.01.1006.001" in detail


def _client(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_api_does_what_the_pages_do(cast: Cast) -> None:
    _token, raw = do_create_token(cast.kpu_admin_a, "admin", actor=cast.kpu_admin_a)
    auth = {"Authorization": f"Bearer {raw}"}
    c = Client()
    r = c.post("/api/v1/users", json.dumps({"username": "pps.api", "full_name": "Budi", "role": "pps",
                                         "scope_code": "12.76.01.1007", "reason": "SK 4/2023"}),
               content_type="application/json", headers=auth)
    assert r.status_code == 201, r.content
    uid = r.json()["user"]["id"]
    assert r.json()["one_time_password"]
    r = c.post(f"/api/v1/users/{uid}/roles", json.dumps({"role": "kpu_admin", "scope_code": "12.76", "reason": "x"}),
               content_type="application/json", headers=auth)
    assert r.status_code == 403 and r.json()["detail"]
    r = c.post(f"/api/v1/users/{uid}/roles", json.dumps({"role": "superuser", "scope_code": "12.76", "reason": "x"}),
               content_type="application/json", headers=auth)
    assert r.status_code == 422
    page = c.get("/api/v1/users?q=budi", headers=auth).json()
    assert page["count"] == 1 and page["items"][0]["username"] == "pps.api"
    role_id = c.get(f"/api/v1/users/{uid}", headers=auth).json()["roles"][0]["id"]
    r = c.post(f"/api/v1/roles/{role_id}/revoke", json.dumps({"reason": "mengundurkan diri"}),
               content_type="application/json", headers=auth)
    assert r.status_code == 200 and r.json()["is_active"] is False
    # A token of a person in another kab/kota is not theirs to know; their own PPS's token is.
    other, _raw = do_create_token(cast.pps_b1, "x", actor=cast.pps_b1)
    assert c.post(f"/api/v1/tokens/{other.pk}/revoke", json.dumps({"reason": "x"}), content_type="application/json",
                  headers=auth).status_code == 404
    mine, _raw = do_create_token(cast.pps_a1, "x", actor=cast.pps_a1)
    assert c.post(f"/api/v1/tokens/{mine.pk}/revoke", json.dumps({"reason": "HP hilang"}),
                  content_type="application/json", headers=auth).status_code == 204
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert AuditEvent.objects.filter(event_type="accounts.token_revoked", reason="HP hilang").exists()


def test_the_cli_grants_and_revokes_through_the_same_actions(cast: Cast) -> None:
    out = io.StringIO()
    as_admin = ["--as-user", cast.kpu_admin_a.username]
    call_command("users", *as_admin, "create", "kpps.cli", "kpps", "12.76.01.1006.002", "--full-name", "Ani",
                 "--reason", "SK", stdout=out)
    assert out.getvalue().startswith("kpps.cli\t")
    call_command("users", *as_admin, "revoke", "kpps.cli", "kpps", "12.76.01.1006.002", "--reason", "PAW",
                 stdout=io.StringIO())
    assert not RoleAssignment.objects.get(user__username="kpps.cli").is_active
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Tidak ditemukan"):
        call_command("users", *as_admin, "grant", "kpps.cli", "pps", "12.06.01.2001", "--reason", "x",
                     stdout=io.StringIO())


@pytest.mark.django_db
def test_the_django_admin_refuses_every_add_change_and_delete(cast: Cast) -> None:
    root = User.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    assert admin.site._registry, "no model admin registered"
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        assert not model_admin.has_add_permission(_request(root))
        assert not model_admin.has_change_permission(_request(root))
        assert not model_admin.has_delete_permission(_request(root))
        assert client.get(reverse(f"admin:{label}_add")).status_code == 403, label
        obj = model._default_manager.first()
        if obj is not None:
            before = model._default_manager.count()
            r = client.post(reverse(f"admin:{label}_delete", args=[obj.pk]), {"post": "yes"})
            assert r.status_code == 403, label
            assert model._default_manager.count() == before
            r = client.post(reverse(f"admin:{label}_change", args=[obj.pk]), {})
            assert r.status_code == 403, label


def _request(user: User) -> HttpRequest:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
