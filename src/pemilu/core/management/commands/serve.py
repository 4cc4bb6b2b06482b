from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Production server: gunicorn with N workers and persistent DB connections (see README)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--timeout", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        os.environ.setdefault("DB_CONN_MAX_AGE", "600")
        argv = [sys.executable, "-m", "gunicorn", "pemilu.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--threads", str(options["threads"]),
                "--timeout", str(options["timeout"]), "--access-logfile", "-"]
        os.execv(sys.executable, argv)  # noqa: S606 (replace this process with gunicorn, fixed args)
