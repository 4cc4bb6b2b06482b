import datetime

import pytest

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError
from pemilu.schedule import queries
from pemilu.schedule.actions import do_delete_local_window, do_set_local_window, do_update_stage
from pemilu.schedule.models import Stage

D = datetime.date


@pytest.fixture
def election(cast, pemilu_2024):
    return pemilu_2024


def test_it_sets_a_kabupaten_pps_registration_window_with_an_audit_row(cast, election) -> None:
    local = do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                                actor=cast.kpu_admin_a, reason="perpanjangan")
    assert local.parent is not None
    assert (local.region_code, local.start, local.end, local.parent.code) == (
        "12.76", D(2022, 12, 20), D(2023, 1, 5), "pembentukan-pps")
    event = AuditEvent.objects.get(event_type="schedule.local_window_set")
    assert (event.actor_id, event.region_code, event.before, event.reason) == (
        cast.kpu_admin_a.pk, "12.76", None, "perpanjangan")
    assert (event.after or {})["end"] == "2023-01-05"
    again = do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 8),
                                actor=cast.kpu_admin_a)
    assert again.pk == local.pk
    assert (AuditEvent.objects.filter(event_type="schedule.local_window_set").latest("seq").before or {})["end"] == \
        "2023-01-05"


def test_it_refuses_a_local_window_outside_the_national_one(cast, election) -> None:
    with pytest.raises(ConflictError, match="harus berada di dalam jadwal nasional 2022-12-18 – 2023-01-16"):
        do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 20),
                            actor=cast.kpu_admin_a)
    with pytest.raises(ConflictError):  # top-level stage: inside the national stage itself
        do_set_local_window(election, "kampanye", "12.76", start=D(2023, 11, 27), end=D(2024, 2, 1),
                            actor=cast.kpu_admin_a)
    with pytest.raises(ConflictError):
        do_set_local_window(election, "kampanye", "12.76", start=D(2024, 1, 5), end=D(2024, 1, 1),
                            actor=cast.kpu_admin_a)
    assert not Stage.objects.exclude(region_code="").exists()
    assert not AuditEvent.objects.filter(event_type__startswith="schedule.local").exists()


def test_it_keeps_a_kecamatan_window_inside_its_kabupaten_window(cast, election) -> None:
    do_set_local_window(election, "kampanye", "12.76", start=D(2023, 12, 1), end=D(2024, 2, 1),
                        actor=cast.kpu_admin_a)
    with pytest.raises(ConflictError):
        do_set_local_window(election, "kampanye", "12.76.01", start=D(2023, 11, 28), end=D(2024, 1, 1),
                            actor=cast.kpu_admin_a)
    do_set_local_window(election, "kampanye", "12.76.01", start=D(2023, 12, 5), end=D(2024, 1, 1),
                        actor=cast.kpu_admin_a)
    assert queries.stage_window(election, "kampanye", region_code="12.76.01.1006") == (D(2023, 12, 5), D(2024, 1, 1))


def test_it_denies_local_windows_outside_the_actors_scope_or_role(cast, election) -> None:
    with pytest.raises(NotFoundError):
        do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                            actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                            actor=cast.kpu_staff_a)
    assert not Stage.objects.exclude(region_code="").exists()


def test_it_deletes_a_local_window_so_the_national_one_applies_again(cast, election) -> None:
    local = do_set_local_window(election, "pendaftaran-pps", "12.76", start=D(2022, 12, 20), end=D(2023, 1, 5),
                                actor=cast.kpu_admin_a)
    with pytest.raises(NotFoundError):
        do_delete_local_window(local, actor=cast.kpu_admin_b)
    do_delete_local_window(local, actor=cast.kpu_admin_a, reason="salah")
    assert queries.stage_window(election, "pendaftaran-pps", region_code="12.76") == (D(2022, 12, 18),
                                                                                    D(2022, 12, 27))
    assert (AuditEvent.objects.get(event_type="schedule.local_window_deleted").before or {})["start"] == "2022-12-20"


def test_it_edits_a_national_stage_through_an_audited_action(cast, election) -> None:
    from pemilu.accounts.actions import get_system_user

    stage = Stage.objects.get(code="pendaftaran-kpps")
    with pytest.raises(NotFoundError):
        do_update_stage(stage, actor=cast.kpu_admin_a, start=D(2023, 12, 11), end=D(2023, 12, 22))
    with pytest.raises(ConflictError):  # outside its parent (pembentukan-kpps ends 25 Jan 2024)
        do_update_stage(stage, actor=get_system_user(), start=D(2023, 12, 11), end=D(2024, 2, 1))
    do_update_stage(stage, actor=get_system_user(), start=D(2023, 12, 11), end=D(2023, 12, 22), reason="KPT")
    stage.refresh_from_db()
    assert stage.end == D(2023, 12, 22)
    event = AuditEvent.objects.get(event_type="schedule.stage_updated")
    before, after = event.before or {}, event.after or {}
    assert (before["end"], after["end"], event.reason) == ("2023-12-20", "2023-12-22", "KPT")


def test_a_recap_window_cannot_be_moved_past_its_statutory_deadline(cast, election) -> None:
    from pemilu.accounts.actions import get_system_user

    kab = Stage.objects.get(election=election, code="rekap-kabkota", region_code="")
    # Inside the parent (15 Feb - 20 Mar) but past the kab/kota deadline, 5 Mar (UU 7/2017 Pasal 413(3)).
    with pytest.raises(ConflictError, match=r"Pasal 413\(3\)"):
        do_update_stage(kab, actor=get_system_user(), start=D(2024, 2, 17), end=D(2024, 3, 6))
    with pytest.raises(ConflictError, match=r"Pasal 413\(3\)"):
        do_set_local_window(election, "rekap-kabkota", "12.76", start=D(2024, 2, 17), end=D(2024, 3, 8),
                            actor=cast.kpu_admin_a)
    do_update_stage(kab, actor=get_system_user(), start=D(2024, 2, 16), end=D(2024, 3, 5))
    assert not Stage.objects.exclude(region_code="").exists()
