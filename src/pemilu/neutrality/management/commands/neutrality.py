from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from pemilu.core.commands import PemiluCommand
from pemilu.elections.queries import current
from pemilu.neutrality import holidays, outreach, queries
from pemilu.neutrality.models import SocialisationEvent


class Command(PemiluCommand):
    help = ("Netralitas: pemilu neutrality overdue [--election CODE] | attendance EVENT_ID FILE | "
            "holidays FILE")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="sub", required=True)
        overdue = sub.add_parser("overdue", help="list cases past their deadline (within your scope)")
        overdue.add_argument("--election", default="")
        att = sub.add_parser("attendance", help="import a socialisation event's attendance list (atomic)")
        att.add_argument("event_id", type=int)
        att.add_argument("file")
        hol = sub.add_parser("holidays", help="import the national holiday calendar (CSV/XLSX: tanggal, jenis, nama, "
                                              "dasar); the years in the file are replaced whole")
        hol.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        if options["sub"] == "holidays":
            n = holidays.import_holidays(options["file"], actor=actor)
            self.stdout.write(self.style.SUCCESS(f"OK: {n} hari libur"))
            return
        if options["sub"] == "attendance":
            event = SocialisationEvent.objects.filter(pk=options["event_id"]).first()
            if event is None:
                raise CommandError(f"kegiatan tidak dikenal: {options['event_id']}")
            n = outreach.import_attendance(event, options["file"], actor=actor)
            self.stdout.write(self.style.SUCCESS(f"OK: {n} peserta"))
            return
        code = options["election"]
        election = current(code=code)
        rows = queries.case_rows(actor, election, status="overdue")
        for r in rows:
            self.stdout.write(f"{r.case.number}\t{r.case.status}\t{r.case.region_id}\t{r.due}")
        self.stdout.write(f"{len(rows)} kasus melewati batas waktu")
