"""Contest names for people (issue 20 item 8): the region kind once, never "Kota KOTA"."""

from pemilu.results.reference import contest_name


def test_a_kab_kota_dapil_names_its_region_kind_once() -> None:
    assert contest_name("DPRD Kabupaten/Kota", "KOTA TEBING TINGGI 1") == "DPRD Kota Tebing Tinggi 1"
    assert contest_name("DPRD Kabupaten/Kota", "KABUPATEN DELI SERDANG II") == "DPRD Kabupaten Deli Serdang II"


def test_other_dapil_keep_their_names() -> None:
    assert contest_name("DPR", "SUMATERA UTARA I") == "DPR SUMATERA UTARA I"
    assert contest_name("DPRD Provinsi", "SUMATERA UTARA 5") == "DPRD Provinsi SUMATERA UTARA 5"
