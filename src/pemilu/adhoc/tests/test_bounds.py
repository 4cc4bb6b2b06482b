"""Dates and steps that must keep their order (issue 17 item 8): an SK cannot be dated after
today, a PAW cannot be dated before the SK that appointed the member, and registration closes
before its deadline only with a reason."""

from __future__ import annotations

import datetime

import pytest

from pemilu.adhoc import actions, queries
from pemilu.adhoc.models import Applicant, Outcome, Recruitment, RecruitmentStatus, Replacement
from pemilu.adhoc.tests.conftest import register
from pemilu.audit.models import AuditEvent
from pemilu.core.bounds import BoundError
from pemilu.core.exceptions import TransitionBlocked
from pemilu.testing.factories import Cast


def _inaugurated(cast: Cast, rec: Recruitment) -> Applicant:
    people = [register(rec, cast.kpu_staff_a, docs=False) for _i in range(4)]
    for rank, a in enumerate(people, start=1):
        Outcome.objects.filter(applicant=a).update(final_rank=rank, selection="member" if rank <= 3 else "reserve")
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.INAUGURATED,
                                                 sk_date=datetime.date(2023, 1, 16))
    return Applicant.objects.get(pk=people[1].pk)


def test_a_paw_dated_before_the_sk_or_after_today_is_refused(cast: Cast, rec: Recruitment) -> None:
    leaving = _inaugurated(cast, rec)
    today = queries.today(rec.election)
    start = AuditEvent.objects.count()
    for day, words in ((datetime.date(2023, 1, 15), "sebelum tanggal SK"),
                       (today + datetime.timedelta(days=1), "setelah hari ini")):
        with pytest.raises(BoundError, match=words) as exc:
            actions.do_replace(leaving, actor=cast.kpu_staff_a, reason="resigned", detail="surat pengunduran diri",
                               decided_on=day)
        assert exc.value.field == "decided_on" and exc.value.status == 400
    assert not Replacement.objects.exists() and AuditEvent.objects.count() == start
    leaving.refresh_from_db()
    assert leaving.status == "active"
    rep = actions.do_replace(leaving, actor=cast.kpu_staff_a, reason="resigned", detail="surat pengunduran diri",
                             decided_on=datetime.date(2023, 1, 16))  # the SK's own day is allowed
    assert rep.pk


def test_an_sk_dated_after_today_is_refused(cast: Cast, rec: Recruitment) -> None:
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.RANKED)
    future = queries.today(rec.election) + datetime.timedelta(days=400)
    with pytest.raises(TransitionBlocked) as exc:
        actions.do_appoint(rec, actor=cast.kpu_staff_a, sk_number="12/PP.04.2-Kpt/1276/2027", sk_date=future)
    assert "sk_date" in {b.code for b in exc.value.blockers}
    assert "tanggal SK tidak boleh setelah hari ini" in exc.value.message
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.RANKED and rec.sk_date is None


def test_closing_registration_before_its_deadline_needs_a_reason(cast: Cast, rec: Recruitment) -> None:
    end = queries.today(rec.election) + datetime.timedelta(days=10)
    Recruitment.objects.filter(pk=rec.pk).update(registration_end=end)
    rec.areas.update(registration_end=end)
    with pytest.raises(TransitionBlocked) as exc:
        actions.do_close_registration(rec, actor=cast.kpu_staff_a)
    assert "deadline" in {b.code for b in exc.value.blockers}
    assert end.strftime("%d-%m-%Y") in exc.value.message and "alasan" in exc.value.message
    # With a reason the deadline no longer blocks (the areas' too-few-registrants blockers still do).
    with pytest.raises(TransitionBlocked) as exc:
        actions.do_close_registration(rec, actor=cast.kpu_staff_a, early_reason="putusan rapat pleno 3/2022")
    assert "deadline" not in {b.code for b in exc.value.blockers}
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.REGISTRATION
