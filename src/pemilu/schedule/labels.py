"""How a stage and a day are named to people: '11 Desember 2023', the stage's name in the active
language. (The former ``guards.requires_stage`` decorator was wired into no action and was removed:
issue 18 item 2; the actions with a time window check it themselves, see docs/architecture.md.)"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language

from pemilu.schedule.models import Stage


def format_day(day: datetime.date) -> str:
    """'11 Desember 2023' (or '11 December 2023' in English)."""
    return date_format(day, "j F Y")


def stage_name(stage: Stage) -> str:
    lang = (get_language() or "id")[:2]
    return str(stage.name_en if lang == "en" and stage.name_en else stage.name_id)
