"""The audit rows of the adhoc actions no other test reads (issue 18 item 8): each action is
performed for real and its row checked — type, actor, region, target and what it records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from pemilu.adhoc import actions
from pemilu.adhoc.models import Applicant, ExtensionKind, PartyMembership, ServiceRecord
from pemilu.adhoc.tests.conftest import register
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast

PERSIAKAN = "12.76.01.1006"


def _only(event_type: str) -> AuditEvent:
    return AuditEvent.objects.get(event_type=event_type)


def test_the_rules_and_eligibility_settings_are_audited(cast: Cast, election: Election, kpu_ri: Any) -> None:
    config = actions.do_set_body_rules(election, "pps", actor=kpu_ri, min_registrants_factor=1)
    e = _only("adhoc.rules_set")
    assert (e.actor_id, e.target_id, e.region_code) == (kpu_ri.pk, str(config.pk), "")
    assert e.after is not None and e.after["min_registrants_factor"] == 1
    rule = actions.do_set_eligibility_rule(election, "pps", "age_min", actor=kpu_ri, params={"years": 21},
                                           citation="amandemen (uji)")
    e = _only("adhoc.eligibility_rule_set")
    assert (e.actor_id, e.target_id) == (kpu_ri.pk, str(rule.pk))
    assert e.after is not None and e.after["params"]["years"] == 21 and e.after["citation"] == "amandemen (uji)"


def test_the_party_and_service_lists_are_audited_without_their_niks(cast: Cast, kpu_ri: Any) -> None:
    nik = "1276010101900001"
    raw = f"nik,partai,nama\n{nik},Partai Uji,Ani\n".encode()
    assert actions.do_import_party_members(raw, actor=kpu_ri, filename="partai.csv") == 1
    e = _only("adhoc.party_list_imported")
    assert e.actor_id == kpu_ri.pk and e.after is not None
    assert (e.after["file"], e.after["rows"]) == ("partai.csv", 1) and PartyMembership.objects.count() == 1
    raw = f"nik,badan,periode\n{nik},pps,2019\n".encode()
    assert actions.do_import_service_history(raw, actor=kpu_ri, filename="riwayat.csv") == 1
    e = _only("adhoc.service_history_imported")
    assert e.after is not None and (e.after["file"], e.after["rows"]) == ("riwayat.csv", 1)
    assert ServiceRecord.objects.count() == 1
    assert not AuditEvent.objects.filter(after__icontains=nik).exists()


def test_re_evaluation_reopening_and_withdrawal_are_audited(cast: Cast, rec: Any) -> None:
    staff = cast.kpu_staff_a
    a = register(rec, staff)
    counts = actions.do_evaluate(rec, actor=staff)
    e = _only("adhoc.eligibility_evaluated")
    assert (e.actor_id, e.region_code, e.target_id, e.after) == (staff.pk, "12.76", str(rec.pk), counts)
    area = rec.areas.get(code=PERSIAKAN)
    actions.do_extend(area, actor=staff, new_end=datetime.date(2023, 1, 5), reason="pendaftar kurang",
                      kind=ExtensionKind.REOPEN)
    e = _only("adhoc.registration_reopened")
    assert (e.region_code, e.target_id, e.reason) == (PERSIAKAN, str(area.pk), "pendaftar kurang")
    assert e.after == {"registration_end": "2023-01-05", "extensions": 1}
    actions.do_withdraw(a, actor=staff, reason="pindah ke PPK")
    e = _only("adhoc.applicant_withdrawn")
    assert (e.region_code, e.target_id, e.reason, e.after) == (PERSIAKAN, str(a.pk), "pindah ke PPK",
                                                                {"status": "withdrawn"})
    assert Applicant.objects.get(pk=a.pk).status == "withdrawn"


def test_a_score_set_by_hand_is_audited(cast: Cast, rec: Any) -> None:
    staff = cast.kpu_staff_a
    people = [register(rec, staff, area_code=code, domicile_code=code)
              for code, n in ((PERSIAKAN, 6), ("12.76.01.1007", 6), ("12.76.04.1002", 6)) for _ in range(n)]
    actions.do_close_registration(rec, actor=staff)
    actions.do_verify_eligible(rec, actor=staff)
    actions.do_announce_admin(rec, actor=staff)
    first = Applicant.objects.get(pk=people[0].pk)
    actions.do_set_score(first, actor=staff, which="written", value=Decimal("81.5"))
    e = _only("adhoc.written_score_set")
    assert (e.actor_id, e.region_code, e.target_id) == (staff.pk, PERSIAKAN, str(first.pk))
    assert e.after is not None and Decimal(str(e.after["written_score"])) == Decimal("81.5")
    others = "nik,nilai\n" + "".join(f"{p.nik},70\n" for p in people[1:])
    actions.do_import_scores(rec, others.encode(), actor=staff, which="written", filename="cat.csv")
    actions.do_announce_written(rec, actor=staff)
    first.refresh_from_db()
    actions.do_set_score(first, actor=staff, which="interview", value=Decimal("77"))
    e = _only("adhoc.interview_score_set")
    assert (e.region_code, e.target_id) == (PERSIAKAN, str(first.pk))
    assert e.after is not None and Decimal(str(e.after["interview_score"])) == Decimal("77")
