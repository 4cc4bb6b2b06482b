from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("zona waktu tidak dikenal: {tz}").format(tz=value))


class Election(models.Model):
    """One election event (e.g. Pemilu 2024). Schedules, ad hoc bodies, contests, results and
    seat allocations all hang off an election."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    voting_day = models.DateField(_("hari pemungutan suara"))
    time_zone = models.CharField(_("zona waktu"), max_length=40, default="Asia/Jakarta",
                                 validators=[validate_time_zone])

    class Meta:
        verbose_name = _("pemilu")
        verbose_name_plural = _("pemilu")
        ordering = ["-voting_day"]

    def __str__(self) -> str:
        return self.name
