from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from pemilu.core.commands import PemiluCommand
from pemilu.core.levels import Level
from pemilu.regions.importers import import_regions


class Command(PemiluCommand):
    help = "Wilayah: pemilu regions import FILE (CSV/XLSX kode,nama[,level,parent_kode,jenis])"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="sub", required=True)
        imp = sub.add_parser("import", help="import a Kemendagri region list (atomic)")
        imp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        result = import_regions(options["file"], actor=self.actor(options))
        for level, n in sorted(result.per_level.items()):
            self.stdout.write(f"{Level(level).label}: {n:,}")
        self.stdout.write(self.style.SUCCESS(
            f"OK: {result.created:,} wilayah baru, {result.updated:,} diperbarui"))
