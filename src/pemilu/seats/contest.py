"""A whole contest (e.g. DPR: 84 dapil): threshold on national totals, Sainte-Laguë per dapil,
candidates per party. No database; the CLI prints it and ``actions.do_allocate_seats`` stores it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.seats import rules
from pemilu.seats.inputs import CandidateVotes, DapilTieResolution, DapilVotes


@dataclass
class DapilOutcome:
    dapil: DapilVotes
    allocation: rules.Allocation
    eligible: tuple[str, ...]  # parties that took part (passed the threshold)
    elected: dict[str, list[rules.Candidate]] = field(default_factory=dict)  # party → in seat order
    candidate_ties: dict[str, rules.CandidateAssignment] = field(default_factory=dict)


@dataclass
class ContestOutcome:
    threshold: rules.ThresholdResult
    dapils: list[DapilOutcome]
    inputs: dict[str, Any]  # the canonical inputs, as stored and hashed
    input_hash: str

    @property
    def needs_resolution(self) -> bool:
        return any(d.allocation.needs_resolution for d in self.dapils)

    def national_seats(self) -> dict[str, int]:
        return by_party(d.allocation.seats for d in self.dapils)

    def national_votes(self) -> dict[str, int]:
        return by_party(d.dapil.votes for d in self.dapils)


def by_party(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Per party, the sum over ``counts`` (every party named, even at 0), in the order first seen."""
    totals: dict[str, int] = {}
    for count in counts:
        for party, n in count.items():
            totals[party] = totals.get(party, 0) + n
    return totals


def input_hash(payload: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of every input that decides the result."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def canonical_inputs(
    dapils: Sequence[DapilVotes],
    *,
    threshold: Decimal | str | int,
    national_votes: Mapping[str, int] | None,
    divisor: str,
    tie_rules: Sequence[str],
    resolutions: Sequence[DapilTieResolution],
    candidates: Sequence[CandidateVotes],
) -> dict[str, Any]:
    return {
        "dapils": [{"code": d.code, "name": d.name, "seats": d.seats, "votes": d.votes} for d in dapils],
        "threshold": str(rules.to_fraction(str(threshold))),
        "national_votes": dict(national_votes) if national_votes is not None else None,
        "divisor": divisor,
        "tie_rules": list(tie_rules),
        "resolutions": [{"dapil": r.dapil, "seat": r.seat_number, "order": list(r.order), "note": r.note}
                        for r in resolutions],
        "candidates": [[c.dapil, c.party, c.name, c.ballot_no, c.votes, c.sex,
                        list(c.spread) if isinstance(c.spread, tuple) else c.spread] for c in candidates],
    }


def allocate_contest(
    dapils: Sequence[DapilVotes],
    *,
    threshold: Decimal | str | int = 0,
    national_votes: Mapping[str, int] | None = None,
    divisor: str = "sainte_lague",
    tie_rules: Sequence[str] = rules.DEFAULT_PARTY_TIE_RULES,
    resolutions: Sequence[DapilTieResolution] = (),
    candidates: Sequence[CandidateVotes] = (),
) -> ContestOutcome:
    """Threshold on national totals (the sum over ``dapils`` unless ``national_votes`` is given;
    UU 7/2017 Pasal 414 — DPR only, so DPRD runs pass ``threshold=0``), then per dapil."""
    if not dapils:
        raise ImportFailed([RowError(2, _("berkas tidak berisi baris data"))])
    if divisor not in rules.DIVISORS:
        raise ValueError(f"unknown divisor {divisor}")
    payload = canonical_inputs(dapils, threshold=threshold, national_votes=national_votes, divisor=divisor,
                               tie_rules=tie_rules, resolutions=resolutions, candidates=candidates)
    totals = by_party(d.votes for d in dapils)
    if national_votes is not None:
        unknown = sorted(set(totals) - set(national_votes))
        if unknown:
            raise ImportFailed([RowError(1, _("partai tidak ada di berkas suara nasional: {parties}")
                                         .format(parties=", ".join(unknown)))])
    threshold_result = rules.apply_threshold(national_votes if national_votes is not None else totals,
                                             str(threshold))
    qualifying = set(threshold_result.qualifying)
    by_dapil: dict[str, list[rules.TieResolution]] = {}
    codes = {d.code for d in dapils}
    errors = [RowError(0, _("resolusi untuk dapil yang tidak ada: {code}").format(code=r.dapil))
              for r in resolutions if r.dapil not in codes]
    if errors:
        raise ImportFailed(errors)
    for r in resolutions:
        by_dapil.setdefault(r.dapil, []).append(rules.TieResolution(r.seat_number, r.order, r.note))
    cands: dict[tuple[str, str], list[rules.Candidate]] = {}
    for c in candidates:
        cands.setdefault((c.dapil, c.party), []).append(
            rules.Candidate(c.name, c.ballot_no, c.votes, c.sex, c.spread))
    outcomes: list[DapilOutcome] = []
    for d in dapils:
        eligible = {p: v for p, v in d.votes.items() if p in qualifying}
        try:
            allocation = rules.allocate(eligible, d.seats, divisors=rules.DIVISORS[divisor], ties=tie_rules,
                                        resolutions=by_dapil.get(d.code, ()))
        except rules.TieResolutionError as exc:
            raise ImportFailed([RowError(d.row, _("resolusi seri tidak cocok: {err}").format(err=exc))]) from None
        outcome = DapilOutcome(d, allocation, tuple(eligible))
        if candidates:
            for party, n in allocation.seats.items():
                if n == 0:
                    continue
                assignment = rules.assign_candidates(cands.get((d.code, party), []), n)
                outcome.elected[party] = list(assignment.elected)
                if assignment.needs_resolution:
                    outcome.candidate_ties[party] = assignment
        outcomes.append(outcome)
    return ContestOutcome(threshold_result, outcomes, payload, input_hash(payload))


def fraction_text(value: Fraction) -> str:
    """Exact value as text: an integer, or 'a/b (≈ decimal)' for display."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator} (≈ {float(value):.2f})"
