import datetime

import pytest
from django.core.management import call_command

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import NotFoundError, PermissionDeniedError
from pemilu.schedule.actions import do_load_builtin_schedule
from pemilu.schedule.models import Stage
from pemilu.testing.factories import Cast, make_user

CONTRACT_CODES = {
    "perencanaan", "penyusunan-pkpu", "pemutakhiran-data-pemilih", "pendaftaran-verifikasi-peserta",
    "penetapan-peserta", "penetapan-kursi-dapil", "pencalonan-dpd", "pencalonan-dpr-dprd", "pencalonan-presiden",
    "kampanye", "masa-tenang", "pemungutan-suara", "penghitungan-suara", "rekapitulasi", "penetapan-hasil",
    "sumpah-dprd-kabkota", "sumpah-dprd-provinsi", "sumpah-dpr-dpd", "sumpah-presiden",
    "pembentukan-ppk", "pendaftaran-ppk", "pembentukan-pps", "pendaftaran-pps", "pembentukan-kpps",
    "pendaftaran-kpps", "masa-kerja-ppk", "masa-kerja-pps", "masa-kerja-kpps", "rekap-kecamatan",
    "pembentukan-pantarlih", "pendaftaran-pantarlih", "masa-kerja-pantarlih",
    "rekap-kabkota", "rekap-provinsi", "rekap-nasional", "rekap-ppln",
}


@pytest.mark.django_db
def test_it_loads_every_contract_stage_once_and_is_idempotent() -> None:
    actor = get_system_user()
    result = do_load_builtin_schedule("pemilu-2024", actor=actor)
    election = result.election
    assert election.code == "pemilu-2024" and election.voting_day == datetime.date(2024, 2, 14)
    assert set(Stage.objects.filter(election=election).values_list("code", flat=True)) == CONTRACT_CODES
    assert AuditEvent.objects.filter(event_type="schedule.loaded").count() == 1
    again = do_load_builtin_schedule("pemilu-2024", actor=actor)
    assert again.created == [] and again.updated == [] and again.unchanged == len(CONTRACT_CODES)
    assert Stage.objects.count() == len(CONTRACT_CODES)
    assert AuditEvent.objects.filter(event_type="schedule.loaded").count() == 1


@pytest.mark.django_db
def test_it_stores_the_seed_typo_stage_5_as_one_day(pemilu_2024) -> None:
    stage = Stage.objects.get(election=pemilu_2024, code="penetapan-peserta")
    assert (stage.number, stage.start, stage.end) == (5, datetime.date(2022, 12, 14), datetime.date(2022, 12, 14))


@pytest.mark.django_db
def test_it_keeps_sub_stages_inside_their_parents(pemilu_2024) -> None:
    for stage in Stage.objects.filter(election=pemilu_2024, parent__isnull=False).select_related("parent"):
        parent = stage.parent
        assert parent is not None and parent.start and parent.end and stage.start and stage.end
        assert parent.start <= stage.start and stage.end <= parent.end, stage.code
    sumpah = Stage.objects.get(election=pemilu_2024, code="sumpah-dprd-kabkota")
    assert sumpah.start is None and sumpah.depends_on.startswith("disesuaikan dengan akhir masa jabatan")


@pytest.mark.django_db
def test_it_repairs_a_changed_stage_on_reload_with_an_audit_row(pemilu_2024) -> None:
    Stage.objects.filter(code="kampanye").update(end=datetime.date(2024, 2, 12))
    result = do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    assert result.updated == ["kampanye"]
    assert Stage.objects.get(code="kampanye").end == datetime.date(2024, 2, 10)
    event = AuditEvent.objects.filter(event_type="schedule.loaded").latest("seq")
    assert event.after == {"schedule": "pemilu-2024", "created": [], "updated": ["kampanye"]}


def test_it_refuses_a_load_by_a_regional_admin_and_an_unknown_schedule(cast: Cast) -> None:
    # A kab/kota admin has no scope covering the national schedule: 404, as for any object outside scope.
    with pytest.raises(NotFoundError):
        do_load_builtin_schedule("pemilu-2024", actor=cast.kpu_admin_a)
    with pytest.raises(PermissionDeniedError):
        do_load_builtin_schedule("pemilu-2024", actor=make_user("bawaslu_ri", "bawaslu", ""))
    with pytest.raises(NotFoundError):
        do_load_builtin_schedule("pemilu-1999", actor=get_system_user())
    assert not Stage.objects.exists()


@pytest.mark.django_db
def test_it_reports_masa_tenang_and_two_days_to_voting_from_the_cli(capsys) -> None:
    call_command("schedule", "load", "pemilu-2024")
    call_command("schedule", "now", "--date", "2024-02-12")
    out = capsys.readouterr().out
    assert "Masa tenang (masa-tenang)" in out
    assert "Pemungutan suara: 2 hari lagi" in out
    assert "kampanye" not in out
