"""Eligibility on a voting day (issue 22 item 2): pure, typed, with the reason shown.

UU 7/2017 Pasal 198(1): a citizen who is 17 on voting day, or is or has been married, has the right
to vote; Pasal 200: active TNI soldiers and Polri members do not use it. The other reasons a voter
is not on the list (deceased, duplicate, moved, …) come from the coklit (``NotEligibleReason``).
Each election (a contest's election) has its own voting day, so the same person can be eligible for
Pilkada 2024 (27 Nov 2024) and not for Pemilu 2024 (14 Feb 2024).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pemilu.voters.rules import age_on

ADULT_AGE = 17
MARRIED = ("S", "P")  # sudah / pernah kawin


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    code: str  # "umur", "kawin", "di_bawah_umur", or the coklit's reason ("tni", "polri", "meninggal", …)
    reason: str  # one sentence in the request's language


def latest_birth_date(voting_day: datetime.date) -> datetime.date:
    """The latest birth date of someone who is 17 on ``voting_day`` (29 Feb → 28 Feb in a common year)."""
    year = voting_day.year - ADULT_AGE
    try:
        return voting_day.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def eligibility(birth_date: datetime.date, marital: str, voting_day: datetime.date, *,
                not_eligible_reason: str = "", reason_label: str = "") -> Eligibility:
    """Whether a voter may vote on ``voting_day``, and why. ``not_eligible_reason`` is the coklit's
    TMS reason (``tni``, ``polri``, ``meninggal``, …; ``reason_label`` its words), which wins."""
    day = date_format(voting_day, "j F Y")
    if not_eligible_reason:
        return Eligibility(False, not_eligible_reason,
                           _("Tidak memenuhi syarat: {reason}").format(reason=reason_label or not_eligible_reason))
    age = age_on(birth_date, voting_day)
    if age >= ADULT_AGE:
        return Eligibility(True, "umur", _("Berumur {age} tahun pada {day}").format(age=age, day=day))
    if marital in MARRIED:
        return Eligibility(True, "kawin", _("Berumur {age} tahun pada {day}, sudah atau pernah kawin")
                           .format(age=age, day=day))
    return Eligibility(False, "di_bawah_umur", _("Belum berumur 17 tahun pada {day} dan belum pernah kawin")
                       .format(day=day))
