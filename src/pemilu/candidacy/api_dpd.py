"""API v1 of DPD support (issue 23 item 6): the same actions and permissions as the desk pages."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from pemilu.accounts.types import AuthedRequest
from pemilu.candidacy import dpd_actions, dpd_contests, dpd_queries, registers
from pemilu.candidacy.api_documents import ResignationDecreeOut
from pemilu.candidacy.dpd_import import DPD_COLUMNS, DPD_OPTIONAL, do_import_dpd_candidates
from pemilu.candidacy.models import DpdCandidate, DpdProvince, SupportContest, SupportContestStatus, Supporter
from pemilu.candidacy.throttle import rate_limited
from pemilu.core.api import ErrorOut, Page, PageParams, paginate, throttled
from pemilu.core.exceptions import DomainError
from pemilu.core.models import Sex
from pemilu.core.tabular import ensure_upload_size
from pemilu.elections.queries import current
from pemilu.regions.models import Region
from pemilu.voters import crypto

router = Router(tags=["pencalonan DPD"])


class DpdCandidateOut(Schema):
    id: int
    name: str
    province_code: str = Field(..., alias="prov_code")
    status: str
    support: dict[str, Any] = Field(..., description="the last check: counted, required, kab/kota with support …")
    sample_seed: int | None = Field(None, description="the recorded seed of the factual verification sample")
    sample_rule: str


class SupporterOut(Schema):
    id: int
    candidate_id: int
    line: int
    batch: int
    name: str
    nik: str = Field(..., description="masked: the first six and last two digits")
    kab_code: str
    code: str = Field(..., description="empty when the row counts; S01–S07 otherwise")
    message: str
    in_sample: bool
    outcome: str

    @staticmethod
    def resolve_nik(obj: Supporter) -> str:
        return crypto.mask(crypto.open_sealed(obj.nik_sealed))


class SupporterFilter(PageParams):
    in_sample: bool | None = None


class ProvinceIn(Schema):
    election: str = Field("", max_length=40, description="election code (default: the latest)")
    dpt: int = Field(..., ge=1, le=300_000_000)
    dpt_source: str = Field(..., min_length=1, max_length=200)


class ProvinceOut(Schema):
    id: int
    province_code: str = Field(..., alias="region_id")
    dpt: int
    dpt_source: str


class DpdCandidateIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    nik: str = Field(..., min_length=16, max_length=16)
    sex: Sex
    birth_date: datetime.date


class DpdSupporterImportOut(Schema):
    rows: int
    batch: int
    check: dict[str, Any]


class SampleIn(Schema):
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="default: a fresh random seed, recorded")


class SupportVerdictIn(StrEnum):
    """A sampled supporter's verification as the KPU records it: SupportOutcome without "not yet"."""

    ms = "ms"    # memenuhi syarat
    tms = "tms"  # tidak memenuhi syarat


class DpdVerificationIn(Schema):
    outcome: SupportVerdictIn
    note: str = Field("", max_length=300)


class SupportLookupIn(Schema):
    nik: str = Field(..., max_length=32)


class SupportOut(Schema):
    candidate_id: int = Field(..., description="the candidate to name when contesting this listing")
    candidate: str
    province: str
    counted: bool
    result: str


class LookupOut(Schema):
    nik: str = Field(..., description="the NIK asked about, masked")
    supports: list[SupportOut] = Field(..., description="every candidate list that carries it (usually 0 or 1)")


@router.get("/candidacy/dpd/candidates", response=Page[DpdCandidateOut], summary="DPD bakal calon you may read")
def list_dpd_candidates(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(dpd_queries.readable_candidates(request.user).order_by("prov_code", "name", "pk"), params)


@router.get("/candidacy/dpd/candidates/{candidate_id}", response=DpdCandidateOut)
def get_dpd_candidate(request: HttpRequest, candidate_id: int) -> DpdCandidate:
    return get_object_or_404(dpd_queries.readable_candidates(request.user), pk=candidate_id)


@router.get("/candidacy/dpd/candidates/{candidate_id}/supporters", response=Page[SupporterOut],
            summary="A candidate's supporter rows filed where you may read them")
def list_dpd_supporters(request: HttpRequest, candidate_id: int, filters: Query[SupporterFilter]) -> dict[str, Any]:
    qs = dpd_queries.readable_supporters(request.user).filter(candidate_id=candidate_id)
    if filters.in_sample is not None:
        qs = qs.filter(in_sample=filters.in_sample)
    return paginate(qs.order_by("batch", "line", "pk"), filters)


@router.put("/candidacy/dpd/provinces/{region_code}", response=ProvinceOut,
            summary="Record a province's DPT for its DPD contest (sets the minimum support)")
def set_dpd_province(request: AuthedRequest, region_code: str, payload: ProvinceIn) -> DpdProvince:
    region = get_object_or_404(Region, code=region_code)
    return dpd_actions.do_set_dpd_province(current(code=payload.election), region, dpt=payload.dpt,
                                           dpt_source=payload.dpt_source, actor=request.user)


@router.post("/candidacy/dpd/provinces/{region_code}/candidates", response={201: DpdCandidateOut},
             summary="Register a bakal calon DPD")
def register_dpd_candidate(request: AuthedRequest, region_code: str, payload: DpdCandidateIn,
                           election: str = "") -> Status[DpdCandidate]:
    province = get_object_or_404(DpdProvince, election=current(code=election), region_id=region_code)
    return Status(201, dpd_actions.do_register_dpd_candidate(
        province, name=payload.name, nik=payload.nik, sex=payload.sex, birth_date=payload.birth_date,
        actor=request.user))


@router.post("/candidacy/dpd/provinces/{region_code}/check", response=dict[str, dict[str, Any]],
             summary="Check every candidate's support in the province again")
def check_dpd_support(request: AuthedRequest, region_code: str, election: str = "") -> dict[str, dict[str, Any]]:
    province = get_object_or_404(DpdProvince, election=current(code=election), region_id=region_code)
    return {str(k): v for k, v in dpd_actions.do_check_dpd_support(province, actor=request.user).items()}


class DpdResignationDecreeIn(Schema):
    number: str = Field(..., min_length=1, max_length=100)
    decided_on: datetime.date


@router.post("/candidacy/dpd/provinces/{region_code}/register-check", response=dict[str, int],
             summary="Check the province's candidates against the ad hoc and ASN registers (new flags)")
def check_dpd_registers(request: AuthedRequest, region_code: str, election: str = "") -> dict[str, int]:
    province = get_object_or_404(DpdProvince, election=current(code=election), region_id=region_code)
    return {"new_flags": registers.do_check_resignations(province=province, actor=request.user)}


@router.post("/candidacy/dpd/candidates/{candidate_id}/resignation-decree", response=ResignationDecreeOut,
             summary="Record a DPD candidate's resignation decree; closes their register flags")
def record_dpd_decree(request: AuthedRequest, candidate_id: int, payload: DpdResignationDecreeIn) -> dict[str, Any]:
    cand = get_object_or_404(dpd_queries.readable_candidates(request.user), pk=candidate_id)
    closed = registers.do_record_resignation_decree(cand, number=payload.number, decided_on=payload.decided_on,
                                                    actor=request.user)
    return {"flags_closed": closed, "resignation_decree_no": cand.resignation_decree_no,
            "resignation_decree_date": cand.resignation_decree_date}


@router.post("/candidacy/dpd/candidates/{candidate_id}/supporters", response=DpdSupporterImportOut,
             summary="Upload a supporter list (CSV/XLSX): atomic, every bad row named",
             description="Columns: nik, nama, kode_wilayah, tanggal_lahir, jenis_kelamin, status_perkawinan, "
                         "pekerjaan (optional). The province's support is checked again.")
def import_dpd_supporters(request: AuthedRequest, candidate_id: int, file: File[UploadedFile]) -> DpdSupporterImportOut:
    candidate = get_object_or_404(DpdCandidate.objects.visible_to(request.user), pk=candidate_id)
    ensure_upload_size(file.size or 0)
    result = dpd_actions.do_import_supporters(candidate, file.read(), actor=request.user, filename=file.name or "")
    return DpdSupporterImportOut(rows=result.rows, batch=result.batch, check=result.check)


@router.post("/candidacy/dpd/candidates/{candidate_id}/sample", response=dict[str, int],
             summary="Draw the factual verification sample (once; the seed is recorded)")
def draw_dpd_sample(request: AuthedRequest, candidate_id: int, payload: SampleIn) -> dict[str, int]:
    candidate = get_object_or_404(DpdCandidate.objects.visible_to(request.user), pk=candidate_id)
    return dpd_actions.do_draw_sample(candidate, actor=request.user, seed=payload.seed)


@router.post("/candidacy/dpd/supporters/{supporter_id}/verification", response=SupporterOut,
             summary="Record the factual verification of a sampled supporter (KPU of its kab/kota)")
def verify_dpd_supporter(request: AuthedRequest, supporter_id: int, payload: DpdVerificationIn) -> Supporter:
    supporter = get_object_or_404(Supporter.objects.visible_to(request.user), pk=supporter_id)
    return dpd_actions.do_record_verification(supporter, outcome=payload.outcome.value, note=payload.note,
                                              actor=request.user)


@router.post("/candidacy/dpd/support-lookup", response={200: LookupOut, 429: ErrorOut}, auth=None,
             summary="Public: is this NIK on a DPD candidate's supporter list? (rate-limited, masked)")
def lookup_support(request: HttpRequest, payload: SupportLookupIn) -> Status[object]:
    if rate_limited(request):
        return throttled(_("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam."))
    nik = payload.nik.strip()
    if not dpd_queries.valid_nik(nik):
        raise DomainError(_("NIK harus 16 digit angka dan memuat tanggal lahir yang sah"))
    return Status(200, LookupOut(nik=crypto.mask(nik), supports=[SupportOut(**r) for r in dpd_queries.lookup(nik)]))


class DpdImportOut(Schema):
    candidates: int
    provinces: int


@router.post("/candidacy/dpd/imports", response={201: DpdImportOut},
             summary="Import bakal calon DPD per province (CSV/XLSX; atomic, every bad row named)",
             description="Columns: " + ", ".join(DPD_COLUMNS) + "; optional: " + ", ".join(DPD_OPTIONAL)
                         + ". The province's DPT is recorded first. Same action as registering one.")
def import_dpd_candidates(request: AuthedRequest, file: File[UploadedFile],
                          election: Form[str] = "") -> Status[DpdImportOut]:
    ensure_upload_size(file.size or 0)
    result = do_import_dpd_candidates(current(code=election), file.read(), actor=request.user,
                                      filename=file.name or "calon_dpd.csv")
    return Status(201, DpdImportOut(candidates=result.candidates, provinces=result.provinces))


class ContestIn(Schema):
    nik: str = Field(..., max_length=32)
    candidate_id: int = Field(..., ge=1, description="from the cek dukungan answer")
    name: str = Field(..., min_length=1, max_length=200)
    contact: str = Field(..., min_length=1, max_length=200, description="phone or e-mail")
    statement: str = Field(..., min_length=1, max_length=2000)


class ContestReceivedOut(Schema):
    candidate: str
    status: str


class ContestOut(Schema):
    id: int
    candidate_id: int
    candidate: str
    province_code: str
    person_name: str
    nik: str = Field(..., description="masked: the first six and last two digits")
    contact: str
    statement: str
    received_at: datetime.datetime
    status: str
    reason: str
    resolved_at: datetime.datetime | None

    @staticmethod
    def resolve_candidate(obj: SupportContest) -> str:
        return obj.candidate.name

    @staticmethod
    def resolve_province_code(obj: SupportContest) -> str:
        return obj.candidate.prov_code

    @staticmethod
    def resolve_nik(obj: SupportContest) -> str:
        return crypto.mask(crypto.open_sealed(obj.nik_sealed))


class ContestFilter(PageParams):
    status: SupportContestStatus | None = None


class DpdContestResolutionIn(Schema):
    upheld: bool = Field(..., description="true: the person never gave the support; their rows are struck")
    reason: str = Field(..., min_length=1, max_length=2000)


@router.post("/candidacy/dpd/support-contests", response={201: ContestReceivedOut, 429: ErrorOut}, auth=None,
             summary="Public: contest one's listing as a supporter (rate-limited with the lookup)")
def contest_support(request: HttpRequest, payload: ContestIn) -> Status[object]:
    if rate_limited(request):
        return throttled(_("Terlalu banyak pencarian dari alamat ini; coba lagi dalam satu jam."))
    item = dpd_contests.do_contest_support(nik=payload.nik, candidate_id=payload.candidate_id, name=payload.name,
                                           contact=payload.contact, statement=payload.statement)
    return Status(201, ContestReceivedOut(candidate=item.candidate.name, status=item.status))


@router.get("/candidacy/dpd/contests", response=Page[ContestOut],
            summary="The support contests of the provinces you may read (the KPU Provinsi's queue)")
def list_dpd_contests(request: HttpRequest, filters: Query[ContestFilter]) -> dict[str, Any]:
    qs = dpd_queries.readable_contests(request.user)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    return paginate(qs.order_by("received_at", "pk"), filters)


@router.post("/candidacy/dpd/contests/{contest_id}/resolution", response=ContestOut,
             summary="Resolve a support contest with its reason (upheld: struck, support checked again)")
def resolve_dpd_contest(request: AuthedRequest, contest_id: int, payload: DpdContestResolutionIn) -> SupportContest:
    item = get_object_or_404(dpd_queries.readable_contests(request.user), pk=contest_id)
    return dpd_contests.do_resolve_support_contest(item, actor=request.user, upheld=payload.upheld,
                                                   reason=payload.reason)
