"""The secretariat page's remaining actions through the API (issue 18 item 7): office, withdraw,
forward, documents, pakta integritas, removal — the page's actions and rungs (the KPU office
acts; readers in scope get 403; other regions 404 with nothing of the secretariat) — and the gap
list paged with a query count that does not grow with the secretariats."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pemilu.asn.models import AsnEmployee
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.secretariats import actions
from pemilu.secretariats.models import Assignment, Document, Secretariat, StaffCandidate
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

D = datetime.date
READ_ONLY = ("ppk_a1", "pps_a1", "bawaslu_a")
OUTSIDE = ("kpu_admin_b", "pps_a2", "nobody")


def _json(who: Client, url: str, body: dict[str, Any]) -> Any:
    return who.post(url, json.dumps(body), content_type="application/json")


def _rungs(cast: Cast, send: Any) -> None:
    """403 for every reader in scope, 404 with nothing of Persiakan for every user outside."""
    for who in READ_ONLY:
        assert send(client_for(cast, who)).status_code == 403, who
    for who in OUTSIDE:
        r = send(client_for(cast, who))
        assert r.status_code == 404, who
        assert b"Persiakan" not in r.content and b"Ahmad" not in r.content, who


def _staffed(cast: Cast, sec: Secretariat, register: dict[str, AsnEmployee]) -> Assignment:
    c = actions.do_propose(sec, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    actions.do_forward(sec, actor=cast.kpu_staff_a)
    actions.do_pick(sec, [c.pk], actor=cast.kpu_staff_a, number="800/1006/2023", date=D(2023, 1, 20))
    actions.do_set_penetapan(sec, actor=cast.kpu_staff_a, number="01/PP/2023", date=D(2023, 1, 25))
    return Assignment.objects.get(secretariat=sec, ended_on__isnull=True)


def test_the_office_is_updated_with_named_bounds(cast: Cast, formed: dict[str, Secretariat]) -> None:
    sec = formed["12.76.01.1006"]
    url = f"/api/v1/secretariats/{sec.pk}/office"
    body = {"office_name": "Kantor Lurah Persiakan", "address": "Jl. Sudirman 1", "phone": "0621-21000",
            "email": "persiakan@example.go.id"}
    _rungs(cast, lambda c: _json(c, url, body))
    staff = client_for(cast, "kpu_staff_a")
    bad_phone = _json(staff, url, {**body, "phone": "12"})
    assert bad_phone.status_code == 400 and "phone" in bad_phone.content.decode()
    assert _json(staff, url, {**body, "office_name": ""}).status_code == 422
    r = _json(staff, url, body)
    assert r.status_code == 200 and r.json()["office_name"] == "Kantor Lurah Persiakan"
    sec.refresh_from_db()
    assert (sec.address, sec.email) == ("Jl. Sudirman 1", "persiakan@example.go.id")


def test_a_candidate_is_withdrawn_and_a_pps_proposal_forwarded(cast: Cast, formed: dict[str, Secretariat],
                                                              register: dict[str, AsnEmployee]) -> None:
    sec = formed["12.76.01.1006"]
    c = actions.do_propose(sec, "sekretaris", register["ahmad"], actor=cast.kpu_staff_a)
    actions.do_propose(sec, "staf", register["sri"], actor=cast.kpu_staff_a)
    staff = client_for(cast, "kpu_staff_a")
    forward = f"/api/v1/secretariats/{sec.pk}/forward"
    _rungs(cast, lambda cl: _json(cl, forward, {}))
    r = _json(staff, forward, {"on": "2023-01-12"})
    assert r.status_code == 200 and r.json() == {"forwarded": 2}
    assert _json(staff, forward, {}).status_code == 409  # nothing left to forward
    ppk = formed["12.76.01"]
    assert _json(staff, f"/api/v1/secretariats/{ppk.pk}/forward", {}).status_code == 400  # PPK: not forwarded
    withdraw = f"/api/v1/secretariats/{sec.pk}/candidates/{c.pk}/withdraw"
    _rungs(cast, lambda cl: _json(cl, withdraw, {"reason": "mengundurkan diri"}))
    assert _json(staff, withdraw, {"reason": ""}).status_code == 422
    other_sec = f"/api/v1/secretariats/{formed['12.76.01.1007'].pk}/candidates/{c.pk}/withdraw"
    assert _json(staff, other_sec, {"reason": "x"}).status_code == 404  # the candidate of another secretariat
    r = _json(staff, withdraw, {"reason": "mengundurkan diri"})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert StaffCandidate.objects.get(pk=c.pk).status == "withdrawn"
    withdrawn = AuditEvent.objects.get(event_type="secretariats.candidate_withdrawn")
    assert withdrawn.reason == "mengundurkan diri"
    # The model was renamed (Candidate → StaffCandidate); its audit rows keep their target type.
    assert (withdrawn.target_type, withdrawn.target_id) == ("secretariats.candidate", str(c.pk))


def test_a_signed_document_is_uploaded(cast: Cast, formed: dict[str, Secretariat]) -> None:
    sec = formed["12.76.01.1006"]
    url = f"/api/v1/secretariats/{sec.pk}/documents"

    def send(client: Client, kind: str = "keputusan", raw: bytes = b"%PDF-1.4\n%%EOF\n") -> Any:
        return client.post(url, {"kind": kind, "file": SimpleUploadedFile("sk.pdf", raw)})

    _rungs(cast, send)
    staff = client_for(cast, "kpu_staff_a")
    assert send(staff, kind="foto").status_code == 422  # a typed kind
    refused = send(staff, raw=b"<html>")
    assert refused.status_code == 400 and "sk.pdf" in refused.json()["detail"]
    assert not Document.objects.exists()
    r = send(staff)
    assert r.status_code == 201 and r.json()["kind"] == "keputusan" and len(r.json()["sha256"]) == 64


def test_the_pakta_is_recorded_and_an_assignment_ended(cast: Cast, formed: dict[str, Secretariat],
                                                      register: dict[str, AsnEmployee]) -> None:
    sec = formed["12.76.01.1006"]
    a = _staffed(cast, sec, register)
    pakta = f"/api/v1/secretariats/{sec.pk}/assignments/{a.pk}/pakta"
    _rungs(cast, lambda c: c.post(pakta, {"signed_on": "2023-01-26"}))
    staff = client_for(cast, "kpu_staff_a")
    r = staff.post(pakta, {"signed_on": "2023-01-26", "document": SimpleUploadedFile("pakta.pdf", b"%PDF-1.4\n")})
    assert r.status_code == 200 and r.json()["pakta_signed_on"] == "2023-01-26"
    assert Assignment.objects.get(pk=a.pk).pakta_document is not None
    remove = f"/api/v1/secretariats/{sec.pk}/assignments/{a.pk}/remove"
    body = {"reason": "ppk_evaluation", "on": "2023-06-01", "note": "tidak melaksanakan tugas"}
    _rungs(cast, lambda c: _json(c, remove, body))
    assert _json(staff, remove, {**body, "reason": "bosan"}).status_code == 422  # a typed reason
    no_basis = _json(staff, remove, {**body, "note": ""})
    assert no_basis.status_code == 400 and "Evaluasi PPK" in no_basis.json()["detail"]
    early = _json(staff, remove, {**body, "on": "2022-12-31"})
    assert early.status_code == 400 and Assignment.objects.get(pk=a.pk).ended_on is None
    r = _json(staff, remove, body)
    assert r.status_code == 200 and r.json()["ended_on"] == "2023-06-01" and r.json()["end_reason"] == "ppk_evaluation"
    assert _json(staff, remove, body).status_code == 409
    assert AuditEvent.objects.filter(event_type="secretariats.removed").count() == 1


def test_the_gap_list_is_paged_with_constant_queries(cast: Cast, election: Election,
                                                     formed: dict[str, Secretariat]) -> None:
    staff = client_for(cast, "kpu_staff_a")

    def count(url: str) -> int:
        assert staff.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count("/api/v1/secretariats/?region=12.76.04")        # Bajenis: 2 secretariats
    many = count("/api/v1/secretariats/?region=12.76.01")       # Padang Hulu: 3
    everything = count("/api/v1/secretariats/")                 # the kab/kota: 5
    assert few == many == everything
    page = staff.get("/api/v1/secretariats/?limit=2&offset=1").json()
    assert page["count"] == 5 and len(page["items"]) == 2
    whole = staff.get("/api/v1/secretariats/").json()["items"]
    assert [g["id"] for g in page["items"]] == [g["id"] for g in whole[1:3]]
    assert staff.get("/api/v1/secretariats/?body_kind=ppk").json()["count"] == 2
    assert staff.get("/api/v1/secretariats/?body_kind=kpps").status_code == 422
