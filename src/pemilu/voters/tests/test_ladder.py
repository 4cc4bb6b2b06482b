"""Every page and API operation of the voter list climbs the permission ladder.

Each area (flow, tps, duplicates, privacy, people) lists its endpoints here and the ids its URLs
name in ``_ids`` (placeholders filled per run)."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill
from pemilu.voters.tests import ladder_coklit, ladder_duplicates, ladder_flow, ladder_privacy
from pemilu.voters.tests.ladder_tps import TPS_ENDPOINTS, TPS_NOT_APPLICABLE, tps_ids

UNSCOPED: dict[str, str] = {**ladder_privacy.UNSCOPED, **ladder_flow.UNSCOPED}
NOT_APPLICABLE: dict[str, dict[str, str]] = {**ladder_coklit.NOT_APPLICABLE, **TPS_NOT_APPLICABLE}

ENDPOINTS: list[Endpoint] = [*ladder_duplicates.ENDPOINTS, *ladder_privacy.ENDPOINTS, *ladder_coklit.ENDPOINTS,
                             *TPS_ENDPOINTS, *ladder_flow.ENDPOINTS]


def _ids(cast: Cast, endpoint: Endpoint, settings: Any) -> dict[str, Any]:
    if endpoint in ladder_flow.ENDPOINTS:  # its own world, on a day inside Persiakan's response window
        return ladder_flow.flow_ids(cast, settings)
    if endpoint in TPS_ENDPOINTS:  # the mapping and DPTb: their own election, whose DPTb is open today
        return {**tps_ids(cast)}
    if endpoint in ladder_coklit.ENDPOINTS:  # the coklit needs its desa's lists not compiled yet
        return {**ladder_coklit.ids(cast)}
    # privacy first: it compiles its desa's lists before the duplicates' extra voters arrive
    return {**ladder_privacy.ids(cast), **ladder_duplicates.duplicate_ids(cast)}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_the_ladder(cast: Cast, endpoint: Endpoint, voter_key: str, settings: Any) -> None:
    climb(fill(endpoint, _ids(cast, endpoint, settings)), cast)
