"""The documents desk (issue 23 items 3 and 4) through its actions, pages and API: the party hands
documents in by their deadline, the KPU decides each one, a list with an open checklist is verified
only when every document meets the requirement, the CV is public only with the candidate's consent
(and the public page says who withheld it), and the register check runs by itself when a list is
submitted or verified; its flag is closed by the resignation decree with its file."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.test import Client

from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import actions, documents, registers, responses
from pemilu.candidacy.models import (
    CandidateDocument,
    CandidateDocumentKind,
    CandidateList,
    DocumentOutcome,
    ListStatus,
    ResignationFlag,
)
from pemilu.candidacy.tests.test_pages import login
from pemilu.candidacy.tests.world import World, slate
from pemilu.core import clock
from pemilu.core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError, TransitionBlocked
from pemilu.core.files import CheckedFile
from pemilu.testing.factories import Cast

PDF = b"%PDF-1.4\n% ijazah\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def doc(lst: CandidateList, number: int, kind: str) -> CandidateDocument:
    return CandidateDocument.objects.select_related("candidate__candidate_list__party").get(
        candidate__candidate_list=lst, candidate__number=number, kind=kind)


def checked(name: str = "ijazah.pdf", raw: bytes = PDF) -> CheckedFile:
    return documents.DOCUMENT_FILES.check(name, raw)


def test_the_party_hands_documents_in_and_the_kpu_decides_each(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    today = clock.today()
    assert documents.do_open_checklist(lst, due=today + 7 * DAY, actor=cast.kpu_staff_a) == 3 * 7
    diploma = doc(lst, 1, CandidateDocumentKind.DIPLOMA)
    with pytest.raises(NotFoundError):  # another party's officer
        documents.do_submit_document(diploma, file=checked(), actor=world.liaison_pdip)
    with pytest.raises(PermissionDeniedError):  # the KPU decides; the party hands in
        documents.do_submit_document(diploma, file=checked(), actor=cast.kpu_staff_a)
    documents.do_submit_document(diploma, file=checked(), actor=world.liaison_golkar)
    diploma.refresh_from_db()
    assert diploma.submitted_on == today and diploma.files.get().sha256 == checked().sha256
    with pytest.raises(DomainError, match="Catatan wajib"):
        documents.do_record_document(diploma, outcome=DocumentOutcome.BMS, actor=cast.kpu_staff_a)
    documents.do_record_document(diploma, outcome=DocumentOutcome.BMS, note="belum dilegalisir", due=today + 9 * DAY,
                                 actor=cast.kpu_staff_a)
    documents.do_submit_document(diploma, file=checked("legalisir.pdf", PDF + b"%"), actor=world.liaison_golkar)
    diploma.refresh_from_db()
    assert (diploma.outcome, diploma.files.count(), diploma.files.first().original_name) == (  # type: ignore[union-attr]
        DocumentOutcome.UNCHECKED, 2, "legalisir.pdf")  # the correction waits for the KPU again, newest first
    documents.do_record_document(diploma, outcome=DocumentOutcome.MS, actor=cast.kpu_staff_a)
    with pytest.raises(ConflictError):  # nothing more to hand in
        documents.do_submit_document(diploma, file=checked(), actor=world.liaison_golkar)
    late = datetime.datetime.combine(today + 8 * DAY, datetime.time(10), datetime.UTC)
    with time_machine.travel(late), pytest.raises(DomainError, match="sudah lewat"):
        documents.do_submit_document(doc(lst, 2, CandidateDocumentKind.HEALTH), file=checked(),
                                     actor=world.liaison_golkar)
    with pytest.raises(TransitionBlocked, match="Calon no. 1: Daftar riwayat hidup belum diperiksa"):
        actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    for d in CandidateDocument.objects.filter(candidate__candidate_list=lst).exclude(outcome=DocumentOutcome.MS):
        documents.do_record_document(d, outcome=DocumentOutcome.MS, submitted_on=today, actor=cast.kpu_staff_a)
    assert actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True).status == ListStatus.VERIFIED
    with pytest.raises(ConflictError):  # the list left the party
        documents.do_submit_document(doc(lst, 3, CandidateDocumentKind.CV), file=checked(), actor=world.liaison_golkar)
    submitted = AuditEvent.objects.filter(event_type="candidacy.document_submitted").order_by("pk")
    assert submitted.count() == 2 and submitted[0].actor == world.liaison_golkar
    assert json.dumps(submitted[1].after).count(diploma.files.first().sha256) == 1  # type: ignore[union-attr]


def test_a_correction_keeps_the_documents_of_the_people_still_on_the_list(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    documents.do_open_checklist(lst, due=clock.today() + 7 * DAY, actor=cast.kpu_staff_a)
    documents.do_submit_document(doc(lst, 3, CandidateDocumentKind.KTP), file=checked(), actor=world.liaison_golkar)
    documents.do_record_cv_consent(lst.candidates.get(number=3), publish=False, stated_on=clock.today(),
                                   actor=cast.kpu_staff_a)
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=False, note="calon 2 diganti",
                                correction_due=clock.today() + 3 * DAY)
    first, _second, third = slate("LPL")
    new = slate("LPL", start=40)[1]
    actions.do_submit_list(world.golkar, world.dapil, [third.__class__(**{**third.__dict__, "number": 1}),
                                                       new, first.__class__(**{**first.__dict__, "number": 3})],
                           actor=world.liaison_golkar)
    moved = lst.candidates.get(number=1)  # the former no. 3, with its upload and its CV statement
    assert moved.name == third.name and moved.cv_consent.publish is False
    assert doc(lst, 1, CandidateDocumentKind.KTP).files.count() == 1
    assert not CandidateDocument.objects.filter(candidate__candidate_list=lst, candidate__number=2).exists()
    documents.do_open_checklist(lst, due=clock.today() + 7 * DAY, actor=cast.kpu_staff_a)  # the newcomer's rows
    assert CandidateDocument.objects.filter(candidate__candidate_list=lst).count() == 3 * 7


def test_the_register_check_runs_by_itself_and_the_decree_closes_its_flag(world: World, cast: Cast,
                                                                          client: Client) -> None:
    rows = slate("LPL")
    import_employees(("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah,nik\n"
                      f"198001012005011001,{rows[0].name},Dinas Pendidikan,Guru,PNS,12.76.01.1006,{rows[0].nik}\n")
                     .encode(), actor=cast.kpu_admin_a)
    lst = actions.do_submit_list(world.golkar, world.dapil, rows, actor=world.liaison_golkar)
    flag = ResignationFlag.objects.get(candidate__candidate_list=lst)  # nobody asked: the submission did
    assert flag.candidate and flag.candidate.number == 1 and flag.cleared_at is None
    checked_event = AuditEvent.objects.get(event_type="candidacy.resignations_checked")
    assert checked_event.after["trigger"] == "submitted" and checked_event.after["new_flags"] == 1  # type: ignore[index]
    documents.do_open_checklist(lst, due=clock.today() + 7 * DAY, actor=cast.kpu_staff_a)
    assert doc(lst, 1, CandidateDocumentKind.RESIGNATION).outcome == DocumentOutcome.UNCHECKED  # its row is due
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=False, note="SK pemberhentian calon 1",
                                correction_due=clock.today() + 3 * DAY)
    assert AuditEvent.objects.filter(event_type="candidacy.resignations_checked").count() == 2  # and on verifying
    cand = flag.candidate
    kpu = login(cast.kpu_staff_a)
    url = f"/pencalonan/calon/{cand.pk}/aksi/decree/"
    no_file = kpu.post(url, {"number": "800/1/2023", "decided_on": "2023-05-02"})
    assert no_file.status_code == 302 and lst.candidates.get(number=1).resignation_decree_no == ""
    assert "Unggah berkas keputusan pemberhentian" in kpu.get(no_file["Location"]).content.decode()
    answer = kpu.post(f"/api/v1/candidacy/candidates/{cand.pk}/resignation-decree",
                      {"number": "800/1/2023", "decided_on": "2023-05-02", "file": _upload("sk.pdf")})
    assert answer.status_code == 200, answer.content
    assert answer.json()["flags_closed"] == 1 and registers.open_flags(lst) == []
    decree_doc = doc(lst, 1, CandidateDocumentKind.RESIGNATION)
    assert decree_doc.submitted_on == clock.today() and decree_doc.files.get().original_name == "sk.pdf"
    assert login(world.liaison_pdip).post(f"/api/v1/candidacy/candidates/{cand.pk}/resignation-decree", {
        "number": "x", "decided_on": "2023-05-02", "file": _upload("sk.pdf")}).status_code == 404


def _upload(name: str, raw: bytes = PDF) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="application/pdf")


def test_the_desk_page_and_the_files_answer_only_to_the_list_s_people(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    kpu, party = login(cast.kpu_staff_a), login(world.liaison_golkar)
    opened = kpu.post(f"/pencalonan/daftar/{lst.pk}/persyaratan/aksi/open/",
                      {"due": (clock.today() + 5 * DAY).isoformat()})
    assert opened.status_code == 302 and CandidateDocument.objects.filter(candidate__candidate_list=lst).count() == 21
    ktp = doc(lst, 2, CandidateDocumentKind.KTP)
    sent = party.post(f"/pencalonan/dokumen/{ktp.pk}/aksi/submit/", {"file": _upload("ktp.pdf")})
    assert sent.status_code == 302 and sent["Location"].endswith("/persyaratan/#calon-2")
    kpu.post(f"/pencalonan/dokumen/{ktp.pk}/aksi/outcome/", {"outcome": "tms", "note": "KTP bukan milik calon"})
    page = party.get(f"/pencalonan/daftar/{lst.pk}/persyaratan/").content.decode()
    assert "Tidak memenuhi syarat" in page and "KTP bukan milik calon" in page and "ktp.pdf" in page
    assert 'name="outcome"' not in page  # the party does not decide
    item = ktp.files.get()
    file_url = f"/pencalonan/dokumen/{ktp.pk}/berkas/{item.pk}/"
    got = party.get(file_url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF  # type: ignore[attr-defined]
    assert got["X-Content-Type-Options"] == "nosniff"
    assert login(cast.bawaslu_a).get(file_url).status_code == 403  # reads the checklist, not the papers
    assert login(world.liaison_pdip).get(file_url).status_code == 404
    assert login(cast.kpu_admin_b).get(f"/pencalonan/daftar/{lst.pk}/persyaratan/").status_code == 404


def test_the_cv_is_public_only_with_consent_and_the_page_says_who_withheld_it(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    documents.do_open_checklist(lst, due=clock.today() + 5 * DAY, actor=cast.kpu_staff_a)
    for number in (1, 2):
        documents.do_submit_document(doc(lst, number, CandidateDocumentKind.CV), file=checked(f"cv{number}.pdf"),
                                     actor=world.liaison_golkar)
    c1, c2, c3 = lst.candidates.order_by("number")
    kpu = login(cast.kpu_staff_a)
    assert kpu.post(f"/api/v1/candidacy/candidates/{c1.pk}/cv-consent", {"choice": "given", "stated_on": "2023-05-10"},
                    content_type="application/json").json() == {"choice": "given", "stated_on": "2023-05-10"}
    kpu.post(f"/pencalonan/calon/{c2.pk}/aksi/cv/", {"publish": "no", "stated_on": "2023-05-10"})
    assert login(world.liaison_golkar).post(f"/api/v1/candidacy/candidates/{c2.pk}/cv-consent", {
        "choice": "given", "stated_on": "2023-05-11"}, content_type="application/json").status_code == 403
    for d in CandidateDocument.objects.filter(candidate__candidate_list=lst):
        documents.do_record_document(d, outcome=DocumentOutcome.MS, actor=cast.kpu_staff_a)
    actions.do_verify_documents(lst, actor=cast.kpu_staff_a, verified=True)
    cv1 = Client().get(f"/pencalonan/publik/calon/{c1.pk}/riwayat-hidup/")
    assert cv1.status_code == 404  # not announced yet
    actions.do_announce_dcs(lst, actor=cast.kpu_admin_a)
    public = Client().get(f"/pencalonan/publik/dapil/{world.dapil.pk}/").content.decode()
    assert public.count("tidak bersedia dipublikasikan") == 1 and "belum ada pernyataan" in public
    assert f"/pencalonan/publik/calon/{c1.pk}/riwayat-hidup/" in public
    assert f"/pencalonan/publik/calon/{c2.pk}/riwayat-hidup/" not in public
    cv1 = Client().get(f"/pencalonan/publik/calon/{c1.pk}/riwayat-hidup/")
    assert cv1.status_code == 200 and b"".join(cv1.streaming_content) == PDF  # type: ignore[attr-defined]
    assert Client().get(f"/pencalonan/publik/calon/{c2.pk}/riwayat-hidup/").status_code == 404  # withheld
    assert Client().get(f"/pencalonan/publik/calon/{c3.pk}/riwayat-hidup/").status_code == 404  # no statement
    api = Client().get("/api/v1/candidacy/public/lists").json()["items"][0]["candidates"]
    assert [(c["cv"], bool(c["cv_url"])) for c in api] == [("published", True), ("withheld", False),
                                                            ("no_statement", False)]
    events = AuditEvent.objects.filter(event_type="candidacy.cv_consent_recorded")
    assert events.count() == 2 and {e.actor for e in events} == {cast.kpu_staff_a}


def test_the_api_lists_the_checklist_and_records_outcomes(world: World, cast: Cast) -> None:
    lst = actions.do_submit_list(world.golkar, world.dapil, slate("LPL"), actor=world.liaison_golkar)
    kpu = login(cast.kpu_staff_a)
    opened = kpu.post(f"/api/v1/candidacy/lists/{lst.pk}/checklist", {"due": (clock.today() + 5 * DAY).isoformat()},
                      content_type="application/json")
    assert opened.status_code == 201 and opened.json() == {"created": 21}
    ktp = doc(lst, 1, CandidateDocumentKind.KTP)
    up = login(world.liaison_golkar).post(f"/api/v1/candidacy/documents/{ktp.pk}/submission",
                                          {"file": _upload("ktp.pdf")})
    assert up.status_code == 200 and up.json()["files"][0]["original_name"] == "ktp.pdf"
    bad = kpu.post(f"/api/v1/candidacy/documents/{ktp.pk}/outcome", {"outcome": "unchecked"},
                   content_type="application/json")
    assert bad.status_code == 422  # the outcome is an enum
    ok = kpu.post(f"/api/v1/candidacy/documents/{ktp.pk}/outcome", {"outcome": "bms", "note": "buram",
                  "due": (clock.today() + 6 * DAY).isoformat()}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["outcome"] == "bms" and ok.json()["note"] == "buram"
    page = login(world.liaison_golkar).get(f"/api/v1/candidacy/lists/{lst.pk}/documents?limit=2").json()
    assert page["count"] == 3 and [r["number"] for r in page["items"]] == [1, 2]
    assert page["items"][0]["documents"][0]["kind"] == "ktp" and page["items"][0]["documents"][0]["outcome"] == "bms"
    assert kpu.post(f"/api/v1/candidacy/lists/{lst.pk}/register-check").json() == {"new_flags": 0}


def test_the_reply_deadline_is_a_setting(world: World, cast: Cast, settings: object) -> None:
    from pemilu.candidacy.tests.test_lists import to_dcs

    lst = to_dcs(world, cast, slate("LPL"))
    settings.PEMILU_CANDIDACY_REPLY_DAYS = 5  # type: ignore[attr-defined]
    response = responses.do_record_response(lst, candidate_number=1, respondent_name="Warga", content="Periksa.",
                                            respondent_nik="1276014101900001", respondent_contact="081234567890")
    assert response.reply_due == clock.today() + 5 * DAY
