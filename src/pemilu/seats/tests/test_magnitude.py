"""Seats per dapil checked before an allocation is stored (issue 19 item 8; UU 7/2017 Pasal 187,
189, 192): the statutory ranges, not the widened ones of the synthetic tests."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.core.exceptions import ImportFailed
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.seats import rules
from pemilu.seats.actions import do_allocate_seats
from pemilu.seats.inputs import read_dapil_votes
from pemilu.seats.models import AllocationRun
from pemilu.testing.factories import Cast

WIDE = ("dapil_code,dapil,seats,PKB,GERINDRA\n"
        "1201,SUMATERA UTARA I,10,1000,900\n"
        "1202,SUMATERA UTARA II,15,800,700\n")


@pytest.fixture
def statutory(settings: Any) -> None:
    settings.PEMILU_DAPIL_MAGNITUDE = {}


def test_a_votes_file_with_a_15_seat_dpr_dapil_is_refused(statutory: None, db: None) -> None:
    dapils = read_dapil_votes(WIDE.encode(), filename="votes.csv")
    with pytest.raises(ImportFailed) as exc:
        do_allocate_seats(get_or_create_pemilu_2024(), dapils, actor=get_system_user())
    assert "baris 3, kolom seats: dapil 1202: 15 kursi, di luar batas 3–10" in str(exc.value)
    assert "Pasal 187" in str(exc.value)
    assert not AllocationRun.objects.exists()


def test_dprd_dapil_may_hold_twelve_seats_but_not_thirteen(statutory: None, cast: Cast) -> None:
    election = get_or_create_pemilu_2024()
    twelve = read_dapil_votes(b"dapil,seats,party,votes\nK1,12,A,100\nK1,12,B,90\n")
    run, created = do_allocate_seats(election, twelve, actor=cast.kpu_admin_a,
                                     contest_kind="DPRD_KABKOTA", region_code="12.76")
    assert created and run.total_seats == 12
    thirteen = read_dapil_votes(b"dapil,seats,party,votes\nK1,13,A,100\nK1,13,B,90\n")
    with pytest.raises(ImportFailed, match="3–12 kursi per dapil DPRD KABKOTA"):
        do_allocate_seats(election, thirteen, actor=cast.kpu_admin_a,
                          contest_kind="DPRD_KABKOTA", region_code="12.76")


def test_the_pure_rule() -> None:
    assert not rules.magnitude_outside(3, rules.DAPIL_MAGNITUDE["DPR"])
    assert not rules.magnitude_outside(10, rules.DAPIL_MAGNITUDE["DPR"])
    assert rules.magnitude_outside(11, rules.DAPIL_MAGNITUDE["DPR"])
    assert rules.magnitude_outside(2, rules.DAPIL_MAGNITUDE["DPRD_PROV"])
    assert not rules.magnitude_outside(99, None)
