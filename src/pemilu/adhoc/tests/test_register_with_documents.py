"""A registration with its documents is one action (issue 18 item 2: a use case is one action)."""

from __future__ import annotations

import pytest

from pemilu.adhoc import actions
from pemilu.adhoc.models import Applicant, ApplicantDocument, Recruitment
from pemilu.adhoc.tests.conftest import PDF, data
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import NotFoundError
from pemilu.neutrality.uploads import UploadRejected
from pemilu.testing.factories import Cast


def _events_since(n: int) -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)[n:])


def test_it_registers_and_stores_every_document_with_their_audit_rows(cast: Cast, rec: Recruitment) -> None:
    start = AuditEvent.objects.count()
    a = actions.do_register_with_documents(
        rec, data(), [actions.DocumentUpload("ktp", "ktp.pdf", PDF), actions.DocumentUpload("sehat", "sehat.pdf", PDF)],
        actor=cast.kpu_staff_a)
    assert sorted(ApplicantDocument.objects.filter(applicant=a).values_list("kind", flat=True)) == ["ktp", "sehat"]
    assert _events_since(start) == ["adhoc.applicant_registered", "adhoc.document_uploaded",
                                    "adhoc.document_uploaded"]


def test_a_rejected_document_leaves_no_applicant_and_no_audit_row(cast: Cast, rec: Recruitment) -> None:
    start = AuditEvent.objects.count()
    with pytest.raises(UploadRejected):
        actions.do_register_with_documents(
            rec, data(), [actions.DocumentUpload("ktp", "ktp.pdf", PDF),
                          actions.DocumentUpload("ijazah", "ijazah.pdf", b"not a pdf at all")],
            actor=cast.kpu_staff_a)
    assert Applicant.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    assert _events_since(start) == []


def test_another_kabkota_registers_nothing(cast: Cast, rec: Recruitment) -> None:
    with pytest.raises(NotFoundError):
        actions.do_register_with_documents(rec, data(), [actions.DocumentUpload("ktp", "ktp.pdf", PDF)],
                                           actor=cast.kpu_admin_b)
    assert Applicant.objects.count() == 0
