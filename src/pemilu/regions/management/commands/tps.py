from __future__ import annotations

from typing import Any

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.regions.importers import import_tps


class Command(PemiluCommand):
    help = "TPS: pemilu tps import FILE [--create-missing] (kode_desa,tps_count[,tps_max_no,ext_tps_from,ext_tps_to])"

    @subcommand("import", "import TPS counts per village (atomic)",
                arg("file"),
                arg("--create-missing", action="store_true",
                    help="create villages/kecamatan missing from the region list, from the file's names"),
                arg("--source", default="tps2024", help="provenance label for created rows"))
    def handle_import(self, options: dict[str, Any]) -> None:
        r = import_tps(options["file"], actor=self.actor(options), create_missing=options["create_missing"],
                       missing_source=options["source"])
        self.stdout.write(f"desa/kelurahan: {r.villages:,}")
        self.stdout.write(f"TPS dalam negeri: {r.domestic_tps:,}; luar negeri (TPSLN/POS/KSK): {r.overseas_tps:,}")
        self.stdout.write(f"TPS baru: {r.tps_created:,}; sudah ada: {r.tps_existing:,}")
        self.stdout.write(f"wilayah dibuat dari berkas: {r.created_regions:,}; nama alias: {r.renamed_aliases:,}")
        self.stdout.write(self.style.SUCCESS("OK"))
