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
        from pemilu.voters.importer import import_dp4

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

    @subcommand("map-tps", "map the eligible voters of each desa of REGION to TPS (cap per election, KK never "
                           "split) and print per desa: voters, TPS, TPS used in 2024, difference",
                arg("region", help="region code, e.g. 12.76"),
                arg("--election", default="", help="election code (default: the latest)"),
                arg("--cap", type=int, default=None, help="voters per TPS at most (default: the election's)"),
                arg("--dry-run", action="store_true", help="compute and print, write nothing"),
                arg("--as-user", default="", help="act as this username (default: system:cli)"))
    def handle_map_tps(self, options: dict[str, Any]) -> None:
        from pemilu.elections.queries import current
        from pemilu.voters.mapping import do_map_tps

        election = current(code=options["election"])
        report = do_map_tps(election, options["region"], actor=self.actor(options), cap=options["cap"],
                            dry_run=options["dry_run"])
        write = self.stdout.write
        write(f"{'kode':<14} {'desa/kelurahan':<28} {'pemilih':>8} {'TPS':>5} {'TPS 2024':>9} {'selisih':>8}  "
              f"{'terbesar':>8}")
        for d in report.desa:
            old = "-" if d.tps_2024 is None else str(d.tps_2024)
            diff = "-" if d.difference is None else f"{d.difference:+d}"
            notes = (" (kode 2024 " + d.tps_2024_code + ")" if d.matched_2024 == "nama" else "") + \
                (" DPT sudah ditetapkan" if d.locked else "") + \
                (f" +{d.special_voters} di TPS khusus" if d.special_voters else "")
            write(f"{d.code:<14} {d.name[:28]:<28} {d.voters:>8} {d.tps:>5} {old:>9} {diff:>8}  {d.largest:>8}{notes}")
        total_diff = report.tps - report.tps_2024
        write(f"{'jumlah':<14} {len(report.desa)} desa{'':<20} {report.voters:>8} {report.tps:>5} "
              f"{report.tps_2024:>9} {total_diff:>+8d}")
        verb = "akan dipindah" if report.dry_run else "dipindah"
        self.stdout.write(self.style.SUCCESS(
            f"{'SIMULASI' if report.dry_run else 'OK'}: batas {report.cap} pemilih per TPS; {report.changed} pemilih "
            f"{verb} TPS-nya, {report.unmapped} dilepas dari TPS (tidak memenuhi syarat), "
            f"{report.tps_created} TPS baru"))

    @subcommand("recap", "counts of REGION's voter list: by sex, by TPS (with DPTb and ballots needed), "
                         "the funnel per stage",
                arg("region", help="region code, e.g. 12.76"),
                arg("--election", default="", help="election code (default: the latest)"))
    def handle_recap(self, options: dict[str, Any]) -> None:
        from pemilu.elections.queries import current
        from pemilu.regions.models import Region
        from pemilu.voters.queries import funnel, tps_recap

        election = current(code=options["election"])
        if not Region.objects.filter(code=options["region"]).exists():
            raise CommandError(f"wilayah tidak dikenal: {options['region']}")
        r = tps_recap(election, options["region"])
        f = funnel(election, options["region"])
        write = self.stdout.write
        write(f"Rekap daftar pemilih {election.name}, wilayah {r.region}")
        write(f"Pemilih diimpor/ditambah: {r.imported}")
        write("Hasil coklit: " + ", ".join(f"{k} {v}" for k, v in sorted(r.coklit.items())))
        if r.not_eligible:
            write("Tidak memenuhi syarat: " + ", ".join(f"{k} {v}" for k, v in r.not_eligible.items()))
        write(f"Memenuhi syarat: {r.eligible} (L {r.male}, P {r.female}); belum dipetakan ke TPS: {r.unmapped}")
        write(f"Alur: DP4 {f['dp4']}, pemilih baru {f['new_coklit'] + f['new_response']}, belum dicoklit "
              f"{f['pending']}, TMS {f['not_eligible_total']}")
        write("Tahapan (desa disusun, pemilih L/P): " + "; ".join(
            f"{s['label']} {r.stages[s['stage']][0]} desa {s['L']}/{s['P']}" for s in f["stages"]))
        write(f"{'TPS':<20} {'L':>5} {'P':>5} {'DPT':>5} {'DPTb':>5} {'surat suara':>12}")
        for t in r.tps:
            write(f"{t.code:<20} {t.male:>5} {t.female:>5} {t.total:>5} {t.dptb:>5} {t.ballots:>12}"
                  + (" khusus" if t.special else ""))
        write(f"{'jumlah':<20} {r.male:>5} {r.female:>5} {r.eligible:>5} {sum(t.dptb for t in r.tps):>5} "
              f"{r.ballots:>12}")

    @subcommand("duplicates", "list the candidate duplicate pairs of a region (nik_a,nik_b,nama_a,nama_b,kind,"
                              "score), NIK masked; --search runs the search first",
                arg("region", help="kab/kota (or narrower) code, e.g. 12.76"),
                arg("--election", default="", help="election code (default: the current one)"),
                arg("--format", default="table", choices=["table", "csv"]),
                arg("--show-nik", action="store_true", help="full NIK: KPU staff in scope only, audited"),
                arg("--search", action="store_true", help="run the duplicate search of REGION first"),
                arg("--status", default="", choices=["", "terbuka", "ganda", "bukan_ganda"]),
                arg("--as-user", default="", help="act as this username (default: system:cli)"))
    def handle_duplicates(self, options: dict[str, Any]) -> None:
        from pemilu.core.exports import CsvWriter
        from pemilu.elections.queries import current
        from pemilu.voters.duplicates import (
            do_show_duplicate_niks,
            pair_row,
            pairs_for,
            run_search,
            start_duplicate_search,
        )

        actor = self.actor(options)
        election = current(code=options["election"])
        region = options["region"]
        if options["search"]:
            search = run_search(start_duplicate_search(election, region, actor=actor))
            self.stderr.write(f"pencarian #{search.pk}: {search.voters} pemilih, {search.identical} ganda identik "
                              f"dan {search.potential} potensi ganda baru")
        pairs = list(pairs_for(actor, election, region, status=options["status"]))
        if options["show_nik"]:
            do_show_duplicate_niks(region, actor=actor, shown=len(pairs))
        columns = ["nik_a", "nik_b", "nama_a", "nama_b", "kind", "score"]
        rows = [pair_row(p, full_nik=options["show_nik"]) for p in pairs]
        if options["format"] == "csv":
            writer = CsvWriter(self.stdout)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row[c] for c in columns])
            return
        widths = [max([len(c), *(len(r[c]) for r in rows)]) for c in columns]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(row[c].ljust(w) for c, w in zip(columns, widths, strict=True)))
        self.stdout.write(f"{len(rows)} pasangan")
