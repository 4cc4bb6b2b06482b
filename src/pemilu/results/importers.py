"""``pemilu results import``: C.Hasil figures from a file, all or nothing.

Two formats, told apart by the header:
* long and stable: ``tps_code,contest,field,value`` (field = a form field, or ``votes.<key>``);
* Sirekap-like wide PPWP (``tps2024_pilpres_tebingtinggi_sample.csv``): one row per TPS;
  rows whose administration columns are empty are votes-only entries (marked incomplete).

Format errors (unknown TPS or contest, malformed or negative number, duplicate row, wrong
encoding) reject the whole file naming the row. Check failures are findings: the paper's
figures are kept, the TPS marked with its codes (``status=error`` when an E-check fails).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import appended_at_end
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.exceptions import ConflictError, DomainError, ImportFailed, RowError
from pemilu.core.levels import Level, common_ancestor, dotted_from_flat, is_valid_code
from pemilu.core.tabular import Table, parse_int, read_table, row_int
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results import checks, rules
from pemilu.results.actions import locked_result, record_import
from pemilu.results.entry import dpt_reference, ensure_tps_in_contest
from pemilu.results.models import FORM_FIELDS, Contest

# Sirekap wide columns → form fields (Sirekap ``administrasi`` keys; pengguna_non_dpt = DPK).
WIDE_FIELDS = {
    "suara_sah": "suara_sah", "suara_tidak_sah": "suara_tidak_sah", "suara_total": "suara_total",
    "dpt_total": "dpt_j", "dpt_l": "dpt_l", "dpt_p": "dpt_p",
    "pengguna_dpt": "pengguna_dpt_j", "pengguna_dptb": "pengguna_dptb_j", "pengguna_non_dpt": "pengguna_dpk_j",
    "pengguna_total": "pengguna_total_j", "pengguna_total_l": "pengguna_total_l",
    "pengguna_total_p": "pengguna_total_p",
}
WIDE_VOTES = {"pas1_anies": "1", "pas2_prabowo": "2", "pas3_ganjar": "3"}


@dataclass
class TpsOutcome:
    tps_code: str
    contest: str
    codes: list[str]
    incomplete: bool
    status: str = ""


@dataclass
class ResultImportReport:
    rows: int = 0
    outcomes: list[TpsOutcome] = field(default_factory=list)
    dry_run: bool = False

    @property
    def incomplete(self) -> int:
        return sum(1 for o in self.outcomes if o.incomplete)

    @property
    def with_findings(self) -> list[TpsOutcome]:
        return [o for o in self.outcomes if o.codes]


def _tps_code(raw: str) -> str:
    if is_ascii_digits(raw, 13):
        return dotted_from_flat(raw)
    if is_valid_code(raw, 5):
        return raw
    raise ValueError(raw)


def _parse_wide(table: Table) -> tuple[dict[tuple[str, str], dict[str, Any]], list[RowError]]:
    forms: dict[tuple[str, str], dict[str, Any]] = {}
    errors: list[RowError] = []
    for line, row in table:
        try:
            code = _tps_code(row.get("tps_code", ""))
        except ValueError:
            errors.append(RowError(line, _("kode TPS salah"), "tps_code"))
            continue
        if (code, "ppwp") in forms:
            errors.append(RowError(line, _("TPS {code} muncul dua kali").format(code=code), "tps_code"))
            continue
        figures: dict[str, Any] = {f: None for f in FORM_FIELDS}
        figures["votes"] = {}
        for column, key in WIDE_VOTES.items():
            try:
                figures["votes"][key] = parse_int(row.get(column, ""))
            except ValueError as exc:
                errors.append(RowError(line, str(exc), column))
        for column, name in WIDE_FIELDS.items():
            if row.get(column, "") != "":
                figures[name] = row_int(row, column, line, errors)
        forms[(code, "ppwp")] = figures | {"_line": line}
    return forms, errors


def _parse_long(table: Table) -> tuple[dict[tuple[str, str], dict[str, Any]], list[RowError]]:
    forms: dict[tuple[str, str], dict[str, Any]] = {}
    errors: list[RowError] = []
    seen: set[tuple[str, str, str]] = set()
    for line, row in table:
        try:
            code = _tps_code(row["tps_code"])
        except ValueError:
            errors.append(RowError(line, _("kode TPS salah"), "tps_code"))
            continue
        contest, name = row["contest"], row["field"]
        if (code, contest, name) in seen:
            errors.append(RowError(line, _("baris ganda: {tps} {contest} {field}")
                                   .format(tps=code, contest=contest, field=name)))
            continue
        seen.add((code, contest, name))
        form = forms.setdefault((code, contest), {**{f: None for f in FORM_FIELDS}, "votes": {}, "_line": line})
        value = row_int(row, "value", line, errors)
        if value is None:
            continue
        if name.startswith("votes."):
            form["votes"][name[6:]] = value
        elif name in FORM_FIELDS:
            form[name] = value
        else:
            errors.append(RowError(line, _("isian tidak dikenal: {field}").format(field=name), "field"))
    return forms, errors


def do_import_results(source: str | Path | bytes, *, election: Election, actor: User, filename: str = "",
                      dry_run: bool = False) -> ResultImportReport:
    table = read_table(source, filename=filename or str(source)[:200] if not isinstance(source, bytes) else filename)
    if {"tps_code", "contest", "field", "value"} <= set(table.columns):
        forms, errors = _parse_long(table)
    elif "tps_code" in table.columns and "pas1_anies" in table.columns:
        forms, errors = _parse_wide(table)
    else:
        raise ImportFailed([RowError(1, _("format tidak dikenal: perlu tps_code,contest,field,value atau "
                                          "format lebar PPWP Sirekap"))])
    tps_map = {t.code: t for t in Tps.objects.filter(code__in={code for code, _c in forms})}
    contests = {c.code: c for c in Contest.objects.filter(election=election,
                                                          code__in={c for _t, c in forms}).select_related("election")}
    for (code, contest_code), form in forms.items():
        line = form["_line"]
        if code not in tps_map:
            errors.append(RowError(line, _("TPS tidak dikenal: {code}").format(code=code), "tps_code"))
        contest = contests.get(contest_code)
        if contest is None:
            errors.append(RowError(line, _("pemilihan tidak dikenal: {code}").format(code=contest_code), "contest"))
            continue
        if code in tps_map:
            try:  # the rule do_submit_result applies: a DPR form only for a TPS of that dapil
                ensure_tps_in_contest(contest, code)
            except DomainError as exc:
                errors.append(RowError(line, f"{code}: {exc.message}", "tps_code"))
        keys = set(contest.choice_keys())
        if set(form["votes"]) - keys:
            errors.append(RowError(line, _("pilihan tidak dikenal: {keys}")
                                   .format(keys=", ".join(sorted(set(form["votes"]) - keys)))))
        for key in keys - set(form["votes"]):
            errors.append(RowError(line, _("perolehan suara {key} tidak ada").format(key=key)))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    ensure_can(actor, "results.import", common_ancestor(list(tps_map), level=Level.DESA))
    report = ResultImportReport(rows=len(table.rows), dry_run=dry_run)
    # The audit rows are appended in one go at the end: the chain head is not locked for the loop.
    references = {e: dpt_reference(e, list(tps_map)) for e in {c.election_id for c in contests.values()}}
    with transaction.atomic(), appended_at_end():
        for (code, contest_code), form in sorted(forms.items()):
            line = form.pop("_line")
            figures = form
            incomplete = rules.is_incomplete(figures)
            reference = references[contests[contest_code].election_id].get(code)
            outcome = TpsOutcome(code, contest_code, checks.run_checks(figures, reference), incomplete)
            if not dry_run:
                result = locked_result(contests[contest_code], tps_map[code])
                try:
                    outcome.status = record_import(result, figures, actor=actor, filename=filename or "berkas",
                                                   reference=reference)
                except ConflictError as exc:
                    raise ImportFailed([RowError(line, f"{code}: {exc.message}")]) from None
            report.outcomes.append(outcome)
    return report

