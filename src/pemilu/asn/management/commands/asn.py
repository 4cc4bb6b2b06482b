from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from pemilu.asn.actions import import_employees
from pemilu.core.commands import PemiluCommand


class Command(PemiluCommand):
    help = "Register ASN: pemilu asn import FILE (CSV/XLSX nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah)"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="sub", required=True)
        imp = sub.add_parser("import", help="import ASN register rows (atomic)")
        imp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        result = import_employees(options["file"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(f"OK: {result.created} baru, {result.updated} diperbarui"))
