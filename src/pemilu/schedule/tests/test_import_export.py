import datetime
import io
from pathlib import Path

import icalendar
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed, NotFoundError
from pemilu.schedule import exports
from pemilu.schedule.importers import check_file, import_schedule
from pemilu.schedule.models import Stage

D = datetime.date
DATA = Path(__file__).resolve().parent / "data"
TYPO = DATA / "pkpu3_2022_kubu_raya.txt"


@pytest.mark.django_db
def test_it_checks_the_seed_list_naming_stage_5_and_exits_non_zero(capsys) -> None:
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("schedule", "check", str(TYPO))
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if line.startswith("KESALAHAN")]
    assert errors and all("tahapan 5 (Penetapan Peserta Pemilu)" in line for line in errors)
    assert "14 Februari 2022 sebelum tanggal mulai 14 Desember 2022" in out
    # the "disesuaikan dengan akhir masa jabatan" stages are accepted without dates
    assert "tahapan 15" not in out and "tahapan 16" not in out


@pytest.mark.django_db
def test_it_passes_the_corrected_list(tmp_path, capsys) -> None:
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(TYPO.read_text().replace("14 Desember 2022 – 14 Februari 2022", "14 Desember 2022"))
    call_command("schedule", "check", str(fixed))
    assert "OK: 18 tahapan, 0 kesalahan" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_names_the_unparseable_line(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(TYPO.read_text().replace("6 Desember 2022 – 25", "6 Desmber 2022 – 25"))
    with pytest.raises(CommandError):
        call_command("schedule", "check", str(bad))
    assert 'KESALAHAN: tahapan 7 (6 Desmber 2022 – 25 November 2023: Pencalonan Anggota DPD), baris 10: ' \
           'tanggal tidak dapat dibaca' in capsys.readouterr().out


def test_it_imports_nothing_from_a_file_with_an_error(cast) -> None:
    from pemilu.schedule.actions import do_load_builtin_schedule

    election = do_load_builtin_schedule("pemilu-2024", actor=get_system_user()).election
    Stage.objects.filter(code="penetapan-peserta").update(name_id="tetap")
    before = AuditEvent.objects.count()
    with pytest.raises(ImportFailed) as info:
        import_schedule(TYPO, election, actor=get_system_user(), filename="x.txt")
    assert [e.row for e in info.value.errors] == [8]
    assert Stage.objects.get(code="penetapan-peserta").name_id == "tetap"
    assert AuditEvent.objects.count() == before
    with pytest.raises(NotFoundError):
        import_schedule(TYPO, election, actor=cast.kpu_admin_a, filename="x.txt")


@pytest.mark.django_db
def test_it_round_trips_csv_and_xlsx_exports_through_import(pemilu_2024, tmp_path) -> None:
    csv_bytes = exports.to_csv(pemilu_2024)
    assert csv_bytes.splitlines()[0] == b"no,code,stage,stage_en,start,end,depends_on"
    assert b"\n1.1,pembentukan-ppk,Pembentukan PPK" in csv_bytes and b"\n1.1.1,pendaftaran-ppk," in csv_bytes
    report = check_file(csv_bytes, filename="x.csv", voting_day=pemilu_2024.voting_day)
    assert report.ok and len(report.rows) == Stage.objects.count()
    xlsx = exports.to_xlsx(pemilu_2024)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    row5 = next(r for r in ws.iter_rows(values_only=True) if r[1] == "penetapan-peserta")
    assert row5[0] == "5" and row5[2] == "Penetapan peserta Pemilu" and row5[4].date() == D(2022, 12, 14)
    assert check_file(xlsx, filename="x.xlsx", voting_day=pemilu_2024.voting_day).ok
    # Import the export back: nothing changes, one audit row.
    result = import_schedule(xlsx, pemilu_2024, actor=get_system_user(), filename="x.xlsx")
    assert result.created == [] and result.updated == []
    assert AuditEvent.objects.filter(event_type="schedule.imported").count() == 1


@pytest.mark.django_db
def test_it_imports_a_changed_csv_with_an_audit_row(pemilu_2024) -> None:
    text = exports.to_csv(pemilu_2024).decode().replace(
        "pendaftaran-kpps,Pendaftaran calon anggota KPPS,KPPS member registration,2023-12-11,2023-12-20",
        "pendaftaran-kpps,Pendaftaran calon anggota KPPS,KPPS member registration,2023-12-11,2023-12-22")
    result = import_schedule(text.encode(), pemilu_2024, actor=get_system_user(), filename="j.csv")
    assert result.updated == ["pendaftaran-kpps"]
    assert Stage.objects.get(code="pendaftaran-kpps").end == D(2023, 12, 22)
    event = AuditEvent.objects.get(event_type="schedule.imported")
    assert (event.after or {})["updated"] == ["pendaftaran-kpps"]


@pytest.mark.django_db
def test_it_exports_an_ics_a_calendar_parser_reads_back(pemilu_2024, tmp_path) -> None:
    path = tmp_path / "jadwal.ics"
    call_command("schedule", "export", str(path))
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Jakarta"
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    dated = Stage.objects.filter(start__isnull=False).count()
    assert len(events) == dated == Stage.objects.count() - 3
    voting = events["Pemungutan suara"]
    assert voting.decoded("DTSTART") == D(2024, 2, 14) and voting.decoded("DTEND") == D(2024, 2, 15)
    tenang = events["Masa tenang"]
    assert (tenang.decoded("DTSTART"), tenang.decoded("DTEND")) == (D(2024, 2, 11), D(2024, 2, 14))
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == dated


@pytest.mark.django_db
def test_a_stage_name_the_export_guards_against_formulas_reads_back_unchanged(pemilu_2024) -> None:
    """The export quotes a name starting with '-' (core/exports.py); importing it back restores it."""
    Stage.objects.filter(election=pemilu_2024, code="pendaftaran-kpps").update(name_id="-Pendaftaran KPPS")
    for raw, name in ((exports.to_csv(pemilu_2024), "j.csv"), (exports.to_xlsx(pemilu_2024), "j.xlsx")):
        assert b"'-Pendaftaran KPPS" in raw or name.endswith(".xlsx")
        result = import_schedule(raw, pemilu_2024, actor=get_system_user(), filename=name)
        assert result.updated == [], name
        assert Stage.objects.get(code="pendaftaran-kpps").name_id == "-Pendaftaran KPPS"
