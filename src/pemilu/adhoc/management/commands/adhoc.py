from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from pemilu.adhoc import actions, queries
from pemilu.adhoc.models import Area, Recruitment
from pemilu.core.commands import PemiluCommand
from pemilu.elections.queries import current


class Command(PemiluCommand):
    help = ("Badan adhoc: pemilu adhoc plan KAB | create BODY KAB | status ID | open ID [--start --end] | "
            "import ID FILE | extend AREA_CODE ID DATE REASON | close ID | evaluate ID | verify-eligible ID | "
            "announce-admin ID | scores ID written|interview FILE | announce-written ID | announce-final ID | "
            "appoint ID SK DATE | inaugurate ID DATE PLACE | "
            "extend-work ID psu|susulan|lanjutan DATE REASON [--area CODE] | party-list FILE | service-history FILE")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--election", default="")
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("plan").add_argument("region")
        c = sub.add_parser("create")
        c.add_argument("body", choices=["ppk", "pps", "kpps"])
        c.add_argument("region")
        close = sub.add_parser("close")
        close.add_argument("id", type=int)
        close.add_argument("--early-reason", default="", help="required to close before the registration deadline")
        for name in ("status", "evaluate", "verify-eligible", "announce-admin", "announce-written",
                     "announce-final"):
            sub.add_parser(name).add_argument("id", type=int)
        o = sub.add_parser("open")
        o.add_argument("id", type=int)
        o.add_argument("--start", type=datetime.date.fromisoformat)
        o.add_argument("--end", type=datetime.date.fromisoformat)
        i = sub.add_parser("import")
        i.add_argument("id", type=int)
        i.add_argument("file")
        e = sub.add_parser("extend")
        e.add_argument("id", type=int)
        e.add_argument("area")
        e.add_argument("date", type=datetime.date.fromisoformat)
        e.add_argument("reason")
        s = sub.add_parser("scores")
        s.add_argument("id", type=int)
        s.add_argument("which", choices=["written", "interview"])
        s.add_argument("file")
        a = sub.add_parser("appoint")
        a.add_argument("id", type=int)
        a.add_argument("sk")
        a.add_argument("date", type=datetime.date.fromisoformat)
        g = sub.add_parser("inaugurate")
        g.add_argument("id", type=int)
        g.add_argument("date", type=datetime.date.fromisoformat)
        g.add_argument("place")
        w = sub.add_parser("extend-work", help="extend the work period for a re-vote (whole recruitment or --area)")
        w.add_argument("id", type=int)
        w.add_argument("kind", choices=["psu", "susulan", "lanjutan"])
        w.add_argument("date", type=datetime.date.fromisoformat)
        w.add_argument("reason")
        w.add_argument("--area", default="")
        sub.add_parser("party-list").add_argument("file")
        sub.add_parser("service-history").add_argument("file")

    def _rec(self, pk: int) -> Recruitment:
        rec = Recruitment.objects.filter(pk=pk).first()
        if rec is None:
            raise CommandError(f"rekrutmen tidak dikenal: {pk}")
        return rec

    def handle(self, *args: Any, **o: Any) -> None:  # noqa: C901 (one dispatch table)
        actor = self.actor(o)
        sub = o["sub"]
        out = self.stdout.write
        if sub == "plan":
            for p in queries.formation_plan(current(code=o["election"]), o["region"]):
                out(f"{p.label}\t{p.bodies} badan\t{p.seats_each}/badan\t{p.seats} anggota\t"
                    f"{p.work_start} s.d. {p.work_end}\t{'; '.join(p.problems)}")
            return
        if sub == "create":
            rec = actions.do_create_recruitment(current(code=o["election"]), o["body"], o["region"], actor=actor)
            out(self.style.SUCCESS(f"OK: rekrutmen {rec.pk}, {rec.areas.count()} wilayah"))
            return
        if sub == "party-list":
            n = actions.do_import_party_members(Path(o["file"]).read_bytes(), actor=actor, filename=o["file"])
            out(self.style.SUCCESS(f"OK: {n} baris keanggotaan partai"))
            return
        if sub == "service-history":
            n = actions.do_import_service_history(Path(o["file"]).read_bytes(), actor=actor, filename=o["file"])
            out(self.style.SUCCESS(f"OK: {n} baris riwayat"))
            return
        rec = self._rec(o["id"])
        if sub == "status":
            out(f"{rec} · {rec.get_status_display()}")
            for r in queries.area_rows(rec):
                out(f"{r.area.code}\t{r.area.name}\t{r.registrants}/{r.required}\t{r.seats}\t{r.state.value}")
            target = queries.TRANSITIONS.get(rec.status)
            if target:
                for b in queries.blockers(rec, target[0]):
                    out(f"penghalang: {b.message}")
            return
        if sub == "open":
            actions.do_open_registration(rec, actor=actor, start=o["start"], end=o["end"])
        elif sub == "import":
            n = actions.do_import_applicants(rec, Path(o["file"]).read_bytes(), actor=actor, filename=o["file"])
            out(f"{n} pelamar")
        elif sub == "extend":
            area = Area.objects.filter(recruitment=rec, code=o["area"]).first()
            if area is None:
                raise CommandError(f"wilayah tidak dikenal: {o['area']}")
            actions.do_extend(area, actor=actor, new_end=o["date"], reason=o["reason"])
        elif sub == "extend-work":
            work_area = Area.objects.filter(recruitment=rec, code=o["area"]).first() if o["area"] else None
            if o["area"] and work_area is None:
                raise CommandError(f"wilayah tidak dikenal: {o['area']}")
            actions.do_extend_work(rec, actor=actor, kind=o["kind"], new_end=o["date"], reason=o["reason"],
                                   area=work_area)
            out(f"masa kerja selesai {o['date']:%d-%m-%Y}")
        elif sub == "close":
            actions.do_close_registration(rec, actor=actor, early_reason=o["early_reason"])
        elif sub == "evaluate":
            out(str(actions.do_evaluate(rec, actor=actor)))
        elif sub == "verify-eligible":
            out(f"{actions.do_verify_eligible(rec, actor=actor)} MS")
        elif sub == "announce-admin":
            actions.do_announce_admin(rec, actor=actor)
        elif sub == "scores":
            n = actions.do_import_scores(rec, Path(o["file"]).read_bytes(), actor=actor, which=o["which"],
                                         filename=o["file"])
            out(f"{n} nilai")
        elif sub == "announce-written":
            actions.do_announce_written(rec, actor=actor)
        elif sub == "announce-final":
            actions.do_announce_final(rec, actor=actor)
        elif sub == "appoint":
            actions.do_appoint(rec, actor=actor, sk_number=o["sk"], sk_date=o["date"])
        elif sub == "inaugurate":
            actions.do_inaugurate(rec, actor=actor, on=o["date"], place=o["place"])
        out(self.style.SUCCESS(f"OK: {self._rec(rec.pk).get_status_display()}"))
