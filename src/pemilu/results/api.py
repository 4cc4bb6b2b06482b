"""The results API: submit a C.Hasil with an idempotency key, read a form and a recap, and the
check catalogue the browser evaluates."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import ErrorOut, error_body
from pemilu.core.bounds import SHORT_TEXT_MAX
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError
from pemilu.elections.queries import current
from pemilu.regions.models import Tps
from pemilu.results import checks, queries
from pemilu.results.actions import ChecksFailed, do_submit_result
from pemilu.results.idempotency import run_idempotent
from pemilu.results.ingest import cached_contest
from pemilu.results.models import Contest, Result
from pemilu.results.rules import MAX_TPS_FIGURE

router = Router(tags=["hasil"])


# Every figure of one TPS is 0..1,000 (results.rules.MAX_TPS_FIGURE); keys and reasons are bounded.
Figure = Annotated[int, Field(ge=0, le=MAX_TPS_FIGURE)]
Key = Annotated[str, Field(max_length=20)]
Reason = Annotated[str, Field(max_length=SHORT_TEXT_MAX)]


class ResultSubmitIn(Schema):
    dpt_l: Figure | None = None
    dpt_p: Figure | None = None
    dpt_j: Figure | None = None
    pengguna_dpt_l: Figure | None = None
    pengguna_dpt_p: Figure | None = None
    pengguna_dpt_j: Figure | None = None
    pengguna_dptb_l: Figure | None = None
    pengguna_dptb_p: Figure | None = None
    pengguna_dptb_j: Figure | None = None
    pengguna_dpk_l: Figure | None = None
    pengguna_dpk_p: Figure | None = None
    pengguna_dpk_j: Figure | None = None
    pengguna_total_l: Figure | None = None
    pengguna_total_p: Figure | None = None
    pengguna_total_j: Figure | None = None
    disabilitas_l: Figure | None = None
    disabilitas_p: Figure | None = None
    disabilitas_j: Figure | None = None
    ss_diterima: Figure | None = None
    ss_rusak: Figure | None = None
    ss_tidak_digunakan: Figure | None = None
    ss_digunakan: Figure | None = None
    suara_sah: Figure | None = None
    suara_tidak_sah: Figure | None = None
    suara_total: Figure | None = None
    votes: dict[Key, Figure] = Field(default_factory=dict, max_length=200,
                                     description="choice key → votes, e.g. {'1': 47}")
    acknowledgements: dict[Key, Reason] = Field(default_factory=dict, max_length=100,
                                                description="warning code → reason, e.g. {'W1': 'sudah dicek'}")


class SubmitOut(Schema):
    tps: str
    contest: str
    status: str
    version: int
    codes: list[str]


class ProblemOut(ErrorOut):
    codes: list[str] = Field(default_factory=list, description="the checks that failed (E…, W…)")


class VersionOut(Schema):
    number: int
    kind: str
    entered_by: str
    entered_at: str
    reason: str
    codes: list[str]
    figures: dict[str, Any]


class ResultOut(Schema):
    tps: str
    contest: str
    status: str
    codes: list[str]
    is_incomplete: bool
    corrections: int
    current: int | None
    versions: list[VersionOut]


def _lookup(request: HttpRequest, tps_code: str, contest_code: str) -> tuple[Tps, Contest]:
    election = current(request)
    tps = get_object_or_404(Tps.objects.visible_to(request.user), code=tps_code)
    contest = get_object_or_404(Contest.objects.select_related("election"), election=election, code=contest_code)
    return tps, contest  # do_submit_result refuses a TPS outside the contest


@router.post("/results/{tps_code}/{contest_code}",
             response={200: SubmitOut, 409: ProblemOut, 422: ProblemOut},
             summary="Submit a C.Hasil (header Idempotency-Key required)",
             description="The same key with the same body returns the stored answer (sent twice or "
                         "concurrently, one result is stored); a different body under a used key gets 409. "
                         "Error checks (E…) and warnings without a reason (W…) give 422 with the codes.")
def submit(request: AuthedRequest, tps_code: str, contest_code: str, payload: ResultSubmitIn) -> Status[Any]:
    user = request.user
    body_hash = hashlib.sha256(f"{tps_code}|{contest_code}|".encode() + request.body).hexdigest()
    tps, contest = _lookup(request, tps_code, contest_code)
    data = payload.dict()
    acks = data.pop("acknowledgements")

    def send() -> dict[str, Any]:
        result = do_submit_result(contest, tps, data, actor=user, acknowledgements=acks)
        assert result.current is not None
        return {"tps": tps.code, "contest": contest.code, "status": result.status,
                "version": result.current.number, "codes": result.codes}

    try:
        return Status(200, run_idempotent(user, request.headers.get("Idempotency-Key", ""), body_hash, send))
    except ChecksFailed as exc:
        return Status(422, {**error_body(exc.message, "checks_failed"), "codes": exc.codes})
    except ConflictError as exc:
        return Status(409, {**error_body(exc.message, "conflict"), "codes": []})


@router.get("/results/{tps_code}/{contest_code}", response=ResultOut, summary="A C.Hasil with every version")
def get_result(request: HttpRequest, tps_code: str, contest_code: str) -> dict[str, Any]:
    result = get_object_or_404(Result.objects.visible_to(request.user).select_related("contest", "current"),
                               tps_id=tps_code, contest__code=contest_code)
    ensure_can(request.user, "results.view", result)
    return {
        "tps": result.tps_id, "contest": result.contest.code, "status": result.status, "codes": result.codes,
        "is_incomplete": result.is_incomplete, "corrections": result.corrections,
        "current": result.current.number if result.current else None,
        "versions": [{"number": v.number, "kind": v.kind, "entered_by": v.entered_by.get_username(),
                      "entered_at": v.entered_at.isoformat(), "reason": v.reason, "codes": v.codes,
                      "figures": v.figures()} for v in result.versions.select_related("entered_by")],
    }


@router.get("/recap/{contest_code}", summary="Recap: one row per child region of ?region= ('' = national)",
            description="Each row: votes per choice key, suara sah/tidak sah, progress counters, and where the "
                        "children are a recap level their plenary status, window (window_start, deadline from "
                        "the schedule), deadline_state (not_open, open, overdue, locked, locked_late, "
                        "unscheduled) and overdue. ?strategy=groupby sums the forms instead of the kecamatan "
                        "roll-ups (the same numbers; kept to compare the two, docs/benchmarks.md).")
def recap(request: HttpRequest, contest_code: str, region: str = "", strategy: str = "rollup") -> list[dict[str, Any]]:
    ensure_can(request.user, "results.view", region)
    if strategy not in ("rollup", "groupby"):
        raise DomainError(_("Strategi harus rollup atau groupby."))
    contest = cached_contest(contest_code)  # election night: no reference queries per recap
    if contest is None:
        raise NotFoundError(_("Pemilihan tidak ditemukan."))
    return queries.recap_children(contest, region, strategy)


@router.get("/recap/{contest_code}/level", summary="A recap level's own standing: window, overdue, D.Hasil check",
            description="For ?region= (a recap level): its plenary status, its window and deadline from the "
                        "schedule, overdue, and the field-by-field differences between the D.Hasil typed from "
                        "paper and the computed sum of its children (null when none was typed).")
def recap_level(request: HttpRequest, contest_code: str, region: str = "") -> dict[str, Any]:
    ensure_can(request.user, "results.view", region)
    contest = get_object_or_404(Contest, election=current(request), code=contest_code)
    sheet = queries.latest_sheet(contest, region)
    return {"region": region, **queries.deadline_fields(queries.deadline_of(contest, region)),
            "sheet_version": sheet.number if sheet else None,
            "differences": queries.sheet_comparison(contest, region, sheet) if sheet else None}


@router.get("/checks", auth=None, summary="The C.Hasil check catalogue (declarative; evaluated by checks.js)")
def catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    return checks.catalogue_json()
