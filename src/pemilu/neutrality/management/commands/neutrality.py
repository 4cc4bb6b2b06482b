from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.elections.queries import current
from pemilu.neutrality import holidays, outreach, queries
from pemilu.neutrality.models import SocialisationEvent


class Command(PemiluCommand):
    help = ("Netralitas: pemilu neutrality overdue [--election CODE] | attendance EVENT_ID FILE | "
            "holidays FILE")

    @subcommand("overdue", "list cases past their deadline (within your scope)", arg("--election", default=""))
    def handle_overdue(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        code = options["election"]
        election = current(code=code)
        rows = queries.case_rows(actor, election, status="overdue")
        for r in rows:
            self.stdout.write(f"{r.case.number}\t{r.case.status}\t{r.case.region_id}\t{r.due}")
        self.stdout.write(f"{len(rows)} kasus melewati batas waktu")

    @subcommand("attendance", "import a socialisation event's attendance list (atomic)",
                arg("event_id", type=int), arg("file"))
    def handle_attendance(self, options: dict[str, Any]) -> None:
        event = SocialisationEvent.objects.filter(pk=options["event_id"]).first()
        if event is None:
            raise CommandError(f"kegiatan tidak dikenal: {options['event_id']}")
        n = outreach.import_attendance(event, options["file"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(f"OK: {n} peserta"))

    @subcommand("holidays", "import the national holiday calendar (CSV/XLSX: tanggal, jenis, nama, dasar); "
                            "the years in the file are replaced whole", arg("file"))
    def handle_holidays(self, options: dict[str, Any]) -> None:
        n = holidays.import_holidays(options["file"], actor=self.actor(options))
        self.stdout.write(self.style.SUCCESS(f"OK: {n} hari libur"))
