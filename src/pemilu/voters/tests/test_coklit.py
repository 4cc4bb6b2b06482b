"""Issue 22 item 1: the coklit outcomes per voter (audited, append-only, nothing deleted) and the
compiled lists DPHP → DPS → DPSHP → DPSHP Akhir → DPT with counts by sex and TPS."""

from __future__ import annotations

from collections import Counter

import pytest

from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters import crypto
from pemilu.voters.actions import (
    do_add_new_voter,
    do_compile_list,
    do_record_coklit,
    do_reveal_numbers,
)
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import STAGE_ORDER, CoklitRecord, Voter, VoterList, VoterListEntry
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

PERSIAKAN = "12.76.01.1006"


@pytest.fixture
def persiakan(cast: Cast, election: Election, voter_key: str) -> list[Voter]:
    rows = [r for r in dp4_rows(90, seed=4) if r["kode_desa"] == PERSIAKAN]
    import_dp4(dp4_csv(rows), election=election, region_code=PERSIAKAN, actor=cast.kpu_staff_a)
    return list(Voter.objects.filter(desa_code=PERSIAKAN).order_by("source_line"))


def test_each_outcome_is_recorded_with_who_why_and_evidence(cast: Cast, persiakan: list[Voter]) -> None:
    a, b, c = persiakan[:3]
    do_record_coklit(a, outcome="sesuai", actor=cast.pps_a1)
    old_nik = crypto.open_sealed(b.nik_sealed)
    new_nik = old_nik[:12] + ("0001" if old_nik[12:] != "0001" else "0002")
    record = do_record_coklit(b, outcome="ubah", actor=cast.pps_a1,
                              changes={"alamat": "Jl. Baru No. 1", "nik": new_nik}, evidence="KTP-el diperlihatkan")
    b.refresh_from_db()
    assert b.address == "Jl. Baru No. 1" and crypto.open_sealed(b.nik_sealed) == new_nik
    assert b.nik_hash == crypto.number_hash(new_nik) and b.coklit == "ubah"
    assert record.changes["nik"] == [crypto.mask(old_nik), crypto.mask(new_nik)]  # masked, never in clear
    do_record_coklit(c, outcome="tms", reason="meninggal", evidence="akta kematian 1276-KM-2023-0042",
                     actor=cast.pps_a1)
    c.refresh_from_db()
    assert (c.coklit, c.not_eligible_reason) == ("tms", "meninggal")
    # A correction is a new record; the voter stays, every record stays.
    do_record_coklit(c, outcome="sesuai", actor=cast.kpu_staff_a)
    assert [r.outcome for r in CoklitRecord.objects.filter(voter=c)] == ["tms", "sesuai"]
    assert Voter.objects.count() == len(persiakan)
    events = AuditEvent.objects.filter(event_type="voters.coklit_recorded").order_by("id")
    assert [(e.actor_id, e.target_id) for e in events] == [(cast.pps_a1.pk, str(v.pk)) for v in (a, b, c)] + [
        (cast.kpu_staff_a.pk, str(c.pk))]
    assert events[2].reason == "akta kematian 1276-KM-2023-0042" and events[2].after["reason"] == "meninggal"  # type: ignore[index]
    assert old_nik not in str([e.after for e in events]) and new_nik not in str([e.after for e in events])


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"outcome": "tms", "reason": "", "evidence": "x"}, "alasan"),
    ({"outcome": "tms", "reason": "pensiun", "evidence": "x"}, "alasan"),
    ({"outcome": "tms", "reason": "tni", "evidence": " "}, "bukti"),
    ({"outcome": "ubah", "changes": {}}, "paling sedikit satu"),
    ({"outcome": "ubah", "changes": {"tanggal_lahir": "1990-02-30"}}, "tanggal lahir tidak sah"),
    ({"outcome": "ubah", "changes": {"jenis_kelamin": "X"}}, "jenis kelamin"),
    ({"outcome": "ubah", "changes": {"tps": "2"}}, "tidak dapat diubah"),
    ({"outcome": "sesuai", "reason": "tni"}, "tidak membawa"),
    ({"outcome": "hapus"}, "sesuai, ubah atau tms"),
])
def test_a_bad_outcome_is_refused_and_changes_nothing(cast: Cast, persiakan: list[Voter], kwargs: dict[str, object],
                                                      needle: str) -> None:
    voter = persiakan[0]
    with pytest.raises(DomainError, match=needle):
        do_record_coklit(voter, actor=cast.pps_a1, **kwargs)  # type: ignore[arg-type]
    voter.refresh_from_db()
    assert voter.coklit == "belum" and not CoklitRecord.objects.exists()


def test_under_age_unmarried_cannot_be_sesuai(cast: Cast, persiakan: list[Voter]) -> None:
    voter = persiakan[0]
    with pytest.raises(DomainError, match="17 tahun"):
        do_record_coklit(voter, outcome="ubah", changes={"tanggal_lahir": "2010-01-01", "status_kawin": "B"},
                         actor=cast.pps_a1)
    do_record_coklit(voter, outcome="tms", reason="di_bawah_umur", evidence="KK: lahir 2010", actor=cast.pps_a1)


def test_the_coklit_is_scoped(cast: Cast, persiakan: list[Voter]) -> None:
    with pytest.raises(NotFoundError):  # PPS of Bandar Sono: Persiakan's voters do not exist for them
        do_record_coklit(persiakan[0], outcome="sesuai", actor=cast.pps_a2)
    with pytest.raises(NotFoundError):
        do_record_coklit(persiakan[0], outcome="sesuai", actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):  # Bawaslu Tebing Tinggi: in scope, may read, never write
        do_record_coklit(persiakan[0], outcome="sesuai", actor=cast.bawaslu_a)
    assert not CoklitRecord.objects.exists()


def test_a_new_voter_is_added_with_its_findings(cast: Cast, election: Election, persiakan: list[Voter]) -> None:
    fields = {"nik": "1276016502010003", "no_kk": "1276010101200011", "nama": "Sari Lubis", "tempat_lahir": "Medan",
              "tanggal_lahir": "2001-02-25", "jenis_kelamin": "P", "status_kawin": "B", "alamat": "Jl. Melati 3",
              "rt": "001", "rw": "002", "disabilitas": "", "pekerjaan": "GURU", "kode_desa": PERSIAKAN}
    voter = do_add_new_voter(election, fields, actor=cast.pps_a1, evidence="datang ke posko PPS")
    assert (voter.origin, voter.coklit, voter.findings) == ("baru", "baru", "")
    with pytest.raises(NotFoundError):
        do_add_new_voter(election, fields, actor=cast.pps_a2)
    again = do_add_new_voter(election, {**fields, "jenis_kelamin": "L"}, actor=cast.pps_a1)
    assert again.findings == "N05 D02"  # the NIK's sex disagrees, and the NIK is already listed: flagged, kept
    assert AuditEvent.objects.filter(event_type="voters.voter_added").count() == 2


def test_the_lists_are_compiled_in_order_with_counts(cast: Cast, election: Election, persiakan: list[Voter]) -> None:
    with pytest.raises(DomainError, match="belum dicoklit"):
        do_compile_list(election, PERSIAKAN, "dphp", actor=cast.pps_a1)
    removed = persiakan[:4]
    for voter in persiakan:
        if voter in removed:
            do_record_coklit(voter, outcome="tms", reason="pindah_domisili", evidence="surat pindah", actor=cast.pps_a1)
        else:
            do_record_coklit(voter, outcome="sesuai", actor=cast.pps_a1)
    with pytest.raises(DomainError, match="DPHP"):
        do_compile_list(election, PERSIAKAN, "dps", actor=cast.pps_a1)
    with pytest.raises(NotFoundError):
        do_compile_list(election, PERSIAKAN, "dphp", actor=cast.pps_a2)
    dphp = do_compile_list(election, PERSIAKAN, "dphp", actor=cast.pps_a1)
    kept = [v for v in persiakan if v not in removed]
    assert dphp.total == len(kept) and (dphp.male, dphp.female) == (
        sum(v.sex == "L" for v in kept), sum(v.sex == "P" for v in kept))
    expected_tps = Counter((v.tps.code if v.tps else "", v.sex) for v in kept)
    assert {(t, s): n for t, c in dphp.by_tps.items() for s, n in c.items() if n} == dict(expected_tps)
    entries = VoterListEntry.objects.filter(voter_list=dphp)
    assert set(entries.values_list("voter_id", flat=True)) == {v.pk for v in kept}
    with pytest.raises(DomainError, match="sudah disusun"):  # the coklit is closed once the DPHP exists
        do_record_coklit(kept[0], outcome="tms", reason="ganda", evidence="x", actor=cast.pps_a1)
    with pytest.raises(DomainError, match="sudah disusun"):
        do_compile_list(election, PERSIAKAN, "dphp", actor=cast.pps_a1)
    do_compile_list(election, PERSIAKAN, "dps", actor=cast.pps_a1)
    with pytest.raises(DomainError, match="belum diumumkan"):  # the DPSHP follows the DPS's announcement
        do_compile_list(election, PERSIAKAN, "dpshp", actor=cast.pps_a1)
    with pytest.raises(PermissionDeniedError):  # the DPT is set by KPU Kab/Kota, not the PPS
        do_compile_list(election, PERSIAKAN, "dpt", actor=cast.pps_a1)
    assert list(VoterList.objects.order_by("id").values_list("stage", flat=True)) == STAGE_ORDER[:2]
    event = AuditEvent.objects.filter(event_type="voters.list_compiled").order_by("id").last()
    assert event is not None and event.after["not_eligible"] == {"pindah_domisili": 4}  # type: ignore[index]
    assert Voter.objects.count() == len(persiakan)


def test_the_full_nik_is_shown_to_kpu_staff_in_scope_and_every_view_is_audited(cast: Cast,
                                                                               persiakan: list[Voter]) -> None:
    voter = persiakan[0]
    nik, kk = do_reveal_numbers(voter, actor=cast.kpu_staff_a, reason="verifikasi laporan ganda")
    assert (nik, kk) == (crypto.open_sealed(voter.nik_sealed), crypto.open_sealed(voter.kk_sealed))
    event = AuditEvent.objects.get(event_type="voters.nik_viewed")
    assert (event.actor_id, event.target_id, event.reason) == (cast.kpu_staff_a.pk, str(voter.pk),
                                                                "verifikasi laporan ganda")
    assert nik not in str(event.after) and event.after["nik"] == crypto.mask(nik)  # type: ignore[index]
    with pytest.raises(PermissionDeniedError):  # the PPS works with masked numbers
        do_reveal_numbers(voter, actor=cast.pps_a1, reason="x")
    with pytest.raises(NotFoundError):
        do_reveal_numbers(voter, actor=cast.kpu_admin_b, reason="x")
    with pytest.raises(DomainError, match="alasan"):
        do_reveal_numbers(voter, actor=cast.kpu_admin_a, reason=" ")
    assert AuditEvent.objects.filter(event_type="voters.nik_viewed").count() == 1
