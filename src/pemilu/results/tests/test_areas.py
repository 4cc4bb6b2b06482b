"""Where a contest is voted: a dapil contest's recap expects only its own TPS and lists only the
regions where it is voted (issue 21: the KPU Kota plenary of one DPRD Kota dapil can lock)."""

from __future__ import annotations

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results import areas, queries
from pemilu.results.models import Contest
from pemilu.results.reference import do_import_reference, do_setup_ppwp
from pemilu.testing.factories import Cast

# Dapil A lists the kota but Bajenis is carved out for dapil B; Pelita (inside Bajenis) back to A.
NESTED = """jenis_dapil,kode_dapil,nama_dapil,kode_wilayah,tingkatan_wilayah,nama_wilayah,is_pecah
DPRD KABUPATEN/KOTA,1276A,A,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False
DPRD KABUPATEN/KOTA,1276B,B,127604,Kecamatan,BAJENIS,False
DPRD KABUPATEN/KOTA,1276A,A,1276041002,Desa/Kelurahan,PELITA,False
DPR RI,1201,SUMATERA UTARA I,1276,Kabupaten/Kota,KOTA TEBING TINGGI,False
"""
PARTIES = b"ballot_no,party,party_name\n1,PKB,Partai Kebangkitan Bangsa\n"


def test_a_dapil_contest_expects_the_tps_of_its_own_areas_only(cast: Cast) -> None:
    election = get_or_create_pemilu_2024()
    do_import_reference(election, dapil_file=NESTED.encode(), parties_file=PARTIES, actor=get_system_user())
    a = Contest.objects.get(code="dprd_kab-1276A")
    b = Contest.objects.get(code="dprd_kab-1276B")
    dpr = Contest.objects.get(code="dpr-1201")
    regions = ["", "12", "12.76", "12.76.01", "12.76.04", "12.76.04.1002", "12.06"]
    # The cast: Padang Hulu 5 TPS, Bajenis 2 (both in Pelita), Karo 2.
    assert areas.expected_tps_many(a, regions) == {"": 7, "12": 7, "12.76": 7, "12.76.01": 5, "12.76.04": 2,
                                                   "12.76.04.1002": 2, "12.06": 0}
    assert areas.expected_tps_many(b, regions) == dict.fromkeys(regions, 0)  # Pelita went back to A
    assert areas.expected_tps(dpr, "") == 7 and areas.expected_tps(dpr, "12.06") == 0
    assert areas.voting_children(dpr, ["12.06", "12.76"]) == ["12.76"]
    assert queries.totals(dpr, "")["expected"] == 7  # not the country's 9
    assert [r["code"] for r in queries.recap_children(dpr, "12")] == ["12.76"]
    ppwp = do_setup_ppwp(election, actor=get_system_user())
    assert queries.totals(ppwp, "")["expected"] == 9
    assert [r["code"] for r in queries.recap_children(ppwp, "12")] == ["12.06", "12.76"]
