from __future__ import annotations

import pytest

from pemilu.accounts.models import User
from pemilu.candidacy import dpd_actions
from pemilu.candidacy.models import DpdProvince
from pemilu.candidacy.tests.world import KEY, World, make_world
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.testing.factories import Cast, make_user


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Candidates' NIKs are stored as keyed hash + sealed copy under PEMILU_VOTER_KEY."""
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


@pytest.fixture
def world(cast: Cast, voter_key: str) -> World:
    return make_world(cast)


@pytest.fixture
def kpu_prov(cast: Cast) -> User:
    """KPU Provinsi Sumatera Utara, which runs the province's DPD support."""
    return make_user("kpu_prov_12", "kpu_admin", "12")


@pytest.fixture
def province(kpu_prov: User) -> DpdProvince:
    # A small DPT (the band up to 1 million: 1,000 supporters); Sumatera Utara's real DPT is larger.
    return dpd_actions.do_set_dpd_province(get_or_create_pemilu_2024(), Region.objects.get(code="12"), dpt=900_000,
                                           dpt_source="uji", actor=kpu_prov)
