"""The public report intake in the API (issue 18 item 7): the page's form as one multipart
operation, anonymous like the page, read by the same schema (``intake.ReportIn``), through the same
action (``submit_report``) and the same per-address limit. The answer carries the tracking code
once; the reporter keeps it."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.core.api import ErrorOut, throttled
from pemilu.neutrality import actions
from pemilu.neutrality.intake import ReportIn
from pemilu.neutrality.throttle import rate_limited

router = Router(tags=["netralitas"])


class ReportReceivedOut(Schema):
    tracking_code: str = Field(description="shown once: the reporter follows the report with it")
    linked: bool = Field(description="joined to an open case about the same person and event")
    received_at: datetime.datetime


@router.post("/neutrality/reports", auth=None, response={201: ReportReceivedOut, 429: ErrorOut},
             summary="File a public report (anonymous allowed; multipart with up to 5 evidence files)")
def submit_public_report(request: HttpRequest, payload: Form[ReportIn],
                         evidence: File[list[UploadedFile] | None] = None) -> Status[object]:
    if rate_limited(request, "intake"):
        return throttled(_("Terlalu banyak laporan dari alamat ini; coba lagi dalam satu jam."))
    files = [(f.name or "berkas", f.read()) for f in evidence or []]
    result = actions.submit_report(payload, files)
    return Status(201, {"tracking_code": result.tracking_code, "linked": result.linked,
                        "received_at": result.report.received_at})
