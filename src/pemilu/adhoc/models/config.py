"""Per-election rules of the ad hoc bodies: seats, thresholds, eligibility rules as data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.adhoc import rules


class BodyRules(models.Model):
    """Per election and body: seats and the thresholds of the pipeline (domain brief §1.3–1.4)."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="adhoc_rules",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=9, choices=rules.Body.choices)
    seats = models.PositiveSmallIntegerField(_("jumlah anggota per badan"))
    min_registrants_factor = models.PositiveSmallIntegerField(_("faktor minimal pendaftar"), default=2)
    written_pass_factor = models.PositiveSmallIntegerField(_("faktor lulus tes tertulis"), default=3)
    # No interview (KPPS 2023-24, KPT 1669/2023): the final ranking follows the tie-break chain alone.
    interview = models.BooleanField(_("wawancara"), default=True, db_default=True)
    ranked_factor = models.PositiveSmallIntegerField(_("faktor peringkat akhir"), default=2)
    extension_days = models.PositiveSmallIntegerField(_("lama perpanjangan (hari)"), default=3)
    max_extensions = models.PositiveSmallIntegerField(_("perpanjangan paling banyak"), default=2)
    women_target_pct = models.PositiveSmallIntegerField(_("keterwakilan perempuan (%)"), default=30)
    tie_breaks = models.CharField(_("urutan penentu peringkat"), max_length=200,
                                  default=",".join(rules.DEFAULT_TIE_BREAKS))
    max_upload_bytes = models.PositiveIntegerField(_("batas ukuran berkas (byte)"), default=2 * 1024 * 1024)

    class Meta:
        verbose_name = _("aturan pembentukan badan adhoc")
        verbose_name_plural = _("aturan pembentukan badan adhoc")
        constraints = [models.UniqueConstraint(fields=["election", "body"], name="adhoc_body_rules_unique")]

    def __str__(self) -> str:
        return f"{self.election} {self.get_body_display()}: {self.seats}"

    @property
    def chain(self) -> tuple[str, ...]:
        return rules.parse_tie_breaks(self.tie_breaks, interview=self.interview)


class EligibilityRule(models.Model):
    """One eligibility rule as data: evaluator kind, parameters, the regulation cited."""

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="adhoc_eligibility",
                                 verbose_name=_("pemilu"))
    body = models.CharField(_("badan"), max_length=9, choices=rules.Body.choices)
    kind = models.CharField(_("jenis"), max_length=20, choices=[(k.value, k.value) for k in rules.Kind])
    name = models.CharField(_("syarat"), max_length=200)
    citation = models.CharField(_("dasar hukum"), max_length=200)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    enabled = models.BooleanField(_("berlaku"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("syarat calon")
        verbose_name_plural = _("syarat calon")
        ordering = ["election", "body", "position"]
        constraints = [models.UniqueConstraint(fields=["election", "body", "kind"], name="adhoc_rule_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})"

    @property
    def bit(self) -> int:
        return rules.BITS[rules.Kind(self.kind)]

    @property
    def params_in_words(self) -> str:
        from pemilu.adhoc.wording import describe_params

        return describe_params(self.kind, self.params)
