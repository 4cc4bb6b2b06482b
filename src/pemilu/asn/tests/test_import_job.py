"""Issue 17 item 5: bounded uploads. Size and row limits with a clear message; a large ASN upload
is imported by a background job (real django-tasks database backend, worker run in-process)
with a progress page; a bad row fails the job, names the row, and writes nothing."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from pemilu.asn.actions import import_employees
from pemilu.asn.models import AsnEmployee, ImportJob
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed
from pemilu.core.jobs import run_queued_jobs
from pemilu.core.tabular import stream_table
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

HEADER = "nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"


def register(n: int, bad_row: int | None = None) -> str:
    """n employees of Persiakan (file row = index + 2); ``bad_row`` gets an 8-digit NIP."""
    rows = []
    for i in range(n):
        nip = "12345678" if i + 2 == bad_row else f"19800101200501{i:04d}"
        rows.append(f"{nip},Pegawai {i},Kelurahan Persiakan,Staf,PNS,12.76.01.1006\n")
    return HEADER + "".join(rows)


@pytest.fixture
def small_jobs(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PEMILU_IMPORT_BACKGROUND_BYTES = 1000  # anything over 1 kB goes to the job


def test_a_large_upload_is_imported_by_a_job_with_a_progress_page(
        cast: Cast, small_jobs: None, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(cast, "kpu_staff_a")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("register.csv", register(300).encode())})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/asn/impor/{job.pk}/"
    assert AsnEmployee.objects.count() == 0  # nothing yet: the request only stored the file and queued the job
    assert DBTaskResult.objects.get().task_path == "pemilu.asn.tasks.run_import"
    page = client.get(f"/asn/impor/{job.pk}/").content.decode()
    assert "menunggu giliran" in page and 'hx-trigger="every 2s"' in page
    stored = Path(job.path)

    run_queued_jobs()
    job.refresh_from_db()
    assert (job.state, job.created, job.updated, job.rows_done, job.rows_total) == ("done", 300, 0, 300, 300)
    assert AsnEmployee.objects.count() == 300
    assert AuditEvent.objects.get(event_type="asn.imported").after["rows"] == 300  # type: ignore[index]
    page = client.get(f"/asn/impor/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Impor berhasil: 300 baru, 0 diperbarui." in page and "every 2s" not in page
    from django.core.files.storage import default_storage

    assert not default_storage.exists(str(stored))  # the upload is deleted once imported
    # The job page is its uploader's only.
    for who in ("kpu_admin_a", "kpu_admin_b", "bawaslu_a"):
        assert client_for(cast, who).get(f"/asn/impor/{job.pk}/").status_code == 404
    assert client_for(cast, None).get(f"/asn/impor/{job.pk}/").status_code == 302  # to the login page


def test_a_bad_row_fails_the_job_names_the_row_and_writes_nothing(
        cast: Cast, small_jobs: None, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(cast, "kpu_staff_a")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/asn/impor/", {"berkas": SimpleUploadedFile("register.csv", register(300, bad_row=251).encode())})
    run_queued_jobs()
    job = ImportJob.objects.get()
    assert job.state == "failed" and job.errors == [[251, "nip", "NIP harus 18 digit: '12345678'"]]
    assert AsnEmployee.objects.count() == 0 and not AuditEvent.objects.filter(event_type="asn.imported").exists()
    page = client.get(f"/asn/impor/{job.pk}/").content.decode()
    assert "baris 251, kolom nip" in page and "tidak ada data yang disimpan" in page


def test_a_duplicate_nip_far_apart_is_found_while_streaming(cast: Cast) -> None:
    text = register(40) + "198001012005010003,Lain,Dinas,Staf,PNS,12.76.01.1006\n"
    with pytest.raises(ImportFailed) as info:
        import_employees(text.encode(), actor=cast.kpu_staff_a)
    assert [(e.row, e.column, e.message) for e in info.value.errors] == [(42, "nip", "NIP ganda (juga di baris 5)")]
    assert AsnEmployee.objects.count() == 0


def test_progress_is_reported_while_checking_and_writing(cast: Cast, monkeypatch: Any) -> None:
    from pemilu.asn import actions

    monkeypatch.setattr(actions, "CHUNK", 100)
    seen: list[tuple[str, int, int | None]] = []
    result = import_employees(register(250).encode(), actor=cast.kpu_staff_a,
                              progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert result.created == 250
    assert seen == [("check", 250, 250), ("write", 100, 250), ("write", 200, 250), ("write", 250, 250)]


def test_uploads_over_the_size_limit_get_a_clear_message(cast: Cast, settings: Any) -> None:
    settings.PEMILU_UPLOAD_MAX_BYTES = 2000
    client = client_for(cast, "kpu_staff_a")
    r = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("register.csv", register(40).encode())})
    assert r.status_code == 200 and "Berkas terlalu besar" in r.content.decode() and "paling besar 0,0 MB" in \
        r.content.decode()
    big = register(2000).encode()  # ≈ 140 kB: refused from its Content-Length, before it is read
    r = client.post("/asn/impor/", {"berkas": SimpleUploadedFile("register.csv", big)})
    assert r.status_code == 413 and "Berkas terlalu besar" in r.content.decode()
    api = client.post("/api/v1/asn/import", {"file": SimpleUploadedFile("register.csv", big)})
    assert api.status_code == 413 and "Berkas terlalu besar" in api.json()["detail"]
    assert AsnEmployee.objects.count() == 0


def test_a_request_reads_at_most_the_row_limit(cast: Cast, settings: Any) -> None:
    settings.PEMILU_IMPORT_MAX_ROWS = 10
    r = client_for(cast, "kpu_staff_a").post(
        "/asn/impor/", {"berkas": SimpleUploadedFile("register.csv", register(20).encode())})
    assert "baris 12: berkas melebihi batas 10 baris data" in r.content.decode()
    assert AsnEmployee.objects.count() == 0
    assert import_employees(register(20).encode(), actor=cast.kpu_staff_a).created == 20  # outside a request: no cap


def _xlsx(path: Path, rows: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER.strip().split(","))
    for i in range(rows):
        ws.append([f"19800101200501{i % 2000:04d}", f"Pegawai {i % 500}", "Dinas", "Staf", "PNS", "12.76.01.1006"])
    wb.save(path)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_streaming_memory_does_not_grow_with_the_file(tmp_path: Path, kind: str) -> None:
    """Reading 4× the rows costs no more memory: rows are read one at a time. (An XLSX's distinct
    strings are one table that openpyxl keeps in memory: bounded by the upload size limit.)"""

    def peak(rows: int) -> int:
        path = tmp_path / f"t{rows}.{kind}"
        if kind == "csv":
            path.write_text(HEADER + "".join(f"19800101200501{i % 10000:04d},Pegawai {i},Dinas,Staf,PNS,12.76.01\n"
                                             for i in range(rows)))
        else:
            _xlsx(path, rows)
        tracemalloc.start()
        n = sum(1 for _row in stream_table(path))
        high = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert n == rows
        return high

    small, large = peak(5_000), peak(20_000)
    assert large < 1.5 * small + 200_000, (small, large)


def test_an_xlsx_upload_goes_through_the_same_path(cast: Cast) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in register(5, bad_row=4).strip().splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportFailed) as info:
        import_employees(buf.getvalue(), actor=cast.kpu_staff_a, filename="a.xlsx")
    assert [(e.row, e.column) for e in info.value.errors] == [(4, "nip")]
