"""Issue 22 item 1 after the coklit: the DPS announced per desa for the public-response window, the
responses recorded and resolved, DPSHP → DPSHP Akhir, the DPT set in KPU Kab/Kota's plenary (its
quorum), the recap and funnel, and the DPT of a TPS."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    PermissionDeniedError,
    StageClosedError,
    TransitionBlocked,
)
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters import queries
from pemilu.voters.actions import do_compile_list, do_record_coklit
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import CoklitRecord, DpsAnnouncement, DpsResponse, Voter, VoterList, VoterTps
from pemilu.voters.plenary import do_record_dpt_attendance, do_set_dpt
from pemilu.voters.responses import do_announce_dps, do_record_response, do_resolve_response
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

PERSIAKAN = "12.76.01.1006"
DAY = datetime.date(2023, 4, 20)
NEW_PERSON = {"nik": "1276016502010003", "no_kk": "1276010101200011", "nama": "Sari Lubis", "tempat_lahir": "Medan",
              "tanggal_lahir": "2001-02-25", "jenis_kelamin": "P", "status_kawin": "B", "alamat": "Jl. Melati 3",
              "rt": "001", "rw": "002", "disabilitas": "", "pekerjaan": "GURU"}


def members(n: int, present: int) -> list[dict[str, Any]]:
    return [{"kind": "member", "name": f"Anggota {i}", "position": "Anggota", "present": i <= present}
            for i in range(1, n + 1)]


@pytest.fixture
def dps(cast: Cast, election: Election, voter_key: str) -> VoterList:
    """Persiakan's DPS: every voter coklit'd (the first two not eligible), DPHP and DPS compiled."""
    rows = [r for r in dp4_rows(90, seed=4) if r["kode_desa"] == PERSIAKAN]
    import_dp4(dp4_csv(rows), election=election, region_code=PERSIAKAN, actor=cast.kpu_staff_a)
    for n, voter in enumerate(Voter.objects.filter(desa_code=PERSIAKAN).order_by("source_line")):
        if n < 2:
            do_record_coklit(voter, outcome="tms", reason="meninggal", evidence="akta kematian", actor=cast.pps_a1)
        else:
            do_record_coklit(voter, outcome="sesuai", actor=cast.pps_a1)
    do_compile_list(election, PERSIAKAN, "dphp", actor=cast.pps_a1)
    return do_compile_list(election, PERSIAKAN, "dps", actor=cast.pps_a1)


def listed(dps: VoterList) -> list[Voter]:
    return list(Voter.objects.filter(pk__in=dps.entries.values("voter_id")).order_by("pk"))


@override_settings(PEMILU_TODAY=DAY.isoformat())
def test_the_dps_is_announced_once_by_its_pps(cast: Cast, election: Election, dps: VoterList) -> None:
    with pytest.raises(NotFoundError):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a2)
    with pytest.raises(PermissionDeniedError):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.bawaslu_a)
    with pytest.raises(DomainError, match="sebelum hari ini"):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1,
                        starts_on=DAY - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="tempat"):
        do_announce_dps(election, PERSIAKAN, place=" ", actor=cast.pps_a1)
    ann = do_announce_dps(election, PERSIAKAN, place="Kantor Lurah Persiakan", actor=cast.pps_a1)
    # 21 days with the day of the announcement (PKPU 7/2022: DPS of 5 April 2023, responses to 25 April)
    assert (ann.starts_on, ann.ends_on, ann.voter_list_id) == (DAY, DAY + datetime.timedelta(days=20), dps.pk)
    with pytest.raises(ConflictError):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1)
    event = AuditEvent.objects.get(event_type="voters.dps_announced")
    assert event.after["dps"] == dps.total and event.actor_id == cast.pps_a1.pk  # type: ignore[index]


@override_settings(PEMILU_TODAY=DAY.isoformat())
def test_the_response_window_is_set_per_election(cast: Cast, election: Election, dps: VoterList) -> None:
    """Pilkada 2024 announced its DPS for 10 days: the election's VoterSettings say so."""
    from pemilu.voters.models import VoterSettings

    VoterSettings.objects.create(election=election, response_days=10)
    ann = do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1)
    assert ann.ends_on == DAY + datetime.timedelta(days=9)


def test_the_announcement_keeps_inside_the_schedule_stage(cast: Cast, election: Election, dps: VoterList) -> None:
    from pemilu.schedule.models import Stage

    Stage.objects.create(election=election, code="pemutakhiran-data-pemilih", number=3, name_id="Pemutakhiran",
                         start=datetime.date(2022, 10, 14), end=datetime.date(2023, 6, 21))
    with override_settings(PEMILU_TODAY="2023-06-15"), pytest.raises(StageClosedError, match="tahapan"):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1)
    with override_settings(PEMILU_TODAY="2023-06-10"):
        ann = do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1,
                              ends_on=datetime.date(2023, 6, 21))
    assert ann.ends_on == datetime.date(2023, 6, 21)


def test_responses_are_recorded_in_the_window_and_resolved_before_the_dpshp(cast: Cast, election: Election,
                                                                          dps: VoterList) -> None:
    voters = listed(dps)
    gone, wrong, kept = voters[0], voters[1], voters[2]
    with override_settings(PEMILU_TODAY=DAY.isoformat()):
        ann = do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1,
                              ends_on=DAY + datetime.timedelta(days=2))
        public = do_record_response(ann, actor=None, kind="tms", reason="meninggal", voter_id=gone.pk,
                                    details="Beliau meninggal bulan lalu.", sender_name="Tetangga",
                                    evidence="surat keterangan kematian dari kelurahan")
        fix = do_record_response(ann, actor=cast.pps_a1, kind="perbaikan", voter_id=wrong.pk,
                                 details="Alamat sudah pindah ke Jl. Kenanga 9.", sender_name=wrong.name)
        missing = do_record_response(ann, actor=cast.pps_a1, kind="belum_terdaftar", person_name="Sari Lubis",
                                     person_sex="P", details="Belum ada di DPS, baru pindah ke sini.",
                                     sender_name="Sari Lubis", evidence="KTP-el dan KK")
        rejected = do_record_response(ann, actor=None, kind="tms", reason="tidak_dikenal", voter_id=kept.pk,
                                      details="Saya tidak kenal orang ini.", sender_name="Anonim warga")
        with pytest.raises(DomainError, match="tercantum"):  # a voter not on the announced DPS
            do_record_response(ann, actor=None, kind="tms", reason="meninggal", voter_id=999_999,
                               details="tidak ada orangnya", sender_name="X")
        with pytest.raises(DomainError, match="alasan"):
            do_record_response(ann, actor=None, kind="tms", voter_id=gone.pk, details="tidak ada orangnya",
                               sender_name="X")
        with pytest.raises(NotFoundError):
            do_record_response(ann, actor=cast.pps_a2, kind="tms", reason="meninggal", voter_id=gone.pk,
                               details="meninggal dunia", sender_name="X")
        with pytest.raises(StageClosedError, match="masa tanggapan"):  # the DPSHP waits for the window's end
            do_compile_list(election, PERSIAKAN, "dpshp", actor=cast.pps_a1)
    assert public.received_by is None and fix.received_by == cast.pps_a1
    with override_settings(PEMILU_TODAY=(DAY + datetime.timedelta(days=3)).isoformat()):
        with pytest.raises(StageClosedError):  # the window is over
            do_record_response(ann, actor=None, kind="tms", reason="meninggal", voter_id=gone.pk,
                               details="meninggal dunia", sender_name="X")
        with pytest.raises(DomainError, match="4 tanggapan"):
            do_compile_list(election, PERSIAKAN, "dpshp", actor=cast.pps_a1)
        with pytest.raises(DomainError, match="alasan"):
            do_resolve_response(public, actor=cast.pps_a1, accept=True, resolution=" ")
        do_resolve_response(public, actor=cast.pps_a1, accept=True, resolution="akta kematian diperiksa")
        do_resolve_response(fix, actor=cast.pps_a1, accept=True, resolution="KTP-el sesuai",
                            changes={"alamat": "Jl. Kenanga 9"})
        with pytest.raises(DomainError, match="data pemilih"):
            do_resolve_response(missing, actor=cast.pps_a1, accept=True, resolution="terbukti")
        do_resolve_response(missing, actor=cast.pps_a1, accept=True, resolution="KTP-el dan KK diperiksa",
                            fields=NEW_PERSON)
        do_resolve_response(rejected, actor=cast.kpu_staff_a, accept=False, resolution="Pantarlih mengenal beliau")
        with pytest.raises(ConflictError):
            do_resolve_response(rejected, actor=cast.pps_a1, accept=True, resolution="x")
        dpshp = do_compile_list(election, PERSIAKAN, "dpshp", actor=cast.pps_a1)
    gone.refresh_from_db()
    wrong.refresh_from_db()
    assert (gone.coklit, gone.not_eligible_reason) == ("tms", "meninggal") and wrong.address == "Jl. Kenanga 9"
    assert dpshp.total == dps.total  # one removed, one added
    added = Voter.objects.get(name="Sari Lubis")
    assert set(dpshp.entries.values_list("voter_id", flat=True)) == (
        {v.pk for v in voters} - {gone.pk}) | {added.pk}
    assert CoklitRecord.objects.filter(voter=gone).last().evidence.startswith(f"tanggapan #{public.pk}")  # type: ignore[union-attr]
    statuses = dict(DpsResponse.objects.values_list("pk", "status"))
    assert statuses == {public.pk: "diterima", fix.pk: "diterima", missing.pk: "diterima", rejected.pk: "ditolak"}
    recorded = AuditEvent.objects.filter(event_type="voters.response_recorded").order_by("id")
    assert [e.after["public"] for e in recorded] == [True, False, False, True]  # type: ignore[index]
    assert "Tetangga" not in str([e.after for e in recorded])  # the sender's identity stays out of the trail
    resolved = AuditEvent.objects.filter(event_type="voters.response_resolved").order_by("id")
    assert [(e.actor_id, e.after["status"]) for e in resolved] == [  # type: ignore[index]
        (cast.pps_a1.pk, "diterima")] * 3 + [(cast.kpu_staff_a.pk, "ditolak")]
    funnel = queries.funnel(election, "12.76")
    by_reason = {c["reason"]: c for c in funnel["not_eligible"]}
    assert (by_reason["meninggal"]["coklit"], by_reason["meninggal"]["response"]) == (2, 1)
    assert (funnel["new_coklit"], funnel["new_response"]) == (0, 1)


def dpshp_akhir(cast: Cast, election: Election) -> None:
    with override_settings(PEMILU_TODAY=DAY.isoformat()):
        do_announce_dps(election, PERSIAKAN, place="Kantor Lurah", actor=cast.pps_a1, ends_on=DAY)
    with override_settings(PEMILU_TODAY=(DAY + datetime.timedelta(days=1)).isoformat()):
        do_compile_list(election, PERSIAKAN, "dpshp", actor=cast.pps_a1)
        do_compile_list(election, PERSIAKAN, "dpshp_akhir", actor=cast.pps_a1)


def test_kpu_sets_the_dpt_in_its_plenary_with_the_quorum(cast: Cast, election: Election, dps: VoterList) -> None:
    dpshp_akhir(cast, election)
    with pytest.raises(DomainError, match="rapat pleno"):  # not desa by desa outside the plenary
        do_compile_list(election, PERSIAKAN, "dpt", actor=cast.kpu_admin_a)
    with pytest.raises(PermissionDeniedError):  # Bawaslu Tebing Tinggi: in scope, may not set it
        do_set_dpt(election, "12.76", actor=cast.bawaslu_a)
    for outside in (cast.pps_a1, cast.kpu_admin_b):  # a PPS's desa does not cover the kab/kota
        with pytest.raises(NotFoundError):
            do_set_dpt(election, "12.76", actor=outside)
    with pytest.raises(TransitionBlocked, match="Kuorum"):
        do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    with pytest.raises(ImportFailed):
        do_record_dpt_attendance(election, "12.76", [{"kind": "member", "name": ""}], actor=cast.kpu_admin_a)
    do_record_dpt_attendance(election, "12.76", members(5, 3), actor=cast.kpu_admin_a)
    with pytest.raises(TransitionBlocked, match="Kuorum"):  # 3 of 5 < 4
        do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    do_record_dpt_attendance(election, "12.76", [*members(5, 4), {"kind": "witness", "name": "Saksi A",
                                                                   "represents": "Partai A"}], actor=cast.kpu_staff_a)
    plenary = do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    dpt = VoterList.objects.get(desa_code=PERSIAKAN, stage="dpt")
    akhir = VoterList.objects.get(desa_code=PERSIAKAN, stage="dpshp_akhir")
    assert (dpt.total, dpt.male, dpt.female, dpt.by_tps) == (akhir.total, akhir.male, akhir.female, akhir.by_tps)
    assert plenary.status == "locked" and plenary.frozen["recap"]["total"]["dpt"]["J"] == dpt.total
    kec = {r["code"]: r for r in plenary.frozen["recap"]["rows"]}
    assert kec["12.76.01"]["stages"]["dpt"] == {"L": dpt.male, "P": dpt.female, "J": dpt.total}
    with pytest.raises(ConflictError):
        do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    with pytest.raises(ConflictError):
        do_record_dpt_attendance(election, "12.76", members(5, 5), actor=cast.kpu_admin_a)
    event = AuditEvent.objects.get(event_type="voters.dpt_set")
    assert event.after["dpt"] == {"L": dpt.male, "P": dpt.female, "J": dpt.total}  # type: ignore[index]
    assert AuditEvent.objects.filter(event_type="voters.dpt_attendance").count() == 2
    # The recap climbs PPS → PPK → KPU with the same figures; the TPS's DPT for the C.Hasil.
    desa = queries.recap(election, PERSIAKAN)
    assert sum(r["stages"]["dpt"]["J"] for r in desa["rows"]) == dpt.total
    assert queries.recap(election, "12.76.01")["total"]["dpt"]["J"] == dpt.total
    codes = [c for c in dpt.by_tps if c]
    assert queries.dpt_for_tps(election, [*codes, "12.76.01.1007.001"]) == {
        c: {"L": dpt.by_tps[c]["L"], "P": dpt.by_tps[c]["P"], "J": dpt.by_tps[c]["L"] + dpt.by_tps[c]["P"]}
        for c in codes}


def test_the_dpt_waits_for_every_desa_and_every_tps(cast: Cast, election: Election, dps: VoterList) -> None:
    do_record_dpt_attendance(election, "12.76", members(5, 5), actor=cast.kpu_admin_a)
    with pytest.raises(TransitionBlocked, match="DPSHP Akhir: 12.76.01.1006"):
        do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    dpshp_akhir(cast, election)
    VoterTps.objects.filter(voter=listed(dps)[0]).update(tps=None)
    with pytest.raises(TransitionBlocked, match="1 pemilih belum dipetakan"):
        do_set_dpt(election, "12.76", actor=cast.kpu_admin_a)
    assert not VoterList.objects.filter(stage="dpt").exists() and not DpsAnnouncement.objects.exclude(
        desa_code=PERSIAKAN).exists()
