"""Today and now for every stage guard and deadline (issue 20 item 5).

The real clock, unless ``settings.PEMILU_TODAY`` names a day (``YYYY-MM-DD``): then every stage
window, deadline, late flag, work period and role end date reads that day, so the demo runs inside
the election it shows (``python3 tasks.py demo`` sets it). Only the day is fixed: the time of day
stays the real one, and what records *when* something happened for the audit (audit rows, token
and activation-code expiry) keeps the real clock. ``core/tests/test_clock.py`` fails on a
``date.today()``, ``timezone.localdate()`` or ``timezone.now().date()`` outside this module.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def parse_day(value: object) -> datetime.date | None:
    """``PEMILU_TODAY`` as a date: '' / None = the real clock; a date or ``YYYY-MM-DD``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ImproperlyConfigured(f"PEMILU_TODAY must be a date YYYY-MM-DD, got {value!r}") from None


def fixed_day() -> datetime.date | None:
    """The day ``PEMILU_TODAY`` fixes, or None on the real clock."""
    return parse_day(getattr(settings, "PEMILU_TODAY", None))


def today(zone: zoneinfo.ZoneInfo | None = None) -> datetime.date:
    """Today on ``zone``'s clock (the project's ``TIME_ZONE`` by default), or ``PEMILU_TODAY``."""
    fixed = fixed_day()
    if fixed is not None:
        return fixed
    return timezone.localdate(timezone.now(), zone) if zone is not None else timezone.localdate()


def now() -> datetime.datetime:
    """This moment; with ``PEMILU_TODAY``, the real time of day on that day (``TIME_ZONE``), for
    the domain facts dated by the day they happen (a plenary's lock)."""
    moment = timezone.now()
    fixed = fixed_day()
    if fixed is None:
        return moment
    local = timezone.localtime(moment)
    return local.replace(year=fixed.year, month=fixed.month, day=fixed.day)
