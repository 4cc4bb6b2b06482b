"""Background jobs: the configured backend is django-tasks-db's, and `pemilu worker --batch` runs
what was queued after commit (real backend, real worker)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from pemilu.core.jobs import enqueue_on_commit


def test_the_database_backend_is_configured() -> None:
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert isinstance(task_backends["default"], DatabaseBackend)


@pytest.mark.django_db(transaction=True)
def test_a_job_is_queued_on_commit_only_and_the_worker_runs_it() -> None:
    from pemilu.adhoc.tasks import render_announcement

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(render_announcement, 1)
        raise RuntimeError  # rolled back: nothing queued
    assert not DBTaskResult.objects.exists()
    with transaction.atomic():
        enqueue_on_commit(render_announcement, 999_999)
        assert not DBTaskResult.objects.exists()  # not before the commit
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.args_kwargs == {"args": [999_999], "kwargs": {}}
    call_command("worker", "--batch", verbosity=0)
    job.refresh_from_db()
    assert job.status == "FAILED"  # announcement 999999 does not exist: the worker ran it and recorded why
    assert "DoesNotExist" in job.exception_class_path
