"""gunicorn hooks for ``pemilu serve``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.workers.base import Worker

import gc


def post_worker_init(worker: Worker) -> None:
    """Import the URL conf and load the reference data a submission needs (election, entry mode,
    every contest and its ballot, the dapil areas) before the worker takes requests, so the
    first requests of a fresh worker — after a deploy, a ``--max-requests`` recycle or a crash
    — do not each wait for it."""
    from django.db import connection
    from django.urls import get_resolver

    from pemilu.results.ingest import warm_reference

    # The URL conf imports every app's API (ninja routers, pydantic schemas): 260 ms that the
    # first request of each worker waited for, with every other request of that worker behind it.
    get_resolver().url_patterns  # noqa: B018 (imports the URL conf)
    try:
        warm_reference()
    except Exception:  # noqa: BLE001 - no election yet, database down: the first request loads it
        worker.log.warning("pemilu: reference data not preloaded", exc_info=True)
    finally:
        connection.close()  # request threads open their own connections
    # What is loaded now (Django, the URL conf, ~100k reference objects) lives as long as the
    # worker: keep it out of the cyclic garbage collector, whose full passes over it took
    # 35-40 ms each with the GIL held — a pause for every request thread of the worker.
    gc.collect()
    gc.freeze()
