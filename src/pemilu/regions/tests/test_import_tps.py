import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.core.exceptions import ImportFailed
from pemilu.regions.importers import import_regions, import_tps
from pemilu.regions.models import Region, Tps
from pemilu.testing.factories import REGION_CSV, TPS_CSV

pytestmark = pytest.mark.django_db
HEADER = TPS_CSV.splitlines()[0] + "\n"


@pytest.fixture
def regions() -> None:
    import_regions(REGION_CSV.encode(), actor=get_system_user())


def test_it_numbers_tps_including_the_9xx_extras(regions: None) -> None:
    result = import_tps(TPS_CSV.encode(), actor=get_system_user())
    assert result.domestic_tps == 9 and result.tps_created == 9
    assert list(Tps.objects.filter(village__code="12.76.04.1002").values_list("code", "is_special")) == [
        ("12.76.04.1002.001", False), ("12.76.04.1002.901", True)]
    assert Region.objects.get(code="12.76").tps_count == 7
    assert Region.objects.get(code="12").tps_count == 9
    assert Region.objects.get(code="12.76.01.1006").tps_count == 3
    # Re-running creates nothing new.
    assert import_tps(TPS_CSV.encode(), actor=get_system_user()).tps_created == 0


def test_it_refuses_unknown_villages_unless_asked_to_create_them(regions: None) -> None:
    text = TPS_CSV + "1276019999,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,DESA BARU,2,2,,\n" \
                     "1276099001,SUMATERA UTARA,KOTA TEBING TINGGI,KEC BARU,KEL BARU,1,1,,\n"
    with pytest.raises(ImportFailed) as exc:
        import_tps(text.encode(), actor=get_system_user())
    assert "baris 6" in exc.value.message and "2 desa/kelurahan tidak dikenal" in exc.value.message
    assert Tps.objects.count() == 0
    result = import_tps(text.encode(), actor=get_system_user(), create_missing=True)
    assert result.created_regions == 3  # one village, plus a kecamatan and its village
    created = Region.objects.get(code="12.76.09.9001")
    assert (created.name, created.source, created.parent_id) == ("Kel Baru", "tps2024", "12.76.09")
    assert Tps.objects.count() == 12


def test_it_files_overseas_points_under_luar_negeri(regions: None) -> None:
    text = HEADER + "9901010001,LUAR NEGERI,BRUNEI DARUSSALAM,KBRI BANDAR SERI BEGAWAN,TPS,3,3,,\n" \
                    "9901010002,LUAR NEGERI,BRUNEI DARUSSALAM,KBRI BANDAR SERI BEGAWAN,POS,1,-26,,\n"
    with pytest.raises(ImportFailed):  # a code starting 99 creates the overseas tree only on request
        import_tps(text.encode(), actor=get_system_user())
    assert not Region.objects.filter(code="99").exists()
    result = import_tps(text.encode(), actor=get_system_user(), create_missing=True)
    assert result.overseas_tps == 4 and result.domestic_tps == 0
    assert Region.objects.get(code="99").name == "Luar Negeri"
    assert Region.objects.get(code="99.01").name == "Brunei Darussalam"
    assert Tps.objects.get(code="99.01.01.0002.001").kind == "POS"


def test_it_keeps_the_other_spelling_as_an_alias(regions: None) -> None:
    text = HEADER + "1276011007,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,BANDARSONO LAMA,1,1,,\n"
    import_tps(text.encode(), actor=get_system_user())
    assert Region.objects.get(code="12.76.01.1007").alt_name == "BANDARSONO LAMA"
    assert Region.objects.get(code="12.76.01.1006").alt_name == ""


@pytest.mark.parametrize(("line", "message"), [
    ("127601100,X,X,X,X,2,2,,", "10 digit"),
    ("1276011006,X,X,X,X,-2,2,,", "tidak boleh kurang dari 0"),
    ("1276011006,X,X,X,X,dua,2,,", "bukan bilangan bulat"),
    ("1276011006,X,X,X,X,5,3,,", "tidak cocok dengan penomoran"),
])
def test_it_rejects_bad_rows_whole(regions: None, line: str, message: str) -> None:
    with pytest.raises(ImportFailed) as exc:
        import_tps((HEADER + "1276011007,X,X,X,X,2,2,,\n" + line + "\n").encode(), actor=get_system_user())
    assert "baris 3" in exc.value.message and message in exc.value.message
    assert Tps.objects.count() == 0


def test_it_rejects_duplicate_villages(regions: None) -> None:
    with pytest.raises(ImportFailed, match="duplikat"):
        import_tps((TPS_CSV + TPS_CSV.splitlines()[1] + "\n").encode(), actor=get_system_user())
