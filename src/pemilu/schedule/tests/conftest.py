from __future__ import annotations

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.models import Election
from pemilu.schedule.actions import do_load_builtin_schedule


@pytest.fixture
def pemilu_2024(db: None) -> Election:
    return do_load_builtin_schedule("pemilu-2024", actor=get_system_user()).election
