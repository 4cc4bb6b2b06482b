from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.elections.models import Election


class Stage(models.Model):
    """One stage (tahapan) or sub-stage of an election's schedule, with an inclusive date window
    in the election's time zone.

    ``region_code`` "" is the national schedule. A row with a region code is a *local
    sub-schedule*: it overrides the row with the same ``code`` for that region's subtree (e.g. a
    kabupaten's own PPS registration window) and must lie inside the national window it refines.
    Stages whose dates are set elsewhere (DPRD oaths follow each body's end of term) have no dates
    and say what they depend on in ``depends_on``.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages",
                                 verbose_name=_("pemilu"))
    code = models.SlugField(_("kode"), max_length=60)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("bagian dari"))
    number = models.PositiveIntegerField(_("nomor"))
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    start = models.DateField(_("mulai"), null=True, blank=True)
    end = models.DateField(_("selesai"), null=True, blank=True)
    depends_on = models.CharField(_("disesuaikan dengan"), max_length=300, blank=True)
    region_code = models.CharField(_("wilayah"), max_length=20, blank=True, db_index=True)
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")
        ordering = ["election", "region_code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "region_code", "code"], name="schedule_stage_unique_code"),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True) | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="schedule_stage_end_not_before_start"),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__isnull=False, end__isnull=False),
                name="schedule_stage_both_dates_or_none"),
        ]

    def __str__(self) -> str:
        where = f" [{self.region_code}]" if self.region_code else ""
        return f"{self.number}. {self.name_id}{where}"

    @property
    def scope_code(self) -> str:
        return self.region_code

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1
