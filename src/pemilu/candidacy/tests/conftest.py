from __future__ import annotations

import pytest

from pemilu.candidacy.tests.world import KEY, World, make_world
from pemilu.testing.factories import Cast


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Candidates' NIKs are stored as keyed hash + sealed copy under PEMILU_VOTER_KEY."""
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


@pytest.fixture
def world(cast: Cast, voter_key: str) -> World:
    return make_world(cast)
