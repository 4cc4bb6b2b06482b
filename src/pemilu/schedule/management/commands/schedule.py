from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.exceptions import NotFoundError
from pemilu.elections.models import Election
from pemilu.elections.queries import current


class Command(PemiluCommand):
    help = ("Tahapan dan jadwal: pemilu schedule load NAME | import FILE | export FILE | check FILE | "
            "now [--date D]")

    @subcommand("load", "load a built-in schedule (pemilu-2024); idempotent", arg("name"))
    def handle_load(self, options: dict[str, Any]) -> None:
        from pemilu.schedule.actions import do_load_builtin_schedule

        result = do_load_builtin_schedule(options["name"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(
            f"OK: {result.election.code}: {len(result.created)} tahapan baru, {len(result.updated)} diperbarui, "
            f"{result.unchanged} tetap"))

    @subcommand("check", "check a schedule file (CSV/XLSX no,stage,start,end or a text list) "
                         "or a built-in schedule (--builtin pemilu-2024)",
                arg("file", nargs="?", default=""),
                arg("--builtin", default="", help="check this built-in schedule instead of a file"),
                arg("--election", default="", help="check against this election's voting day"),
                arg("--voting-day", default="", help="YYYY-MM-DD (default: from the file's voting stage)"))
    def handle_check(self, options: dict[str, Any]) -> None:
        from pemilu.schedule.builtin import BUILTIN
        from pemilu.schedule.importers import check_builtin, check_file

        if options["builtin"]:
            if options["builtin"] not in BUILTIN:
                raise CommandError(f"jadwal bawaan tidak dikenal: {options['builtin']} "
                                   f"(tersedia: {', '.join(sorted(BUILTIN))})")
            report = check_builtin(options["builtin"])
        elif not options["file"]:
            raise CommandError("sebutkan FILE atau --builtin NAMA")
        else:
            voting_day = None
            election = None
            if options["voting_day"]:
                voting_day = self.parse_date(options["voting_day"])
            elif options["election"]:
                election = self.election(options["election"])
                voting_day = election.voting_day
            report = check_file(options["file"], voting_day=voting_day, election=election)
        for problem in report.problems:
            self.stdout.write(str(problem))
        summary = f"{len(report.rows)} tahapan, {len(report.errors)} kesalahan, {len(report.warnings)} peringatan"
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(f"OK: {summary}"))

    @subcommand("import", "import a schedule file into an election (atomic; checked first)",
                arg("file"),
                arg("--election", default="", help="election code (default: the latest)"),
                arg("--reason", default=""))
    def handle_import(self, options: dict[str, Any]) -> None:
        from pemilu.schedule.importers import import_schedule

        result = import_schedule(options["file"], self.election(options["election"]), actor=self.actor(options),
                                 filename=options["file"], reason=options["reason"])
        for problem in result.report.warnings:
            self.stdout.write(str(problem))
        self.stdout.write(self.style.SUCCESS(
            f"OK: {len(result.created)} tahapan baru, {len(result.updated)} diperbarui"))

    @subcommand("export", "export a schedule as CSV, XLSX or ICS (by the file's extension)",
                arg("file", help="output path ending in .csv, .xlsx or .ics ('-' = CSV to stdout)"),
                arg("--election", default="", help="election code (default: the latest)"),
                arg("--region", default="", help="include this region's local sub-schedule"))
    def handle_export(self, options: dict[str, Any]) -> None:
        from pathlib import Path

        from pemilu.schedule import exports

        election = self.election(options["election"])
        path = options["file"]
        kind = "csv" if path == "-" else Path(path).suffix.lower().lstrip(".")
        writers = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "ics": exports.to_ics}
        if kind not in writers:
            raise CommandError(f"format tidak dikenal: {path} (gunakan .csv, .xlsx atau .ics)")
        data = writers[kind](election, region_code=options["region"])
        if path == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        Path(path).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"OK: {path} ({len(data):,} bytes)"))

    def parse_date(self, text: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"tanggal tidak sah: {text} (format YYYY-MM-DD)") from None

    def election(self, code: str) -> Election:
        try:
            return current(code=code)
        except NotFoundError:
            raise CommandError(f"pemilu tidak dikenal: {code or '-'} "
                               f"(muat dulu: pemilu schedule load {code or 'pemilu-2024'})") from None

    @subcommand("now", "stages open on a date (default today) and days until voting",
                arg("--date", default="", help="YYYY-MM-DD (default: today in the election's time zone)"),
                arg("--election", default="", help="election code (default: the latest)"),
                arg("--region", default="", help="region code (local sub-schedules apply)"))
    def handle_now(self, options: dict[str, Any]) -> None:
        from pemilu.schedule import queries
        from pemilu.schedule.labels import format_day

        election = self.election(options["election"])
        day = self.parse_date(options["date"]) if options["date"] else queries.local_date(election)
        region = options["region"]
        self.stdout.write(f"{election.name} — {format_day(day)}" + (f" — wilayah {region}" if region else ""))
        open_now = queries.stages_open_on(election, day, region_code=region)
        self.stdout.write("Tahapan yang sedang berjalan:" if open_now else "Tidak ada tahapan yang berjalan.")
        for s in open_now:
            assert s.start is not None and s.end is not None
            local = f" [jadwal lokal {s.region_code}]" if s.region_code else ""
            self.stdout.write(f"  - {s.name_id} ({s.code}): {format_day(s.start)} – {format_day(s.end)}, "
                              f"hari ke-{(day - s.start).days + 1} dari {s.days}{local}")
        n = queries.days_until_voting(election, day)
        if n > 0:
            self.stdout.write(f"Pemungutan suara: {n} hari lagi ({format_day(election.voting_day)})")
        elif n == 0:
            self.stdout.write(f"Pemungutan suara: hari ini ({format_day(election.voting_day)})")
        else:
            self.stdout.write(f"Pemungutan suara: {-n} hari yang lalu ({format_day(election.voting_day)})")
