"""Seats per dapil against the statute (issue 19 item 8): DPR 3–10 (UU 7/2017 Pasal 187), DPRD
Provinsi and Kab/Kota 3–12 (Pasal 189, 192), checked where the dapil map is imported."""

from __future__ import annotations

import pytest
from django.test import override_settings

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.models import Dapil
from pemilu.results.reference import do_import_reference

HEAD = "jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah,kursi\n"
PARTIES = b"ballot_no,party,party_name\n1,PKB,Partai Kebangkitan Bangsa\n2,GERINDRA,Partai Gerindra\n"


def _import(rows: str) -> object:
    return do_import_reference(get_or_create_pemilu_2024(), dapil_file=(HEAD + rows).encode(),
                               parties_file=PARTIES, actor=get_system_user())


def test_a_dapil_map_with_a_15_seat_dpr_dapil_is_refused(db: None) -> None:
    rows = ("DPR RI,1201,SUMATERA UTARA I,1271,Kabupaten/Kota,KOTA MEDAN,False,15\n"
            "DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,15\n"
            "DPR RI,1202,SUMATERA UTARA II,1207,Kabupaten/Kota,LABUHANBATU,False,10\n")
    with pytest.raises(ImportFailed) as exc:
        _import(rows)
    text = str(exc.value)
    assert "baris 2, kolom kursi" in text and "dapil 1201: 15 kursi" in text and "3–10" in text
    assert "Pasal 187" in text
    assert not Dapil.objects.exists()  # refused whole
    assert not AuditEvent.objects.filter(event_type="results.reference_imported").exists()


def test_the_ranges_per_contest_kind_and_the_stored_seats(db: None) -> None:
    ok = ("DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,10\n"
          "DPRD PROVINSI,120004,SUMATERA UTARA 4,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,12\n"
          "DPRD KABUPATEN/KOTA,127602,KOTA TEBING TINGGI 2,127601,Kecamatan,PADANG HULU,False,3\n")
    _import(ok)
    assert dict(Dapil.objects.values_list("code", "seats")) == {"1201": 10, "120004": 12, "127602": 3}
    for bad, needle in (("DPRD PROVINSI,120004,SUMUT 4,1276,Kabupaten/Kota,X,False,13\n", "3–12"),
                        ("DPRD KABUPATEN/KOTA,127602,TT 2,127601,Kecamatan,X,False,2\n", "Pasal 192"),
                        ("DPR RI,1201,SUMUT I,1276,Kabupaten/Kota,X,False,tiga\n", "kolom kursi")):
        with pytest.raises(ImportFailed, match=needle):
            _import(bad)


def test_every_row_of_a_dapil_gives_the_same_seats(db: None) -> None:
    rows = ("DPR RI,1201,SUMATERA UTARA I,1271,Kabupaten/Kota,KOTA MEDAN,False,10\n"
            "DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,9\n")
    with pytest.raises(ImportFailed, match="baris 3.*berbeda dengan baris 2"):
        _import(rows)


@override_settings(PEMILU_DAPIL_MAGNITUDE={"DPR": [3, 16]})
def test_the_ranges_are_configurable(db: None) -> None:
    _import("DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False,15\n")
    assert Dapil.objects.get(code="1201").seats == 15


def test_a_map_without_seats_imports_as_before(db: None) -> None:
    head = HEAD.replace(",kursi", "")
    do_import_reference(get_or_create_pemilu_2024(),
                        dapil_file=(head + "DPR RI,1201,SUMUT I,1276,Kabupaten/Kota,X,False\n").encode(),
                        parties_file=PARTIES, actor=get_system_user())
    assert Dapil.objects.get(code="1201").seats is None
