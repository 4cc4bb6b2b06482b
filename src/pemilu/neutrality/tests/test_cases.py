import datetime
import hashlib
from pathlib import Path

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, TransitionBlocked
from pemilu.elections.models import Election
from pemilu.neutrality import actions
from pemilu.neutrality.models import Case, CaseStatus, Evidence, Report
from pemilu.neutrality.tests.conftest import intake, jpeg_with_exif
from pemilu.neutrality.uploads import UploadRejected
from pemilu.testing.factories import Cast

D = datetime.date
RECEIVED = D(2024, 1, 12)


def events_for(case: Case) -> list[str]:
    return list(AuditEvent.objects.filter(target_type="neutrality.case", target_id=str(case.pk))
                .order_by("id").values_list("event_type", flat=True))


def test_it_takes_a_public_report_with_a_photo_kept_byte_for_byte(cast: Cast, election: Election,
                                                                  _media: Path) -> None:
    photo = jpeg_with_exif()
    result = actions.submit_report(intake(election), [("kampanye.jpg", photo)], received_on=RECEIVED)
    case = result.report.case
    assert case.status == CaseStatus.RECEIVED and case.kab_code == "12.76" and case.suspect_name_norm == "budi santoso"
    item = Evidence.objects.get()
    stored = item.file.read()
    assert stored == photo and b"Canon" in stored  # EXIF kept: the original bytes, never re-encoded
    assert item.sha256 == hashlib.sha256(photo).hexdigest() and item.content_type == "image/jpeg"
    # Only the hash of the tracking code is stored.
    assert result.report.tracking_hash == hashlib.sha256(result.tracking_code.encode()).hexdigest()
    assert actions.find_by_tracking_code(result.tracking_code.lower()) == result.report
    assert events_for(case) == ["neutrality.case_received"]
    audit = AuditEvent.objects.get(event_type="neutrality.report_filed")
    assert "Rina" not in str(audit.after) and "0812" not in str(audit.after)
    assert audit.actor_id == get_system_user(actions.PUBLIC_INTAKE).pk


def test_it_links_a_duplicate_report_to_the_existing_case(cast: Cast, election: Election) -> None:
    first = actions.submit_report(intake(election, suspect_nip="198001012005011001"), [], received_on=RECEIVED)
    same_nip = actions.submit_report(intake(election, suspect_name="B. Santoso", suspect_nip="19800101 200501 1 001",
                                            region_code="12.76.04"), [], received_on=RECEIVED)
    same_name = actions.submit_report(intake(election, suspect_name="BUDI SANTOSO, S.Pd.",
                                             event_date=D(2024, 1, 15), known_on=D(2024, 1, 15)), [],
                                      received_on=D(2024, 1, 16))
    assert same_nip.linked and same_name.linked
    assert same_nip.report.case_id == same_name.report.case_id == first.report.case_id
    assert Case.objects.count() == 1 and first.report.case.reports.count() == 3
    assert AuditEvent.objects.filter(event_type="neutrality.report_linked").count() == 2
    outside_window = actions.submit_report(intake(election, event_date=D(2024, 1, 25), known_on=D(2024, 1, 25)), [],
                                           received_on=D(2024, 1, 26))
    other_kab = actions.submit_report(intake(election, region_code="12.06.01"), [], received_on=RECEIVED)
    assert not outside_window.linked and not other_kab.linked
    assert Case.objects.count() == 3


def _case(election: Election) -> Case:
    return actions.submit_report(intake(election), [], received_on=RECEIVED).report.case


def test_it_walks_the_whole_workflow_writing_one_audit_row_per_transition(cast: Cast, election: Election) -> None:
    case = _case(election)
    with pytest.raises(PermissionDeniedError):
        actions.do_register_case(case, actor=cast.ppk_a1)
    with pytest.raises(NotFoundError):
        actions.do_register_case(case, actor=cast.kpu_admin_b)
    with pytest.raises(ConflictError):
        actions.do_examine_case(case, actor=cast.bawaslu_a)
    # Bawaslu handles cases; KPU staff and administrators do not (UU 7/2017 Pasal 454-455), nor a
    # pemantau (read-only).
    for kpu in (cast.kpu_staff_a, cast.kpu_admin_a, cast.pemantau_a):
        with pytest.raises(PermissionDeniedError):
            actions.do_register_case(case, actor=kpu, on=D(2024, 1, 12))
    case = actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 12))
    assert case.status == CaseStatus.REGISTERED
    assert actions.deadline_of(case, actions.rules_for(election)) == D(2024, 1, 19)
    case = actions.do_examine_case(case, actor=cast.bawaslu_a, note="klarifikasi terlapor", on=D(2024, 1, 15))
    case = actions.do_extend_case(case, actor=cast.bawaslu_a, reason="menunggu keterangan BKPSDM")
    assert actions.deadline_of(case, actions.rules_for(election)) == D(2024, 2, 1)  # 14 hari kerja
    with pytest.raises(ConflictError):
        actions.do_extend_case(case, actor=cast.bawaslu_a, reason="lagi")
    with pytest.raises(TransitionBlocked):
        actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    case = actions.do_decide_case(case, "proven", actor=cast.bawaslu_a, on=D(2024, 1, 20), breach="n1_kampanye")
    # The suspect is not in the register: the referral waits for the employment type (UU 20/2023: ASN → BKN).
    with pytest.raises(TransitionBlocked, match="kepegawaian"):
        actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a)
    case = actions.do_set_suspect(case, actor=cast.bawaslu_a, employment="pns", note="lurah, PNS (keterangan BKPSDM)")
    case = actions.do_refer_case(case, "bkn", actor=cast.bawaslu_a, on=D(2024, 1, 22))
    with pytest.raises(TransitionBlocked, match="PP 94/2021"):
        actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="ringan", sanction_type="pdhtaps")
    case = actions.do_record_outcome(case, actor=cast.bawaslu_a, sanction_level="sedang", sanction_type="tukin_25_6")
    assert case.status == CaseStatus.CLOSED and case.decided_on == D(2024, 1, 20)
    assert (case.sanction_track, case.breach, case.referred_to) == ("disiplin", "n1_kampanye", "bkn")
    assert events_for(case) == ["neutrality.case_received", "neutrality.case_registered", "neutrality.case_examined",
                                "neutrality.case_extended", "neutrality.case_decided", "neutrality.suspect_set",
                                "neutrality.case_referred", "neutrality.outcome_recorded"]
    decided = AuditEvent.objects.get(event_type="neutrality.case_decided")
    assert decided.before["status"] == "examined" and decided.after["decision"] == "proven"  # type: ignore[index]
    assert decided.actor_id == cast.bawaslu_a.pk and decided.region_code == "12.76.01"


def test_it_rejects_a_late_report_with_its_reason(cast: Cast, election: Election) -> None:
    # Corrected (issue 19): the window is 7 *working* days (UU 7/2017 Pasal 454(6)), not 7 calendar
    # days: known Thu 11 Jan → last day Mon 22 Jan (this test used to call 19 Jan late).
    late = actions.submit_report(intake(election, known_on=D(2024, 1, 11)), [], received_on=D(2024, 1, 23)).report.case
    with pytest.raises(TransitionBlocked) as info:
        actions.do_register_case(late, actor=cast.bawaslu_a)
    assert info.value.blockers[0].code == "late" and "2024-01-22" in info.value.message
    assert "Pasal 454 ayat (6)" in info.value.message
    late = actions.do_reject_case(late, "late", actor=cast.bawaslu_a, note="lewat 7 hari kerja")
    assert late.status == CaseStatus.REJECTED and late.rejection_reason == "late"
    row = AuditEvent.objects.get(event_type="neutrality.case_rejected")
    assert row.reason == "late" and row.after["rejection_reason"] == "late"  # type: ignore[index]
    assert events_for(late) == ["neutrality.case_received", "neutrality.case_rejected"]


def test_it_follows_the_rules_changed_by_configuration(cast: Cast, election: Election) -> None:
    case = actions.submit_report(intake(election, known_on=D(2024, 1, 11)), [], received_on=D(2024, 1, 19)).report.case
    with pytest.raises(NotFoundError):  # rules are national: a kab/kota office cannot set them
        actions.do_set_case_rules(election, actor=cast.kpu_admin_a, report_days=10)
    # Counted in calendar days (the Perbawaslu's reading), 19 Jan is late …
    actions.do_set_case_rules(election, actor=get_system_user(), report_unit="calendar")
    with pytest.raises(TransitionBlocked):
        actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 19))
    # … and a 10-day filing window; the issue's +7 calendar days after the first deadline.
    actions.do_set_case_rules(election, actor=get_system_user(), report_days=10, extended_days=7,
                              extended_unit="calendar", extended_from="deadline", holidays="2024-01-22\n")
    assert AuditEvent.objects.filter(event_type="neutrality.rules_set").count() == 2
    case = actions.do_register_case(case, actor=cast.bawaslu_a, on=D(2024, 1, 19))  # no longer late
    case = actions.do_extend_case(case, actor=cast.bawaslu_a, reason="butuh keterangan")
    assert actions.deadline_of(case, actions.rules_for(election)) == D(2024, 2, 2)  # 19 + 7 + 7
    actions.do_set_case_rules(election, actor=get_system_user(), decision_unit="working")
    # 7 working days from Fri 19 Jan, skipping the 22 Jan holiday → Wed 31 Jan; then +7 calendar.
    assert actions.deadline_of(case, actions.rules_for(election)) == D(2024, 2, 7)


def test_it_refuses_a_disallowed_upload_and_stores_nothing(cast: Cast, election: Election, settings: object,
                                                           _media: Path) -> None:
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    with pytest.raises(UploadRejected, match="jenis berkas tidak diizinkan"):
        actions.submit_report(intake(election), [("foto.jpg", jpeg_with_exif()), ("foto2.jpg", gif)],
                              received_on=RECEIVED)
    broken = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10
    with pytest.raises(UploadRejected, match="rusak"):
        actions.submit_report(intake(election), [("x.jpg", broken)], received_on=RECEIVED)
    settings.PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES = 500  # type: ignore[attr-defined]
    with pytest.raises(UploadRejected, match="terlalu besar"):
        actions.submit_report(intake(election), [("besar.pdf", b"%PDF-1.4\n" + b"0" * 600)], received_on=RECEIVED)
    assert (Case.objects.count(), Report.objects.count(), Evidence.objects.count()) == (0, 0, 0)
    assert not any(p.is_file() for p in _media.rglob("*"))
    assert not AuditEvent.objects.filter(event_type__startswith="neutrality.").exists()
