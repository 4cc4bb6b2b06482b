"""A C.Hasil entry before anything is written: the shape of its figures, the coded checks, and
the plan of what storing it changes.

A form typed for the first time (or again after it was sent back or refused) is written by three
writers: ``actions.do_submit_result`` (one form, ORM), the election-night batch on SQLite
(``ingest._fast``, bulk ORM) and on PostgreSQL (``ingest_pg``, one SQL statement). What they
write — the status, the running-total delta and the audit row's content — is decided here once,
by ``plan_entry``; each writer only executes the plan (``test_writers.py`` submits the same forms
through all three and compares rows, totals and audit hashes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pemilu.core.bounds import check_int
from pemilu.core.exceptions import DomainError
from pemilu.results import checks, rules
from pemilu.results.models import FORM_FIELDS, Contest, EntryMode, ResultStatus

# The status of a form entered in each entry mode: counted at once (direct), waiting for a PPK
# member (verify), or waiting for a second, different user's typing (double entry).
FIRST_STATUS = {EntryMode.DIRECT: ResultStatus.ACCEPTED, EntryMode.VERIFY: ResultStatus.SUBMITTED,
                EntryMode.DOUBLE: ResultStatus.FIRST_ENTRY}


def ensure_tps_in_contest(contest: Contest, tps_code: str) -> None:
    """A TPS votes only in its own contests: PPWP everywhere, DPD in its province, DPR/DPRD in the
    dapil its area belongs to. Every writer of a form checks it (issue 18 item 2)."""
    from pemilu.results.dapil import tps_in_contest

    if not tps_in_contest(contest.election, contest, tps_code):
        raise DomainError(_("TPS {tps} tidak memilih dalam pemilihan {contest}.").format(tps=tps_code,
                                                                                        contest=contest.code))


class ChecksFailed(DomainError):
    """The form breaks an error check, or has a warning without a reason (422)."""

    status = 422

    def __init__(self, codes: list[str], message: str) -> None:
        super().__init__(message)
        self.codes = codes


def clean_figures(contest: Contest, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the shape of submitted figures: known fields, non-negative integers or blank,
    exactly the contest's choice keys for votes."""
    out: dict[str, Any] = {}
    for name in FORM_FIELDS:
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise DomainError(_("Isian {field} harus bilangan bulat tidak negatif.").format(field=name))
        check_int(value, field=name, minimum=0, maximum=rules.MAX_TPS_FIGURE)
        out[name] = value
    unknown = set(data) - set(FORM_FIELDS) - {"votes"}
    if unknown:
        raise DomainError(_("Isian tidak dikenal: {fields}").format(fields=", ".join(sorted(unknown))))
    votes = data.get("votes") or {}
    keys = contest.choice_keys()
    extra = set(votes) - set(keys)
    if extra:
        raise DomainError(_("Pilihan tidak dikenal: {keys}").format(keys=", ".join(sorted(extra))))
    clean_votes: dict[str, int] = {}
    for key in keys:
        value = votes.get(key, 0 if votes else None)
        if value is None:
            raise DomainError(_("Perolehan suara {key} belum diisi.").format(key=key))
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError(_("Perolehan suara {key} harus bilangan bulat tidak negatif.").format(key=key))
        check_int(value, field=_("suara {key}").format(key=key), minimum=0, maximum=rules.MAX_TPS_FIGURE)
        clean_votes[key] = value
    out["votes"] = clean_votes
    if out["suara_sah"] is None:
        raise DomainError(_("Jumlah suara sah wajib diisi."))
    return out


def dpt_reference(election_id: int, tps_codes: Iterable[str]) -> dict[str, dict[str, int]]:
    """The reference terms of each TPS whose DPT is set (``checks.REFERENCE_TERMS``): the DPT set
    (``dpt_set_l``/``_p``/``_j``, issue 22 item 5), the DPTb registered to vote there
    (``dptb_set_*``) and the DPK recorded there (``dpk_set_*``, item 2). One query, and one more
    only when some TPS has its DPT set: a TPS without a set DPT has no reference at all."""
    from pemilu.elections.models import Election
    from pemilu.voters.queries import dpt_for_tps, movers_for_tps

    election = Election(pk=election_id)
    counts = dpt_for_tps(election, list(tps_codes))
    movers = movers_for_tps(election, sorted(counts))
    out: dict[str, dict[str, int]] = {}
    for code, c in counts.items():
        dptb, dpk = movers[code]["dptb"], movers[code]["dpk"]
        out[code] = {"dpt_set_l": c["L"], "dpt_set_p": c["P"], "dpt_set_j": c["J"],
                     "dptb_set_l": dptb["L"], "dptb_set_p": dptb["P"], "dptb_set_j": dptb["J"],
                     "dpk_set_l": dpk["L"], "dpk_set_p": dpk["P"], "dpk_set_j": dpk["J"]}
    return out


def evaluate(figures: dict[str, Any], acknowledgements: dict[str, str] | None, *, block: bool = True,
             reference: dict[str, Any] | None = None) -> list[str]:
    """Run the catalogue (with the TPS's ``reference`` figures, ``dpt_reference``); with
    ``block``, raise on any error and on warnings lacking a reason."""
    codes = checks.run_checks(figures, reference)
    if not block:
        return codes
    errors = checks.errors_of(codes)
    if errors:
        raise ChecksFailed(codes, _("Formulir tidak lolos pemeriksaan: {codes}").format(codes=", ".join(errors)))
    acks = acknowledgements or {}
    missing = [w for w in checks.warnings_of(codes) if not str(acks.get(w, "")).strip()]
    if missing:
        raise ChecksFailed(codes, _("Peringatan perlu alasan: {codes}").format(codes=", ".join(missing)))
    return codes


@dataclass(frozen=True)
class EntryPlan:
    """What storing one entry changes. ``number`` is the new version's number; ``totals_delta``
    is added into the form's kecamatan running totals (choice keys and ``#`` counters);
    ``audit_before``/``audit_after`` are the content of its ``results.entered`` audit row."""

    status: ResultStatus
    number: int
    codes: list[str]
    is_incomplete: bool
    totals_delta: dict[str, int]
    audit_before: dict[str, Any]
    audit_after: dict[str, Any]

    def answer(self, tps_code: str, contest_code: str) -> dict[str, Any]:
        """The API's answer for the stored form (batch items and their idempotency keys)."""
        return {"tps": tps_code, "contest": contest_code, "status": self.status.value, "version": self.number,
                "codes": self.codes}


def plan_entry(figures: Mapping[str, Any], codes: list[str], mode: str, *, previous: str = ResultStatus.EMPTY,
               number: int = 1) -> EntryPlan:
    """Plan an entry that starts a form's round: typed for the first time (``previous`` empty,
    ``number`` 1), or again over a form that does not count (sent back, refused at import,
    waiting for verification). ``figures`` passed ``clean_figures`` and ``codes`` are their
    checks. A counted form (accepted) changes only by correction, a conflict only by the
    coordinator, a first entry of a double entry only by the second one: those are not planned here."""
    if previous in (ResultStatus.ACCEPTED, ResultStatus.CONFLICT):
        raise ValueError(f"an entry over a {previous} form is not a first entry")
    status = FIRST_STATUS[EntryMode(mode)]
    incomplete = rules.is_incomplete(figures)
    delta = rules.rollup_delta(None, rules.vote_totals(figures) if status == ResultStatus.ACCEPTED else None)
    delta.update(rules.status_delta(str(previous), status.value))
    if status == ResultStatus.ACCEPTED and incomplete:
        delta["#incomplete"] = 1
    return EntryPlan(
        status=status, number=number, codes=list(codes), is_incomplete=incomplete, totals_delta=delta,
        audit_before={"status": str(ResultStatus(previous).value)},
        audit_after={"status": status.value, "version": number, "digest": rules.figures_digest(figures),
                     "codes": list(codes)})
