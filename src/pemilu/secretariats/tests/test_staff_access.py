"""Secretariat staff get accounts like ad hoc members (issue 20 item 2): the KPU's penetapan gives
each person set an account and the ``sekretariat`` role in their secretariat's region until the end
of the body's term; a removal revokes it at once; activation slips (page and API) give the codes."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.test import Client

from pemilu.accounts import access
from pemilu.accounts.models import RoleAssignment, User
from pemilu.accounts.permissions import can, user_scopes
from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import PermissionDeniedError
from pemilu.elections.models import Election
from pemilu.secretariats import access as staff_access
from pemilu.secretariats import actions
from pemilu.secretariats.models import Assignment, Secretariat
from pemilu.testing.factories import Cast

D = datetime.date
PASSWORD = "Sandi-Sekretariat-2023!"


@pytest.fixture(autouse=True)
def _in_office() -> object:
    with time_machine.travel(datetime.datetime(2023, 3, 2, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def _set(cast: Cast, ppk: Secretariat, register: dict[str, AsnEmployee]) -> list[Assignment]:
    staff = cast.kpu_staff_a
    picks = [actions.do_propose(ppk, kind, register[n], actor=staff)
             for kind, n in (("sekretaris", "nurhayati"), ("staf", "maya"), ("staf", "rina"))]
    actions.do_pick(ppk, [c.pk for c in picks], actor=staff, number="100.3.3/01/2023", date=D(2023, 1, 6))
    assert not RoleAssignment.objects.filter(role="sekretariat").exists()  # the pemda's pick is not yet the KPU's
    actions.do_set_penetapan(ppk, actor=staff, number="01/PP.04-Kpt/1276/2023", date=D(2023, 1, 10))
    return list(Assignment.objects.active().filter(secretariat=ppk).order_by("position__order"))


def test_penetapan_grants_the_role_and_removal_revokes_it_at_once(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    team = _set(cast, ppk, register)
    grants = {g.origin: g for g in RoleAssignment.objects.filter(role="sekretariat").select_related("user")}
    assert set(grants) == {staff_access.origin(a) for a in team}
    for a in team:
        g = grants[staff_access.origin(a)]
        assert (g.scope_code, g.is_active, g.ends_on) == ("12.76.01", True, D(2024, 4, 14))
        assert g.user.full_name == a.employee.name and not g.user.has_usable_password()
    granted = AuditEvent.objects.filter(event_type="accounts.role_granted", after__role="sekretariat")
    assert granted.count() == 3 and all(e.actor_id == cast.kpu_staff_a.pk for e in granted)
    leaving = grants[staff_access.origin(team[2])].user
    assert can(leaving, "secretariats.view", ppk) and not can(leaving, "secretariats.manage", ppk)
    actions.do_remove(team[2], actor=cast.kpu_staff_a, reason="death", on=D(2023, 2, 1))
    assert user_scopes(User.objects.get(pk=leaving.pk)) == []
    revoked = AuditEvent.objects.get(event_type="accounts.role_revoked")
    assert revoked.target_id == str(grants[staff_access.origin(team[2])].pk) and revoked.reason


def test_the_staff_activate_with_the_code_from_their_slip(
        cast: Cast, election: Election, formed: dict[str, Secretariat], register: dict[str, AsnEmployee]) -> None:
    ppk = formed["12.76.01"]
    _set(cast, ppk, register)
    with pytest.raises(PermissionDeniedError):
        staff_access.do_issue_activation_slips(ppk, actor=cast.ppk_a1)  # the PPK reads, the KPU office acts
    page = Client()
    page.force_login(cast.kpu_staff_a)
    r = page.post(f"/sekretariat/{ppk.pk}/aksi/kode-aktivasi/")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert r.content.decode().count('class="slip card"') == 3
    other = Client()
    other.force_login(cast.kpu_admin_b)
    assert other.post(f"/sekretariat/{ppk.pk}/aksi/kode-aktivasi/").status_code == 404
    api = page.post(f"/api/v1/secretariats/{ppk.pk}/activation-slips", json.dumps({}),
                    content_type="application/json")
    assert api.status_code == 200 and api["Cache-Control"] == "no-store"
    slip = api.json()["slips"][0]
    assert slip["code"] and slip["role"]
    user = access.do_activate(username=slip["username"], code=slip["code"], password=PASSWORD)
    assert user.has_usable_password() and [s.role for s in user_scopes(user)] == ["sekretariat"]
