"""PEMILU_TODAY (issue 20 item 5): one ``core.clock.today()`` read by every stage guard and
deadline; the real clock without it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from pemilu.core import clock

SRC = Path(__file__).resolve().parents[2]
# What reads "today" without the setting: the patterns the issue names, and Django's local date.
RAW_TODAY = re.compile(r"date\.today\(\)|timezone\.localdate\(\)|timezone\.now\(\)\.date\(\)|localdate\(\)")


def test_it_uses_the_real_clock_without_the_setting() -> None:
    with override_settings(PEMILU_TODAY=None):
        assert clock.fixed_day() is None
        assert abs((clock.today() - datetime.datetime.now(datetime.UTC).date()).days) <= 1


def test_it_fixes_the_day_of_every_guard_and_deadline(db) -> None:
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality.actions import today_for
    from pemilu.regions import timezones
    from pemilu.schedule import queries

    day = datetime.date(2024, 2, 19)
    with override_settings(PEMILU_TODAY="2024-02-19"):
        election = get_or_create_pemilu_2024()
        assert clock.today() == day
        assert timezones.local_day("91.71") == day          # WIT: the same fixed day
        assert queries.local_date(election, region_code="12.76") == day
        assert today_for(election, "12.76") == day
        assert clock.now().date() == day
        from pemilu.accounts.actions import get_system_user
        from pemilu.schedule.actions import do_load_builtin_schedule

        do_load_builtin_schedule("pemilu-2024", actor=get_system_user(), reason="test")
        assert queries.is_open(election, "rekap-kecamatan", region_code="12.76.01")
        assert not queries.is_open(election, "pemungutan-suara")
    with override_settings(PEMILU_TODAY=None):
        assert not queries.is_open(election, "rekap-kecamatan", region_code="12.76.01")   # 2024 is past


def test_a_role_ends_on_the_fixed_day(db) -> None:
    from pemilu.accounts.models import RoleAssignment
    from pemilu.accounts.permissions import user_scopes
    from pemilu.testing.factories import make_regions, make_user

    make_regions()
    user = make_user("kpps_x", "kpps", "12.76.01.1006.001")
    RoleAssignment.objects.filter(user=user).update(ends_on=datetime.date(2024, 2, 25))
    with override_settings(PEMILU_TODAY="2024-02-19"):
        assert [s.role for s in user_scopes(user)] == ["kpps"]
    if hasattr(user, "_pemilu_scopes"):  # the scopes user_scopes kept on the instance
        delattr(user, "_pemilu_scopes")
    with override_settings(PEMILU_TODAY="2024-02-26"):
        assert user_scopes(user) == []


def test_it_refuses_a_malformed_day() -> None:
    with pytest.raises(ImproperlyConfigured):
        clock.parse_day("19-02-2024")
    assert clock.parse_day("") is None
    assert clock.parse_day(datetime.date(2024, 2, 19)) == datetime.date(2024, 2, 19)


def test_no_guard_reads_the_day_past_the_clock() -> None:
    """Every "today" in the source goes through core.clock (tests and the clock itself aside)."""
    found = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "clock.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if RAW_TODAY.search(line):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert found == []
