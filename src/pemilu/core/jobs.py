"""Background jobs (django-tasks, database backend; docs/architecture.md "Background jobs").

Actions never run slow work inside their transaction: they store what the job needs, and
``enqueue_on_commit`` queues the job once the transaction has committed (with primary keys, so
the job reads committed rows). ``pemilu worker`` runs the queue; ``run_queued_jobs`` runs it
in-process until it is empty (tests, benchmarks, the CLI).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.base import Task

from pemilu.core.exceptions import DomainError, ImportFailed
from pemilu.core.middleware import current_request_id

logger = logging.getLogger(__name__)
R = TypeVar("R")
T = TypeVar("T")
P = ParamSpec("P")
MAX_SHOWN_ERRORS = 200


def enqueue_on_commit(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    """Queue ``task(*args)`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def run_queued_jobs(*, worker_id: str = "in-process") -> None:
    """Run every queued job in this process, then return (the worker's batch mode).

    The claim loop of django-tasks-db's ``db_worker`` (lock a ready row, claim it, run it through
    the library's own ``Worker.run_task``), without the worker's ``close_old_connections()``: in
    process the connection is the caller's (a test's transaction on PostgreSQL), which must stay
    open. ``pemilu worker`` runs the library's worker as it is."""
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        try:
            with exclusive_transaction(ready.db):
                job = ready.get_locked()
                if job is not None:
                    job.claim(worker_id)  # so that no other worker runs it
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                continue  # another worker holds SQLite's lock for a moment: ask again
            raise
        if job is None:
            return
        worker.run_task(job)


@contextmanager
def local_copy(path: str) -> Iterator[Path]:
    """A stored upload as a local file for a job to stream (FileSystemStorage: the file itself;
    other storages: a temporary copy)."""
    from django.core.files.storage import default_storage

    try:
        yield Path(default_storage.path(path))
    except NotImplementedError:
        with tempfile.NamedTemporaryFile(suffix=Path(path).suffix) as tmp, default_storage.open(path, "rb") as fh:
            shutil.copyfileobj(fh, tmp)
            tmp.flush()
            yield Path(tmp.name)



class ImportState(models.TextChoices):
    QUEUED = "queued", gettext_lazy("menunggu giliran")
    CHECKING = "checking", gettext_lazy("memeriksa baris")
    WRITING = "writing", gettext_lazy("menyimpan")
    DONE = "done", gettext_lazy("selesai")
    FAILED = "failed", gettext_lazy("gagal; tidak ada data yang disimpan")


class ImportJobBase(models.Model):
    """A file imported by a background job (asn's register, voters' DP4): who uploaded which file, its
    state, progress and outcome. A subclass adds the stored file's ``path``/``size`` and its counters."""

    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[row, column, message], …] (first 200)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.filename} ({dict(ImportState.choices).get(self.state, self.state)})"


def run_import_job(job: ImportJobBase, *, path: str, name: str, run: Callable[[Path], R]) -> R | None:
    """Run RUN on JOB's stored file (at PATH, deleted afterwards) under the request id ``job-NAME-<pk>``.
    A refused file (``ImportFailed``: every named row error, the first 200 kept; another ``DomainError``)
    marks the job failed and answers None; anything else marks it FAILED with an internal error, is
    logged and raised."""
    jobs = type(job)._default_manager.filter(pk=job.pk)
    token = current_request_id.set(f"job-{name}-{job.pk}")
    try:
        with local_copy(path) as source:
            return run(source)
    except ImportFailed as exc:
        jobs.update(state=ImportState.FAILED, finished_at=timezone.now(), message=exc.message.split("\n")[0],
                    errors=[[e.row, e.column, e.message] for e in exc.errors[:MAX_SHOWN_ERRORS]])
        return None
    except DomainError as exc:
        jobs.update(state=ImportState.FAILED, finished_at=timezone.now(), message=exc.message)
        return None
    except Exception:
        jobs.update(state=ImportState.FAILED, finished_at=timezone.now(),
                    message=_("kesalahan internal; hubungi admin KPU"))
        logger.exception("%s job %s failed", name, job.pk)
        raise
    finally:
        current_request_id.reset(token)
        default_storage.delete(path)
