"""The ballot specimen in the API (issue 23 items 7 and 8): its columns as JSON and the PDF, for
one dapil of a party-list contest. Public, as the DCT it prints; 409 with every list that holds
it back while the dapil's lists are not all set in the DCT (``ballot.specimen``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pemilu.candidacy import ballot
from pemilu.candidacy.models import LEVEL_DISTRICT, ListLevel
from pemilu.elections.queries import current
from pemilu.results.models import Dapil

router = Router(tags=["pencalonan"])


class ElectionParam(Schema):
    election: str = Field("", max_length=40, description="election code (default: the latest)")


class SpecimenCandidateOut(Schema):
    number: int = Field(description="nomor urut on the DCT")
    name: str


class SpecimenColumnOut(Schema):
    party_ballot_no: int
    party: str
    party_name: str
    candidates: list[SpecimenCandidateOut] = Field(description="empty: the party has no list in the dapil")


class SpecimenOut(Schema):
    election: str
    level: ListLevel
    contest_code: str = Field(description="the count's contest this ballot is (results)")
    dapil_code: str
    dapil_name: str
    seats: int | None
    columns: list[SpecimenColumnOut] = Field(description="one per party, in ballot-number order")


def _dapil(level: ListLevel, dapil_code: str, election: str) -> Dapil:
    return get_object_or_404(Dapil.objects.select_related("election"), election=current(code=election),
                             district=LEVEL_DISTRICT[level], code=dapil_code)


@router.get("/candidacy/public/ballots/{level}/{dapil_code}", auth=None, response=SpecimenOut,
            summary="The ballot specimen of a dapil: parties in ballot order, candidates in DCT nomor urut")
def get_specimen(request: HttpRequest, level: ListLevel, dapil_code: str,
                 params: Query[ElectionParam]) -> dict[str, object]:
    dapil = _dapil(level, dapil_code[:12], params.election)
    sheet = ballot.specimen(dapil)
    return {"election": dapil.election.code, "level": level, "contest_code": sheet.contest_code,
            "dapil_code": dapil.code, "dapil_name": dapil.name, "seats": dapil.seats, "columns": [
                {"party_ballot_no": col.party.ballot_no, "party": col.party.abbr, "party_name": col.party.name,
                 "candidates": [{"number": c.number, "name": c.name} for c in col.candidates]}
                for col in sheet.columns]}


@router.get("/candidacy/public/ballots/{level}/{dapil_code}/pdf", auth=None,
            summary="The ballot specimen of a dapil as PDF",
            openapi_extra={"responses": {200: {"description": "the specimen (PDF)",
                                               "content": {"application/pdf": {"schema": {
                                                   "type": "string", "format": "binary"}}}}}})
def get_specimen_pdf(request: HttpRequest, level: ListLevel, dapil_code: str,
                     params: Query[ElectionParam]) -> HttpResponse:
    dapil = _dapil(level, dapil_code[:12], params.election)
    response = HttpResponse(ballot.specimen_pdf(dapil), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ballot.specimen_filename(dapil)}"'
    return response
