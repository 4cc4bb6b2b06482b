"""Stage guards for actions: a write outside its stage's window fails with a translated
StageClosedError naming the stage and its window."""

from __future__ import annotations

import datetime
import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pemilu.core.exceptions import StageClosedError
from pemilu.elections.models import Election
from pemilu.schedule import queries

P = ParamSpec("P")
R = TypeVar("R")


def format_day(day: datetime.date) -> str:
    """'11 Desember 2023' (or '11 December 2023' in English)."""
    return date_format(day, "j F Y")


def stage_name(stage: Any) -> str:
    lang = (get_language() or "id")[:2]
    return str(stage.name_en if lang == "en" and stage.name_en else stage.name_id)


def ensure_stage_open(election: Election, stage_code: str,
                      when: datetime.date | datetime.datetime | None = None, *, region_code: str = "") -> None:
    stage = queries.get_stage(election, stage_code, region_code=region_code)
    # The stage's days are the region's own calendar days (WIB/WITA/WIT, or abroad the country's).
    day = queries.local_date(election, when, region_code=region_code)
    if stage is None:
        raise StageClosedError(_("Tahapan \"{stage}\" belum dijadwalkan untuk {election}.")
                               .format(stage=stage_code, election=election.name))
    if stage.start is None or stage.end is None:
        raise StageClosedError(_("Tahapan \"{stage}\" belum memiliki tanggal tetap ({depends}).")
                               .format(stage=stage_name(stage), depends=stage.depends_on or "-"))
    if not stage.start <= day <= stage.end:
        raise StageClosedError(
            _("Tahapan \"{stage}\" tidak dibuka pada {day}; jadwalnya {start} s.d. {end}.").format(
                stage=stage_name(stage), day=format_day(day), start=format_day(stage.start),
                end=format_day(stage.end)))


def _election_of(value: Any) -> Election:
    if isinstance(value, Election):
        return value
    if isinstance(value, str):
        return Election.objects.get(code=value)
    election = getattr(value, "election", None)
    if isinstance(election, Election):
        return election
    raise TypeError(f"requires_stage: cannot read an election from {value!r}")


def _region_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    code = getattr(value, "scope_code", None)
    return str(code if code is not None else value.code)


def requires_stage(stage_code: str, *, election_arg: str = "election",
                   region_arg: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator for ``do_*`` actions: the action runs only while ``stage_code`` is open today
    (on the clock of the region named by ``region_arg``: WIB, WITA or WIT) for that region.

    ``election_arg`` names an argument holding an Election, an election code, or an object with
    an ``.election``; ``region_arg`` one holding a region code or an object with ``.scope_code``.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        for name in filter(None, (election_arg, region_arg)):
            if name not in signature.parameters:
                raise TypeError(f"requires_stage: {func.__qualname__} has no argument {name!r}")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind_partial(*args, **kwargs)
            election = _election_of(bound.arguments.get(election_arg))
            region = _region_of(bound.arguments.get(region_arg)) if region_arg else ""
            ensure_stage_open(election, stage_code, region_code=region)
            return func(*args, **kwargs)

        wrapper.required_stage = stage_code  # type: ignore[attr-defined]
        return wrapper

    return decorate
