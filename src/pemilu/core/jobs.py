"""Background jobs (django-tasks, database backend; docs/architecture.md "Background jobs").

Actions never run slow work inside their transaction: they store what the job needs, and
``enqueue_on_commit`` queues the job once the transaction has committed (with primary keys, so
the job reads committed rows). ``pemilu worker`` runs the queue; ``run_queued_jobs`` runs it
in-process until it is empty (tests, benchmarks, the CLI).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import transaction


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Queue ``task(*args)`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.enqueue(*args))


def run_queued_jobs(*, worker_id: str = "in-process") -> None:
    """Run every queued job in this process, then return (the worker's batch mode)."""
    from django_tasks_db.management.commands import db_worker

    # In process, the connection is the caller's (a test's transaction on PostgreSQL): the
    # worker's close_old_connections() would close it under the caller. `pemilu worker` keeps it.
    with mock.patch.object(db_worker, "close_old_connections", lambda **_kwargs: None):
        db_worker.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                         max_tasks=None, worker_id=worker_id, excluded_queue_names=[]).run()


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

