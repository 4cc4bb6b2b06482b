from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Production server: gunicorn with N workers, keep-alive threads and persistent DB connections"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
        parser.add_argument("--threads", type=int, default=4,
                            help="threads per worker (gthread: keeps client connections alive)")
        parser.add_argument("--timeout", type=int, default=30)
        parser.add_argument("--max-requests", type=int, default=0,
                            help="recycle a worker after this many requests (0 = never)")
        parser.add_argument("--no-access-log", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        # Persistent connections: a new PostgreSQL connection per request costs more than the
        # request itself. Health checks (settings) make a reused connection survive a DB restart.
        os.environ.setdefault("DB_CONN_MAX_AGE", "600")
        argv = [sys.executable, "-m", "gunicorn", "pemilu.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--threads", str(options["threads"]),
                "--worker-class", "gthread" if options["threads"] > 1 else "sync",
                "--timeout", str(options["timeout"]), "--graceful-timeout", "10",
                "--config", "python:pemilu.gunicorn_conf"]  # hooks: reference data preloaded per worker
        if options["max_requests"]:
            argv += ["--max-requests", str(options["max_requests"]), "--max-requests-jitter", "50"]
        if not options["no_access_log"]:
            argv += ["--access-logfile", "-"]
        os.execv(sys.executable, argv)  # noqa: S606 (replace this process with gunicorn, fixed args)
