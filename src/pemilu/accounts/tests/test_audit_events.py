"""The audit row of creating a person (issue 18 item 8): the real action, its row checked."""

from __future__ import annotations

from pemilu.accounts.actions import do_create_user
from pemilu.audit.models import AuditEvent
from pemilu.testing.factories import Cast


def test_creating_a_person_is_audited_before_their_first_role(cast: Cast) -> None:
    user, _password = do_create_user(username="siti", full_name=" Siti Aminah ", role="kpps",
                                     scope_code="12.76.01.1006.002", actor=cast.kpu_admin_a, reason=" KPPS baru ")
    e = AuditEvent.objects.get(event_type="accounts.user_created")
    assert (e.actor_id, e.region_code, e.target_id, e.reason) == (cast.kpu_admin_a.pk, "12.76.01.1006.002",
                                                                  str(user.pk), "KPPS baru")
    assert e.after == {"username": "siti", "full_name": "Siti Aminah", "email": ""}
    granted = AuditEvent.objects.filter(event_type="accounts.role_granted").latest("id")
    assert granted.id > e.id and granted.region_code == "12.76.01.1006.002"
