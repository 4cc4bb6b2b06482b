"""Every page and API operation of the documents desk climbs the permission ladder (listed in
test_ladder.py). Rows: Golkar's list in DPRD Kota Tebing Tinggi 2 as submitted with its checklist
open and one upload (``{list}``, ``{doc}``, ``{file}``, ``{cand}``), and PDIP's list in dapil 1
announced as the DCS with its no. 1's CV published (``{pub}``)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pemilu.candidacy import actions, documents
from pemilu.candidacy.models import CandidateDocument, CandidateDocumentKind, DocumentOutcome
from pemilu.candidacy.tests.world import World, slate
from pemilu.core import clock
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import Endpoint, climb, fill

PDF = b"%PDF-1.4\n% dokumen\n%%EOF\n"
READERS_A = ["kpu_admin_a", "kpu_staff_a", "bawaslu_a", "pemantau_a"]
OUTSIDE = ["kpu_admin_b", "nobody"]


def kpu_only(name: str, url: str, **more: Any) -> Endpoint:
    """A write of the list's KPU: the readers and the party's officer get 403, the others 404."""
    return Endpoint(name, url, method="post", allowed=["kpu_staff_a"],
                    forbidden=["bawaslu_a", "pemantau_a", "lo_golkar"], hidden=[*OUTSIDE, "lo_pdip"], **more)


def party_only(name: str, url: str, **more: Any) -> Endpoint:
    """The party's liaison officer's upload: the KPU and the readers get 403, the others 404."""
    return Endpoint(name, url, method="post", multipart=True, data={"file": PDF}, allowed=["lo_golkar"],
                    forbidden=["kpu_staff_a", "bawaslu_a", "pemantau_a"], hidden=[*OUTSIDE, "lo_pdip"], **more)


DOC_ENDPOINTS = [
    Endpoint("candidacy:documents", "/pencalonan/daftar/{list}/persyaratan/", allowed=[*READERS_A, "lo_golkar"],
             hidden=[*OUTSIDE, "lo_pdip", "ppk_a1"]),
    kpu_only("candidacy:documents_action", "/pencalonan/daftar/{list}/persyaratan/aksi/registers/", ok_status=302),
    kpu_only("candidacy:document_action (outcome)", "/pencalonan/dokumen/{doc}/aksi/outcome/",
             data={"outcome": "ms"}, ok_status=302),
    party_only("candidacy:document_action (submit)", "/pencalonan/dokumen/{doc}/aksi/submit/", ok_status=302),
    Endpoint("candidacy:document_file", "/pencalonan/dokumen/{doc}/berkas/{file}/",
             allowed=["kpu_admin_a", "kpu_staff_a", "lo_golkar"], forbidden=["bawaslu_a", "pemantau_a"],
             hidden=[*OUTSIDE, "lo_pdip"]),
    kpu_only("candidacy:candidate_action", "/pencalonan/calon/{cand}/aksi/cv/",
             data={"publish": "no", "stated_on": "2023-05-10"}, ok_status=302),
    Endpoint("api:list_documents", "/api/v1/candidacy/lists/{list}/documents", api=True,
             allowed=[*READERS_A, "lo_golkar"], hidden=[*OUTSIDE, "lo_pdip"]),
    kpu_only("api:open_checklist", "/api/v1/candidacy/lists/{list}/checklist", api=True, data={"due": "{due}"},
             ok_status=201),
    kpu_only("api:check_registers", "/api/v1/candidacy/lists/{list}/register-check", api=True),
    party_only("api:submit_document", "/api/v1/candidacy/documents/{doc}/submission", api=True),
    kpu_only("api:record_outcome", "/api/v1/candidacy/documents/{doc}/outcome", api=True,
             data={"outcome": "tms", "note": "palsu"}),
    kpu_only("api:record_cv_consent", "/api/v1/candidacy/candidates/{cand}/cv-consent", api=True,
             data={"choice": "withheld", "stated_on": "2023-05-10"}),
    kpu_only("api:record_decree", "/api/v1/candidacy/candidates/{cand}/resignation-decree", api=True,
             multipart=True, data={"number": "800/1/2023", "decided_on": "2023-05-02", "file": PDF}),
]
DOC_UNSCOPED = {
    "/pencalonan/publik/calon/{pub}/riwayat-hidup/": "a published CV of an announced list (the candidate's "
                                                     "consent is stored; withheld or absent answers 404)",
}
EVERY_READER = ("every role that sees the list may read its checklist (the liaison officer: its own party's), "
                "so nothing answers 403; the uploads themselves are 403 to readers (document_file)")
DOC_NOT_APPLICABLE = {
    "/pencalonan/daftar/{pk}/persyaratan/": {"forbidden": EVERY_READER},
    "GET /api/v1/candidacy/lists/{list_id}/documents": {"forbidden": EVERY_READER},
}


@pytest.fixture
def doc_rows(world: World, cast: Cast) -> dict[str, object]:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    due = clock.today() + datetime.timedelta(days=7)
    documents.do_open_checklist(lst, due=due, actor=cast.kpu_staff_a)
    ktp = CandidateDocument.objects.get(candidate__candidate_list=lst, candidate__number=1,
                                        kind=CandidateDocumentKind.KTP)
    documents.do_submit_document(ktp, file=documents.DOCUMENT_FILES.check("ktp.pdf", PDF), actor=world.liaison_golkar)
    dcs = actions.do_submit_list(world.pdip, world.other_dapil, slate("PLL", start=20), actor=world.liaison_pdip)
    documents.do_open_checklist(dcs, due=due, actor=cast.kpu_staff_a)
    first = dcs.candidates.get(number=1)
    cv = CandidateDocument.objects.get(candidate=first, kind=CandidateDocumentKind.CV)
    documents.do_submit_document(cv, file=documents.DOCUMENT_FILES.check("cv.pdf", PDF), actor=world.liaison_pdip)
    documents.do_record_cv_consent(first, publish=True, stated_on=clock.today(), actor=cast.kpu_staff_a)
    for d in CandidateDocument.objects.filter(candidate__candidate_list=dcs):
        documents.do_record_document(d, outcome=DocumentOutcome.MS, actor=cast.kpu_staff_a)
    actions.do_verify_documents(dcs, actor=cast.kpu_staff_a, verified=True)
    actions.do_announce_dcs(dcs, actor=cast.kpu_admin_a)
    return {"list": lst.pk, "doc": ktp.pk, "file": ktp.files.get().pk, "cand": ktp.candidate_id, "pub": first.pk,
            "due": due.isoformat()}


@pytest.mark.parametrize("endpoint", DOC_ENDPOINTS, ids=lambda e: e.name)
def test_the_documents_ladder(cast: Cast, doc_rows: dict[str, object], endpoint: Endpoint) -> None:
    climb(fill(endpoint, doc_rows), cast)
