from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from pemilu.candidacy import rules
from pemilu.candidacy.dpd_cli import DpdCommands
from pemilu.candidacy.inputs import default_seats_file, read_lists, read_seats
from pemilu.core import clock
from pemilu.core.commands import PemiluCommand, arg, subcommand
from pemilu.core.exceptions import ImportFailed
from pemilu.core.exports import CsvWriter

T = TypeVar("T")


def _party_lists(level: str) -> Callable[..., str]:
    def run(election: Any, source: str, *, actor: Any, filename: str) -> str:
        from pemilu.candidacy.importer import do_import_lists

        result = do_import_lists(election, source, level=level, actor=actor, filename=filename)
        return _("{lists} daftar, {candidates} calon diimpor (BCS)").format(lists=result.lists,
                                                                          candidates=result.candidates)
    return run


def _dpd_candidates(election: Any, source: str, *, actor: Any, filename: str) -> str:
    from pemilu.candidacy.dpd_import import do_import_dpd_candidates

    result = do_import_dpd_candidates(election, source, actor=actor, filename=filename)
    return _("{candidates} bakal calon DPD diimpor di {provinces} provinsi").format(
        candidates=result.candidates, provinces=result.provinces)


# --contest → its importer: party lists (DPR, DPRD) or DPD individual candidates per province.
IMPORTERS: dict[str, Callable[..., str]] = {
    **{level: _party_lists(level) for level in ("dpr", "dprd-prov", "dprd-kabkota")}, "dpd": _dpd_candidates}

EXIT_LISTS_FAIL = 1  # at least one list breaks a rule
EXIT_BAD_INPUT = 2  # the file (or an option) is wrong: nothing was checked


class Command(DpdCommands, PemiluCommand):
    help = ("Candidates: pemilu candidates import FILE --contest dpr|dprd-prov|dprd-kabkota|dpd [--election CODE]; "
            "pemilu candidates check FILE [--rounding up|nearest|down] [--on YYYY-MM-DD] "
            "[--seats FILE] [--format table|csv] [--names]")

    @subcommand("check", "check every list against the rules in force (exit 1 if any list fails)",
                arg("file", help="DCS/DCT file: kode_dapil,party_ballot_no,party_name,nomor_urut,nama,"
                                 "jenis_kelamin (CSV or XLSX)"),
                arg("--seats", default="", help="seats per dapil: dapil_code,seats (default: the DPR 2024 dapil)"),
                arg("--rounding", default="", choices=["", *rules.Rounding],
                    help="women's quota rounding: up (MA 24 P/HUM/2023), nearest (annulled PKPU 10/2023 "
                         "Pasal 8(2)), down (what-if); default: the rule in force on --on"),
                arg("--on", default="", help="the day whose rules apply (YYYY-MM-DD, default today)"),
                arg("--format", default="table", choices=["table", "csv"]),
                arg("--names", action="store_true",
                    help="print the names found on more than one list (a warning) instead of the failing lists"))
    def handle_check(self, options: dict[str, Any]) -> None:
        try:
            on = datetime.date.fromisoformat(options["on"]) if options["on"] else clock.today()
        except ValueError:
            raise CommandError(f"--on is not a date (YYYY-MM-DD): {options['on']}", returncode=EXIT_BAD_INPUT) from None
        try:
            chosen = rules.select_rules(rules.load_rules(), on, rules.Rounding(options["rounding"])
                                        if options["rounding"] else None)
        except rules.RulebookError as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from None
        seats_file = options["seats"]
        seats = self._read(seats_file or "seats", lambda: read_seats(seats_file) if seats_file
                           else read_seats(default_seats_file(), filename="seats.csv"))
        lists = self._read(options["file"], lambda: read_lists(options["file"], seats))
        checks = rules.check_lists(lists, chosen)
        failing = [c for c in checks if not c.ok]
        for rule in chosen:
            self.stderr.write(_("aturan: {code} — {citation}").format(code=rule.code, citation=rule.citation))
        if options["names"]:
            self._names(rules.shared_names(lists), options["format"])
        elif options["format"] == "csv":
            self._csv(failing)
        else:
            self._table(failing)
        self.stderr.write(_("{failing} dari {total} daftar tidak memenuhi syarat ({candidates} calon)").format(
            failing=len(failing), total=len(checks), candidates=sum(len(c.party_list.candidates) for c in checks)))
        if failing:
            sys.exit(EXIT_LISTS_FAIL)

    @subcommand("import", "import the candidates of one contest kind as submitted (party lists: BCS; DPD: bakal "
                          "calon per province); atomic: one bad row is named and nothing is written",
                arg("file", help="CSV or XLSX. --contest dpr|dprd-prov|dprd-kabkota: kode_dapil,party_ballot_no,"
                                 "nomor_urut,nama,jenis_kelamin,nik,tanggal_lahir[,kode_domisili,domisili,jabatan,"
                                 "nomor_sk_berhenti,tanggal_sk_berhenti]. --contest dpd: kode_provinsi,nama,nik,"
                                 "jenis_kelamin,tanggal_lahir[,jabatan] (the province's DPT recorded first)"),
                arg("--contest", required=True, choices=[*IMPORTERS],
                    help="the contest kind of every row in the file"),
                arg("--election", default="", help="election code (default: the latest)"))
    def handle_import(self, options: dict[str, Any]) -> None:
        from pemilu.elections.queries import current

        election = current(code=options["election"])
        self.stdout.write(IMPORTERS[options["contest"]](election, options["file"], actor=self.actor(options),
                                                        filename=str(options["file"])))

    @staticmethod
    def _read(name: str, read: Callable[[], T]) -> T:
        """A bad file (missing, unreadable, a bad row) is exit 2 with the file and rows named."""
        try:
            return read()
        except ImportFailed as exc:
            raise CommandError(f"{name}: {exc.message}", returncode=EXIT_BAD_INPUT) from None
        except OSError as exc:
            raise CommandError(f"{name}: {exc.strerror or exc}", returncode=EXIT_BAD_INPUT) from None

    @staticmethod
    def _row(c: rules.ListCheck) -> list[Any]:
        lst = c.party_list
        return [lst.dapil, lst.party, lst.seats, len(lst.candidates), lst.women, c.women_needed,
                "; ".join(dict.fromkeys(f.rule for f in c.findings))]

    def _csv(self, failing: list[rules.ListCheck]) -> None:
        w = CsvWriter(self.stdout)
        w.writerow(["dapil", "party", "seats", "candidates", "women", "women_needed", "rule", "message"])
        for c in failing:
            w.writerow([*self._row(c), " | ".join(f.message for f in c.findings)])

    def _table(self, failing: list[rules.ListCheck]) -> None:
        self.stdout.write(f"{'dapil':<6} {'partai':<40} {'kursi':>5} {'calon':>5} {'perempuan':>9} "
                          f"{'dibutuhkan':>10}  aturan")
        for c in failing:
            row = self._row(c)
            self.stdout.write(f"{row[0]:<6} {row[1][:40]:<40} {row[2]:>5} {row[3]:>5} {row[4]:>9} {row[5]:>10}  "
                              f"{row[6]}")

    def _names(self, shared: list[rules.SharedName], fmt: str) -> None:
        if fmt == "csv":
            w = CsvWriter(self.stdout)
            w.writerow(["name_key", "dapil", "party", "nomor_urut", "nama"])
            for s in shared:
                w.writerows([s.key, *entry] for entry in s.entries)
        else:
            for s in shared:
                where = ", ".join(f"{d} {p} no. {n}" for d, p, n, _name in s.entries)
                self.stdout.write(f"{s.key}: {where}")
        self.stderr.write(_("PERINGATAN: {n} nama ada di lebih dari satu daftar (dicocokkan menurut nama, bukan NIK)")
                          .format(n=len(shared)))
