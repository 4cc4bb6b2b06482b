from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.exceptions import ImportFailed

EXIT_FINDINGS = 1
EXIT_REJECTED = 2


class Command(PemiluCommand):
    help = ("Daftar pemilih: pemilu voters check FILE | generate FILE --count N [--seed S] [--truth FILE] | "
            "import FILE --region CODE --election CODE [--stage dp4]. "
            "check exits 0 without findings, 1 with findings, 2 when the file is rejected.")

    @subcommand("check", "check a voter file (CSV/XLSX) for NIK/KK findings; writes nothing", arg("file"))
    def handle_check(self, options: dict[str, Any]) -> None:
        from pemilu.voters.checks import check_file
        from pemilu.voters.generator import known_kecamatan

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"berkas tidak ada: {path}", returncode=EXIT_REJECTED)
        try:
            report = check_file(path, kecamatan=known_kecamatan())
        except ImportFailed as exc:
            raise CommandError(exc.message, returncode=EXIT_REJECTED) from None
        write = self.stdout.write
        for finding in report.findings:
            write(str(finding))
        flagged = len({f.row for f in report.findings})
        summary = f"{report.rows} baris, {len(report.findings)} temuan NIK/KK pada {flagged} baris"
        if report.findings:
            raise CommandError(summary, returncode=EXIT_FINDINGS)
        self.stdout.write(self.style.SUCCESS(f"OK: {summary}"))

    @subcommand("import", "import a DP4 file (CSV/XLSX) into a region, atomically; needs "
                          "PEMILU_VOTER_KEY",
                arg("file"),
                arg("--region", required=True, help="kab/kota (or narrower) code, e.g. 12.76"),
                arg("--election", required=True, help="election code"),
                arg("--stage", default="dp4", choices=["dp4"], help="only dp4 for now"),
                arg("--as-user", default="", help="act as this username (default: system:cli)"))
    def handle_import(self, options: dict[str, Any]) -> None:
        from pemilu.elections.queries import current
        from pemilu.voters.actions import import_dp4

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"berkas tidak ada: {path}", returncode=EXIT_REJECTED)
        election = current(code=options["election"])  # an unknown code: "Pemilu tidak ditemukan."
        try:
            outcome = import_dp4(path, election=election, region_code=options["region"], actor=self.actor(options),
                                 filename=path.name)
        except ImportFailed as exc:
            raise CommandError(exc.message, returncode=EXIT_REJECTED) from None
        self.stdout.write(self.style.SUCCESS(
            f"OK: {outcome.created} pemilih diimpor ke {options['region']}, {outcome.flagged} dengan temuan NIK/KK "
            f"(impor #{outcome.job.pk})"))

    @subcommand("generate", "write a synthetic voter file of Kota Tebing Tinggi (CSV or XLSX) "
                            "with seeded defects",
                arg("file", help="output path ending in .csv or .xlsx"),
                arg("--count", type=int, default=10000),
                arg("--seed", type=int, default=22),
                arg("--junk-per-code", type=int, default=10, help="junk NIK/KK rows per check code"),
                arg("--exact-duplicates", type=int, default=0),
                arg("--new-nik-duplicates", type=int, default=0),
                arg("--truth", default="", help="write the ground truth (line,kind,code,other_line) here"))
    def handle_generate(self, options: dict[str, Any]) -> None:
        from pemilu.voters.generator import generate, write_csv, write_xlsx

        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(f"format tidak dikenal: {path} (gunakan .csv atau .xlsx)")
        try:
            rows, truth = generate(options["count"], seed=options["seed"], junk_per_code=options["junk_per_code"],
                                   exact_duplicates=options["exact_duplicates"],
                                   new_nik_duplicates=options["new_nik_duplicates"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        (write_xlsx if suffix == ".xlsx" else write_csv)(path, rows)
        if options["truth"]:
            Path(options["truth"]).write_text(truth.to_csv(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(
            f"OK: {path}: {len(rows)} baris, {len(truth.junk)} NIK/KK rusak, {len(truth.exact_duplicates)} ganda "
            f"identik, {len(truth.new_nik_duplicates)} potensi ganda"))
