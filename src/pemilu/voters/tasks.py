"""Background jobs of voters: a big DP4 upload is imported by `pemilu worker` (like asn/tasks.py)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from pemilu.core.jobs import ImportState, run_import_job


@task()
def run_import(job_id: int) -> dict[str, int]:
    """Import the stored DP4 file of ``VoterImport`` ``job_id`` through the same checked, atomic
    ``import_dp4`` as the command line; record the outcome (or every named row error)."""
    from pemilu.voters.importer import import_dp4
    from pemilu.voters.models import VoterImport

    job = VoterImport.objects.select_related("actor", "election").get(pk=job_id)
    if job.state != ImportState.QUEUED:
        return {"created": job.created, "flagged": job.flagged}
    # One pass checks and writes in one transaction: the job reads "checking" until it is done or failed.
    VoterImport.objects.filter(pk=job.pk).update(state=ImportState.CHECKING)
    outcome = run_import_job(job, path=job.path, name="voters-import",
                             run=lambda source: import_dp4(
                                 source, election=job.election, region_code=job.region_id, actor=job.actor,
                                 filename=job.filename, max_rows=settings.PEMILU_IMPORT_JOB_MAX_ROWS, job=job))
    if outcome is None:
        return {"created": 0, "flagged": 0}
    return {"created": outcome.created, "flagged": outcome.flagged}


@task()
def run_duplicate_search(search_id: int) -> dict[str, int]:
    """Run the queued duplicate search ``search_id`` (``duplicates.run_search``): the candidate
    pairs of its region into the review queue."""
    from pemilu.voters.duplicates import run_search
    from pemilu.voters.models import DuplicateSearch, SearchState

    search = DuplicateSearch.objects.select_related("election", "actor").get(pk=search_id)
    if search.state != SearchState.QUEUED:
        return {"identik": search.identical, "potensi": search.potential}
    try:
        search = run_search(search)
    except Exception:
        DuplicateSearch.objects.filter(pk=search_id).update(state=SearchState.FAILED)
        raise
    return {"identik": search.identical, "potensi": search.potential}
