"""The C.Hasil review in the API (issue 18 item 7): verify, resolve a double-entry conflict,
correct, attach a plano photo. Each operation calls the action the page calls, so the
permission is the same: a TPS outside the user's regions answers 404, a role in scope that may
not act answers 403."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.types import AuthedRequest
from pemilu.core.bounds import SHORT_TEXT_MAX
from pemilu.core.exceptions import DomainError
from pemilu.results.actions import (
    do_attach_photo,
    do_correct_result,
    do_resolve_conflict,
    do_verify_result,
)
from pemilu.results.api import ResultSubmitIn
from pemilu.results.models import Result, ResultPhoto

router = Router(tags=["hasil"])

MAX_VERSION = 10_000  # versions of one form: entries, second entries, corrections, imports


class ResultStateOut(Schema):
    tps: str
    contest: str
    status: str
    version: int | None = Field(description="the version that counts (null: none counts)")
    codes: list[str]


class ResolveDecision(StrEnum):
    keep = "keep"            # keep one of the two entries (``keep_version``)
    send_back = "send_back"  # neither: the form goes back for two fresh entries


class ResultResolveIn(Schema):
    decision: ResolveDecision
    keep_version: int | None = Field(None, ge=1, le=MAX_VERSION, description="with decision=keep")
    reason: str = Field("", max_length=SHORT_TEXT_MAX)


class CorrectIn(ResultSubmitIn):
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)


class PhotoOut(Schema):
    id: int
    sha256: str
    size: int
    content_type: str


def _result(request: HttpRequest, tps_code: str, contest_code: str) -> Result:
    """The form when the user's regions cover its TPS; 404 otherwise (as the pages)."""
    result: Result = get_object_or_404(Result.objects.visible_to(request.user).select_related("contest", "current"),
                                       tps_id=tps_code, contest__code=contest_code)
    return result


def _state(result: Result) -> dict[str, Any]:
    return {"tps": result.tps_id, "contest": result.contest.code, "status": result.status,
            "version": result.current.number if result.current else None, "codes": result.codes}


@router.post("/results/{tps_code}/{contest_code}/verify", response=ResultStateOut,
             summary="Verify a submitted C.Hasil against the plano (a PPK member other than who typed it)")
def verify_result(request: AuthedRequest, tps_code: str, contest_code: str) -> dict[str, Any]:
    result = do_verify_result(_result(request, tps_code, contest_code), actor=request.user)
    return _state(result)


@router.post("/results/{tps_code}/{contest_code}/resolve", response=ResultStateOut,
             summary="Settle two different entries: keep one version, or send the form back")
def resolve_result(request: AuthedRequest, tps_code: str, contest_code: str,
                   payload: ResultResolveIn) -> dict[str, Any]:
    if payload.decision == ResolveDecision.keep and payload.keep_version is None:
        raise DomainError(_("keep_version: wajib diisi untuk keputusan keep."))
    keep = payload.keep_version if payload.decision == ResolveDecision.keep else None
    result = do_resolve_conflict(_result(request, tps_code, contest_code), actor=request.user, keep_version=keep,
                                 reason=payload.reason)
    return _state(result)


@router.post("/results/{tps_code}/{contest_code}/correct", response=ResultStateOut,
             summary="Correct an accepted (or imported-with-errors) C.Hasil: a new version with a reason")
def correct_result(request: AuthedRequest, tps_code: str, contest_code: str, payload: CorrectIn) -> dict[str, Any]:
    result = _result(request, tps_code, contest_code)
    data = payload.dict()
    acks = data.pop("acknowledgements")
    reason = data.pop("reason")
    return _state(do_correct_result(result, data, actor=request.user, reason=reason, acknowledgements=acks))


@router.post("/results/{tps_code}/{contest_code}/photos", response={201: PhotoOut},
             summary="Attach the plano photo or scan (JPEG, PNG or PDF) to an entered C.Hasil")
def attach_result_photo(request: AuthedRequest, tps_code: str, contest_code: str,
                        file: File[UploadedFile]) -> Status[ResultPhoto]:
    result = _result(request, tps_code, contest_code)
    return Status(201, do_attach_photo(result, file.read(), filename=file.name or "", actor=request.user))
