"""Small seat-allocation inputs for tests (built through the real action)."""

from __future__ import annotations

from typing import Any

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.inputs import DapilVotes
from pemilu.seats.models import AllocationRun, SeatContestKind

# A DPRD Kota Tebing Tinggi-style contest: two dapil; dapil 2 has a deciding tie (B = C).
CLEAN = [DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000, "B": 600, "C": 250}),
         DapilVotes("1276-2", "Tebing Tinggi 2", 2, {"A": 500, "B": 300, "C": 310})]
TIED = [DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000, "B": 600, "C": 250}),
        DapilVotes("1276-2", "Tebing Tinggi 2", 2, {"A": 500, "B": 300, "C": 300})]


def make_run(actor: Any, dapils: list[DapilVotes] | None = None, **kwargs: Any) -> AllocationRun:
    run, _created = do_allocate_seats(get_or_create_pemilu_2024(), dapils or CLEAN, actor=actor,
                                      contest_kind=kwargs.pop("contest_kind", SeatContestKind.DPRD_KABKOTA),
                                      region_code=kwargs.pop("region_code", "12.76"), **kwargs)
    return run
