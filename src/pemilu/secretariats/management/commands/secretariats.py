from __future__ import annotations

from pathlib import Path
from typing import Any

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.elections import queries as elections
from pemilu.elections.models import Election
from pemilu.secretariats import actions, exports, importer, queries


class Command(PemiluCommand):
    help = ("Sekretariat PPK/PPS: pemilu secretariats plan KAB [--apply] | gaps KAB [--xlsx FILE] | "
            "import FILE | composition ppk|pps [--secretaries N --duty D ... --max-secretaries N --max-staff N]  "
            "(all with [--election CODE] [--as-user NAME])")

    arguments = (arg("--election", default=""),)

    @subcommand("plan", "list (and with --apply form) one secretariat per kecamatan and desa",
                arg("kab"), arg("--apply", action="store_true"))
    def handle_plan(self, options: dict[str, Any]) -> None:
        actor, election = self._context(options)
        plan = actions.plan_for(election, options["kab"])
        for item in plan:
            self.stdout.write(f"{item.region_code}\t{item.body.value.upper()}\t{item.office_name}\t"
                              f"{item.positions} kursi")
        if options["apply"]:
            r = actions.do_form_secretariats(election, options["kab"], actor=actor)
            self.stdout.write(self.style.SUCCESS(f"OK: {r.created} dibentuk, {r.existing} sudah ada, "
                                                 f"{r.positions} kursi"))
        else:
            self.stdout.write(f"{len(plan)} sekretariat belum dibentuk (tambahkan --apply untuk membentuk)")

    @subcommand("gaps", "seats filled / required per secretariat, largest gap first",
                arg("kab"), arg("--xlsx", default=""))
    def handle_gaps(self, options: dict[str, Any]) -> None:
        actor, election = self._context(options)
        rows = queries.gap_rows(queries.visible(actor, election).in_region(options["kab"]))
        for row in rows:
            s = row.secretariat
            self.stdout.write(f"{s.region_id}\t{s.body_kind.upper()}\t{s.region.name}\t"
                              f"{row.gap.filled}/{row.gap.required}\tkurang {row.gap.missing}")
        t = queries.totals(rows)
        self.stdout.write(f"{t.filled}/{t.required} kursi terisi, kurang {t.missing}")
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(exports.gaps_xlsx(rows))
            self.stdout.write(f"XLSX: {options['xlsx']}")

    @subcommand("import", "atomic CSV/XLSX import of decided assignments", arg("file"))
    def handle_import(self, options: dict[str, Any]) -> None:
        actor, election = self._context(options)
        result = importer.import_assignments(election, options["file"], actor=actor,
                                             filename=Path(options["file"]).name)
        self.stdout.write(self.style.SUCCESS(f"OK: {result.assigned} penugasan, {result.decisions} keputusan"))

    @subcommand("composition", "show or set (national KPU admin) the composition of a body kind",
                arg("body", choices=["ppk", "pps"]),
                arg("--secretaries", type=int),
                arg("--duty", action="append", default=[], help="one staff seat per --duty"),
                arg("--max-secretaries", type=int),
                arg("--max-staff", type=int),
                arg("--no-workplace-check", action="store_true"),
                arg("--window", choices=["warn", "refuse"],
                    help="a PPS keputusan/penetapan dated outside the oath..oath+7 days window"),
                arg("--window-days", type=int))
    def handle_composition(self, options: dict[str, Any]) -> None:
        actor, election = self._context(options)
        if (options["secretaries"] is not None or options["duty"] or options["window"]
                or options["window_days"] is not None):
            current = actions.composition_for(election, options["body"])
            actions.do_set_composition(
                election, options["body"], actor=actor,
                secretary_seats=options["secretaries"] or current.secretary_seats,
                staff_duties=options["duty"] or list(current.staff_duties),
                max_secretary_candidates=options["max_secretaries"] or current.max_secretary_candidates,
                max_staff_candidates=options["max_staff"] or current.max_staff_candidates,
                enforce_workplace=not options["no_workplace_check"],
                window_policy=options["window"] or current.window_policy,
                window_days=options["window_days"] if options["window_days"] is not None else current.window_days)
        c = actions.composition_for(election, options["body"])
        self.stdout.write(f"{options['body'].upper()}: {c.secretary_seats} sekretaris + {len(c.staff_duties)} staf "
                          f"({'; '.join(c.staff_duties)}); usulan paling banyak {c.max_secretary_candidates} + "
                          f"{c.max_staff_candidates}; periksa tempat kerja: "
                          f"{'ya' if c.enforce_workplace else 'tidak'}; jendela pembentukan (PPS): "
                          f"{c.window_policy}, {c.window_days} hari setelah pelantikan")

    def _context(self, options: dict[str, Any]) -> tuple[Any, Election]:
        return self.actor(options), elections.current(code=options["election"])
