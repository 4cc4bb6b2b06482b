import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pemilu.accounts.actions import get_system_user
from pemilu.schedule import queries
from pemilu.schedule.actions import do_set_local_window
from pemilu.testing.factories import make_regions

D = datetime.date


@pytest.mark.django_db
def test_it_lists_the_quiet_period_as_open_two_days_before_voting(pemilu_2024) -> None:
    codes = [s.code for s in queries.stages_open_on(pemilu_2024, D(2024, 2, 12))]
    assert "masa-tenang" in codes and "kampanye" not in codes and "pemungutan-suara" not in codes
    assert queries.days_until_voting(pemilu_2024, D(2024, 2, 12)) == 2
    assert queries.days_until_voting(pemilu_2024, D(2024, 2, 15)) == -1


@pytest.mark.django_db
def test_it_treats_windows_as_inclusive_local_days(pemilu_2024) -> None:
    assert queries.is_open(pemilu_2024, "kampanye", D(2023, 11, 28))
    assert queries.is_open(pemilu_2024, "kampanye", D(2024, 2, 10))
    assert not queries.is_open(pemilu_2024, "kampanye", D(2024, 2, 11))
    # 10 Feb 2024 23:30 WIB is 16:30 UTC: still campaign; 17:30 UTC is 11 Feb 00:30 WIB.
    assert queries.is_open(pemilu_2024, "kampanye", datetime.datetime(2024, 2, 10, 16, 30, tzinfo=datetime.UTC))
    assert not queries.is_open(pemilu_2024, "kampanye", datetime.datetime(2024, 2, 10, 17, 30, tzinfo=datetime.UTC))


@pytest.mark.django_db
def test_it_fails_closed_for_unknown_and_undated_stages(pemilu_2024) -> None:
    assert not queries.is_open(pemilu_2024, "no-such-stage", D(2024, 2, 14))
    assert not queries.is_open(pemilu_2024, "sumpah-dprd-kabkota", D(2024, 8, 1))
    assert queries.stage_window(pemilu_2024, "no-such-stage") == (None, None)
    assert queries.stage_window(pemilu_2024, "pendaftaran-kpps") == (D(2023, 12, 11), D(2023, 12, 20))


@pytest.mark.django_db
def test_it_lets_a_local_window_override_the_national_one_in_its_subtree_only(pemilu_2024) -> None:
    make_regions()
    do_set_local_window(pemilu_2024, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                        actor=get_system_user())
    assert queries.stage_window(pemilu_2024, "pendaftaran-pps", region_code="12.76.01.1006") == (
        D(2022, 12, 20), D(2023, 1, 5))
    assert queries.is_open(pemilu_2024, "pendaftaran-pps", D(2023, 1, 3), region_code="12.76.01")
    assert not queries.is_open(pemilu_2024, "pendaftaran-pps", D(2023, 1, 3), region_code="12.06.01")
    assert not queries.is_open(pemilu_2024, "pendaftaran-pps", D(2023, 1, 3))
    assert queries.is_open(pemilu_2024, "pendaftaran-pps", D(2022, 12, 18), region_code="12.06")
    local = [s for s in queries.stages_open_on(pemilu_2024, D(2023, 1, 3), region_code="12.76") if s.region_code]
    assert [s.code for s in local] == ["pendaftaran-pps"]


@pytest.mark.django_db
# The fixture's schedule is only read, so sharing it across examples is safe.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=D(2022, 1, 1), max_value=D(2025, 1, 1)))
def test_it_agrees_between_stages_open_on_and_is_open(pemilu_2024, day) -> None:
    open_codes = {s.code for s in queries.stages_open_on(pemilu_2024, day)}
    for stage in queries.effective_stages(pemilu_2024):
        assert (stage.code in open_codes) == queries.is_open(pemilu_2024, stage.code, day)


@pytest.mark.django_db
def test_it_answers_each_query_with_one_database_round_trip(pemilu_2024, django_assert_num_queries) -> None:
    make_regions()
    do_set_local_window(pemilu_2024, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                        actor=get_system_user())
    with django_assert_num_queries(1):
        queries.is_open(pemilu_2024, "pendaftaran-pps", D(2023, 1, 3), region_code="12.76.01.1006")
    with django_assert_num_queries(1):
        queries.stages_open_on(pemilu_2024, D(2023, 1, 3), region_code="12.76.01.1006")
    with django_assert_num_queries(1):
        queries.stage_window(pemilu_2024, "kampanye")


@pytest.mark.django_db
def test_it_keeps_sub_stages_under_a_locally_overridden_parent(pemilu_2024, django_assert_num_queries) -> None:
    make_regions()
    do_set_local_window(pemilu_2024, "pembentukan-pps", "12.76", start=D(2022, 12, 18), end=D(2023, 1, 31),
                        actor=get_system_user())
    with django_assert_num_queries(1):
        codes = [(s.code, s.region_code) for s in queries.effective_stages(pemilu_2024, region_code="12.76.01")]
    i = codes.index(("pembentukan-pps", "12.76"))
    assert codes[i + 1] == ("pendaftaran-pps", "")
    assert len(codes) == 36
