"""POST /api/results/batch: the election-night submission (a TPS's five C.Hasil in one request)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from pemilu.results.ingest import MAX_BATCH, submit_batch

router = Router(tags=["hasil"])


class BatchIn(Schema):
    submissions: list[dict[str, Any]] = Field(
        ..., max_length=MAX_BATCH,
        description="Each: tps, contest, idempotency_key, the C.Hasil fields (as in POST /results/{tps}/{contest}), "
                    "votes, acknowledgements.")


class ItemOut(Schema):
    index: int
    idempotency_key: str
    status: int = Field(..., description="200 stored (or stored before, same answer), 400, 403, 404, 409, 422")
    body: dict[str, Any]


class BatchOut(Schema):
    results: list[ItemOut]


@router.post("/results/batch", response=BatchOut,
             summary="Submit several C.Hasil at once (e.g. a TPS's five forms), each with its own idempotency key",
             description="One transaction with a fixed number of statements for the batch. Every item is answered "
                         "on its own: a resend with the same key and body returns the stored answer, a different "
                         "body under a used key gets 409, failed checks 422 with the codes.")
def submit(request: HttpRequest, payload: BatchIn) -> dict[str, Any]:
    return {"results": submit_batch(request.user, payload.submissions)}
