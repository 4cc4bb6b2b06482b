"""The public report intake in the API (issue 18 item 7): the page's form as one multipart
operation, anonymous like the page, through the same action (``submit_report``) and the same
per-address limit. The answer carries the tracking code once; the reporter keeps it."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.core.api import ErrorOut, throttled
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX
from pemilu.elections.models import Election
from pemilu.neutrality import actions
from pemilu.neutrality.models import Category
from pemilu.neutrality.sanctions import Employment
from pemilu.neutrality.throttle import rate_limited

router = Router(tags=["netralitas"])

Link = Annotated[str, Field(max_length=2000)]


class ReportIn(Schema):
    election: str = Field(..., max_length=40, description="election code, e.g. pemilu-2024")
    region_code: str = Field(..., max_length=20, description="kab/kota or kecamatan where it happened")
    category: Category
    description: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX)
    event_date: datetime.date
    known_on: datetime.date
    place: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)
    suspect_name: str = Field("", max_length=NAME_MAX)
    suspect_nip: str = Field("", max_length=30)
    suspect_agency: str = Field("", max_length=NAME_MAX)
    suspect_employment: Employment | None = None
    links: list[Link] = Field([], max_length=actions.MAX_LINKS)
    is_anonymous: bool = False
    reporter_name: str = Field("", max_length=NAME_MAX)
    reporter_contact: str = Field("", max_length=NAME_MAX)
    reporter_address: str = Field("", max_length=SHORT_TEXT_MAX)


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
    election = get_object_or_404(Election, code=payload.election)
    data = actions.IntakeData(
        election=election, region_code=payload.region_code, category=payload.category.value,
        description=payload.description, event_date=payload.event_date, known_on=payload.known_on,
        place=payload.place, suspect_name=payload.suspect_name, suspect_nip=payload.suspect_nip,
        suspect_agency=payload.suspect_agency, links=[x.strip() for x in payload.links if x.strip()],
        is_anonymous=payload.is_anonymous, reporter_name=payload.reporter_name,
        reporter_contact=payload.reporter_contact, reporter_address=payload.reporter_address,
        suspect_employment=payload.suspect_employment.value if payload.suspect_employment else "")
    files = [(f.name or "berkas", f.read()) for f in evidence or []]
    result = actions.submit_report(data, files)
    return Status(201, {"tracking_code": result.tracking_code, "linked": result.linked,
                        "received_at": result.report.received_at})
