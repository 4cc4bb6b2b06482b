"""Per-election settings of the voter list: the TPS cap of the mapping (issue 22 item 5) and the
days the DPS stays announced for the public's responses (item 1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# PKPU 7/2022 Pasal 15(3): at most 300 voters per TPS in Pemilu 2024 (UU 7/2017 Pasal 350(1) allows
# 500); Pilkada 2024 mapped up to 600 (UU Pilkada allows 800). domain.md §3.
DEFAULT_TPS_CAP = 300
# The DPS is announced at the desa and open to the public's responses (masukan dan tanggapan) for at
# most 21 days from its announcement in Pemilu 2024: PKPU 7/2022 as applied by Keputusan KPU 27/2023
# (DPS set 5 April 2023, responses until 25 April 2023; KPU's national DPS recap of 18 April 2023).
# The article number of PKPU 7/2022 is UNCONFIRMED (read through press reports only: musinews.id,
# pekonsidoharjo.desa.id, April 2023). Pilkada 2024 announced its DPS for 10 days (e.g. 18–27 August
# 2024), hence per election.
DEFAULT_RESPONSE_DAYS = 21


class VoterSettings(models.Model):
    """The voter-list settings of one election; an election without a row uses the defaults."""

    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE, related_name="voter_settings")
    tps_cap = models.PositiveIntegerField(_("pemilih paling banyak per TPS"), default=DEFAULT_TPS_CAP,
                                          help_text=_("TPS lokasi khusus dikecualikan"))
    response_days = models.PositiveSmallIntegerField(
        _("lama pengumuman DPS (hari)"), default=DEFAULT_RESPONSE_DAYS,
        help_text=_("masa masukan dan tanggapan masyarakat sejak DPS diumumkan, hari pengumuman termasuk"))

    class Meta:
        verbose_name = _("pengaturan daftar pemilih")
        verbose_name_plural = _("pengaturan daftar pemilih")
        constraints = [models.CheckConstraint(condition=models.Q(tps_cap__gte=1), name="voter_settings_cap_positive"),
                       models.CheckConstraint(condition=models.Q(response_days__gte=1),
                                              name="voter_settings_response_days_positive")]

    def __str__(self) -> str:
        return f"{self.election_id}: {self.tps_cap}"
