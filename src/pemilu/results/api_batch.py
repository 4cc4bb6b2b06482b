"""POST /api/v1/results/batch: the election-night submission (a TPS's five C.Hasil in one request).

The body is read and the answer written with orjson, bypassing ninja's pydantic parse and
response validation: on this path they cost more than the database work (profile in
docs/benchmarks.md). The schemas below still describe the endpoint in the OpenAPI document,
and ninja still authenticates (token or session)."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from pemilu.accounts.types import AuthedRequest
from pemilu.core.api import ErrorItem, error_body
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


class ResultBatchOut(Schema):
    results: list[ItemOut]


def _json(status: int, body: object) -> HttpResponse:
    return HttpResponse(orjson.dumps(body, default=str), status=status, content_type="application/json")


@router.post("/results/batch",
             summary="Submit several C.Hasil at once (e.g. a TPS's five forms), each with its own idempotency key",
             description="One transaction with a fixed number of statements for the batch. Every item is answered "
                         "on its own: a resend with the same key and body returns the stored answer, a different "
                         "body under a used key gets 409, failed checks 422 with the codes.",
             openapi_extra={
                 "requestBody": {"required": True, "content": {"application/json": {
                     "schema": BatchIn.model_json_schema()}}},
                 "responses": {200: {"description": "One answer per item", "content": {"application/json": {
                     "schema": ResultBatchOut.model_json_schema()}}}},
             })
def submit(request: AuthedRequest) -> HttpResponse:
    try:
        data = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return _json(400, error_body(_("Isi kiriman bukan JSON yang sah."), "invalid"))
    items = data.get("submissions") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return _json(422, error_body(_("Kiriman harus berisi daftar 'submissions'."), "invalid",
                                     [ErrorItem(field="submissions", message=_("harus daftar"))]))
    return _json(200, {"results": submit_batch(request.user, items)})
