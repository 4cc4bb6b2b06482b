"""Appointment gives access (issue 20 item 2): inauguration → an account and the body's role in
the member's area until the work period ends; a PAW revokes the outgoing member's role at once and
gives the incoming one theirs; a new member activates the account with the code on their slip."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from pemilu.accounts import access
from pemilu.accounts.models import ActivationCode, RoleAssignment, User
from pemilu.accounts.permissions import can, user_scopes
from pemilu.adhoc import actions
from pemilu.adhoc.actions.access import members, origin
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.adhoc.tests.conftest import register, select_and_appoint
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.testing.factories import Cast

PERSIAKAN, BANDAR_SONO, PELITA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"
PASSWORD = "Sandi-Baru-PPS-2023!"


@pytest.fixture(autouse=True)
def _in_office() -> object:
    """Two weeks after the inauguration: the members' roles are in force (they end with the work period)."""
    with time_machine.travel(datetime.datetime(2023, 3, 2, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def inaugurated(rec: Recruitment, staff: User, signup: User | None = None) -> Recruitment:
    """A PPS recruitment of three kelurahan taken to inauguration through the actions (6 each)."""
    for code in (PERSIAKAN, BANDAR_SONO, PELITA):
        for i in range(6):
            a = register(rec, staff, area_code=code, domicile_code=code, gender="P" if i % 2 else "L",
                         email=f"calon{i}@contoh.id" if i == 0 else "")
            if signup is not None and code == PERSIAKAN and i == 0:
                Applicant.objects.filter(pk=a.pk).update(user=signup)
    select_and_appoint(rec, staff, datetime.date(2023, 1, 16))
    actions.do_inaugurate(rec, actor=staff, on=datetime.date(2023, 1, 17), place="Aula KPU Kota Tebing Tinggi")
    return Recruitment.objects.get(pk=rec.pk)


def test_inauguration_gives_every_member_the_pps_role_in_their_kelurahan(cast: Cast, rec: Recruitment) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    team = members(rec)
    assert len(team) == 9  # 3 seats × 3 kelurahan
    for member in team:
        assignment = RoleAssignment.objects.get(origin=origin(member))
        assert (assignment.role, assignment.scope_code, assignment.is_active) == ("pps", member.area.code, True)
        assert assignment.ends_on == datetime.date(2024, 4, 14)  # no work end set: voting day + 2 months
        assert assignment.user.nik == member.nik and not assignment.user.has_usable_password()
        user = User.objects.get(pk=assignment.user_id)
        assert [(s.role, s.code) for s in user_scopes(user)] == [("pps", member.area.code)]
        assert can(user, "adhoc.view", member.area.code)
    granted = AuditEvent.objects.get(event_type="adhoc.member_access_granted")
    assert granted.after is not None and granted.after["members"] == 9 and len(granted.after["users_created"]) == 9
    assert granted.after["assignments"] == sorted(
        RoleAssignment.objects.filter(origin__startswith="adhoc.").values_list("pk", flat=True))
    # Audit rows never carry the NIK in clear.
    assert not AuditEvent.objects.filter(after__icontains=team[0].nik).exists()


def test_the_applicants_own_signup_account_becomes_the_member_account(cast: Cast, rec: Recruitment) -> None:
    signup = User.objects.create_user(username="calon.persiakan", password="Sandi-Pelamar-2022!")
    rec = inaugurated(rec, cast.kpu_staff_a, signup=signup)
    mine = Applicant.objects.get(user=signup)
    if mine.selection == "member":
        assert RoleAssignment.objects.get(origin=origin(mine)).user == signup
    # The NIK names the person: a second appointment (another body) reuses the same account.
    member = members(rec)[0]
    user, created = access.account_for(nik=member.nik, full_name=member.name, email="", signup=None,
                                       username_hint="x", actor=cast.kpu_staff_a, region_code=member.scope_code)
    assert not created and user == RoleAssignment.objects.get(origin=origin(member)).user
    assert User.objects.filter(nik=member.nik).count() == 1


def test_a_paw_revokes_the_outgoing_role_at_once_and_grants_the_incoming(cast: Cast, rec: Recruitment) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    leaving = next(m for m in members(rec) if m.area.code == PERSIAKAN)
    old = RoleAssignment.objects.get(origin=origin(leaving))
    rep = actions.do_replace(leaving, actor=cast.kpu_staff_a, reason="resigned", detail="surat pengunduran diri",
                             decided_on=datetime.date(2023, 3, 1), sk_number="PAW-1")
    old.refresh_from_db()
    assert not old.is_active and old.revoked_at is not None
    assert user_scopes(User.objects.get(pk=old.user_id)) == []  # in office today, so only the PAW ended it
    assert rep.incoming is not None
    new = RoleAssignment.objects.get(origin=origin(rep.incoming))
    assert (new.role, new.scope_code, new.is_active) == ("pps", PERSIAKAN, True)
    assert AuditEvent.objects.filter(event_type="accounts.role_revoked", target_id=str(old.pk)).exists()


def test_a_longer_work_period_moves_the_roles_end(cast: Cast, rec: Recruitment) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    area = rec.areas.get(code=PELITA)
    new_end = datetime.date(2024, 5, 4)  # PSU: past the planned end (voting day + 2 months)
    actions.do_extend_work(rec, actor=cast.kpu_staff_a, kind="psu", new_end=new_end, reason="PSU di TPS 003",
                           area=area)
    ends = {a.scope_code: a.ends_on for a in RoleAssignment.objects.filter(origin__startswith="adhoc.")}
    assert ends[PELITA] == new_end and ends[PERSIAKAN] == datetime.date(2024, 4, 14)


def test_the_role_ends_with_the_work_period(cast: Cast, rec: Recruitment, _in_office: object) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    user = RoleAssignment.objects.get(origin=origin(members(rec)[0])).user
    assert user_scopes(User.objects.get(pk=user.pk)) != []
    _in_office.move_to(datetime.datetime(2024, 4, 15, 9, tzinfo=datetime.UTC))  # type: ignore[attr-defined]
    assert user_scopes(User.objects.get(pk=user.pk)) == []


def test_activation_with_the_code_from_the_slip(cast: Cast, rec: Recruitment, client: Client) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    with pytest.raises(DomainError):
        actions.do_issue_activation_slips(rec, actor=cast.pps_a1)  # a PPS member may not print them
    slips = actions.do_issue_activation_slips(rec, actor=cast.kpu_staff_a)
    assert len(slips) == 9 and all(s.code for s in slips)
    first = slips[0]
    # Printing again replaces the codes: the first one no longer works.
    again = actions.do_issue_activation_slips(rec, actor=cast.kpu_staff_a)
    with pytest.raises(DomainError, match="tidak cocok"):
        access.do_activate(username=first.username, code=first.code, password=PASSWORD)
    code = next(s.code for s in again if s.username == first.username)
    # Through the page: a wrong code and a weak password are refused; the right one activates.
    page = client.post("/akun/aktivasi/", {"username": first.username, "code": "AAAA-BBBB-CCCC",
                                           "password": PASSWORD, "password2": PASSWORD})
    assert page.status_code == 200 and "tidak cocok" in page.content.decode()
    page = client.post("/akun/aktivasi/", {"username": first.username, "code": code.lower().replace("-", " "),
                                           "password": "123", "password2": "123"})
    assert page.status_code == 200 and not User.objects.get(username=first.username).has_usable_password()
    page = client.post("/akun/aktivasi/", {"username": first.username, "code": code,
                                           "password": PASSWORD, "password2": PASSWORD})
    assert page.status_code == 302
    assert client.login(username=first.username, password=PASSWORD)
    assert ActivationCode.objects.filter(used_at__isnull=False).count() == 1
    activated = AuditEvent.objects.get(event_type="accounts.activated")
    assert activated.actor is not None and activated.actor.username == first.username
    assert activated.target_id == str(activated.actor_id)
    assert AuditEvent.objects.filter(event_type="accounts.activation_code_issued").count() == 18  # 9 + 9
    # Used once: the same code does not work twice; an active account needs no code.
    with pytest.raises(DomainError):
        access.do_activate(username=first.username, code=code, password=PASSWORD)
    third = actions.do_issue_activation_slips(rec, actor=cast.kpu_staff_a)
    assert next(s.code for s in third if s.username == first.username) == ""


def test_slips_only_after_inauguration_and_only_in_scope(cast: Cast, rec: Recruitment, client: Client) -> None:
    with pytest.raises(ConflictError):
        actions.do_issue_activation_slips(rec, actor=cast.kpu_staff_a)
    rec = inaugurated(rec, cast.kpu_staff_a)
    client.force_login(cast.kpu_admin_b)
    assert client.post(f"/adhoc/{rec.pk}/kode-aktivasi/").status_code == 404
    client.force_login(cast.bawaslu_a)
    assert client.post(f"/adhoc/{rec.pk}/kode-aktivasi/").status_code == 403
    client.force_login(cast.kpu_staff_a)
    page = client.post(f"/adhoc/{rec.pk}/kode-aktivasi/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    assert body.count('class="slip card"') == 9 and "/akun/aktivasi/" in body


def test_codes_are_emailed_where_the_member_gave_an_address(
        cast: Cast, rec: Recruitment, client: Client, mailoutbox: list[Any],
        django_capture_on_commit_callbacks: Any) -> None:
    rec = inaugurated(rec, cast.kpu_staff_a)
    with_address = {m.pk for m in members(rec) if m.email}
    assert with_address  # the first registrant of each kelurahan gave one
    client.force_login(cast.kpu_staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/adhoc/{rec.pk}/kode-aktivasi/", {"email": "1"})
    assert page.status_code == 200 and page.content.decode().count('class="emailed"') == len(with_address)
    assert len(mailoutbox) == len(with_address)
    mail = mailoutbox[0]
    fields = dict(line.split(": ", 1) for line in mail.body.splitlines() if ": " in line)
    user = User.objects.get(username=fields["Nama pengguna"])
    assert mail.to == [user.email]
    code = fields["Kode aktivasi"]
    access.do_activate(username=user.username, code=code, password=PASSWORD)  # the e-mailed code works
    sent = AuditEvent.objects.filter(event_type="accounts.activation_code_emailed")
    assert sent.count() == len(with_address) and all(code not in str(e.after) for e in sent)
    # Without the box ticked nothing is sent.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/adhoc/{rec.pk}/kode-aktivasi/").status_code == 200
    assert mailoutbox == []
