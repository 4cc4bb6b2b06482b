"""Local time with its zone label in templates: ``{% load zones %}``.

``{{ moment|local_time:region_code }}`` → "14-02-2024 07:00 WIT" (the moment on the clock of the
region or TPS concerned; ``regions.timezones``); ``{% local_time moment region_code "d-m-Y H:i:s" %}``
with another format; ``{{ region_code|zone_label }}`` → "WITA".
"""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format

from pemilu.regions import timezones

register = template.Library()

DEFAULT_FORMAT = "d-m-Y H:i"


def format_local(moment: datetime.datetime | None, code: str, fmt: str = DEFAULT_FORMAT) -> str:
    """``moment`` on region ``code``'s clock, formatted, followed by its zone label."""
    if not isinstance(moment, datetime.datetime):
        return ""
    local = timezones.local_datetime(moment, code or "")
    return f"{date_format(local, fmt)} {timezones.zone_label(timezones.zone_for(code or ''), local)}"


@register.filter(expects_localtime=False)
def local_time(moment: datetime.datetime | None, code: str = "") -> str:
    return format_local(moment, str(code or ""))


@register.simple_tag(name="local_time")
def local_time_tag(moment: datetime.datetime | None, code: str = "", fmt: str = DEFAULT_FORMAT) -> str:
    return format_local(moment, str(code or ""), fmt)


@register.filter
def zone_label(code: str) -> str:
    return timezones.zone_label(timezones.zone_for(str(code or "")))
