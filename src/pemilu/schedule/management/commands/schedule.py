from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser

from pemilu.core.commands import PemiluCommand
from pemilu.elections.models import Election


class Command(PemiluCommand):
    help = ("Tahapan dan jadwal: pemilu schedule load NAME | import FILE | export FILE | check FILE | "
            "now [--date D]")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="sub", required=True)
        load = sub.add_parser("load", help="load a built-in schedule (pemilu-2024); idempotent")
        load.add_argument("name")
        now = sub.add_parser("now", help="stages open on a date (default today) and days until voting")
        now.add_argument("--date", default="", help="YYYY-MM-DD (default: today in the election's time zone)")
        now.add_argument("--election", default="pemilu-2024")
        now.add_argument("--region", default="", help="region code (local sub-schedules apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["sub"])(options)

    def handle_load(self, options: dict[str, Any]) -> None:
        from pemilu.schedule.actions import do_load_builtin_schedule

        result = do_load_builtin_schedule(options["name"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(
            f"OK: {result.election.code}: {len(result.created)} tahapan baru, {len(result.updated)} diperbarui, "
            f"{result.unchanged} tetap"))

    def election(self, code: str) -> Election:
        try:
            return Election.objects.get(code=code)
        except Election.DoesNotExist:
            raise CommandError(f"pemilu tidak dikenal: {code} (muat dulu: pemilu schedule load {code})") from None

    def handle_now(self, options: dict[str, Any]) -> None:
        from pemilu.schedule import queries
        from pemilu.schedule.guards import format_day

        election = self.election(options["election"])
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"tanggal tidak sah: {options['date']} (format YYYY-MM-DD)") from None
        else:
            day = queries.local_date(election)
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
