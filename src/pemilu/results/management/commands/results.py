"""``pemilu results import FILE [--dry-run]`` · ``pemilu results recap REGION --contest ppwp``
· ``pemilu results reference DAPIL PARTIES [CANDIDATES]`` · ``pemilu results candidates FILE``
· ``pemilu results checks``."""

from __future__ import annotations

import json
import sys
from typing import Any

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.exceptions import NotFoundError
from pemilu.core.exports import CsvWriter
from pemilu.elections.queries import current
from pemilu.results import checks, queries
from pemilu.results.candidates import do_import_candidates
from pemilu.results.importers import do_import_results
from pemilu.results.models import Contest
from pemilu.results.reference import do_import_reference, do_setup_ppwp


class Command(PemiluCommand):
    help = "C.Hasil: import, recap, reference data, check catalogue"
    arguments = (arg("--election", default="", help="election code (default: the latest)"),)

    @subcommand("checks", "print the check catalogue")
    def _checks(self, options: dict[str, Any]) -> None:
        for check in checks.CHECKS:
            self.stdout.write(f"{check.code}  {check.message_id}  [{check.rule}]")

    @subcommand("reference", "import dapil, parties and DPR candidates; set up PPWP",
                arg("dapil"), arg("parties"), arg("candidates", nargs="?"))
    def _reference(self, options: dict[str, Any]) -> None:
        election = current(code=options["election"])
        actor = self.actor(options)
        do_setup_ppwp(election, actor=actor)
        r = do_import_reference(election, dapil_file=options["dapil"], parties_file=options["parties"],
                                candidates_file=options["candidates"], actor=actor)
        self.stdout.write(f"dapil {r.dapil}, wilayah dapil {r.areas}, partai {r.parties}, calon {r.candidates}, "
                          f"pemilihan {r.contests}")

    @subcommand("candidates", "import DPD (per province) and DPRD (per dapil) candidate lists", arg("file"))
    def _candidates(self, options: dict[str, Any]) -> None:
        election = current(code=options["election"])
        r = do_import_candidates(election, options["file"], actor=self.actor(options),
                                 filename=options["file"].rsplit("/", 1)[-1])
        contests = r.contests or []
        self.stdout.write(f"calon {r.candidates}, pemilihan {len(contests)}: {' '.join(contests)}")

    @subcommand("import", "import C.Hasil figures (long CSV or Sirekap-like wide PPWP)",
                arg("file"), arg("--dry-run", action="store_true"))
    def _import(self, options: dict[str, Any]) -> None:
        election = current(code=options["election"])
        if not Contest.objects.filter(election=election, code="ppwp").exists():
            do_setup_ppwp(election, actor=self.actor(options))
        report = do_import_results(options["file"], election=election, actor=self.actor(options),
                                   filename=options["file"].rsplit("/", 1)[-1], dry_run=options["dry_run"])
        for o in report.outcomes:
            if o.codes or o.incomplete:
                note = " ".join(o.codes) or "-"
                self.stdout.write(f"{o.tps_code} {o.contest}: {note}{' (tidak lengkap)' if o.incomplete else ''}")
        head = "UJI (tidak ada yang disimpan)" if report.dry_run else "Diimpor"
        self.stdout.write(f"{head}: {len(report.outcomes)} C.Hasil dari {report.rows} baris; "
                          f"{len(report.with_findings)} dengan temuan; {report.incomplete} tidak lengkap")

    @subcommand("recap", "one row per child region: votes, sah, tidak sah, progress",
                arg("region", help="region code ('' or 0 = national)"),
                arg("--contest", required=True, help="ppwp, or a contest code such as dpr-1201"),
                arg("--format", choices=["table", "csv", "json"], default="table"),
                arg("--strategy", choices=["rollup", "groupby"], default="rollup"))
    def _recap(self, options: dict[str, Any]) -> None:
        election = current(code=options["election"])
        region = "" if options["region"] in ("", "0", "nasional") else options["region"]
        contest = Contest.objects.filter(election=election, code=options["contest"]).first()
        if contest is None:
            raise NotFoundError(f"pemilihan tidak dikenal: {options['contest']}")
        rows = queries.recap_children(contest, region, options["strategy"])
        labels = [str(c.get("label", c["key"])).split(" – ")[0] for c in contest.choices]
        keys = contest.choice_keys()
        counters = ["expected", "accepted", "counted", "pending", "error", "incomplete", "corrected"]
        # Where the children are a recap level: their plenary and deadline (overdue = window
        # closed, plenary not locked).
        counters += ["plenary", "deadline", "deadline_state"] if any(r["deadline_state"] for r in rows) else []
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        header = ["code", "name", *keys, "suara_sah", "suara_tidak_sah", *counters]
        table = [[r["code"], r["name"], *["" if x is None else x for x in queries.figure_cells(r, keys)],
                  *[r[c] if r[c] is not None else "" for c in counters]] for r in rows]
        if options["format"] == "csv":
            writer = CsvWriter(self.stdout)
            writer.writerow(header)
            writer.writerows(table)
            return
        self.stdout.write("  ".join(f"{k}={lbl}" for k, lbl in zip(keys, labels, strict=True)))
        own = queries.deadline_of(contest, region)
        if own is not None:
            window = f"{own['start']} – {own['end']}" if own["start"] else "-"
            flag = "  TERLAMBAT" if own["overdue"] else ""
            self.stdout.write(f"{region or 'nasional'}: pleno {own['plenary']}, {own['stage']} {window}, "
                              f"{own['state']}{flag}")
        overdue = [r["code"] for r in rows if r["overdue"]]
        if overdue:
            self.stdout.write(f"TERLAMBAT ({len(overdue)}): {' '.join(overdue)}")
        widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=True)]
        for line in [header, *table]:
            self.stdout.write("  ".join(str(x).rjust(w) if isinstance(x, int) else str(x).ljust(w)
                                        for x, w in zip(line, widths, strict=True)))
        sys.stdout.flush()
