from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError

from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.exports import CsvWriter
from pemilu.seats import rules
from pemilu.seats.contest import ContestOutcome, allocate_contest
from pemilu.seats.from_recap import CLI_KINDS
from pemilu.seats.inputs import (
    check_magnitudes,
    read_candidate_votes,
    read_dapil_votes,
    read_national_votes,
    read_tie_resolutions,
    threshold_for,
)
from pemilu.seats.models import SeatContestKind

EXIT_NEEDS_RESOLUTION = 3


class Command(PemiluCommand):
    help = ("Seats: pemilu seats allocate FILE [--threshold 4] [--national-votes FILE] [--format csv|json|table] "
            "[--candidates FILE] [--resolutions FILE] [--save --election CODE --contest DPR]; "
            "pemilu seats from-recap --contest dpr|dprd-prov|dprd-kabkota|dpd [--region CODE] [--format ...] "
            "[--save [--publish NUMBER]]")

    @subcommand("allocate", "Sainte-Laguë per dapil after the national threshold",
                arg("file", help="votes: wide (dapil_code,seats,<party>…) or long (dapil,seats,party,votes)"),
                arg("--threshold", default="",
                    help="parliamentary threshold in %% of national valid votes (default: the contest's "
                         "statutory one, DPR 4, DPRD 0; another value is a preview and cannot be --save'd)"),
                arg("--national-votes", default="", help="party,votes file for the threshold "
                    "(default: the sum over FILE)"),
                arg("--candidates", default="",
                    help="dapil_code,party,candidate_name,ballot_no,candidate_votes[,sex,spread]"),
                arg("--resolutions", default="", help="recorded tie resolutions: dapil,seat,order,note"),
                arg("--tie-rules", default=",".join(rules.DEFAULT_PARTY_TIE_RULES),
                    help="party quotient tie rules in order (votes, lots); UNCONFIRMED in the regulation"),
                arg("--divisor", default="sainte_lague", choices=sorted(rules.DIVISORS)),
                arg("--format", default="table", choices=["table", "csv", "json"]),
                arg("--save", action="store_true", help="store the run (audited) under --election/--contest"),
                arg("--election", default="", help="election code, e.g. pemilu-2024 (with --save)"),
                arg("--contest", default=SeatContestKind.DPR, choices=SeatContestKind.values),
                arg("--label", default="", help="contest label (default: from --contest)"),
                arg("--region", default="", help="region code of the run ('' = national, for DPR)"),
                arg("--reason", default="", help="why (stored in the audit trail)"))
    def handle_allocate(self, options: dict[str, Any]) -> None:
        try:
            threshold = Decimal(options["threshold"]) if options["threshold"] else threshold_for(options["contest"])
        except InvalidOperation:
            raise CommandError(f"--threshold is not a number: {options['threshold']}") from None
        tie_rules = tuple(r.strip() for r in options["tie_rules"].split(",") if r.strip())
        bad = [r for r in tie_rules if r not in rules.PARTY_TIE_RULES]
        if bad:
            raise CommandError(f"unknown tie rules: {', '.join(bad)} (known: {', '.join(rules.PARTY_TIE_RULES)})")
        dapils = read_dapil_votes(options["file"])
        check_magnitudes(dapils, options["contest"])  # UU 7/2017 Pasal 187, 189, 192
        national = read_national_votes(options["national_votes"]) if options["national_votes"] else None
        candidates = read_candidate_votes(options["candidates"]) if options["candidates"] else []
        resolutions = read_tie_resolutions(options["resolutions"]) if options["resolutions"] else []
        kwargs: dict[str, Any] = {"threshold": threshold, "national_votes": national, "divisor": options["divisor"],
                                  "tie_rules": tie_rules, "resolutions": resolutions, "candidates": candidates}
        outcome = allocate_contest(dapils, **kwargs)
        if options["save"]:
            self._save(options, dapils, dict(kwargs, threshold=threshold if options["threshold"] else None))
        {"csv": self._csv, "json": self._json, "table": self._table}[options["format"]](outcome)
        if outcome.needs_resolution:
            for d in outcome.dapils:
                t = d.allocation.tie
                if t is not None:
                    self.stderr.write(f"SERI / TIE {d.dapil.code} {d.dapil.name}: kursi ke-{t.seat_number} "
                                      f"({t.seats} kursi) antara {', '.join(t.parties)} — perlu {t.rule or 'keputusan'}"
                                      f" (--resolutions: dapil,seat,order,note)")
            sys.exit(EXIT_NEEDS_RESOLUTION)

    @subcommand("from-recap", "seats and elected from the locked recap of the level that sets the "
                              "contest (a preview while a plenary is open)",
                arg("--contest", required=True, choices=sorted(CLI_KINDS)),
                arg("--region", default="", help="province (dprd-prov) or kab/kota (dprd-kabkota) code; "
                                                 "for dpr/dpd: print one province only"),
                arg("--election", default="", help="election code (default: the latest)"),
                arg("--format", default="table", choices=["table", "csv", "json"]),
                arg("--save", action="store_true", help="store the run (refused while a plenary is open)"),
                arg("--publish", default="", metavar="NUMBER", help="with --save: publish the KPU decree"),
                arg("--reason", default="", help="why (stored in the audit trail)"))
    def handle_from_recap(self, options: dict[str, Any]) -> None:
        from pemilu.seats.recap_cli import from_recap_command

        sys.exit(from_recap_command(self, options))

    def _save(self, options: dict[str, Any], dapils: Any, kwargs: dict[str, Any]) -> None:
        from pemilu.elections.queries import current
        from pemilu.seats.actions import do_allocate_seats

        if not options["election"]:
            raise CommandError("--save needs --election (e.g. pemilu-2024)")
        election = current(code=options["election"])  # an unknown code: "Pemilu tidak ditemukan."
        run, created = do_allocate_seats(election, dapils, actor=self.actor(options),
                                         contest_kind=options["contest"], contest_label=options["label"],
                                         region_code=options["region"], reason=options["reason"], **kwargs)
        state = "disimpan / saved" if created else "sudah ada, masukan sama / already stored, same inputs"
        self.stderr.write(f"run #{run.pk} {state} (hash {run.input_hash[:12]})")

    def _rows(self, outcome: ContestOutcome) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for d in outcome.dapils:
            for party in d.eligible:
                rows.append([d.dapil.code, d.dapil.name, d.dapil.seats, party, d.dapil.votes[party],
                             d.allocation.seats[party]])
        return rows

    def _csv(self, outcome: ContestOutcome) -> None:
        w = CsvWriter(self.stdout)
        w.writerow(["dapil_code", "dapil", "seats", "party", "votes", "seats_won"])
        w.writerows(self._rows(outcome))
        votes = outcome.national_votes()
        for party, n in outcome.national_seats().items():
            w.writerow(["", "NASIONAL", sum(d.dapil.seats for d in outcome.dapils), party, votes[party], n])

    def _json(self, outcome: ContestOutcome) -> None:
        t = outcome.threshold
        data = {
            "input_hash": outcome.input_hash,
            "threshold": {"percent": str(t.percent), "total": t.total, "votes_needed": str(t.votes_needed),
                          "comparison": t.comparison, "qualifying": t.qualifying, "excluded": t.excluded},
            "dapils": [{
                "code": d.dapil.code, "name": d.dapil.name, "seats": d.dapil.seats,
                "parties": [{"party": p, "votes": d.dapil.votes[p], "seats": d.allocation.seats[p]}
                            for p in d.eligible],
                "seat_order": [{"seat": s.number, "party": s.party, "votes": s.votes, "divisor": s.divisor,
                                "decided_by": s.decided_by} for s in d.allocation.order],
                "tie": None if d.allocation.tie is None else {
                    "seat": d.allocation.tie.seat_number, "seats": d.allocation.tie.seats,
                    "parties": d.allocation.tie.parties, "rule": d.allocation.tie.rule},
                "elected": {p: [{"name": c.name, "ballot_no": c.ballot_no, "votes": c.votes} for c in cs]
                            for p, cs in d.elected.items()},
            } for d in outcome.dapils],
            "national": {"seats": outcome.national_seats(), "votes": outcome.national_votes()},
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))

    def _table(self, outcome: ContestOutcome) -> None:
        t = outcome.threshold
        self.stdout.write(f"Ambang batas / threshold: {t.percent}% × {t.total:,} = {float(t.votes_needed):,.2f} suara "
                          f"({t.comparison}); lolos / qualifying: {', '.join(t.qualifying)}")
        self.stdout.write(f"{'dapil':<8} {'nama':<28} {'kursi':>5} {'partai':<10} {'suara':>12} {'kursi':>5}")
        for row in self._rows(outcome):
            self.stdout.write(f"{row[0]:<8} {row[1][:28]:<28} {row[2]:>5} {row[3]:<10} {row[4]:>12,} {row[5]:>5}")
        self.stdout.write("\nNasional / national:")
        seats = outcome.national_seats()
        votes = outcome.national_votes()
        for party, n in sorted(seats.items(), key=lambda kv: (-kv[1], -votes[kv[0]])):
            self.stdout.write(f"  {party:<10} {votes[party]:>12,} {n:>5}")
        self.stdout.write(f"  {'TOTAL':<10} {'':>12} {sum(seats.values()):>5}")
