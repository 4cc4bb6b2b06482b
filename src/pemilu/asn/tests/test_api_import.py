"""The ASN import through the API as on the page (issue 18 item 7): a small file at once (200),
a large one through the same background job (202 with the job; its status operation is the
uploader's only), the same permission (KPU administrators and staff; others 403)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pemilu.asn.models import AsnEmployee, ImportJob
from pemilu.asn.tests.test_import_job import register, small_jobs  # noqa: F401 - the fixture
from pemilu.core.jobs import run_queued_jobs
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for


def upload(text: str) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("register.csv", text.encode())}


def test_a_large_api_upload_answers_202_with_the_job_and_its_status(
        cast: Cast, small_jobs: None, django_capture_on_commit_callbacks: Any) -> None:  # noqa: F811
    client = client_for(cast, "kpu_staff_a")
    assert client.post("/api/v1/asn/import", upload(register(3))).json() == {"created": 3, "updated": 0}  # small
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/v1/asn/import", upload(register(300)))
    job = ImportJob.objects.get()
    assert r.status_code == 202, r.content
    assert r.json()["id"] == job.pk and r.json()["state"] == "queued"
    assert r.json()["status_url"] == f"/api/v1/asn/import-jobs/{job.pk}"
    assert AsnEmployee.objects.count() == 3  # the request only stored the file and queued the job
    run_queued_jobs()
    status = client.get(r.json()["status_url"]).json()
    assert (status["state"], status["created"], status["updated"], status["rows_done"]) == ("done", 297, 3, 300)
    assert AsnEmployee.objects.count() == 300
    # The job is its uploader's: anyone else, even of the same office, gets 404 (as the page).
    for who in ("kpu_admin_a", "kpu_admin_b", "nobody"):
        assert client_for(cast, who).get(r.json()["status_url"]).status_code == 404
    assert client_for(cast, "kpu_staff_a").get("/api/v1/asn/import-jobs/999999").status_code == 404


def test_a_bad_row_fails_the_api_job_and_its_status_names_the_row(
        cast: Cast, small_jobs: None, django_capture_on_commit_callbacks: Any) -> None:  # noqa: F811
    client = client_for(cast, "kpu_staff_a")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/v1/asn/import", upload(register(300, bad_row=250)))
    assert r.status_code == 202
    run_queued_jobs()
    status = client.get(r.json()["status_url"]).json()
    assert status["state"] == "failed" and status["errors"][0]["row"] == 250 and status["errors"][0]["column"] == "nip"
    assert AsnEmployee.objects.count() == 0


def test_the_api_import_has_the_pages_permission(cast: Cast, small_jobs: None) -> None:  # noqa: F811
    for who in ("bawaslu_a", "ppk_a1", "nobody"):  # no KPU role: 403 before anything is stored
        r = client_for(cast, who).post("/api/v1/asn/import", upload(register(300)))
        assert r.status_code == 403 and r.json()["code"] == "forbidden", (who, r.content)
        r = client_for(cast, who).post("/api/v1/asn/import", upload(register(2)))
        assert r.status_code == 403, who
    assert not ImportJob.objects.exists() and not AsnEmployee.objects.exists()
