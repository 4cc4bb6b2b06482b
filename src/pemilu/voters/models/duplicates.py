"""The duplicates review queue (issue 22 item 4): candidate pairs found by a duplicate search, each
decided by the PPS or KPU with a reason. Nothing is merged or removed: a pair decided ``ganda``
names the record that is the duplicate, which is then recorded as not eligible (TMS, reason
``ganda``) through the coklit, or — once its desa's list is compiled — stays flagged on the pair.

A pair inside one kab/kota holds both voters and is filed under their nearest common region (the
desa when both live there, else the kecamatan, else the kab/kota). A match across kab/kota is found
on keyed hashes only (``duplicates.py``): each office gets one row for its own voter, naming only the
other kab/kota (``other_region``), never the other voter.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pemilu.core.scope import ScopedModel, region_key


class DuplicateKind(models.TextChoices):
    IDENTICAL = "identik", _("Ganda identik (NIK sama)")
    POTENTIAL = "potensi", _("Potensi ganda")


class DuplicateStatus(models.TextChoices):
    OPEN = "terbuka", _("Belum diputuskan")
    DUPLICATE = "ganda", _("Ganda")
    DISTINCT = "bukan_ganda", _("Bukan ganda")


class SearchState(models.TextChoices):
    QUEUED = "queued", _("menunggu giliran")
    RUNNING = "running", _("mencari")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")


class DuplicateSearch(ScopedModel):
    """One run of the duplicate search over an election's voters in a region (a background job,
    ``tasks.run_duplicate_search``), with its counts."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    region = region_key(_("wilayah"))
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=SearchState.choices, default=SearchState.QUEUED)
    voters = models.PositiveIntegerField(default=0)
    identical = models.PositiveIntegerField(default=0)  # new pairs of each kind
    potential = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pencarian data ganda")
        verbose_name_plural = _("pencarian data ganda")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.region_id} ({self.state})"


class DuplicatePair(ScopedModel):
    """A candidate pair in the review queue. ``voter_b`` is empty for a match across kab/kota
    (``other_region`` names the other kab/kota, nothing else of it is known here)."""

    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    search = models.ForeignKey(DuplicateSearch, null=True, blank=True, on_delete=models.PROTECT, related_name="pairs")
    kind = models.CharField(_("jenis"), max_length=8, choices=DuplicateKind.choices)
    score = models.FloatField(_("skor"))  # 0..1; 1 for the same NIK
    voter_a = models.ForeignKey("voters.Voter", on_delete=models.PROTECT, related_name="+")
    voter_b = models.ForeignKey("voters.Voter", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    other_region = models.ForeignKey("regions.Region", to_field="code", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("kab/kota lain"))
    status = models.CharField(_("status"), max_length=12, choices=DuplicateStatus.choices,
                              default=DuplicateStatus.OPEN)
    duplicate = models.ForeignKey("voters.Voter", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("data yang ganda"))
    reason = models.TextField(_("alasan"), blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pasangan data ganda")
        verbose_name_plural = _("pasangan data ganda")
        ordering = ["status", "-score", "id"]
        indexes = [models.Index(fields=["election", "status"], name="dup_pair_election_status")]
        constraints = [
            models.UniqueConstraint(fields=["voter_a", "voter_b"], condition=models.Q(voter_b__isnull=False),
                                    name="dup_pair_once"),
            models.UniqueConstraint(fields=["voter_a", "other_region", "kind"],
                                    condition=models.Q(other_region__isnull=False), name="dup_pair_across_once"),
            models.CheckConstraint(condition=models.Q(voter_b__isnull=True) | models.Q(voter_a__lt=models.F("voter_b")),
                                   name="dup_pair_ordered"),
            models.CheckConstraint(condition=models.Q(voter_b__isnull=False) | models.Q(other_region__isnull=False),
                                   name="dup_pair_has_other"),
            models.CheckConstraint(condition=models.Q(status="terbuka") | ~models.Q(reason=""),
                                   name="dup_pair_decision_has_reason"),
        ]

    def __str__(self) -> str:
        other = self.voter_b_id if self.voter_b_id else self.other_region_id
        return f"{self.voter_a_id} ~ {other} ({self.kind})"
