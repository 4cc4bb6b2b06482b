"""The adhoc pages' actions through the API (issue 18 item 7): the whole pipeline of test_flow.py
driven by API operations writes the same audit trail, and each operation climbs the rungs
(allowed; 403 in scope without the role; 404 out of scope) writing nothing when refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pemilu.adhoc import queries
from pemilu.adhoc.models import Applicant, ApplicantDocument, Recruitment, Replacement
from pemilu.adhoc.tests.conftest import PDF, nik, register
from pemilu.audit.models import AuditEvent
from pemilu.testing.factories import PASSWORD, Cast

PERSIAKAN, BANDAR_SONO, PELITA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"
API = "/api/v1/adhoc"


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    assert c.login(username=getattr(cast, who).username, password=PASSWORD)
    return c


def post(cast: Cast, who: str, url: str, body: dict[str, Any] | None = None,
         files: dict[str, Any] | None = None) -> Any:
    c = _client(cast, who)
    if files is not None:
        return c.post(url, {**(body or {}), **files})
    return c.post(url, json.dumps(body or {}, default=str), content_type="application/json")


def refused(cast: Cast, url: str, body: dict[str, Any] | None = None,
            files: Callable[[], dict[str, Any]] | None = None, *, forbidden: tuple[str, ...] = ("bawaslu_a",),
            hidden: tuple[str, ...] = ("kpu_admin_b", "nobody")) -> None:
    """The refusing rungs: anonymous 401, in scope without the role 403, out of scope 404 — and
    not one audit row written by any of them."""
    before = AuditEvent.objects.count()
    anon = Client().post(url, json.dumps(body or {}), content_type="application/json")
    assert anon.status_code == 401, (url, anon.status_code)
    for who in forbidden:
        r = post(cast, who, url, body, files() if files else None)
        assert r.status_code == 403, (url, who, r.status_code, r.content[:200])
        assert r.json()["code"] == "forbidden"
    for who in hidden:
        r = post(cast, who, url, body, files() if files else None)
        assert r.status_code == 404, (url, who, r.status_code, r.content[:200])
        assert "Persiakan" not in r.content.decode()
    assert AuditEvent.objects.count() == before, url


def applicant_body(area: str, **over: Any) -> dict[str, Any]:
    return {"area_code": area, "nik": nik(area), "name": "Siti Lubis", "gender": "P", "birth_date": "1990-05-01",
            "domicile_code": area, "education": 3, "sentence_years": 0, "health": "fit", "phone": "081200001111",
            "address": "Jl. Sudirman 1", **over}


def pdf(kind: str) -> dict[str, Any]:
    return {"file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")}


def register_api(cast: Cast, rec: Recruitment, area: str, **over: Any) -> Applicant:
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/applicants", applicant_body(area, **over))
    assert r.status_code == 201, r.content
    a = Applicant.objects.get(pk=r.json()["id"])
    for kind in ("ktp", "ijazah", "pernyataan", "sehat"):
        up = post(cast, "kpu_staff_a", f"{API}/applicants/{a.pk}/documents", {"kind": kind}, pdf(kind))
        assert up.status_code == 201, up.content
    return a


def step(cast: Cast, rec: Recruitment, action: str, **fields: Any) -> None:
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/step", {"action": action, **fields})
    assert r.status_code == 200, r.content


def test_the_whole_pipeline_through_the_api_writes_the_pages_audit_trail(cast: Cast, rec: Recruitment) -> None:
    start = AuditEvent.objects.count()
    people = {code: [register_api(cast, rec, code, gender="P" if i % 2 else "L") for i in range(n)]
              for code, n in ((PERSIAKAN, 7), (BANDAR_SONO, 6), (PELITA, 2))}
    pelita = rec.areas.get(code=PELITA)
    area_url = f"{API}/recruitments/{rec.pk}/areas/{pelita.pk}"
    r = post(cast, "kpu_staff_a", f"{area_url}/registration-extensions",
             {"kind": "extend", "new_end": "2022-12-30", "reason": "pendaftar kurang dari 2×"})
    assert r.status_code == 201 and r.json()["new_end"] == "2022-12-30", r.content
    people[PELITA].append(register_api(cast, rec, PELITA))
    r = post(cast, "kpu_staff_a", f"{area_url}/continue", {"reason": "KPT 534/2022 huruf c"})
    assert r.status_code == 201 and r.json()["kind"] == "continue", r.content
    step(cast, rec, "close")
    tms = people[PERSIAKAN][6]
    no_reason = post(cast, "kpu_staff_a", f"{API}/applicants/{tms.pk}/verification", {"result": "tms"})
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "invalid"
    r = post(cast, "kpu_staff_a", f"{API}/applicants/{tms.pk}/verification",
             {"result": "tms", "reason": "ijazah tidak sah"})
    assert r.status_code == 200 and r.json()["admin_result"] == "tms"
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/verify-eligible")
    assert r.status_code == 200 and r.json() == {"verified": 15}
    step(cast, rec, "announce_admin")
    ms = list(queries.active(rec).filter(admin_result="ms").order_by("id"))
    written = "nik,nilai\n" + "".join(f"{a.nik},{70 + i}\n" for i, a in enumerate(ms))
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/scores/import", {"which": "written"},
             {"file": SimpleUploadedFile("cat.csv", written.encode())})
    assert r.status_code == 200 and r.json() == {"rows": 15}, r.content
    step(cast, rec, "announce_written")
    interview = "nik,nilai\n" + "".join(f"{a.nik},{80 - (i % 3)}\n" for i, a in enumerate(ms))
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/scores/import", {"which": "interview"},
             {"file": SimpleUploadedFile("w.csv", interview.encode())})
    assert r.status_code == 200 and r.json() == {"rows": 15}, r.content
    step(cast, rec, "announce_final")
    persiakan = list(Applicant.objects.filter(area__code=PERSIAKAN, outcome__final_rank__isnull=False)
                     .order_by("outcome__final_rank"))
    assert [a.selection for a in persiakan] == ["member"] * 3 + ["reserve"] * 3
    step(cast, rec, "appoint", sk_number="12/PP.04.2-Kpt/1276/2023", sk_date="2023-01-16")
    step(cast, rec, "inaugurate", inaugurated_on="2023-01-17", place="Aula KPU Kota Tebing Tinggi")
    rec.refresh_from_db()
    assert rec.inaugurated_on is not None and rec.inaugurated_on.isoformat() == "2023-01-17"
    r = post(cast, "kpu_staff_a", f"{API}/applicants/{persiakan[1].pk}/replacement",
             {"reason": "resigned", "detail": "surat pengunduran diri", "decided_on": "2023-03-01",
              "sk_number": "PAW-1"})
    assert r.status_code == 201 and r.json()["incoming_id"] == persiakan[3].pk, r.content
    assert Replacement.objects.get().outgoing_id == persiakan[1].pk

    trail = list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)[start:])
    assert trail[:75] == (["adhoc.applicant_registered"] + ["adhoc.document_uploaded"] * 4) * 15
    assert trail[75:] == [  # exactly test_flow.py's trail, written by the pages' actions
        "adhoc.registration_extended",
        "adhoc.applicant_registered", *["adhoc.document_uploaded"] * 4,
        "adhoc.continue_below_minimum",
        "adhoc.registration_closed",
        "adhoc.applicant_verified",  # the TMS (the attempt without a reason wrote nothing)
        "adhoc.applicants_verified",  # the 15 eligible ones, in one act
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.written_scores_imported",
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.interview_scores_imported",
        "adhoc.stage_advanced", "adhoc.announced",
        "adhoc.appointed", "adhoc.announced",
        "adhoc.inaugurated",
        "adhoc.member_access_granted",
        "accounts.role_revoked", "accounts.user_created", "accounts.role_granted",
        "adhoc.member_replaced", "adhoc.announced",
    ]


def test_recruitment_writes_climb_the_rungs(cast: Cast, rec: Recruitment) -> None:
    body = {"election": rec.election.code, "body": "kpps", "region_code": "12.76"}
    refused(cast, f"{API}/recruitments", body, hidden=("kpu_admin_b", "nobody"))
    r = post(cast, "kpu_staff_a", f"{API}/recruitments", body)
    assert r.status_code == 201 and r.json()["body"] == "kpps" and r.json()["region_code"] == "12.76", r.content
    assert post(cast, "kpu_staff_a", f"{API}/recruitments", body).json()["code"] == "conflict"
    assert post(cast, "kpu_staff_a", f"{API}/recruitments", {**body, "body": "dpr"}).status_code == 422

    url = f"{API}/recruitments/{rec.pk}/applicants"
    refused(cast, url, applicant_body(PERSIAKAN), forbidden=("bawaslu_a", "pps_a1", "ppk_a1"))
    outside = post(cast, "kpu_staff_a", url, applicant_body("12.06.01.2001"))
    assert outside.status_code == 404  # an area of another kab/kota: as missing
    bad = post(cast, "kpu_staff_a", url, applicant_body(PERSIAKAN, nik="123"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "nik"
    assert post(cast, "kpu_staff_a", url, applicant_body(PERSIAKAN)).status_code == 201

    head = "kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan\n"
    good = "1276011006,1276010101900001,Ani,P,1990-01-01,1276011006,SMA\n"

    def file() -> dict[str, Any]:
        return {"file": SimpleUploadedFile("kertas.csv", (head + good).encode())}

    url = f"{API}/recruitments/{rec.pk}/applicants/import"
    refused(cast, url, files=file, forbidden=("bawaslu_a", "pps_a1"))
    r = post(cast, "kpu_staff_a", url, files={"file": SimpleUploadedFile("k.csv", (head + good + good).encode())})
    assert r.status_code == 400 and r.json()["code"] == "import_failed" and r.json()["errors"][0]["row"] == 3
    assert post(cast, "kpu_staff_a", url, files=file()).json() == {"rows": 1}

    def scores() -> dict[str, Any]:
        return {"file": SimpleUploadedFile("cat.csv", b"nik,nilai\n")}

    refused(cast, f"{API}/recruitments/{rec.pk}/scores/import", {"which": "written"}, files=scores)
    refused(cast, f"{API}/recruitments/{rec.pk}/eligibility/evaluate")
    r = post(cast, "kpu_staff_a", f"{API}/recruitments/{rec.pk}/eligibility/evaluate")
    assert r.status_code == 200 and sum(r.json()["outcomes"].values()) == 2, r.content
    refused(cast, f"{API}/recruitments/{rec.pk}/verify-eligible")
    pelita = rec.areas.get(code=PELITA)
    for tail, body in (("registration-extensions", {"new_end": "2022-12-30", "reason": "kurang"}),
                       ("continue", {"reason": "lanjut"})):
        refused(cast, f"{API}/recruitments/{rec.pk}/areas/{pelita.pk}/{tail}", body,
                forbidden=("bawaslu_a",), hidden=("kpu_admin_b", "ppk_a1", "pps_a1", "nobody"))


def test_applicant_writes_climb_the_rungs(cast: Cast, rec: Recruitment) -> None:
    a = register(rec, cast.kpu_staff_a, docs=False)
    url = f"{API}/applicants/{a.pk}"
    outside = ("kpu_admin_b", "pps_a2", "nobody")  # pps_a2: Bandar Sono's PPS does not see Persiakan
    refused(cast, f"{url}/documents", {"kind": "ktp"}, files=lambda: pdf("ktp"),
            forbidden=("bawaslu_a", "ppk_a1"), hidden=outside)
    up = post(cast, "kpu_staff_a", f"{url}/documents", {"kind": "ktp"}, pdf("ktp"))
    assert up.status_code == 201 and up.json()["kind"] == "ktp", up.content
    bad_kind = post(cast, "kpu_staff_a", f"{url}/documents", {"kind": "selfie"}, pdf("ktp"))
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"
    # Reading the documents: the KPU office handling the area only.
    listed = _client(cast, "kpu_staff_a").get(f"{url}/documents").json()
    assert listed["count"] == 1 and listed["items"][0]["sha256"] == ApplicantDocument.objects.get().sha256
    assert _client(cast, "ppk_a1").get(f"{url}/documents").status_code == 403
    assert _client(cast, "kpu_admin_b").get(f"{url}/documents").status_code == 404
    doc_url = f"{url}/documents/{up.json()['id']}"
    got = _client(cast, "kpu_staff_a").get(doc_url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF  # type: ignore[attr-defined]
    assert _client(cast, "ppk_a1").get(doc_url).status_code == 403
    assert _client(cast, "kpu_admin_b").get(doc_url).status_code == 404

    refused(cast, f"{url}/health", {"health": "unfit"}, forbidden=("bawaslu_a", "ppk_a1"), hidden=outside)
    r = post(cast, "kpu_staff_a", f"{url}/health", {"health": "unfit"})
    assert r.status_code == 200 and Applicant.objects.get(pk=a.pk).health == "unfit"
    refused(cast, f"{url}/verification", {"result": "ms"}, forbidden=("bawaslu_a", "ppk_a1", "pps_a1"),
            hidden=outside)
    early = post(cast, "kpu_staff_a", f"{url}/verification", {"result": "ms"})
    assert early.status_code == 409 and early.json()["code"] == "conflict"  # registration still open
    refused(cast, f"{url}/scores", {"which": "written", "value": "80"}, forbidden=("bawaslu_a", "ppk_a1"),
            hidden=outside)
    assert post(cast, "kpu_staff_a", f"{url}/scores", {"which": "written", "value": "101"}).status_code == 422
    refused(cast, f"{url}/replacement", {"reason": "resigned", "detail": "x", "decided_on": "2023-03-01"},
            forbidden=("bawaslu_a", "ppk_a1"), hidden=outside)
    not_member = post(cast, "kpu_staff_a", f"{url}/replacement",
                      {"reason": "resigned", "detail": "x", "decided_on": "2023-03-01"})
    assert not_member.status_code == 409
