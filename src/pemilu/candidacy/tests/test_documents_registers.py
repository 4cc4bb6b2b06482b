"""Documents checklist, CV consent (issue 23 item 4) and the automatic register checks of item 3: a
candidate who is an appointed ad hoc member or an active ASN is flagged until the resignation
decree is recorded."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import documents, registers
from pemilu.candidacy.actions import dct_preview
from pemilu.candidacy.models import (
    Candidate,
    CandidateDocument,
    CandidateList,
    DocumentOutcome,
    ListLevel,
    Office,
    ResignationFlag,
)
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.results.models import Dapil, DistrictKind, Party
from pemilu.testing.factories import Cast
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

KEY = "candidacy-test-key-0123456789abcdefghijkl"


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


def make_list(election: Election, niks: list[str], offices: list[str] | None = None) -> CandidateList:
    """A DPRD Kota Tebing Tinggi list (the list workflow's actions are another helper's; this builds
    the rows they would leave)."""
    dapil = Dapil.objects.create(election=election, district=DistrictKind.DAPIL_KAB, code="1276-1",
                                 name="Tebing Tinggi 1", seats=5)
    party = Party.objects.create(election=election, ballot_no=1, abbr="PA", name="Partai A")
    lst = CandidateList(election=election, dapil=dapil, party=party, level=ListLevel.DPRD_KABKOTA)
    lst.set_scope_columns("12.76")
    lst.save()
    for i, nik in enumerate(niks, start=1):
        Candidate.objects.create(candidate_list=lst, number=i, name=f"Calon {i}", name_key=f"calon {i}",
                                 sex="L", nik_hash=crypto.number_hash(nik), nik_sealed=crypto.seal(nik),
                                 birth_date=datetime.date(1980, 1, 1), office=(offices or [""] * 9)[i - 1])
    return lst


def test_the_checklist_outcomes_and_cv_consent(cast: Cast) -> None:
    lst = make_list(get_or_create_pemilu_2024(), [compose_nik("127601", datetime.date(1980, 1, 1), False, n)
                                                  for n in (1, 2, 3)], offices=["", "asn", ""])
    due = datetime.date(2023, 5, 14)
    assert documents.do_open_checklist(lst, due=due, actor=cast.kpu_staff_a) == 7 + 8 + 7  # the ASN: + decree
    assert documents.do_open_checklist(lst, due=due, actor=cast.kpu_staff_a) == 0
    c1, c2, c3 = lst.candidates.order_by("number")
    doc = CandidateDocument.objects.get(candidate=c1, kind="ijazah")
    with pytest.raises(DomainError):  # belum memenuhi syarat needs the reason
        documents.do_record_document(doc, outcome="bms", actor=cast.kpu_staff_a)
    with time_machine.travel(datetime.datetime(2023, 7, 1, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(DomainError, match="tidak boleh sebelum hari ini"):  # a correction deadline ahead
            documents.do_record_document(doc, outcome="bms", note="legalisir belum ada",
                                         due=datetime.date(2023, 6, 30), actor=cast.kpu_staff_a)
        documents.do_record_document(doc, outcome="bms", note="legalisir belum ada", due=datetime.date(2023, 7, 9),
                                     actor=cast.kpu_staff_a)
    doc.refresh_from_db()
    assert (doc.outcome, doc.due) == (DocumentOutcome.BMS, datetime.date(2023, 7, 9))
    assert doc in documents.overdue(lst, datetime.date(2023, 7, 10))
    assert doc not in documents.overdue(lst, datetime.date(2023, 7, 9))
    with pytest.raises(NotFoundError):
        documents.do_record_document(doc, outcome="ms", actor=cast.kpu_admin_b)
    with pytest.raises(PermissionDeniedError):
        documents.do_record_document(doc, outcome="ms", actor=cast.bawaslu_a)
    documents.do_record_cv_consent(c1, publish=True, stated_on=due, actor=cast.kpu_staff_a)
    documents.do_record_cv_consent(c2, publish=True, stated_on=due, actor=cast.kpu_staff_a)
    documents.do_record_cv_consent(c2, publish=False, stated_on=due, actor=cast.kpu_staff_a)  # replaces it
    assert [(c.number, ok) for c, ok in documents.cv_publication(lst)] == [(1, True), (2, False), (3, False)]
    ev = AuditEvent.objects.filter(event_type="candidacy.cv_consent_recorded").order_by("pk").last()
    assert ev is not None and ev.before == {"publish": True, "stated_on": "2023-05-14"} and ev.actor == cast.kpu_staff_a
    assert AuditEvent.objects.filter(event_type="candidacy.document_checked").count() == 1
    assert AuditEvent.objects.filter(event_type="candidacy.checklist_opened").count() == 2


def test_a_candidate_in_the_asn_or_adhoc_register_is_flagged_until_the_decree(cast: Cast, settings: Any,
                                                                              tmp_path: Path) -> None:
    from pemilu.adhoc import actions
    from pemilu.adhoc.actions.access import members
    from pemilu.adhoc.tests.conftest import register, select_and_appoint

    settings.MEDIA_ROOT = tmp_path / "media"
    election = get_or_create_pemilu_2024()
    staff = cast.kpu_staff_a
    with time_machine.travel(datetime.datetime(2022, 12, 20, 9, tzinfo=datetime.UTC), tick=False):
        rec = actions.do_create_recruitment(election, "ppk", "12.76", actor=staff)
        rec = actions.do_open_registration(rec, actor=staff, start=datetime.date(2022, 11, 20),
                                           end=datetime.date(2022, 12, 29))
        for i in range(10):
            register(rec, staff, area_code="12.76.01", domicile_code="12.76.01.1006", name=f"Calon PPK {i}")
            register(rec, staff, area_code="12.76.04", domicile_code="12.76.04.1002", name=f"Calon Bajenis {i}")
    with time_machine.travel(datetime.datetime(2022, 12, 30, 9, tzinfo=datetime.UTC), tick=False):
        select_and_appoint(rec, staff, datetime.date(2022, 12, 30))
    member = members(rec)[0]
    civil = compose_nik("127601", datetime.date(1975, 3, 3), False, 77)
    import_employees(("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah,nik\n"
                      f"197503032000031001,Budi ASN,Dinas Pendidikan,Guru,PNS,12.76.01.1006,{civil}\n").encode(),
                     actor=cast.kpu_admin_a)
    plain = compose_nik("127601", datetime.date(1980, 1, 1), False, 5)
    lst = make_list(election, [member.nik, civil, plain])
    assert registers.do_check_resignations(candidate_list=lst, actor=cast.kpu_staff_a) == 2
    assert registers.do_check_resignations(candidate_list=lst, actor=cast.kpu_staff_a) == 0  # not twice
    flags = registers.open_flags(lst)
    assert sorted((f.candidate.number if f.candidate else 0, f.register) for f in flags) == [(1, "adhoc"), (2, "asn")]
    assert all(member.nik not in f.detail and civil not in f.detail for f in flags)
    blocked = [b.message for b in dct_preview(lst)[0] if b.code == "resignation"]
    assert len(blocked) == 2 and blocked[0].startswith("Calon no. 1 tercatat sebagai")  # the DCT waits for both
    c2 = lst.candidates.get(number=2)
    sk = documents.DOCUMENT_FILES.check("sk.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(DomainError):
        registers.do_record_resignation_decree(c2, number="", decided_on=None, actor=cast.kpu_staff_a, file=sk)
    with pytest.raises(DomainError, match="Unggah berkas"):  # a party candidate's decree comes with its file
        registers.do_record_resignation_decree(c2, number="800/123/2023", decided_on=datetime.date(2023, 5, 1),
                                               actor=cast.kpu_staff_a)
    assert registers.do_record_resignation_decree(c2, number="800/123/2023", decided_on=datetime.date(2023, 5, 1),
                                                  actor=cast.kpu_staff_a, file=sk) == 1
    assert [(f.candidate.number if f.candidate else 0, f.register) for f in registers.open_flags(lst)] == [(1, "adhoc")]
    assert [b.message[:11] for b in dct_preview(lst)[0] if b.code == "resignation"] == ["Calon no. 1"]
    registers.do_check_resignations(candidate_list=lst, actor=cast.kpu_staff_a)  # the decree holds
    assert ResignationFlag.objects.filter(candidate=c2, cleared_at__isnull=True).count() == 0
    with pytest.raises(NotFoundError):
        registers.do_check_resignations(candidate_list=lst, actor=cast.kpu_admin_b)
    ev = AuditEvent.objects.get(event_type="candidacy.resignation_recorded")
    closed: Any = ev.after
    assert closed["flags_closed"] == 1 and ev.actor == cast.kpu_staff_a
    assert AuditEvent.objects.filter(event_type="candidacy.resignations_checked").count() == 3
    assert lst.candidates.get(number=2).office == Office.NONE  # the register found it, not the party's form
