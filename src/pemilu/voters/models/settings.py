"""Per-election settings of the voter list: the TPS cap of the mapping (issue 22 item 5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# PKPU 7/2022 Pasal 15(3): at most 300 voters per TPS in Pemilu 2024 (UU 7/2017 Pasal 350(1) allows
# 500); Pilkada 2024 mapped up to 600 (UU Pilkada allows 800). domain.md §3.
DEFAULT_TPS_CAP = 300


class VoterSettings(models.Model):
    """The voter-list settings of one election; an election without a row uses the defaults."""

    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE, related_name="voter_settings")
    tps_cap = models.PositiveIntegerField(_("pemilih paling banyak per TPS"), default=DEFAULT_TPS_CAP,
                                          help_text=_("TPS lokasi khusus dikecualikan"))

    class Meta:
        verbose_name = _("pengaturan daftar pemilih")
        verbose_name_plural = _("pengaturan daftar pemilih")
        constraints = [models.CheckConstraint(condition=models.Q(tps_cap__gte=1), name="voter_settings_cap_positive")]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.tps_cap}"
