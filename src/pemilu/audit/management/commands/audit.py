from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser

from pemilu.audit.verify import verify_chains
from pemilu.core.commands import PemiluCommand


class Command(PemiluCommand):
    help = "Audit: pemilu audit verify — walk every hash chain, report the first altered row"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("verify", help="verify every audit chain")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chains()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"OK: {result.chains} rantai, {result.rows:,} baris, tidak ada perubahan"))
            return
        for problem in result.problems:
            self.stderr.write(f"RUSAK: {problem}")
        sys.exit(1)
