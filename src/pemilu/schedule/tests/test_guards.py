import datetime

import pytest
import time_machine
from django.utils import translation

from pemilu.core.exceptions import StageClosedError
from pemilu.schedule.guards import ensure_stage_open, requires_stage


@requires_stage("pendaftaran-kpps", region_arg="region")
def register_kpps_candidate(name: str, *, election, region: str) -> str:
    return f"registered {name} in {region}"


@pytest.mark.django_db
def test_it_runs_a_guarded_action_inside_its_window(pemilu_2024) -> None:
    with time_machine.travel(datetime.datetime(2023, 12, 15, 10, tzinfo=datetime.UTC)):
        assert register_kpps_candidate("Siti", election=pemilu_2024, region="12.76") == "registered Siti in 12.76"


@pytest.mark.django_db
def test_it_refuses_a_guarded_action_outside_its_window_in_indonesian(pemilu_2024) -> None:
    with time_machine.travel(datetime.datetime(2023, 12, 21, 3, tzinfo=datetime.UTC)), translation.override("id"), \
            pytest.raises(StageClosedError) as info:
        register_kpps_candidate("Siti", election=pemilu_2024, region="12.76")
    assert info.value.message == ('Tahapan "Pendaftaran calon anggota KPPS" tidak dibuka pada 21 Desember 2023; '
                                  'jadwalnya 11 Desember 2023 s.d. 20 Desember 2023.')


@pytest.mark.django_db
def test_it_refuses_a_guarded_action_outside_its_window_in_english(pemilu_2024) -> None:
    with time_machine.travel(datetime.datetime(2023, 12, 21, 3, tzinfo=datetime.UTC)), translation.override("en"), \
            pytest.raises(StageClosedError) as info:
        register_kpps_candidate("Siti", election=pemilu_2024, region="12.76")
    assert info.value.message == ('Stage "KPPS member registration" is not open on 21 December 2023; '
                                  'its window is 11 December 2023 to 20 December 2023.')


@pytest.mark.django_db
def test_it_uses_the_election_time_zone_for_today(pemilu_2024) -> None:
    # 20 Dec 2023 17:30 UTC is 21 Dec 00:30 WIB: registration has closed in Jakarta.
    with time_machine.travel(datetime.datetime(2023, 12, 20, 17, 30, tzinfo=datetime.UTC)), \
            pytest.raises(StageClosedError):
        register_kpps_candidate("Siti", election=pemilu_2024, region="12.76")


@pytest.mark.django_db
def test_it_refuses_undated_and_unknown_stages(pemilu_2024) -> None:
    with pytest.raises(StageClosedError, match="disesuaikan"):
        ensure_stage_open(pemilu_2024, "sumpah-dprd-kabkota", datetime.date(2024, 8, 1))
    with pytest.raises(StageClosedError, match="belum dijadwalkan"):
        ensure_stage_open(pemilu_2024, "no-such-stage", datetime.date(2024, 8, 1))


def test_it_rejects_a_decorator_naming_a_missing_argument() -> None:
    with pytest.raises(TypeError):
        requires_stage("kampanye", election_arg="pemilu")(lambda election: None)
