import io

import openpyxl
import pytest

from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed
from pemilu.elections.models import Election
from pemilu.secretariats import actions, importer
from pemilu.secretariats.models import Assignment, Decision, Secretariat
from pemilu.testing.factories import Cast

HEAD = "kode_wilayah,jabatan,nip,nomor_keputusan,tanggal_keputusan,ditetapkan_oleh\n"
GOOD = (HEAD
        + "12.76.01,sekretaris,198104232006042011,100.3.3/01/2023,2023-01-06,Wali Kota Tebing Tinggi\n"
        + "12.76.01,staf,198809102015031002,100.3.3/01/2023,2023-01-06,Wali Kota Tebing Tinggi\n"
        + "12.76.01.1006,sekretaris,197912012005011006,800/1006/2023,2023-01-20,\n"
        + "12.76.01.1006,staf,199502142022032009,800/1006/2023,2023-01-20,\n")


def test_a_good_file_assigns_every_row_with_audit(cast: Cast, election: Election,
                                                  formed: dict[str, Secretariat]) -> None:
    r = importer.import_assignments(election, GOOD.encode(), actor=cast.kpu_staff_a, filename="sk.csv")
    assert (r.assigned, r.decisions) == (4, 2)
    assert Assignment.objects.active().count() == 4
    assert Decision.objects.get(secretariat__region_id="12.76.01.1006").issued_by == "Lurah Persiakan"
    types = list(AuditEvent.objects.filter(event_type__startswith="secretariats.assigned").values_list(
        "event_type", flat=True))
    assert types == ["secretariats.assigned"] * 4
    summary = AuditEvent.objects.get(event_type="secretariats.imported")
    assert summary.after == {"election": election.code, "rows": 4, "decisions": 2} and summary.region_code == "12.76"


@pytest.mark.parametrize(("bad_row", "column", "message"), [
    ("12.76.01.1006,staf,198104232006042011,800/1006/2023,2023-01-20,", "nip", "kantor kelurahan/desa"),
    ("12.76.01,staf,999999999999999999,100.3.3/01/2023,2023-01-06,", "nip", "tidak ada di register"),
    ("12.76.01,bendahara,199001012015031003,100.3.3/01/2023,2023-01-06,", "jabatan", "sekretaris atau staf"),
    ("12.76.01,sekretaris,199001012015031003,100.3.3/01/2023,2023-01-06,", "jabatan", "tidak ada kursi sekretaris"),
    ("12.76.01,staf,199001012015031003,100.3.3/01/2023,06/01/2023,", "tanggal_keputusan", "YYYY-MM-DD"),
    ("12.06.01.2001,staf,198001012005011099,1/2023,2023-01-06,", "kode_wilayah", "di luar wewenang"),
    ("12.76.01.1006,staf,198104232006042011,800/1006/2023,2023-01-20,", "nip", "juga di baris 2"),
])
def test_one_bad_row_rejects_the_whole_file_naming_the_row(
        cast: Cast, election: Election, formed: dict[str, Secretariat], bad_row: str, column: str,
        message: str) -> None:
    lines = GOOD.splitlines()
    content = "\n".join([*lines[:4], bad_row, *lines[4:]]) + "\n"   # the bad row is line 5
    before = AuditEvent.objects.count()
    with pytest.raises(ImportFailed) as exc:
        importer.import_assignments(election, content.encode(), actor=cast.kpu_staff_a, filename="sk.csv")
    rows = [(e.row, e.column) for e in exc.value.errors]
    assert (5, column) in rows, exc.value.message
    assert message in exc.value.message and "baris 5" in exc.value.message
    assert not Assignment.objects.exists() and not Decision.objects.exists()
    assert AuditEvent.objects.count() == before


def test_xlsx_is_read_too_and_unformed_areas_are_named(cast: Cast, election: Election,
                                                       register: dict[str, AsnEmployee]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in GOOD.splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportFailed) as exc:  # not formed yet
        importer.import_assignments(election, buf.getvalue(), actor=cast.kpu_staff_a, filename="sk.xlsx")
    assert [e.row for e in exc.value.errors] == [2, 3, 4, 5] and "bentuk dulu" in exc.value.message
    actions.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    assert importer.import_assignments(election, buf.getvalue(), actor=cast.kpu_staff_a,
                                      filename="sk.xlsx").assigned == 4
