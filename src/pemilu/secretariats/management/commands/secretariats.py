from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pemilu.core.commands import PemiluCommand
from pemilu.elections import queries as elections
from pemilu.secretariats import actions, exports, importer, queries


class Command(PemiluCommand):
    help = ("Sekretariat PPK/PPS: pemilu secretariats plan KAB [--apply] | gaps KAB [--xlsx FILE] | "
            "import FILE | composition ppk|pps [--secretaries N --duty D ... --max-secretaries N --max-staff N]  "
            "(all with [--election CODE] [--as-user NAME])")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--election", default="")
        sub = parser.add_subparsers(dest="sub", required=True)
        plan = sub.add_parser("plan", help="list (and with --apply form) one secretariat per kecamatan and desa")
        plan.add_argument("kab")
        plan.add_argument("--apply", action="store_true")
        gaps = sub.add_parser("gaps", help="seats filled / required per secretariat, largest gap first")
        gaps.add_argument("kab")
        gaps.add_argument("--xlsx", default="")
        imp = sub.add_parser("import", help="atomic CSV/XLSX import of decided assignments")
        imp.add_argument("file")
        comp = sub.add_parser("composition", help="show or set (national KPU admin) the composition of a body kind")
        comp.add_argument("body", choices=["ppk", "pps"])
        comp.add_argument("--secretaries", type=int)
        comp.add_argument("--duty", action="append", default=[], help="one staff seat per --duty")
        comp.add_argument("--max-secretaries", type=int)
        comp.add_argument("--max-staff", type=int)
        comp.add_argument("--no-workplace-check", action="store_true")
        comp.add_argument("--window", choices=["warn", "refuse"],
                          help="a PPS keputusan/penetapan dated outside the oath..oath+7 days window")
        comp.add_argument("--window-days", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        code = options["election"]
        election = elections.current(code=code)
        sub = options["sub"]
        if sub == "plan":
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
        elif sub == "gaps":
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
        elif sub == "composition":
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
        else:
            result = importer.import_assignments(election, options["file"], actor=actor,
                                                filename=Path(options["file"]).name)
            self.stdout.write(self.style.SUCCESS(f"OK: {result.assigned} penugasan, {result.decisions} keputusan"))
