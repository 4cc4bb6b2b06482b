"""Issue 17 item 6: announcement PDFs are rendered after commit by a background job, not while
the action holds the kab/kota audit-chain head. Real commits (transactional test), the real
django-tasks database backend and its worker run in-process — no mock."""

from __future__ import annotations

import hashlib
import subprocess
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from pemilu.adhoc import actions
from pemilu.adhoc.models import AdminResult, Announcement, Applicant, DocumentState, Recruitment, RecruitmentStatus
from pemilu.adhoc.tests.conftest import register
from pemilu.audit import holds
from pemilu.audit.chain import canonical
from pemilu.audit.models import AuditEvent
from pemilu.core.jobs import run_queued_jobs
from pemilu.testing.factories import Cast


@pytest.mark.django_db(transaction=True)
def test_announcement_is_rendered_after_commit_by_the_worker(cast: Cast, rec: Recruitment,
                                                             monkeypatch: Any) -> None:
    staff = cast.kpu_staff_a
    people = [register(rec, staff, docs=False, gender="P" if i % 2 else "L") for i in range(4)]
    Applicant.objects.filter(pk__in=[a.pk for a in people]).update(admin_result=AdminResult.MS)
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.VERIFICATION)
    rendered_during: list[bool] = []
    from pemilu.adhoc import exports

    real = exports.announcement_pdf

    def spy(ann: Announcement) -> bytes:  # the real renderer; records whether a transaction is open
        from django.db import connection

        rendered_during.append(connection.in_atomic_block)
        return real(ann)

    monkeypatch.setattr(exports, "announcement_pdf", spy)
    with holds.recording() as held:
        ann = actions.do_announce_admin(rec, actor=staff)

    # Committed without a PDF: the rows and their digest are stored and audited, a job is queued.
    ann.refresh_from_db()
    assert ann.state == DocumentState.PENDING and not ann.file and rendered_during == []
    assert sorted(r["name"] for r in ann.content["rows"]) == sorted(a.name for a in people)
    event = AuditEvent.objects.get(event_type="adhoc.announced")
    digest = hashlib.sha256(canonical(ann.content).encode()).hexdigest()
    assert event.after is not None and event.after["content_sha256"] == digest
    assert DBTaskResult.objects.filter(task_path="pemilu.adhoc.tasks.render_announcement",
                                       status="READY").count() == 1
    assert [h.event_type for h in held.holds] == ["adhoc.stage_advanced"]  # one hold, measured at commit
    client = Client()
    assert "sedang disiapkan" in client.get("/adhoc/pengumuman/").content.decode()
    pending = client.get(f"/adhoc/pengumuman/{ann.pk}.pdf")
    assert pending.status_code == 202 and "sedang disiapkan" in pending.content.decode()

    # A later change does not alter what was announced: the PDF shows the rows as of the action.
    Applicant.objects.filter(pk=people[0].pk).update(name="Nama Diganti Kemudian")
    run_queued_jobs()
    ann.refresh_from_db()
    assert rendered_during == [False]  # outside any transaction, so outside any chain-head lock
    assert ann.state == DocumentState.READY and ann.ready_at is not None
    pdf = ann.file.read()
    assert hashlib.sha256(pdf).hexdigest() == ann.sha256
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert people[0].name in text.decode() and "Nama Diganti Kemudian" not in text.decode()
    assert people[1].masked_nik in text.decode() and people[1].nik not in text.decode()
    rendered = AuditEvent.objects.get(event_type="adhoc.announcement_rendered")
    assert rendered.after is not None and rendered.after["sha256"] == ann.sha256
    assert rendered.actor_name == "system:jobs"
    assert DBTaskResult.objects.get(task_path="pemilu.adhoc.tasks.render_announcement").status == "SUCCESSFUL"

    page = client.get("/adhoc/pengumuman/").content.decode()
    assert f"/adhoc/pengumuman/{ann.pk}.pdf" in page and "sedang disiapkan" not in page
    status = client.get(f"/adhoc/pengumuman/{ann.pk}/status/").content.decode()
    assert "doc-ready" in status
    response = client.get(f"/adhoc/pengumuman/{ann.pk}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf  # type: ignore[attr-defined]

    # Running the queue again does nothing: the announcement is rendered once.
    run_queued_jobs()
    assert AuditEvent.objects.filter(event_type="adhoc.announcement_rendered").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_rendering_says_so(cast: Cast, rec: Recruitment, monkeypatch: Any) -> None:
    from pemilu.adhoc import exports

    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.VERIFICATION)

    def broken(ann: Announcement) -> bytes:
        raise OSError("font missing")

    monkeypatch.setattr(exports, "announcement_pdf", broken)
    ann = actions.do_announce_admin(rec, actor=cast.kpu_staff_a)
    run_queued_jobs()
    ann.refresh_from_db()
    assert ann.state == DocumentState.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"
    response = Client().get(f"/adhoc/pengumuman/{ann.pk}.pdf")
    assert response.status_code == 503 and "gagal disiapkan" in response.content.decode()
