from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[4]
# CI places shared/ beside the clone: <repo>/../shared/data (PEMILU_SHARED_DATA overrides, e.g. in
# a git worktree that lives one level deeper).
SHARED = Path(os.environ.get("PEMILU_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED / "dpr2024_dapil_votes.csv").exists():
        pytest.skip(f"shared data not found at {SHARED} (CI places shared/ beside the clone; "
                    "or set PEMILU_SHARED_DATA)")
    return SHARED


@pytest.fixture(autouse=True)
def synthetic_magnitudes(settings: Any) -> None:
    """The allocation tests use small synthetic dapil (1 or 2 seats) to exercise the arithmetic;
    the statute's seats-per-dapil range (UU 7/2017 Pasal 187, 189, 192) is configurable and is
    widened for them here. ``test_magnitude.py`` sets the statutory ranges back and tests them."""
    settings.PEMILU_DAPIL_MAGNITUDE = {"DPR": [1, 100], "DPRD_PROV": [1, 100], "DPRD_KABKOTA": [1, 100]}
