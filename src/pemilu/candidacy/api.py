"""Candidacy in the API (issue 23 item 8): every page action through the same ``do_*`` and
permission. Lists are ``Page[T]``; transitions are enums (``ListAction``, ``ResponseAction``)."""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.models import User
from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import actions, documents, queries, responses
from pemilu.candidacy.api_documents import public_cv_url
from pemilu.candidacy.importer import do_import_lists
from pemilu.candidacy.models import (
    LEVEL_DISTRICT,
    CandidateList,
    DcsResponseStatus,
    ListLevel,
    ListStatus,
    Office,
    PublicResponse,
    ResponseOutcome,
)
from pemilu.core import ratelimit
from pemilu.core.api import BlockerOut, ErrorOut, Page, PageParams, paginate, throttled
from pemilu.core.bounds import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX
from pemilu.core.models import Sex
from pemilu.elections.queries import current
from pemilu.results.models import Dapil, Party

router = Router(tags=["pencalonan"])
PUBLIC_PER_HOUR = 10


class ListFilter(PageParams):
    election: str = Field("", max_length=40, description="election code (default: the latest)")
    level: ListLevel | None = None
    status: ListStatus | None = None
    dapil_code: str = Field("", max_length=12)


class ListOut(Schema):
    id: int
    level: ListLevel
    dapil_code: str
    dapil_name: str
    seats: int | None
    party_ballot_no: int
    party: str
    status: ListStatus
    candidates: int
    women: int
    open_responses: int
    dct_decree_no: str


def _out(lst: CandidateList) -> dict[str, object]:
    return {"id": lst.pk, "level": lst.level, "dapil_code": lst.dapil.code, "dapil_name": lst.dapil.name,
            "seats": lst.dapil.seats, "party_ballot_no": lst.party.ballot_no, "party": lst.party.abbr,
            "status": lst.status, "candidates": getattr(lst, "n_candidates", 0), "women": getattr(lst, "n_women", 0),
            "open_responses": getattr(lst, "n_open", 0), "dct_decree_no": lst.dct_decree_no}


class ListCandidateOut(Schema):
    number: int
    name: str
    sex: Sex
    findings: str = Field(description="NIK checks recorded at submission (N04 birth date, N05 sex, N06 serial)")


class ListDetailOut(ListOut):
    candidate_rows: list[ListCandidateOut]
    women_needed: int
    blockers: list[BlockerOut] = Field(description="why the DCT cannot be set today (empty: it can)")
    warnings: list[str] = Field(description="names also on other lists (with another NIK): warnings only")
    verification_note: str
    correction_due: datetime.date | None


def _filtered(qs: object, f: ListFilter) -> object:
    election = current(code=f.election)
    rows = queries.with_counts(qs.filter(election=election))  # type: ignore[attr-defined]
    if f.level:
        rows = rows.filter(level=f.level)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.dapil_code:
        rows = rows.filter(dapil__code=f.dapil_code)
    return rows


@router.get("/candidacy/lists", response=Page[ListOut], summary="Candidate lists in the user's scope")
def list_lists(request: AuthedRequest, filters: Query[ListFilter]) -> dict[str, object]:
    return paginate(_filtered(queries.lists_visible_to(request.user), filters), filters, _out)  # type: ignore[arg-type]


def _list(request: AuthedRequest, list_id: int) -> CandidateList:
    return get_object_or_404(queries.with_counts(queries.lists_visible_to(request.user)), pk=list_id)


def _detail(lst: CandidateList) -> dict[str, object]:
    status = queries.rule_status(lst)
    return {**_out(lst), "candidate_rows": list(lst.candidates.order_by("number")), "women_needed": status.women_needed,
            "blockers": [{"code": b.code, "message": b.message} for b in status.blockers],
            "warnings": status.warnings, "verification_note": lst.verification_note,
            "correction_due": lst.correction_due}


@router.get("/candidacy/lists/{list_id}", response=ListDetailOut, summary="A list with its rule status")
def get_list(request: AuthedRequest, list_id: int) -> dict[str, object]:
    return _detail(_list(request, list_id))


class CandidateIn(Schema):
    number: int = Field(..., ge=1, le=actions.MAX_CANDIDATES)
    name: str = Field(..., min_length=1, max_length=NAME_MAX)
    sex: Sex
    nik: str = Field(..., max_length=16)
    birth_date: datetime.date
    domicile_code: str = Field("", max_length=13)
    domicile: str = Field("", max_length=300)
    office: Office = Office.NONE
    resignation_decree_no: str = Field("", max_length=100)
    resignation_decree_date: datetime.date | None = None


class ListSubmitIn(Schema):
    election: str = Field("", max_length=40)
    level: ListLevel
    dapil_code: str = Field(..., max_length=12)
    party_ballot_no: int = Field(..., ge=1, le=100)
    candidates: list[CandidateIn] = Field(..., min_length=1, max_length=actions.MAX_CANDIDATES)


@router.post("/candidacy/lists", response={201: ListDetailOut},
             summary="Submit (or, when returned, correct) the party's list for a dapil — its liaison officer")
def submit_list(request: AuthedRequest, payload: ListSubmitIn) -> Status[object]:
    election = current(code=payload.election)
    dapil = get_object_or_404(Dapil, election=election, district=LEVEL_DISTRICT[payload.level], code=payload.dapil_code)
    party = get_object_or_404(Party, election=election, ballot_no=payload.party_ballot_no)
    rows = [actions.CandidateIn(**{**c.dict(), "office": c.office.value, "sex": c.sex.value})
            for c in payload.candidates]
    lst = actions.do_submit_list(party, dapil, rows, actor=request.user)
    return Status(201, _detail(_list(request, lst.pk)))


class ListAction(StrEnum):
    """The KPU's steps on a list (the page's buttons)."""

    verify = "verify"
    return_for_correction = "return_for_correction"
    announce_dcs = "announce_dcs"
    set_dct = "set_dct"


class ListTransitionIn(Schema):
    action: ListAction
    note: str = Field("", max_length=2000, description="return_for_correction: what to correct")
    correction_due: datetime.date | None = None
    decree_no: str = Field("", max_length=100, description="set_dct: the KPU decree's number")
    decree_date: datetime.date | None = None


@router.post("/candidacy/lists/{list_id}/transition", response=ListDetailOut, summary="Verify, return, announce, DCT")
def transition_list(request: AuthedRequest, list_id: int, payload: ListTransitionIn) -> dict[str, object]:
    lst = _list(request, list_id)
    user, a = request.user, payload.action
    if a in (ListAction.verify, ListAction.return_for_correction):
        actions.do_verify_documents(lst, actor=user, verified=a == ListAction.verify, note=payload.note,
                                    correction_due=payload.correction_due)
    elif a == ListAction.announce_dcs:
        actions.do_announce_dcs(lst, actor=user)
    else:
        actions.do_set_dct(lst, actor=user, decree_no=payload.decree_no,
                           decree_date=payload.decree_date)
    return _detail(_list(request, list_id))


class DcsResponseOut(Schema):
    id: int
    candidate_number: int | None
    candidate_name: str
    respondent_name: str
    respondent_contact: str
    content: str
    status: DcsResponseStatus
    received_at: datetime.datetime
    reply_due: datetime.date | None
    party_reply: str
    outcome: ResponseOutcome | None
    resolution_reason: str
    evidence: int


def _response_out(r: PublicResponse) -> dict[str, object]:
    return {"id": r.pk, "candidate_number": r.candidate.number if r.candidate else None,
            "candidate_name": r.candidate_name, "respondent_name": r.respondent_name,
            "respondent_contact": r.respondent_contact, "content": r.content, "status": r.status,
            "received_at": r.received_at, "reply_due": r.reply_due, "party_reply": r.party_reply,
            "outcome": r.outcome or None, "resolution_reason": r.resolution_reason, "evidence": len(r.evidence.all())}


@router.get("/candidacy/lists/{list_id}/responses", response=Page[DcsResponseOut], summary="Public responses on a list")
def list_responses(request: AuthedRequest, list_id: int, params: Query[PageParams]) -> dict[str, object]:
    lst = _list(request, list_id)
    return paginate(queries.responses_of(lst).select_related("candidate"), params, _response_out)


class ResponseIn(Schema):
    candidate_number: int = Field(..., ge=1, le=actions.MAX_CANDIDATES)
    respondent_name: str = Field(..., min_length=1, max_length=NAME_MAX)
    respondent_nik: str = Field(..., max_length=16)
    respondent_contact: str = Field(..., min_length=1, max_length=NAME_MAX)
    content: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX)


class ResponseReceivedOut(Schema):
    id: int
    reply_due: datetime.date | None


@router.post("/candidacy/public/lists/{list_id}/responses", auth=None,
             response={201: ResponseReceivedOut, 429: ErrorOut},
             summary="A public response on a DCS candidate (anonymous; multipart with up to 3 evidence files)")
def record_response(request: HttpRequest, list_id: int, payload: Form[ResponseIn],
                    evidence: File[list[UploadedFile] | None] = None) -> Status[object]:
    if ratelimit.hit(request, "candidacy:response", PUBLIC_PER_HOUR):
        return throttled(_("Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam."))
    lst = get_object_or_404(queries.public_lists(), pk=list_id)
    files = [responses.EVIDENCE.check(f.name or "bukti", f.read()) for f in evidence or []]
    r = responses.do_record_response(lst, candidate_number=payload.candidate_number,
                                     respondent_name=payload.respondent_name, respondent_nik=payload.respondent_nik,
                                     respondent_contact=payload.respondent_contact, content=payload.content,
                                     evidence=files)
    return Status(201, {"id": r.pk, "reply_due": r.reply_due})


class ResponseAction(StrEnum):
    reply = "reply"            # the party's liaison officer
    uphold = "uphold"          # the KPU: the response is true (the list goes back for correction)
    dismiss = "dismiss"        # the KPU: not true


class ResponseTransitionIn(Schema):
    action: ResponseAction
    text: str = Field(..., min_length=1, max_length=LONG_TEXT_MAX, description="the reply, or the decision's reason")


@router.post("/candidacy/responses/{response_id}/transition", response=DcsResponseOut,
             summary="The party's reply or the KPU's decision on a public response")
def transition_response(request: AuthedRequest, response_id: int, payload: ResponseTransitionIn) -> dict[str, object]:
    visible = queries.lists_visible_to(request.user)
    r = get_object_or_404(PublicResponse.objects.select_related("candidate_list", "candidate"),
                          pk=response_id, candidate_list__in=visible)
    if payload.action == ResponseAction.reply:
        r = responses.do_reply_response(r, actor=request.user, reply=payload.text)
    else:
        r = responses.do_resolve_response(r, actor=request.user, upheld=payload.action == ResponseAction.uphold,
                                          reason=payload.text)
    return _response_out(r)


class PublicFilter(PageParams):
    election: str = Field("", max_length=40)
    dapil_code: str = Field("", max_length=12)
    level: ListLevel | None = None


class CvPublication(StrEnum):
    """The CV on the public DCS/DCT (published only with the candidate's stored consent)."""

    published = "published"                  # consent given; ``cv_url`` is the CV
    published_missing = "published_missing"  # consent given, no CV file handed in yet
    withheld = "withheld"                    # "Tidak bersedia dipublikasikan"
    no_statement = "no_statement"            # no statement: not published


class PublicCandidateOut(Schema):
    number: int
    name: str
    sex: Sex
    domicile: str
    cv: CvPublication
    cv_url: str | None


class PublicListOut(Schema):
    id: int
    level: ListLevel
    dapil_code: str
    dapil_name: str
    party_ballot_no: int
    party: str
    status: ListStatus
    candidates: list[PublicCandidateOut]


@router.get("/candidacy/public/lists", auth=None, response=Page[PublicListOut],
            summary="The announced (DCS) and final (DCT) lists: public")
def public_lists(request: HttpRequest, filters: Query[PublicFilter]) -> dict[str, object]:
    rows = (queries.public_lists().filter(election=current(code=filters.election))
            .prefetch_related("candidates", *documents.public_prefetch()))
    if filters.dapil_code:
        rows = rows.filter(dapil__code=filters.dapil_code)
    if filters.level:
        rows = rows.filter(level=filters.level)

    def out(lst: CandidateList) -> dict[str, object]:
        return {"id": lst.pk, "level": lst.level, "dapil_code": lst.dapil.code, "dapil_name": lst.dapil.name,
                "party_ballot_no": lst.party.ballot_no, "party": lst.party.abbr, "status": lst.status,
                "candidates": [{"number": c.number, "name": c.name, "sex": c.sex, "domicile": c.domicile,
                                "cv": documents.cv_state(c), "cv_url": public_cv_url(c)}
                               for c in sorted(lst.candidates.all(), key=lambda c: c.number)]}
    return paginate(rows, filters, out)


class CandidacyImportOut(Schema):
    lists: int
    candidates: int


@router.post("/candidacy/imports", response={201: CandidacyImportOut},
             summary="Import the party lists of one contest kind as submitted (atomic; rows named)")
def import_lists(request: AuthedRequest, level: Form[ListLevel], file: File[UploadedFile],
                 election: Form[str] = "") -> Status[object]:
    result = do_import_lists(current(code=election), file.read(), level=level, actor=request.user,
                             filename=file.name or "calon.csv")
    return Status(201, {"lists": result.lists, "candidates": result.candidates})


class LiaisonIn(Schema):
    election: str = Field("", max_length=40)
    username: str = Field(..., max_length=150)
    party_ballot_no: int = Field(..., ge=1, le=100)
    scope_code: str = Field(..., max_length=5, description="the KPU's region: '' KPU RI, a province or a kab/kota")
    reason: str = Field(..., min_length=1, max_length=SHORT_TEXT_MAX)


class LiaisonOut(Schema):
    id: int
    username: str
    party: str
    scope_code: str


@router.post("/candidacy/liaisons", response={201: LiaisonOut}, summary="Appoint a party's liaison officer")
def appoint_liaison(request: AuthedRequest, payload: LiaisonIn) -> Status[object]:
    from pemilu.accounts.permissions import ensure_can

    ensure_can(request.user, "candidacy.liaison", payload.scope_code)  # before naming whether the user exists
    user = get_object_or_404(User, username=payload.username)
    party = get_object_or_404(Party, election=current(code=payload.election), ballot_no=payload.party_ballot_no)
    post = actions.do_appoint_liaison(user, party, payload.scope_code, actor=request.user, reason=payload.reason)
    return Status(201, {"id": post.pk, "username": user.username, "party": party.abbr, "scope_code": post.scope_code})
