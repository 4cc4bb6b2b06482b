"""Background jobs of voters: a big DP4 upload is imported by `pemilu worker` (like asn/tasks.py)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from pemilu.core.jobs import local_copy

logger = logging.getLogger(__name__)
MAX_SHOWN_ERRORS = 200


@task()
def run_import(job_id: int) -> dict[str, int]:
    """Import the stored DP4 file of ``VoterImport`` ``job_id`` through the same checked, atomic
    ``import_dp4`` as the command line; record the outcome (or every named row error)."""
    from pemilu.core.exceptions import DomainError, ImportFailed
    from pemilu.core.middleware import current_request_id
    from pemilu.voters.actions import import_dp4
    from pemilu.voters.models import VoterImport, VoterImportState

    job = VoterImport.objects.select_related("actor", "election").get(pk=job_id)
    if job.state != VoterImportState.QUEUED:
        return {"created": job.created, "flagged": job.flagged}
    jobs = VoterImport.objects.filter(pk=job.pk)
    jobs.update(state=VoterImportState.CHECKING)

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == "write" and done == 0:  # the write is one transaction: its start is reported
            jobs.update(state=VoterImportState.WRITING, rows_total=total)

    token = current_request_id.set(f"job-voters-import-{job.pk}")
    try:
        with local_copy(job.path) as source:
            outcome = import_dp4(source, election=job.election, region_code=job.region_id, actor=job.actor,
                                 filename=job.filename, max_rows=settings.PEMILU_IMPORT_JOB_MAX_ROWS, job=job,
                                 progress=progress)
    except ImportFailed as exc:
        jobs.update(state=VoterImportState.FAILED, finished_at=timezone.now(), message=exc.message.split("\n")[0],
                    errors=[[e.row, e.column, e.message] for e in exc.errors[:MAX_SHOWN_ERRORS]])
        return {"created": 0, "flagged": 0}
    except DomainError as exc:
        jobs.update(state=VoterImportState.FAILED, finished_at=timezone.now(), message=exc.message)
        return {"created": 0, "flagged": 0}
    except Exception:
        jobs.update(state=VoterImportState.FAILED, finished_at=timezone.now(),
                    message=_("kesalahan internal; hubungi admin KPU"))
        logger.exception("voters import job %s failed", job.pk)
        raise
    finally:
        current_request_id.reset(token)
        default_storage.delete(job.path)
    return {"created": outcome.created, "flagged": outcome.flagged}
