"""Background jobs of asn: a large register upload is imported by `pemilu worker` (issue 17 item 5)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks import task

from pemilu.core.jobs import ImportState, run_import_job


class _Progress:
    """Writes the job's progress where the web pages can read it while the import runs: directly
    while checking (no transaction is open), through a second connection while writing (the write
    is one transaction). SQLite allows one writer at a time, so there the write phase reports
    only its start and its end."""

    def __init__(self, job_id: int) -> None:
        from pemilu.asn.models import ImportJob

        self.job_id, self.table = job_id, ImportJob._meta.db_table
        self.side: Any = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        from pemilu.asn.models import ImportJob

        state = ImportState.CHECKING if phase == "check" else ImportState.WRITING
        if phase == "check" or total is None:
            ImportJob.objects.filter(pk=self.job_id).update(state=state, rows_done=done, rows_total=total)
            return
        if connections["default"].vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection("default")
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {self.table} SET state = %s, rows_done = %s, rows_total = %s "  # noqa: S608
                           "WHERE id = %s", [state, done, total, self.job_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


@task()
def run_import(job_id: int) -> dict[str, int]:
    """Import the stored file of ``ImportJob`` ``job_id`` through the same streaming, atomic
    ``import_employees`` as a small upload; record the outcome (or every named row error)."""
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import ImportJob

    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.state != ImportState.QUEUED:
        return {"created": job.created, "updated": job.updated}
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.CHECKING)
    progress = _Progress(job.pk)
    try:
        result = run_import_job(job, path=job.path, name="asn-import",
                                run=lambda source: import_employees(
                                    source, actor=job.actor, filename=job.filename,
                                    max_rows=settings.PEMILU_IMPORT_JOB_MAX_ROWS, progress=progress))
    finally:
        progress.close()
    if result is None:
        return {"created": 0, "updated": 0}
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.DONE, finished_at=timezone.now(),
                                               created=result.created, updated=result.updated,
                                               rows_done=result.created + result.updated,
                                               rows_total=result.created + result.updated)
    return {"created": result.created, "updated": result.updated}
