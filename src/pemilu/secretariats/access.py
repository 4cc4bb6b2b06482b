"""Accounts of secretariat staff (issue 20 item 2), like the ad hoc members': the KPU Kab/Kota's
penetapan gives each person set an account (the one their NIK names, else a new one without a
password) and the ``sekretariat`` role in their secretariat's kecamatan or kelurahan until the end
of the body's term (voting day + 2 months at the latest, UU 7/2017 Pasal 51/54: the secretariat
serves its PPK/PPS); a removal revokes it at once. These are steps inside the secretariat actions
(their permission and transaction; ``accounts/access.py`` writes the audit rows); activation codes
are printed with ``do_issue_activation_slips``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from pemilu.accounts import access
from pemilu.accounts.models import Role, User
from pemilu.accounts.permissions import ensure_can
from pemilu.schedule.rules import add_months
from pemilu.secretariats.models import Assignment, Secretariat


def origin(assignment: Assignment) -> str:
    return access.origin_of("secretariats.assignment", assignment.pk)


def ends_on(secretariat: Secretariat) -> datetime.date:
    return add_months(secretariat.election.voting_day, 2)


def give(assignments: Iterable[Assignment], *, actor: User, reason: str) -> int:
    """Account + ``sekretariat`` role for each person set, audited row by row (``access.appoint``)."""
    people = [access.Appointee(origin=origin(a), nik=a.employee.nik, name=a.employee.name, email="", signup=None,
                               username_hint=access.username_for("sekretariat", a.secretariat.region_id, a.pk),
                               scope_code=a.secretariat.region_id, ends_on=ends_on(a.secretariat),
                               region_code=a.secretariat.region_id)
              for a in assignments]
    return len(access.appoint(people, role=Role.SEKRETARIAT, actor=actor, reason=reason))


def take(assignment: Assignment, *, actor: User, reason: str) -> int:
    return access.revoke_origin(origin(assignment), actor=actor, reason=reason)


@transaction.atomic
def do_issue_activation_slips(secretariat: Secretariat, *, actor: User,
                              activate_url: str = "/akun/aktivasi/") -> list[access.Slip]:
    """One slip per active, set staff member: username and a new one-time code for an account not
    yet activated (earlier codes stop working), handed over with the penetapan."""
    ensure_can(actor, "secretariats.manage", secretariat)
    slips = []
    for a in (Assignment.objects.active().filter(secretariat=secretariat, penetapan__isnull=False)
              .select_related("employee", "position").order_by("position__order", "pk")):
        issued = access.slip_code(origin(a), actor=actor, region_code=secretariat.region_id)
        if issued is None:
            continue
        grant, code = issued
        user = grant.user
        slips.append(access.Slip(a.employee.name, str(secretariat), str(a.position), user.username, code))
    return slips

