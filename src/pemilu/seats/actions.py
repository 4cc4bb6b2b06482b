"""Storing seat allocations (audited). The CLI, the form, the API and the demo call these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.bounds import BoundError, int_problem
from pemilu.core.exceptions import ConflictError
from pemilu.elections.models import Election
from pemilu.seats import rules
from pemilu.seats.contest import ContestOutcome, DapilOutcome, allocate_contest, input_hash
from pemilu.seats.inputs import CandidateVotes, DapilTieResolution, DapilVotes, check_magnitudes, threshold_for
from pemilu.seats.models import AllocationRun, DapilResult, RunSource, RunStatus, SeatContestKind


@transaction.atomic
def do_allocate_seats(
    election: Election,
    dapils: Sequence[DapilVotes],
    *,
    actor: User,
    contest_kind: str = SeatContestKind.DPR,
    contest_label: str = "",
    region_code: str = "",
    threshold: Decimal | str | int | None = None,
    national_votes: Mapping[str, int] | None = None,
    divisor: str = "sainte_lague",
    tie_rules: Sequence[str] = rules.DEFAULT_PARTY_TIE_RULES,
    resolutions: Sequence[DapilTieResolution] = (),
    candidates: Sequence[CandidateVotes] = (),
    reason: str = "",
    source: str = RunSource.FILE,
    recap: Mapping[str, Any] | None = None,
    outcome: ContestOutcome | None = None,
) -> tuple[AllocationRun, bool]:
    """Allocate and store a run; returns (run, created). The same inputs give the same input
    hash: the existing run is returned and nothing new is written (re-running is harmless).
    ``source=RECAP`` with ``recap`` (the locked plenaries read) is how ``from_recap`` stores a run:
    the plenaries are part of the hashed inputs, so a recap reopened and locked again is a new run;
    it passes the ``outcome`` it computed (spreads of tied candidates, DPD), whose threshold must
    still be the contest kind's."""
    ensure_can(actor, "seats.allocate", region_code)
    if contest_kind not in SeatContestKind.values:
        raise ConflictError(_("jenis kontestasi tidak dikenal: {kind}").format(kind=contest_kind))
    if contest_kind == SeatContestKind.DPD:
        if outcome is None or source != RunSource.RECAP:  # no party seats: the four with most votes
            raise ConflictError(_("DPD tidak dihitung dengan pembagi partai; gunakan penetapan dari rekapitulasi."))
    else:
        check_magnitudes(tuple(dapils), contest_kind)  # UU 7/2017 Pasal 187, 189, 192
    statutory = threshold_for(contest_kind)
    if threshold is None:
        threshold = statutory
    elif rules.to_fraction(str(threshold)) != rules.to_fraction(str(statutory)):
        # A stored run is what the seats are set from: its threshold is the law's, never the
        # caller's (a what-if stays a preview: ``pemilu seats allocate`` without --save).
        raise ConflictError(_("Ambang batas {kind} adalah {pct}% ({law}); hasil dengan ambang {given}% hanya dapat "
                              "dipratinjau, tidak disimpan.").format(
            kind=SeatContestKind(contest_kind).label, pct=statutory, law=rules.THRESHOLD_CITATION.get(contest_kind, ""),
            given=threshold))
    check_inputs(dapils, threshold=threshold, national_votes=national_votes, candidates=candidates)
    if outcome is None:
        outcome = allocate_contest(dapils, threshold=threshold, national_votes=national_votes, divisor=divisor,
                                   tie_rules=tie_rules, resolutions=resolutions, candidates=candidates)
    elif outcome.threshold.percent != rules.to_fraction(str(statutory)):
        raise ConflictError(_("Ambang batas hasil tidak sama dengan ambang batas {kind}.").format(
            kind=SeatContestKind(contest_kind).label))
    inputs, digest = outcome.inputs, outcome.input_hash
    if source == RunSource.RECAP:
        inputs = {**inputs, "recap": dict(recap or {})}
        digest = input_hash(inputs)
    existing = AllocationRun.objects.filter(election=election, contest_kind=contest_kind, region_code=region_code,
                                            input_hash=digest).first()
    if existing is not None:
        return existing, False
    threshold_text = str(rules.to_fraction(str(threshold)))
    run = AllocationRun(
        election=election, contest_kind=contest_kind,
        contest_label=contest_label or str(SeatContestKind(contest_kind).label), region_code=region_code,
        threshold_percent=Decimal(str(threshold)), divisor=divisor, tie_rules=list(tie_rules),
        inputs=inputs, input_hash=digest, source=source, recap=dict(recap or {}),
        status=RunStatus.NEEDS_RESOLUTION if outcome.needs_resolution else RunStatus.COMPLETE,
        total_seats=sum(d.seats for d in dapils), national=national_summary(outcome),
        created_by=actor, reason=reason,
    )
    run.save()
    DapilResult.objects.bulk_create([dapil_result(run, i, d) for i, d in enumerate(outcome.dapils, start=1)])
    record_event("seats.allocated", actor=actor, region_code=region_code, target=run, reason=reason, after={
        "election": election.code, "contest": run.contest_label, "input_hash": run.input_hash,
        "status": run.status, "seats": run.national["seats"], "threshold": threshold_text, "source": source,
        "tie_resolutions": [{"dapil": r.dapil, "seat": r.seat_number, "order": list(r.order), "note": r.note}
                            for r in resolutions],
    })
    return run, True


def national_summary(outcome: ContestOutcome) -> dict[str, Any]:
    t = outcome.threshold
    seats = outcome.national_seats()
    return {
        "seats": {p: n for p, n in seats.items() if n},
        "votes": outcome.national_votes(),
        "threshold": {"percent": str(t.percent), "total": t.total, "votes_needed": str(t.votes_needed),
                      "comparison": t.comparison, "qualifying": list(t.qualifying), "excluded": list(t.excluded)},
        "open_ties": sum(1 for d in outcome.dapils if d.allocation.needs_resolution),
    }


def dapil_result(run: AllocationRun, position: int, d: DapilOutcome) -> DapilResult:
    a = d.allocation
    tie = None
    if a.tie is not None:
        tie = {"seat": a.tie.seat_number, "seats": a.tie.seats, "parties": list(a.tie.parties),
               "votes": a.tie.votes, "divisor": a.tie.divisor, "rule": a.tie.rule}
    return DapilResult(
        run=run, position=position, code=d.dapil.code, name=d.dapil.name, seats=d.dapil.seats,
        votes=d.dapil.votes, eligible=list(d.eligible), seats_won={p: n for p, n in a.seats.items() if n},
        seat_order=[[s.party, s.votes, s.divisor, s.decided_by] for s in a.order], tie=tie,
        resolutions=[{"seat": r.seat_number, "order": list(r.order), "note": r.note} for r in a.resolutions],
        elected={p: [[c.name, c.ballot_no, c.votes] for c in cs] for p, cs in d.elected.items()},
        candidate_ties={p: {"rule": t.tie_rule, "seats": t.seats_open,
                            "candidates": [[c.name, c.ballot_no, c.votes] for c in t.tie]}
                        for p, t in d.candidate_ties.items()},
    )


def check_inputs(dapils: Sequence[DapilVotes], *, threshold: Decimal | str | int,
                 national_votes: Mapping[str, int] | None, candidates: Sequence[CandidateVotes]) -> None:
    """Domain bounds, each error naming the field: the threshold is a percentage 0–100 (UU 7/2017
    Pasal 414), votes are 0 up to the national electorate (seats per dapil: ``check_magnitudes``)."""
    problems: list[str] = []
    for d in dapils:
        problems += [int_problem(v, field=_("suara {party} di dapil {code}").format(party=p, code=d.code),
                                 minimum=0, maximum=rules.MAX_VOTES) or "" for p, v in d.votes.items()]
    problems += [int_problem(v, field=_("suara nasional {party}").format(party=p), minimum=0,
                             maximum=rules.MAX_VOTES) or "" for p, v in (national_votes or {}).items()]
    problems += [int_problem(c.votes, field=_("suara calon {name}").format(name=c.name), minimum=0,
                             maximum=rules.MAX_VOTES) or "" for c in candidates]
    try:
        pct = rules.to_fraction(threshold if not isinstance(threshold, float) else str(threshold))
    except (TypeError, ValueError, ZeroDivisionError):
        pct = None
    if pct is None or not 0 <= pct <= 100:
        problems.append(_("ambang batas: harus persentase 0–100 (diisi {v})").format(v=str(threshold)[:20]))
    problems = [p for p in problems if p]
    if problems:
        raise BoundError("threshold" if pct is None or not 0 <= pct <= 100 else "votes", "; ".join(problems[:10]))
