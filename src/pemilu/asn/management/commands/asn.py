from __future__ import annotations

from typing import Any

from pemilu.asn.actions import import_employees
from pemilu.core.commands import PemiluCommand, arg, subcommand


class Command(PemiluCommand):
    help = "Register ASN: pemilu asn import FILE (CSV/XLSX nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah)"

    @subcommand("import", "import ASN register rows (atomic)", arg("file"))
    def handle_import(self, options: dict[str, Any]) -> None:
        result = import_employees(options["file"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(f"OK: {result.created} baru, {result.updated} diperbarui"))
