"""``pemilu worker``: run the background jobs (documents rendered after commit, large imports).

A thin wrapper over django-tasks-db's ``db_worker`` (all queues, no autoreload by default), so
one command starts it in development and production; ``--batch`` runs what is queued and exits.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background job worker (django-tasks database backend)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="exit after this many jobs (a supervisor restarts it: bounded memory)")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = ["--queue-name", "*", "--interval", str(options["interval"]), "--no-reload",
                "--no-startup-delay"]
        if options["batch"]:
            argv.append("--batch")
        if options["max_tasks"]:
            argv += ["--max-tasks", str(options["max_tasks"])]
        call_command("db_worker", *argv, verbosity=options["verbosity"])
