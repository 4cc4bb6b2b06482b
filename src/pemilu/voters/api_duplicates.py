"""API v1 of the duplicates review queue (issue 22 item 4): the candidate pairs in the reader's
regions (NIK masked), the decision on a pair, and starting a search. A pair outside the reader's
regions answers 404; in scope without the role, 403 — as the page."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import SHORT_TEXT_MAX
from pemilu.elections.queries import current
from pemilu.voters import duplicates
from pemilu.voters.models import DuplicatePair, Voter

router = Router(tags=["pemilih"])


class DuplicateOut(Schema):
    id: int
    kind: str = Field(..., description="identik (same NIK) or potensi")
    score: float
    status: str = Field(..., description="terbuka, ganda or bukan_ganda")
    voter_a: int
    voter_b: int | None = Field(None, description="empty for a match across kab/kota")
    other_region: str | None = Field(None, description="the other kab/kota of a match across kab/kota")
    nik_a: str = Field(..., description="masked: 127604********20")
    nik_b: str
    nama_a: str
    nama_b: str
    duplicate: int | None = Field(None, description="the record decided to be the duplicate")
    reason: str


def _out(pair: DuplicatePair) -> dict[str, object]:
    row = duplicates.pair_row(pair)
    return {"id": pair.pk, "kind": pair.kind, "score": pair.score, "status": pair.status,
            "voter_a": pair.voter_a_id, "voter_b": pair.voter_b_id, "other_region": pair.other_region_id,
            "nik_a": row["nik_a"], "nik_b": row["nik_b"], "nama_a": row["nama_a"], "nama_b": row["nama_b"],
            "duplicate": pair.duplicate_id, "reason": pair.reason}


class DuplicateFilter(PageParams):
    election: str = Field("", max_length=40, description="election code; '' = the current one")
    region: str = Field("", max_length=20, description="region code; '' = all your regions")
    status: Literal["", "terbuka", "ganda", "bukan_ganda"] = ""
    kind: Literal["", "identik", "potensi"] = ""


@router.get("/voters/duplicates", response=Page[DuplicateOut],
            summary="Candidate duplicate pairs in your regions (NIK masked)")
def list_duplicates(request: AuthedRequest, filters: Query[DuplicateFilter]) -> dict[str, object]:
    election = current(code=filters.election)
    pairs = duplicates.pairs_for(request.user, election, filters.region, status=filters.status, kind=filters.kind)
    return paginate(pairs, filters, _out)


class DuplicateDecisionIn(Schema):
    decision: Literal["ganda", "bukan_ganda"]
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)
    duplicate: int | None = Field(None, description="voter id of the record that is the duplicate (ganda); "
                                                    "default: voter_b, or voter_a across kab/kota")


def _pair(request: HttpRequest, duplicate_id: int) -> DuplicatePair:
    pair: DuplicatePair = get_object_or_404(DuplicatePair.objects.visible_to(request.user)
                                            .select_related("voter_a", "voter_b"), pk=duplicate_id)
    return pair


@router.post("/voters/duplicates/{int:duplicate_id}/decision", response=DuplicateOut,
             summary="Decide a pair: ganda (the duplicate is recorded TMS ganda, not removed) or bukan_ganda")
def decide_duplicate(request: AuthedRequest, duplicate_id: int, payload: DuplicateDecisionIn) -> dict[str, object]:
    pair = _pair(request, duplicate_id)
    chosen = None
    if payload.duplicate is not None:
        chosen = get_object_or_404(Voter.objects.filter(pk__in=[pair.voter_a_id, pair.voter_b_id]),
                                   pk=payload.duplicate)
    pair = duplicates.do_decide_duplicate(pair, actor=request.user, decision=payload.decision, reason=payload.reason,
                                          duplicate=chosen)
    return _out(pair)


class SearchIn(Schema):
    region: str = Field(..., max_length=20, description="kab/kota code, e.g. 12.76")
    election: str = Field("", max_length=40)


class SearchOut(Schema):
    id: int
    region: str
    state: str
    voters: int
    identical: int
    potential: int


@router.post("/voters/duplicate-searches", response={202: SearchOut},
             summary="Queue the duplicate search of a kab/kota (a background job)")
def start_search(request: AuthedRequest, payload: SearchIn) -> Status[dict[str, object]]:
    search = duplicates.start_duplicate_search(current(code=payload.election), payload.region, actor=request.user)
    return Status(202, {"id": search.pk, "region": search.region_id, "state": search.state, "voters": search.voters,
                         "identical": search.identical, "potential": search.potential})


