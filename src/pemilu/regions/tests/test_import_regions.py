import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed
from pemilu.regions.importers import import_regions
from pemilu.regions.models import Region, RegionKind
from pemilu.testing.factories import REGION_CSV

pytestmark = pytest.mark.django_db


def test_it_imports_the_tree_with_ancestor_columns() -> None:
    result = import_regions(REGION_CSV.encode(), actor=get_system_user())
    assert result.created == 10
    pelita = Region.objects.get(code="12.76.04.1002")
    assert (pelita.prov_code, pelita.kab_code, pelita.kec_code, pelita.desa_code) == (
        "12", "12.76", "12.76.04", "12.76.04.1002")
    assert pelita.kind == RegionKind.KELURAHAN
    assert Region.objects.get(code="12.06.01.2001").kind == RegionKind.DESA
    assert Region.objects.get(code="12.76").kind == RegionKind.KOTA
    assert AuditEvent.objects.filter(event_type="regions.imported").count() == 1


def test_it_is_idempotent() -> None:
    import_regions(REGION_CSV.encode(), actor=get_system_user())
    again = import_regions(REGION_CSV.encode(), actor=get_system_user())
    assert (again.created, again.updated) == (0, 10)
    assert Region.objects.count() == 10


@pytest.mark.parametrize(("bad_line", "message"), [
    ("12.76.1,Salah", "kode wilayah tidak sah"),
    ("12.99.01,Yatim,kecamatan,12.99,", "induk 12.99 tidak dikenal"),
    ("12.76.01,Duplikat,kecamatan,12.76,", "duplikat (juga di baris 4)"),
    ("12.76.09,,kecamatan,12.76,", "nama kosong"),
    ("12.76.08,Salah Tingkat,desa_kelurahan,12.76,", "tidak cocok"),
])
def test_it_rejects_a_file_with_one_bad_row_whole(bad_line: str, message: str) -> None:
    text = REGION_CSV + bad_line + "\n"
    bad_row = text.strip().count("\n") + 1
    with pytest.raises(ImportFailed) as exc:
        import_regions(text.encode(), actor=get_system_user())
    assert f"baris {bad_row}" in exc.value.message
    assert message in exc.value.message
    assert Region.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_rejects_wrong_encoding_naming_the_line() -> None:
    raw = REGION_CSV.encode() + "12.76.05,Tebing Tinggi Kóta,kecamatan,12.76,\n".encode("latin-1")
    with pytest.raises(ImportFailed) as exc:
        import_regions(raw, actor=get_system_user())
    assert "baris 12" in exc.value.message and "UTF-8" in exc.value.message
    assert Region.objects.count() == 0


def test_it_rejects_empty_files_and_missing_columns() -> None:
    with pytest.raises(ImportFailed, match="kosong"):
        import_regions(b"", actor=get_system_user())
    with pytest.raises(ImportFailed, match="kolom wajib tidak ada: nama"):
        import_regions(b"kode,name\n12,Sumut\n", actor=get_system_user())


def test_the_cli_exits_non_zero_and_names_the_row(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(REGION_CSV + "12.76.1,Salah\n", encoding="utf-8")
    with pytest.raises(CommandError, match="baris 12"):
        call_command("regions", "import", str(path))
    assert Region.objects.count() == 0


def test_it_reads_xlsx(tmp_path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in REGION_CSV.strip().splitlines():
        ws.append(line.split(","))
    path = tmp_path / "wilayah.xlsx"
    wb.save(path)
    assert import_regions(str(path), actor=get_system_user()).created == 10
