"""Every page and API operation of the voter list climbs the permission ladder.

Each area (flow, tps, duplicates, privacy, people) lists its endpoints here and the ids its URLs
name in ``_ids`` (placeholders filled per run)."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill
<<<<<<< HEAD
from pemilu.voters.tests import ladder_duplicates, ladder_privacy

UNSCOPED: dict[str, str] = {**ladder_privacy.UNSCOPED}
NOT_APPLICABLE: dict[str, dict[str, str]] = {}

ENDPOINTS: list[Endpoint] = [*ladder_duplicates.ENDPOINTS, *ladder_privacy.ENDPOINTS]


def _ids(cast: Cast) -> dict[str, Any]:
    # privacy first: it compiles its desa's lists before the duplicates' extra voters arrive
    return {**ladder_privacy.ids(cast), **ladder_duplicates.duplicate_ids(cast)}
=======
from pemilu.voters.tests import ladder_coklit

UNSCOPED: dict[str, str] = {}
NOT_APPLICABLE: dict[str, dict[str, str]] = {**ladder_coklit.NOT_APPLICABLE}

ENDPOINTS: list[Endpoint] = [*ladder_coklit.ENDPOINTS]


def _ids(cast: Cast) -> dict[str, Any]:
    return {**ladder_coklit.ids(cast)}
>>>>>>> d8c6c63 (voters: the Pantarlih's coklit page (phone, htmx), progress per Pantarlih, coklit API v1 (area voters, outcome, batch, new voter, progress), Tugas saya for Pantarlih; demo loader draft)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, endpoint: Endpoint, voter_key: str) -> None:
    climb(fill(endpoint, _ids(cast)), cast)
