"""The audit rows of the results actions no other test reads (issue 18 item 8): each action is
performed for real and its row checked."""

from __future__ import annotations

from pemilu.audit.models import AuditEvent
from pemilu.regions.models import Tps
from pemilu.results.actions import do_resolve_conflict, do_submit_result
from pemilu.results.models import Contest, EntryMode, Result, ResultStatus
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import Cast, make_user

TPS1 = "12.76.01.1006.001"


def test_setting_up_a_contest_is_audited(cast: Cast, ppwp: Contest) -> None:
    e = AuditEvent.objects.get(event_type="results.contest_created")
    assert (e.target_type, e.target_id, e.region_code) == ("results.contest", str(ppwp.pk), "")
    assert e.after is not None and [c["key"] for c in e.after["choices"]] == ["1", "2", "3"]


def _conflict(cast: Cast, contest: Contest) -> Result:
    set_mode(contest, EntryMode.DOUBLE)
    tps = Tps.objects.get(code=TPS1)
    do_submit_result(contest, tps, good_form(), actor=cast.kpps_a1)
    result = do_submit_result(contest, tps, good_form(a=48, c=39), actor=make_user("op2", "pps", "12.76.01.1006"))
    assert result.status == ResultStatus.CONFLICT
    return result


def test_keeping_one_of_two_disagreeing_entries_is_audited(cast: Cast, ppwp: Contest) -> None:
    result = do_resolve_conflict(_conflict(cast, ppwp), actor=cast.ppk_a1, keep_version=1, reason="sesuai plano")
    e = AuditEvent.objects.get(event_type="results.resolved")
    assert (e.actor_id, e.region_code, e.target_id, e.reason) == (cast.ppk_a1.pk, TPS1, str(result.pk),
                                                                  "sesuai plano")
    assert e.before == {"status": "conflict"}
    assert e.after is not None and (e.after["status"], e.after["kept_version"]) == ("accepted", 1)


def test_sending_a_form_back_is_audited(cast: Cast, ppwp: Contest) -> None:
    result = do_resolve_conflict(_conflict(cast, ppwp), actor=cast.ppk_a1, keep_version=None, reason="ulang")
    e = AuditEvent.objects.get(event_type="results.sent_back")
    assert (e.actor_id, e.region_code, e.target_id, e.reason) == (cast.ppk_a1.pk, TPS1, str(result.pk), "ulang")
    assert e.after is not None and e.after["status"] == "empty" and result.status == ResultStatus.EMPTY
    assert not AuditEvent.objects.filter(event_type="results.resolved").exists()
