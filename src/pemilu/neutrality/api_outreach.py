"""Pledges (ikrar netralitas) and socialisation events in the API (issue 18 item 7): the lists
and the writes of the pages ``/netralitas/ikrar/`` and ``/netralitas/sosialisasi/``, through the
same actions and permissions. A role that may not read them anywhere gets 403; a row or region
outside the user's regions is absent (404)."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.permissions import ensure_can, ensure_holds
from pemilu.accounts.types import AuthedRequest
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.core.api import Page, PageParams, paginate
from pemilu.core.bounds import LONG_TEXT_MAX
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.neutrality import outreach, queries
from pemilu.neutrality.models import Pledge, SocialisationEvent

router = Router(tags=["netralitas"])


class ElectionPage(PageParams):
    election: str = Field("", max_length=40, description="election code; '' = the current election")


# --- pledges --------------------------------------------------------------------------------

class PledgeOut(Schema):
    id: int
    employee_id: int
    name: str
    nip: str
    agency: str
    region_code: str
    signed_on: datetime.date
    document_sha256: str


class PledgeFilter(ElectionPage):
    region: str = Field("", max_length=20, description="only employees under this region code")


class PledgeIn(Schema):
    election: str = Field("", max_length=40)
    nip: str = Field(..., min_length=1, max_length=30, description="the employee's NIP in the ASN register")
    signed_on: datetime.date


def _pledge(p: Pledge) -> dict[str, object]:
    e = p.employee
    return {"id": p.pk, "employee_id": e.pk, "name": e.name, "nip": e.nip, "agency": e.agency,
            "region_code": e.region_id, "signed_on": p.signed_on, "document_sha256": p.document_sha256}


@router.get("/neutrality/pledges", response=Page[PledgeOut], summary="Signed neutrality pledges in your regions")
def list_pledges(request: HttpRequest, filters: Query[PledgeFilter]) -> dict[str, object]:
    ensure_holds(request.user, "neutrality.pledge_view")
    qs = queries.pledges(request.user, current(code=filters.election))
    if filters.region:
        qs = qs.in_region(filters.region)
    return paginate(qs.select_related("employee").order_by("-signed_on", "-pk"), filters, _pledge)


@router.post("/neutrality/pledges", response={201: PledgeOut},
             summary="Record a signed pledge (multipart; the signed document optional: PDF, JPEG or PNG)")
def record_pledge(request: AuthedRequest, payload: Form[PledgeIn],
                  document: File[UploadedFile | None] = None) -> Status[dict[str, object]]:
    ensure_holds(request.user, "neutrality.pledge_view")
    election = current(code=payload.election)
    employee = get_object_or_404(queries.for_action(AsnEmployee.objects.all(), request.user,
                                                    "neutrality.pledge_view"), nip=normalise_nip(payload.nip))
    upload = (document.name or "ikrar", document.read()) if document is not None else None
    pledge = outreach.do_record_pledge(election, employee, payload.signed_on, actor=request.user, document=upload)
    return Status(201, _pledge(pledge))


# --- socialisation events ---------------------------------------------------------------------

class EventOut(Schema):
    id: int
    election: str
    region_code: str
    held_on: datetime.date
    place: str
    organiser: str
    audience: str
    materials: str
    attendees: int


class EventIn(Schema):
    election: str = Field("", max_length=40)
    region_code: str = Field(..., min_length=1, max_length=20)
    held_on: datetime.date
    place: str = Field(..., min_length=1, max_length=200)
    organiser: str = Field(..., min_length=1, max_length=200)
    audience: str = Field(..., min_length=1, max_length=200)
    materials: str = Field("", max_length=LONG_TEXT_MAX)


class AttendanceOut(Schema):
    event_id: int
    attendees: int


def _event(ev: SocialisationEvent, election: Election, attendees: int) -> dict[str, object]:
    return {"id": ev.pk, "election": election.code, "region_code": ev.region_id, "held_on": ev.held_on,
            "place": ev.place, "organiser": ev.organiser, "audience": ev.audience, "materials": ev.materials,
            "attendees": attendees}


@router.get("/neutrality/events", response=Page[EventOut], summary="Socialisation events in your regions")
def list_events(request: HttpRequest, filters: Query[ElectionPage]) -> dict[str, object]:
    ensure_holds(request.user, "neutrality.event_view")
    election = current(code=filters.election)
    qs = queries.for_action(SocialisationEvent.objects.all(), request.user, "neutrality.event_view").filter(
        election=election)
    return paginate(qs.annotate(n=Count("attendees")).order_by("-held_on", "-pk"), filters,
                    lambda ev: _event(ev, election, ev.n))


@router.post("/neutrality/events", response={201: EventOut}, summary="Record a socialisation event")
def create_event(request: AuthedRequest, payload: EventIn) -> Status[dict[str, object]]:
    ensure_holds(request.user, "neutrality.event_view")
    election = current(code=payload.election)
    event = outreach.do_create_event(outreach.EventData(
        election=election, region_code=payload.region_code, held_on=payload.held_on, place=payload.place,
        organiser=payload.organiser, audience=payload.audience, materials=payload.materials), actor=request.user)
    return Status(201, _event(event, election, 0))


@router.post("/neutrality/events/{event_id}/attendance", response=AttendanceOut,
             summary="Replace an event's attendance list (CSV/XLSX: nama; nip, instansi optional; atomic)")
def import_event_attendance(request: AuthedRequest, event_id: int, file: File[UploadedFile]) -> dict[str, int]:
    event = get_object_or_404(SocialisationEvent.objects.visible_to(request.user), pk=event_id)
    ensure_can(request.user, "neutrality.event_view", event)
    n = outreach.import_attendance(event, file.read(), actor=request.user, filename=file.name or "")
    return {"event_id": event.pk, "attendees": n}
