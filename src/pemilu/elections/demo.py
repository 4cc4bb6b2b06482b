from __future__ import annotations

import datetime
from collections.abc import Callable

from pemilu.accounts.models import User
from pemilu.elections.models import Election

PEMILU_2024 = "pemilu-2024"


def get_or_create_pemilu_2024() -> Election:
    # Voting day fixed by Keputusan KPU 21/2022: Wednesday 14 February 2024.
    election, _ = Election.objects.get_or_create(
        code=PEMILU_2024,
        defaults={"name": "Pemilihan Umum 2024", "voting_day": datetime.date(2024, 2, 14)})
    return election


def load(actor: User, out: Callable[[str], None]) -> None:
    election = get_or_create_pemilu_2024()
    out(f"Pemilu: {election.name} (pemungutan suara {election.voting_day:%d-%m-%Y})")
