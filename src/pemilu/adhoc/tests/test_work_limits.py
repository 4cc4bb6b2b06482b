"""Issue 19 item 6: every body's planned term against its limits — PPK/PPS formed at the latest
6 months before voting and dissolved at the latest 2 months after (UU 7/2017 Pasal 51, 54 jo.
Perppu 1/2022); KPPS serve one month (PKPU 8/2022 Pasal 27); a re-vote extension is the one
stated exception."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pemilu.accounts.actions import get_system_user
from pemilu.adhoc import actions, queries, rules, terms
from pemilu.adhoc.models import Recruitment, RecruitmentStatus
from pemilu.elections.models import Election
from pemilu.schedule.actions import do_load_builtin_schedule, do_set_local_window
from pemilu.schedule.rules import add_months
from pemilu.testing.factories import PASSWORD, Cast

D = datetime.date
VOTE = D(2024, 2, 14)


@pytest.fixture
def scheduled(election: Election) -> Election:
    """The election with the builtin pemilu-2024 schedule (masa-kerja-kpps 25 Jan - 25 Feb 2024)."""
    return do_load_builtin_schedule("pemilu-2024", actor=get_system_user()).election


def test_a_kpps_plan_longer_than_its_legal_period_is_flagged() -> None:
    problems = terms.work_period_problems(rules.Body.KPPS, D(2023, 12, 1), D(2024, 4, 13), VOTE)
    assert len(problems) == 1 and "melebihi 1 bulan" in problems[0] and "PKPU 8/2022 Pasal 27" in problems[0]
    # The 2024 plan (KPT 1669/2023): 25 Jan - 25 Feb 2024, one month, voting day inside.
    assert terms.work_period_problems(rules.Body.KPPS, D(2024, 1, 25), D(2024, 2, 25), VOTE) == []
    # A term that misses voting day is no plan for a KPPS either.
    late = terms.work_period_problems(rules.Body.KPPS, D(2024, 2, 15), D(2024, 3, 1), VOTE)
    assert late == ["masa kerja 15-02-2024 s.d. 01-03-2024 tidak mencakup hari pemungutan suara 14-02-2024"]


def test_ppk_and_pps_limits_and_their_builtin_plans() -> None:
    assert terms.work_period_problems(rules.Body.PPK, D(2023, 1, 4), D(2024, 4, 4), VOTE) == []
    assert terms.work_period_problems(rules.Body.PPS, D(2023, 1, 17), D(2024, 4, 4), VOTE) == []
    # Formed 13 Aug 2023 is in time, 15 Aug is not (6 months before 14 Feb 2024 = 14 Aug 2023).
    assert terms.work_period_problems(rules.Body.PPK, D(2023, 8, 14), D(2024, 4, 14), VOTE) == []
    late = terms.work_period_problems(rules.Body.PPK, D(2023, 8, 15), D(2024, 4, 15), VOTE)
    assert len(late) == 2 and "kurang dari 6 bulan" in late[0] and "lebih dari 2 bulan" in late[1]
    # PPK/PPS have no one-month term: a long plan inside the window is fine.
    assert terms.work_period_problems(rules.Body.PPS, D(2022, 6, 14), D(2024, 4, 14), VOTE) == []


@given(st.dates(min_value=D(2023, 6, 1), max_value=D(2024, 2, 14)), st.integers(0, 120))
def test_kpps_term_is_flagged_exactly_when_longer_than_one_month(start: datetime.date, days: int) -> None:
    end = max(start + datetime.timedelta(days=days), VOTE)
    problems = terms.work_period_problems(rules.Body.KPPS, start, end, VOTE)
    too_long = end > add_months(start, 1)
    assert any("melebihi 1 bulan" in p for p in problems) == too_long


def test_the_limits_are_configurable(settings: Any, db: None) -> None:
    assert queries.work_limits("kpps").max_months == 1
    settings.PEMILU_ADHOC_WORK_LIMITS = {"kpps": {"max_months": 5}}
    limits = queries.work_limits("kpps")
    assert limits.max_months == 5 and limits.dissolved_months_after == 2
    assert terms.work_period_problems(rules.Body.KPPS, D(2023, 12, 1), D(2024, 4, 13), VOTE, limits) == []


@pytest.mark.django_db
def test_the_office_plan_and_recruitment_page_flag_a_long_kpps_plan(cast: Cast, scheduled: Election) -> None:
    election = scheduled
    staff = cast.kpu_staff_a
    do_set_local_window(election, "masa-kerja-kpps", "12.76", actor=cast.kpu_admin_a, start=D(2023, 12, 1),
                        end=D(2024, 4, 13), reason="rencana uji")
    plan = {row.body: row for row in queries.formation_plan(election, "12.76")}
    assert plan["kpps"].problems and "melebihi 1 bulan" in plan["kpps"].problems[0]
    assert plan["ppk"].problems == [] and plan["pps"].problems == []
    rec = actions.do_create_recruitment(election, "kpps", "12.76", actor=staff)
    assert (rec.work_start, rec.work_end) == (D(2023, 12, 1), D(2024, 4, 13))
    work = queries.work_period(rec)
    assert len(work.problems) == 1 and "melebihi 1 bulan" in work.problems[0]
    client = Client()
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(f"/adhoc/{rec.pk}/").content.decode()
    assert "melebihi 1 bulan" in page and 'id="term-limit"' in page
    assert "melebihi 1 bulan" in client.get("/adhoc/").content.decode()  # the office plan page


@pytest.mark.django_db
def test_a_revote_extension_is_the_stated_exception(cast: Cast, scheduled: Election) -> None:
    election = scheduled
    staff = cast.kpu_staff_a
    rec = actions.do_create_recruitment(election, "kpps", "12.76", actor=staff)
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.APPOINTED)
    rec.refresh_from_db()
    assert queries.work_period(rec).problems == []
    actions.do_extend_work(rec, actor=staff, kind="psu", new_end=D(2024, 3, 25), reason="PSU di seluruh TPS")
    rec.refresh_from_db()
    work = queries.work_period(rec)
    # Two months in office, but through a recorded re-vote extension: the plan stays within the law.
    assert work.current_end == D(2024, 3, 25) and work.planned_end == D(2024, 2, 25) and work.problems == []
