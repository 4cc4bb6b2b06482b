"""DPD candidates per province and DPRD Provinsi / Kab/Kota party lists per dapil: the atomic
import (small synthetic files), the ballots it builds, and C.Hasil entry on them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, ImportFailed
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Tps
from pemilu.results import queries
from pemilu.results.actions import ChecksFailed, do_submit_result
from pemilu.results.candidates import do_import_candidates
from pemilu.results.dapil import contest_codes_for_tps
from pemilu.results.models import BallotCandidate, Contest, EntryMode
from pemilu.results.reference import do_import_reference
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import PASSWORD, Cast

# Synthetic: the real Tebing Tinggi dapil rows, two parties and an Aceh local party.
DAPIL = b"""jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah
DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False
DPRD PROVINSI,120004,SUMATERA UTARA 4,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False
DPRD KABUPATEN/KOTA,127602,KOTA TEBING TINGGI 2,127601,Kecamatan,PADANG HULU,False
DPRD KABUPATEN/KOTA,127602,KOTA TEBING TINGGI 2,127604,Kecamatan,BAJENIS,False
"""
PARTIES = b"""ballot_no,party,party_name
1,PKB,Partai Kebangkitan Bangsa
2,GERINDRA,Partai Gerakan Indonesia Raya
"""
HEADER = "jenis,kode_dapil,party_ballot_no,nomor_urut,nama,jenis_kelamin\n"
GOOD = HEADER + """DPD,12,,1,CALON DPD SATU (sintetis),L
DPD,12,,2,CALON DPD DUA (sintetis),P
DPD,12,,3,CALON DPD TIGA (sintetis),L
DPRD PROVINSI,120004,1,1,CALON PROV PKB SATU (sintetis),L
DPRD PROVINSI,120004,2,1,CALON PROV GERINDRA SATU (sintetis),P
DPRD KABUPATEN/KOTA,127602,1,1,CALON KOTA PKB SATU (sintetis),P
DPRD KABUPATEN/KOTA,127602,1,2,CALON KOTA PKB DUA (sintetis),L
DPRD KABUPATEN/KOTA,127602,2,1,CALON KOTA GERINDRA SATU (sintetis),L
"""
TPS1 = "12.76.01.1006.001"


@pytest.fixture
def reference(cast: Cast) -> None:
    do_import_reference(get_or_create_pemilu_2024(), dapil_file=DAPIL, parties_file=PARTIES,
                        actor=get_system_user())


def test_it_imports_dpd_and_dprd_lists_and_builds_their_ballots(reference: None) -> None:
    election = get_or_create_pemilu_2024()
    result = do_import_candidates(election, GOOD.encode(), actor=get_system_user(), filename="calon.csv")
    assert result.candidates == 8
    assert result.contests == ["dpd-12", "dprd_kab-127602", "dprd_prov-120004"]
    dpd = Contest.objects.get(code="dpd-12")
    assert dpd.name == "DPD Sumatera Utara" and dpd.kind.code == "dpd"
    assert [(c["key"], c["label"]) for c in dpd.choices] == [
        ("1", "CALON DPD SATU (sintetis)"), ("2", "CALON DPD DUA (sintetis)"), ("3", "CALON DPD TIGA (sintetis)")]
    kota = Contest.objects.get(code="dprd_kab-127602")
    assert kota.choice_keys() == ["1", "1.1", "1.2", "2", "2.1"]
    # Aceh's local parties (added by the reference import) stay off a Sumatera Utara ballot.
    assert Contest.objects.get(code="dprd_prov-120004").choice_keys() == ["1", "1.1", "2", "2.1"]
    assert contest_codes_for_tps(election, TPS1) == ["ppwp", "dpr-1201", "dprd_prov-120004", "dprd_kab-127602",
                                                     "dpd-12"]
    event = AuditEvent.objects.get(event_type="results.candidates_imported")
    assert (event.after or {})["candidates"] == 8
    # A second file for one dapil replaces only that dapil's list.
    do_import_candidates(election, (HEADER + "DPD,12,,1,CALON BARU (sintetis),P\n").encode(),
                         actor=get_system_user())
    assert Contest.objects.get(code="dpd-12").choice_keys() == ["1"]
    assert BallotCandidate.objects.filter(dapil__code="127602").count() == 3


@pytest.mark.parametrize(("line", "match"), [
    ("DPD,12,,2,CALON GANDA,P", r"baris 5, kolom nomor_urut: nomor urut ganda \(sama dengan baris 3\)"),
    ("DPD,13,,4,CALON,P", "baris 5, kolom kode_dapil: kode provinsi tidak dikenal"),
    ("DPD,12,1,4,CALON,P", "baris 5, kolom party_ballot_no: calon DPD adalah perseorangan"),
    ("DPRD PROVINSI,129999,1,2,CALON,L", "baris 5, kolom kode_dapil: dapil tidak dikenal"),
    ("DPRD KABUPATEN/KOTA,127602,9,1,CALON,L", "baris 5, kolom party_ballot_no: nomor partai tidak dikenal"),
    ("DPRD KABUPATEN/KOTA,127602,21,1,CALON,L", "baris 5, kolom party_ballot_no: partai lokal PA hanya di provinsi 11"),
    ("DPRD KABUPATEN/KOTA,127602,1,x,CALON,L", "baris 5, kolom nomor_urut"),
    ("DPRD KABUPATEN/KOTA,127602,1,3,,L", "baris 5, kolom nama: nama wajib diisi"),
    ("DPRD KABUPATEN/KOTA,127602,1,3,CALON,X", "baris 5, kolom jenis_kelamin"),
    ("DPRD KECAMATAN,127602,1,3,CALON,L", "baris 5, kolom jenis: jenis tidak dikenal"),
])
def test_one_bad_row_rejects_the_file_whole_naming_the_row(reference: None, line: str, match: str) -> None:
    rows = GOOD.splitlines()
    text = "\n".join([*rows[:4], line, *rows[4:]]) + "\n"
    with pytest.raises(ImportFailed, match=match):
        do_import_candidates(get_or_create_pemilu_2024(), text.encode(), actor=get_system_user())
    assert not BallotCandidate.objects.exists()
    assert Contest.objects.get(code="dpd-12").choices == []
    assert not AuditEvent.objects.filter(event_type="results.candidates_imported").exists()


def test_a_ballot_with_forms_typed_on_it_is_not_replaced(reference: None, cast: Cast) -> None:
    election = get_or_create_pemilu_2024()
    do_import_candidates(election, GOOD.encode(), actor=get_system_user())
    dpd = Contest.objects.get(code="dpd-12")
    set_mode(dpd, EntryMode.DIRECT)
    form = dict(good_form(), votes={"1": 100, "2": 52, "3": 20})
    do_submit_result(dpd, Tps.objects.get(code=TPS1), form, actor=cast.kpps_a1)
    with pytest.raises(ImportFailed, match="baris 2, kolom kode_dapil: pemilihan dpd-12 sudah memiliki 1 C.Hasil"):
        do_import_candidates(election, GOOD.encode(), actor=get_system_user())


def test_the_c_hasil_of_dpd_and_dprd_uses_the_lists(reference: None, cast: Cast) -> None:
    election = get_or_create_pemilu_2024()
    do_import_candidates(election, GOOD.encode(), actor=get_system_user())
    tps = Tps.objects.get(code=TPS1)
    dpd = Contest.objects.get(code="dpd-12")
    set_mode(dpd, EntryMode.DIRECT)
    with pytest.raises(DomainError, match="Pilihan tidak dikenal: 4"):
        do_submit_result(dpd, tps, dict(good_form(), votes={"1": 100, "2": 52, "3": 10, "4": 10}), actor=cast.kpps_a1)
    with pytest.raises(ChecksFailed, match="E4"):  # Σ DPD candidates must equal suara sah (172)
        do_submit_result(dpd, tps, dict(good_form(), votes={"1": 100, "2": 52, "3": 21}), actor=cast.kpps_a1)
    do_submit_result(dpd, tps, dict(good_form(), votes={"1": 100, "2": 52, "3": 20}), actor=cast.kpps_a1)
    kota = Contest.objects.get(code="dprd_kab-127602")
    # The phone entry page lists the candidates by name (an empty form, before the entry).
    client = Client()
    assert client.login(username=cast.kpps_a1.username, password=PASSWORD)
    entry_url = f"/hasil/tps/{TPS1}/dprd_kab-127602/isi/"
    page = client.get(entry_url).content.decode()
    assert 'name="v:1.2"' in page and "CALON KOTA PKB DUA (sintetis)" in page
    votes = {"1": 30, "1.1": 50, "1.2": 12, "2": 40, "2.1": 40}  # Σ = 172
    do_submit_result(kota, tps, dict(good_form(), votes=votes), actor=cast.kpps_a1)
    assert queries.totals(dpd, "12.76")["votes"] == {"1": 100, "2": 52, "3": 20}
    assert queries.totals(kota, "12.76.01")["votes"]["1.1"] == 50
    # Once accepted, the same page shows the figures by candidate name instead of an empty form.
    page = client.get(entry_url).content.decode()
    assert 'name="v:1.2"' not in page and "CALON KOTA PKB DUA (sintetis)" in page


def test_the_command_imports_a_candidate_file(reference: None, tmp_path: Path) -> None:
    path = tmp_path / "calon.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("results", "candidates", str(path), stdout=out)
    assert "calon 8, pemilihan 3: dpd-12 dprd_kab-127602 dprd_prov-120004" in out.getvalue()
