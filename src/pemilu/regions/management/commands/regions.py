from __future__ import annotations

from typing import Any

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.levels import Level
from pemilu.regions.importers import import_regions


class Command(PemiluCommand):
    help = "Wilayah: pemilu regions import FILE (CSV/XLSX kode,nama[,level,parent_kode,jenis])"

    @subcommand("import", "import a Kemendagri region list (atomic)", arg("file"))
    def handle_import(self, options: dict[str, Any]) -> None:
        result = import_regions(options["file"], actor=self.actor(options))
        for level, n in sorted(result.per_level.items()):
            self.stdout.write(f"{Level(level).label}: {n:,}")
        self.stdout.write(self.style.SUCCESS(
            f"OK: {result.created:,} wilayah baru, {result.updated:,} diperbarui"))
