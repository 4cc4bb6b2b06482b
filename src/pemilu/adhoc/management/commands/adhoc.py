from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from pemilu.adhoc import actions, queries, rules
from pemilu.adhoc.models import Area, Recruitment
from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.elections.queries import current

ID = arg("id", type=int)
DATE = arg("date", type=datetime.date.fromisoformat)


class Command(PemiluCommand):
    help = ("Badan adhoc: pemilu adhoc plan KAB | create BODY KAB | status ID | open ID [--start --end] | "
            "import ID FILE | extend AREA_CODE ID DATE REASON | close ID | evaluate ID | verify-eligible ID | "
            "announce-admin ID | scores ID written|interview FILE | announce-written ID | announce-final ID | "
            "appoint ID SK DATE | inaugurate ID DATE PLACE | "
            "extend-work ID psu|susulan|lanjutan DATE REASON [--area CODE] | party-list FILE | service-history FILE")

    arguments = (arg("--election", default=""),)

    @subcommand("plan", "", arg("region"))
    def handle_plan(self, o: dict[str, Any]) -> None:
        self.actor(o)
        for p in queries.formation_plan(current(code=o["election"]), o["region"]):
            self.stdout.write(f"{p.label}\t{p.bodies} badan\t{p.seats_each}/badan\t{p.seats} anggota\t"
                              f"{p.work_start} s.d. {p.work_end}\t{'; '.join(p.problems)}")

    @subcommand("create", "", arg("body", choices=["ppk", "pps", "kpps", "pantarlih"]), arg("region"))
    def handle_create(self, o: dict[str, Any]) -> None:
        rec = actions.do_create_recruitment(current(code=o["election"]), o["body"], o["region"], actor=self.actor(o))
        self.stdout.write(self.style.SUCCESS(f"OK: rekrutmen {rec.pk}, {rec.areas.count()} wilayah"))

    @subcommand("party-list", "", arg("file"))
    def handle_party_list(self, o: dict[str, Any]) -> None:
        n = actions.do_import_party_members(Path(o["file"]).read_bytes(), actor=self.actor(o), filename=o["file"])
        self.stdout.write(self.style.SUCCESS(f"OK: {n} baris keanggotaan partai"))

    @subcommand("service-history", "", arg("file"))
    def handle_service_history(self, o: dict[str, Any]) -> None:
        n = actions.do_import_service_history(Path(o["file"]).read_bytes(), actor=self.actor(o), filename=o["file"])
        self.stdout.write(self.style.SUCCESS(f"OK: {n} baris riwayat"))

    @subcommand("status", "", ID)
    def handle_status(self, o: dict[str, Any]) -> None:
        self.actor(o)
        rec = self._rec(o["id"])
        out = self.stdout.write
        out(f"{rec} · {rec.get_status_display()}")
        for r in queries.area_rows(rec):
            out(f"{r.area.code}\t{r.area.name}\t{r.registrants}/{r.required}\t{r.seats}\t{r.state.value}")
        target = queries.TRANSITIONS.get(rec.status)
        if target:
            for b in queries.blockers(rec, target[0]):
                out(f"penghalang: {b.message}")

    @subcommand("open", "", ID, arg("--start", type=datetime.date.fromisoformat),
                arg("--end", type=datetime.date.fromisoformat))
    def handle_open(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_open_registration(rec, actor=actor, start=o["start"],
                                                                      end=o["end"]))

    @subcommand("import", "", ID, arg("file"))
    def handle_import(self, o: dict[str, Any]) -> None:
        def import_applicants(rec: Recruitment, actor: Any) -> str:
            n = actions.do_import_applicants(rec, Path(o["file"]).read_bytes(), actor=actor, filename=o["file"])
            return f"{n} pelamar"

        self._step(o, import_applicants)

    @subcommand("extend", "", ID, arg("area"), DATE, arg("reason"))
    def handle_extend(self, o: dict[str, Any]) -> None:
        def extend(rec: Recruitment, actor: Any) -> None:
            area = Area.objects.filter(recruitment=rec, code=o["area"]).first()
            if area is None:
                raise CommandError(f"wilayah tidak dikenal: {o['area']}")
            actions.do_extend(area, actor=actor, new_end=o["date"], reason=o["reason"])

        self._step(o, extend)

    @subcommand("extend-work", "extend the work period for a re-vote (whole recruitment or --area)",
                ID, arg("kind", choices=["psu", "susulan", "lanjutan"]), DATE, arg("reason"), arg("--area", default=""))
    def handle_extend_work(self, o: dict[str, Any]) -> None:
        def extend_work(rec: Recruitment, actor: Any) -> str:
            work_area = Area.objects.filter(recruitment=rec, code=o["area"]).first() if o["area"] else None
            if o["area"] and work_area is None:
                raise CommandError(f"wilayah tidak dikenal: {o['area']}")
            actions.do_extend_work(rec, actor=actor, kind=o["kind"], new_end=o["date"], reason=o["reason"],
                                   area=work_area)
            return f"masa kerja selesai {o['date']:%d-%m-%Y}"

        self._step(o, extend_work)

    @subcommand("close", "", ID,
                arg("--early-reason", default="", help="required to close before the registration deadline"))
    def handle_close(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_close_registration(rec, actor=actor,
                                                                       early_reason=o["early_reason"]))

    @subcommand("evaluate", "", ID)
    def handle_evaluate(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: str(actions.do_evaluate(rec, actor=actor)))

    @subcommand("verify-eligible", "", ID)
    def handle_verify_eligible(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: f"{actions.do_verify_eligible(rec, actor=actor)} MS")

    @subcommand("announce-admin", "", ID)
    def handle_announce_admin(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_announce_admin(rec, actor=actor))

    @subcommand("scores", "", ID, arg("which", choices=rules.ScoreKind.values), arg("file"))
    def handle_scores(self, o: dict[str, Any]) -> None:
        def import_scores(rec: Recruitment, actor: Any) -> str:
            n = actions.do_import_scores(rec, Path(o["file"]).read_bytes(), actor=actor, which=o["which"],
                                         filename=o["file"])
            return f"{n} nilai"

        self._step(o, import_scores)

    @subcommand("announce-written", "", ID)
    def handle_announce_written(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_announce_written(rec, actor=actor))

    @subcommand("announce-final", "", ID)
    def handle_announce_final(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_announce_final(rec, actor=actor))

    @subcommand("appoint", "", ID, arg("sk"), DATE)
    def handle_appoint(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_appoint(rec, actor=actor, sk_number=o["sk"], sk_date=o["date"]))

    @subcommand("inaugurate", "", ID, DATE, arg("place"))
    def handle_inaugurate(self, o: dict[str, Any]) -> None:
        self._step(o, lambda rec, actor: actions.do_inaugurate(rec, actor=actor, on=o["date"], place=o["place"]))

    def _rec(self, pk: int) -> Recruitment:
        rec = Recruitment.objects.filter(pk=pk).first()
        if rec is None:
            raise CommandError(f"rekrutmen tidak dikenal: {pk}")
        return rec

    def _step(self, o: dict[str, Any], step: Callable[[Recruitment, Any], object]) -> None:
        """One step of recruitment ID: the action, what it says (a text), then the recruitment's status."""
        actor = self.actor(o)
        rec = self._rec(o["id"])
        said = step(rec, actor)
        if isinstance(said, str):
            self.stdout.write(said)
        self.stdout.write(self.style.SUCCESS(f"OK: {self._rec(rec.pk).get_status_display()}"))
