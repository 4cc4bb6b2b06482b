"""Stage windows are read on the clock of the region concerned (UU 7/2017: WIB, WITA, WIT)."""

import datetime

import pytest
import time_machine

from pemilu.regions.models import Tps
from pemilu.schedule import queries
from pemilu.testing.factories import make_jayapura, make_regions

UTC = datetime.UTC
JAYAPURA_TPS = "91.71.01.1001.001"      # Kota Jayapura, Papua: WIT (UTC+9)
TEBING_TINGGI_TPS = "12.76.01.1006.001"  # Kota Tebing Tinggi, Sumatera Utara: WIB (UTC+7)


@pytest.fixture
def tps(pemilu_2024):
    make_regions()
    make_jayapura()
    return Tps.objects.get(code=JAYAPURA_TPS), Tps.objects.get(code=TEBING_TINGGI_TPS)


def open_at(election, tps: Tps, moment: datetime.datetime) -> bool:
    with time_machine.travel(moment, tick=False):
        return queries.is_open(election, "pendaftaran-kpps", region_code=tps.code)


def test_a_stage_window_in_jayapura_opens_and_closes_two_hours_before_tebing_tinggi(pemilu_2024, tps) -> None:
    jayapura, tebing = tps
    # KPPS registration: 11-20 Dec 2023, whole local days.
    jay = queries.window_moments(pemilu_2024, "pendaftaran-kpps", region_code=jayapura.code)
    teb = queries.window_moments(pemilu_2024, "pendaftaran-kpps", region_code=tebing.code)
    assert jay is not None and teb is not None
    assert jay[0] == datetime.datetime(2023, 12, 10, 15, tzinfo=UTC)      # 11 Dec 00:00 WIT
    assert teb[0] == datetime.datetime(2023, 12, 10, 17, tzinfo=UTC)      # 11 Dec 00:00 WIB
    assert teb[0] - jay[0] == teb[1] - jay[1] == datetime.timedelta(hours=2)
    second = datetime.timedelta(seconds=1)
    # Opening: Jayapura at 15:00 UTC, Tebing Tinggi at 17:00 UTC.
    assert [open_at(pemilu_2024, t, jay[0] - second) for t in tps] == [False, False]
    assert [open_at(pemilu_2024, t, jay[0]) for t in tps] == [True, False]
    assert [open_at(pemilu_2024, t, teb[0] - second) for t in tps] == [True, False]
    assert [open_at(pemilu_2024, t, teb[0]) for t in tps] == [True, True]
    # Closing: after 20 Dec 23:59:59 local - Jayapura at 15:00 UTC, Tebing Tinggi at 17:00 UTC.
    jay_close = datetime.datetime(2023, 12, 20, 15, tzinfo=UTC)
    assert [open_at(pemilu_2024, t, jay_close - second) for t in tps] == [True, True]
    assert [open_at(pemilu_2024, t, jay_close) for t in tps] == [False, True]
    assert [open_at(pemilu_2024, t, jay_close + datetime.timedelta(hours=2) - second) for t in tps] == [False, True]
    assert [open_at(pemilu_2024, t, jay_close + datetime.timedelta(hours=2)) for t in tps] == [False, False]


def test_is_open_and_local_date_follow_the_regions_clock(pemilu_2024, tps) -> None:
    moment = datetime.datetime(2023, 12, 20, 16, tzinfo=UTC)   # 21 Dec 01:00 WIT, 20 Dec 23:00 WIB
    assert queries.local_date(pemilu_2024, moment, region_code=JAYAPURA_TPS) == datetime.date(2023, 12, 21)
    assert queries.local_date(pemilu_2024, moment, region_code=TEBING_TINGGI_TPS) == datetime.date(2023, 12, 20)
    assert queries.local_date(pemilu_2024, moment) == datetime.date(2023, 12, 20)     # national: the election's
    assert not queries.is_open(pemilu_2024, "pendaftaran-kpps", moment, region_code=JAYAPURA_TPS)
    assert queries.is_open(pemilu_2024, "pendaftaran-kpps", moment, region_code=TEBING_TINGGI_TPS)
