"""A report is received on the calendar day of the region it concerns (WIB/WITA/WIT)."""

import datetime

import time_machine

from pemilu.elections.models import Election
from pemilu.neutrality import actions
from pemilu.neutrality.tests.conftest import intake
from pemilu.testing.factories import Cast, make_jayapura

UTC = datetime.UTC


def test_a_report_is_received_on_the_regions_own_day(cast: Cast, election: Election) -> None:
    make_jayapura()
    # 9 Feb 2024 15:30 UTC: 22:30 WIB in Tebing Tinggi, already 10 Feb 00:30 WIT in Jayapura.
    with time_machine.travel(datetime.datetime(2024, 2, 9, 15, 30, tzinfo=UTC), tick=False):
        tebing = actions.submit_report(intake(election, known_on=datetime.date(2024, 2, 1)), [])
        jayapura = actions.submit_report(intake(election, region_code="91.71.01", suspect_name="Yan Wenda",
                                                known_on=datetime.date(2024, 2, 1)), [])
        assert actions.today_for(election, "91.71.01") == datetime.date(2024, 2, 10)
        assert actions.today_for(election) == datetime.date(2024, 2, 9)
    assert tebing.report.case.received_on == datetime.date(2024, 2, 9)
    assert jayapura.report.case.received_on == datetime.date(2024, 2, 10)
