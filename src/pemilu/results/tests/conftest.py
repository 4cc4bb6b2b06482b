from __future__ import annotations

from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Contest, ResultConfig
from pemilu.results.reference import config_for, do_setup_ppwp
from pemilu.testing.factories import Cast


@pytest.fixture
def ppwp(cast: Cast) -> Contest:
    election = get_or_create_pemilu_2024()
    return do_setup_ppwp(election, actor=get_system_user())


def set_mode(contest: Contest, mode: str) -> ResultConfig:
    config = config_for(contest.election)
    config.entry_mode = mode
    config.save()  # the save bumps the reference cache's generation (core/cache.py)
    return config


def good_form(a: int = 47, b: int = 85, c: int = 40, tidak_sah: int = 6) -> dict[str, Any]:
    """TPS 001 Persiakan as Sirekap read it, completed with a consistent ballot section."""
    sah = a + b + c
    total = sah + tidak_sah
    return {
        "dpt_l": 118, "dpt_p": 115, "dpt_j": 233,
        "pengguna_dpt_l": 85, "pengguna_dpt_p": 92, "pengguna_dpt_j": 177,
        "pengguna_dptb_l": 0, "pengguna_dptb_p": 0, "pengguna_dptb_j": 0,
        "pengguna_dpk_l": 0, "pengguna_dpk_p": total - 177, "pengguna_dpk_j": total - 177,
        "pengguna_total_l": 85, "pengguna_total_p": total - 85, "pengguna_total_j": total,
        "disabilitas_l": 1, "disabilitas_p": 0, "disabilitas_j": 1,
        "ss_diterima": 238, "ss_rusak": 1, "ss_tidak_digunakan": 238 - 1 - total, "ss_digunakan": total,
        "suara_sah": sah, "suara_tidak_sah": tidak_sah, "suara_total": total,
        "votes": {"1": a, "2": b, "3": c},
    }
