from __future__ import annotations

import os
from pathlib import Path

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
