import pytest
from hypothesis import given
from hypothesis import strategies as st

from pemilu.asn.actions import EmployeeData, do_create_employee, import_employees
from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import DomainError, ImportFailed, NotFoundError, PermissionDeniedError
from pemilu.testing.factories import Cast

HEADER = "nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
GOOD = (HEADER
        + "198001012005011001,Budi Santoso,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01\n"
        + "199203152019032002,Sari Lubis,Kelurahan Persiakan,Staf,PPPK,12.76.01.1006\n"
        + ",Andi,Kelurahan Persiakan,Petugas kebersihan,non_asn_apbd,12.76.01.1006\n")


def test_it_imports_a_register_and_sets_scope_columns(cast: Cast) -> None:
    result = import_employees(GOOD.encode(), actor=cast.kpu_staff_a, filename="asn.csv")
    assert (result.created, result.updated) == (3, 0)
    sari = AsnEmployee.objects.get(nip="199203152019032002")
    assert (sari.kab_code, sari.kec_code, sari.desa_code) == ("12.76", "12.76.01", "12.76.01.1006")
    assert sari.employment_type == "pppk"
    event = AuditEvent.objects.get(event_type="asn.imported")
    assert event.after is not None and event.after["created"] == 3 and event.actor_id == cast.kpu_staff_a.pk
    again = import_employees(GOOD.encode(), actor=cast.kpu_staff_a, filename="asn.csv")
    assert (again.created, again.updated) == (0, 3)
    assert AsnEmployee.objects.count() == 3


def test_it_rejects_the_whole_file_naming_the_bad_rows(cast: Cast) -> None:
    bad = GOOD + "12345,Salah NIP,Dinas X,Staf,PNS,12.76.01\n" + "198001012005011009,Ani,Dinas Y,Staf,tamu,12.76.99\n"
    with pytest.raises(ImportFailed) as info:
        import_employees(bad.encode(), actor=cast.kpu_staff_a, filename="asn.csv")
    rows = {(e.row, e.column) for e in info.value.errors}
    assert (5, "nip") in rows and (6, "jenis_kepegawaian") in rows and (6, "kode_wilayah") in rows
    assert AsnEmployee.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type="asn.imported").exists()


def test_it_refuses_rows_outside_the_importers_region(cast: Cast) -> None:
    data = HEADER + "198001012005011001,Budi,Dinas,Staf,PNS,12.06.01\n"
    with pytest.raises(ImportFailed) as info:
        import_employees(data.encode(), actor=cast.kpu_staff_a)
    assert info.value.errors[0].column == "kode_wilayah"
    assert AsnEmployee.objects.count() == 0


def test_it_imports_xlsx(cast: Cast) -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in GOOD.strip().splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    result = import_employees(buf.getvalue(), actor=cast.kpu_admin_a, filename="asn.xlsx")
    assert result.created == 3


def test_it_creates_one_employee_with_an_audit_row_and_denies_others(cast: Cast) -> None:
    data = EmployeeData("19800101 200501 1 001", "Budi", "Dinas Kominfo", "Staf", "PNS", "12.76.04")
    employee = do_create_employee(data, actor=cast.kpu_admin_a)
    assert employee.nip == "198001012005011001" and employee.kab_code == "12.76"
    assert AuditEvent.objects.filter(event_type="asn.employee_created", target_id=str(employee.pk)).count() == 1
    with pytest.raises(DomainError):
        do_create_employee(EmployeeData("198001012005011001", "B", "D", "", "PNS", "12.76.04"), actor=cast.kpu_admin_a)
    with pytest.raises(PermissionDeniedError):
        do_create_employee(EmployeeData("198001012005011002", "C", "D", "", "PNS", "12.76.01"), actor=cast.ppk_a1)
    with pytest.raises(NotFoundError):
        do_create_employee(EmployeeData("198001012005011003", "C", "D", "", "PNS", "12.76.01"), actor=cast.kpu_admin_b)
    assert AsnEmployee.objects.count() == 1


def test_a_repeated_nip_names_each_repeat_and_the_first_line(cast: Cast) -> None:
    row = "198001012005011001,Budi,Dinas,Staf,PNS,12.76.01\n"
    data = HEADER + row + "199203152019032002,Sari,Dinas,Staf,PPPK,12.76.01\n" + row + row
    with pytest.raises(ImportFailed) as info:
        import_employees(data.encode(), actor=cast.kpu_staff_a, filename="asn.csv")
    assert [(e.row, e.column, e.message) for e in info.value.errors] == [
        (4, "nip", "NIP ganda (juga di baris 2)"), (5, "nip", "NIP ganda (juga di baris 2)")]
    assert AsnEmployee.objects.count() == 0


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=60), st.integers(min_value=1, max_value=7))
def test_repeated_keys_are_found_across_sorted_runs(keys: list[int], run: int) -> None:
    from array import array

    from pemilu.asn.actions import _repeated

    lines = [i + 2 for i in range(len(keys))]
    expected, first = [], {}  # type: ignore[var-annotated]
    for key, line in zip(keys, lines, strict=True):
        if key in first:
            expected.append((line, first[key]))
        else:
            first[key] = line
    found = list(_repeated(array("q", keys), array("q", lines), run=run))
    assert sorted(found) == sorted(expected)


def test_shared_strings_are_packed_and_read_back() -> None:
    from pemilu.core.tabular import _StringTable

    table = _StringTable()
    for text in ["", "Budi", "Sári Lubis ✓", ""]:
        table.append(text)
    assert [table[i] for i in range(len(table))] == ["", "Budi", "Sári Lubis ✓", ""]
    with pytest.raises(IndexError):
        table[4]
    with pytest.raises(IndexError):
        table[-1]
