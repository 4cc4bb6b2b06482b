"""The audit rows of a secretariat's office details and a forwarded proposal (issue 18 item 8):
the real actions, their rows checked."""

from __future__ import annotations

import datetime

from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.secretariats import actions
from pemilu.secretariats.models import Secretariat
from pemilu.testing.factories import Cast


def test_the_office_details_are_audited_before_and_after(cast: Cast, election: Election,
                                                         formed: dict[str, Secretariat]) -> None:
    sec = formed["12.76.01.1006"]
    previous = sec.office_name
    actions.do_update_office(sec, actor=cast.kpu_staff_a, office_name="Kantor Kelurahan Persiakan",
                             address="Jl. Contoh 1", phone="0621-21000", email="pps@example.id")
    e = AuditEvent.objects.get(event_type="secretariats.office_updated")
    assert (e.actor_id, e.region_code, e.target_id) == (cast.kpu_staff_a.pk, "12.76.01.1006", str(sec.pk))
    assert e.before is not None and e.before["office_name"] == previous != "Kantor Kelurahan Persiakan"
    assert e.after == {"office_name": "Kantor Kelurahan Persiakan", "address": "Jl. Contoh 1", "phone": "0621-21000",
                       "email": "pps@example.id"}


def test_forwarding_a_proposal_to_the_lurah_is_audited(cast: Cast, election: Election,
                                                       formed: dict[str, Secretariat],
                                                       register: dict[str, AsnEmployee]) -> None:
    sec = formed["12.76.01.1006"]
    actions.do_propose(sec, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    actions.do_propose(sec, "staf", register["sri"], actor=cast.kpu_staff_a)
    assert actions.do_forward(sec, actor=cast.kpu_staff_a, on=datetime.date(2023, 1, 9)) == 2
    e = AuditEvent.objects.get(event_type="secretariats.proposal_forwarded")
    assert (e.actor_id, e.region_code, e.target_id) == (cast.kpu_staff_a.pk, "12.76.01.1006", str(sec.pk))
    assert e.after == {"candidates": 2, "forwarded_on": "2023-01-09"}
