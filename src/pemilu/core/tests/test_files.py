"""Issue 18 item 4: one files module. Content check, per-use limits, and storage tied to the
transaction: a rollback leaves no file on disk, for the module itself and for each of its four
uses (neutrality evidence and pledges, adhoc documents, secretariat documents, plano photos).
Out-of-scope downloads answer 404: the ladder tests of each app climb every download URL."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from pemilu.core.files import FileUse, UploadRejected, sniff
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.testing.factories import Cast

PDF = b"%PDF-1.4\n%%EOF\n"


class Boom(Exception):
    """Raised inside a transaction to roll it back."""


def png(colour: str = "red") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def on_disk(media: Path) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


USE = FileUse("test/files", allowed=("image/png", "application/pdf"), max_bytes=1000)


def test_the_check_reads_content_not_names() -> None:
    assert sniff(png()) == "image/png" and sniff(PDF) == "application/pdf" and sniff(b"GIF89a") is None
    checked = USE.check("scan.jpg", PDF)  # the name lies; the content decides
    assert (checked.content_type, checked.size, checked.name) == ("application/pdf", len(PDF), "scan.jpg")
    with pytest.raises(UploadRejected, match="rusak"):  # a PNG header followed by garbage
        USE.check("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200)
    with pytest.raises(UploadRejected, match="jenis berkas tidak diizinkan .hanya PNG atau PDF"):
        USE.check("x.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20)  # JPEG is not allowed in this use
    with pytest.raises(UploadRejected, match="terlalu besar"):
        USE.check("big.pdf", PDF + b"0" * 1000)
    with pytest.raises(UploadRejected, match="kosong"):
        USE.check("empty.pdf", b"")
    assert USE.check("big.pdf", PDF + b"0" * 1000, max_bytes=2000).size == len(PDF) + 1000  # caller's limit


def test_limits_are_per_use(settings: Any) -> None:
    a = FileUse("a", setting="PEMILU_TEST_A_MAX_UPLOAD_BYTES")
    b = FileUse("b", setting="PEMILU_TEST_B_MAX_UPLOAD_BYTES")
    settings.PEMILU_TEST_A_MAX_UPLOAD_BYTES = 10
    with pytest.raises(UploadRejected, match="terlalu besar"):
        a.check("x.pdf", PDF)
    assert b.check("x.pdf", PDF).size == len(PDF)


def test_a_rollback_removes_the_file_the_transaction_wrote(db: None, media: Path) -> None:
    checked = USE.check("a.png", png())
    with pytest.raises(Boom), transaction.atomic():
        path = USE.store(checked)
        assert on_disk(media) == [path] and path.startswith(f"test/files/{checked.sha256[:2]}/")
        raise Boom
    assert on_disk(media) == []


def test_a_savepoint_rollback_removes_only_its_own_files(db: None, media: Path) -> None:
    with transaction.atomic():
        kept = USE.store(USE.check("a.pdf", PDF))
        with pytest.raises(Boom), transaction.atomic():
            USE.store(USE.check("b.png", png()))
            raise Boom
        assert on_disk(media) == [kept]
    assert on_disk(media) == [kept]


def test_a_commit_keeps_the_file_and_a_rollback_keeps_what_was_there_before(
        db: None, media: Path, django_capture_on_commit_callbacks: Any) -> None:
    checked = USE.check("a.png", png())
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        path = USE.store(checked)
    assert len(hooks) == 1 and on_disk(media) == [path]
    with pytest.raises(Boom), transaction.atomic():  # the same bytes again (same name), rolled back
        assert USE.store(checked) == path
        raise Boom
    assert on_disk(media) == [path]  # it existed before this transaction: not removed


# --- the four uses ------------------------------------------------------------------------------

def test_neutrality_evidence_and_pledges_roll_back_without_files(cast: Cast, media: Path) -> None:
    from pemilu.asn.actions import do_create_employee
    from pemilu.neutrality import actions, outreach
    from pemilu.neutrality.models import Evidence, Pledge
    from pemilu.neutrality.tests.conftest import intake, jpeg_with_exif

    election = get_or_create_pemilu_2024()
    with pytest.raises(Boom), transaction.atomic():
        result = actions.submit_report(intake(election), [("kampanye.jpg", jpeg_with_exif())],
                                       received_on=datetime.date(2024, 1, 12))
        assert on_disk(media) == [result.report.evidence.get().file.name]
        raise Boom
    assert on_disk(media) == [] and not Evidence.objects.exists()
    employee = do_create_employee(_employee_data(), actor=cast.kpu_admin_a)
    with pytest.raises(Boom), transaction.atomic():
        pledge = outreach.do_record_pledge(election, employee, datetime.date(2023, 11, 30), actor=cast.kpu_staff_a,
                                          document=("ikrar.pdf", PDF))
        assert on_disk(media) == [pledge.document.name]
        raise Boom
    assert on_disk(media) == [] and not Pledge.objects.exists()


def _employee_data() -> Any:
    from pemilu.asn.actions import EmployeeData

    return EmployeeData(nip="198104232006042011", name="Nurhayati Siregar", agency="Kecamatan Padang Hulu",
                        position="Sekretaris Camat", employment_type="pns", region_code="12.76.01")


def test_adhoc_documents_roll_back_without_files_and_ignore_neutrality_limits(
        cast: Cast, media: Path, settings: Any) -> None:
    from pemilu.adhoc import actions
    from pemilu.adhoc.models import ApplicantDocument
    from pemilu.adhoc.tests.conftest import data

    election = get_or_create_pemilu_2024()
    rec = actions.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    rec = actions.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                       end=datetime.date(2022, 12, 27))
    applicant = actions.do_register(rec, data(), actor=cast.kpu_staff_a)
    settings.PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES = 8  # another use's limit: no effect here
    with pytest.raises(Boom), transaction.atomic():
        doc = actions.do_upload_document(applicant, "ktp", "ktp.pdf", PDF, actor=cast.kpu_staff_a)
        assert on_disk(media) == [doc.file.name]
        raise Boom
    assert on_disk(media) == [] and not ApplicantDocument.objects.exists()


def test_secretariat_documents_roll_back_without_files_and_have_their_own_limit(
        cast: Cast, media: Path, settings: Any) -> None:
    from pemilu.secretariats import actions
    from pemilu.secretariats.models import Document, Secretariat

    actions.do_form_secretariats(get_or_create_pemilu_2024(), "12.76", actor=cast.kpu_staff_a)
    ppk = Secretariat.objects.get(region_id="12.76.01")
    big = PDF + b"x" * 100
    settings.PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES = 64  # neutrality's setting no longer caps secretariats
    with pytest.raises(Boom), transaction.atomic():
        doc = actions.do_upload_document(ppk, "other", ("besar.pdf", big), actor=cast.kpu_staff_a)
        assert on_disk(media) == [doc.file.name]
        raise Boom
    assert on_disk(media) == [] and not Document.objects.exists()
    settings.PEMILU_SECRETARIATS_MAX_UPLOAD_BYTES = 64  # its own setting does
    with pytest.raises(UploadRejected, match="terlalu besar"):
        actions.do_upload_document(ppk, "other", ("besar.pdf", big), actor=cast.kpu_staff_a)
    assert on_disk(media) == [] and not Document.objects.exists()


def test_plano_photos_roll_back_without_files(cast: Cast, media: Path) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.models import Tps
    from pemilu.results.actions import do_attach_photo, do_submit_result
    from pemilu.results.models import ResultPhoto
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.results.tests.conftest import good_form

    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    result = do_submit_result(contest, Tps.objects.get(code="12.76.01.1006.001"), good_form(), actor=cast.kpps_a1)
    with pytest.raises(Boom), transaction.atomic():
        photo = do_attach_photo(result, png(), filename="plano.png", actor=cast.kpps_a1)
        assert on_disk(media) == [photo.file.name] and photo.original_name == "plano.png"
        raise Boom
    assert on_disk(media) == [] and not ResultPhoto.objects.exists()


def test_every_stored_file_table_keeps_the_base_content_type_rule() -> None:
    """Declared once on ``StoredFile``: a subclass whose Meta does not extend the base's would lose it."""
    from django.apps import apps

    from pemilu.core.files import EXTENSIONS, StoredFile

    tables = [m for m in apps.get_models() if issubclass(m, StoredFile)]
    assert {m.__name__ for m in tables} >= {"ApplicantDocument", "CandidateDocumentFile", "ResponseEvidence",
                                            "Evidence", "ResultPhoto", "Document"}
    for model in tables:
        rules = {c.name: c for c in model._meta.constraints}
        rule = rules.get(f"{model._meta.app_label}_{model._meta.model_name}_type_allowed")
        assert rule is not None, model
        assert rule.condition.children == [("content_type__in", list(EXTENSIONS))]  # type: ignore[attr-defined]


def test_the_database_refuses_a_stored_file_of_another_type(cast: Cast, media: Path) -> None:
    from django.db import IntegrityError

    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.models import Tps
    from pemilu.results.actions import do_attach_photo, do_submit_result
    from pemilu.results.models import ResultPhoto
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.results.tests.conftest import good_form

    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    result = do_submit_result(contest, Tps.objects.get(code="12.76.01.1006.001"), good_form(), actor=cast.kpps_a1)
    photo = do_attach_photo(result, png(), filename="plano.png", actor=cast.kpps_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultPhoto.objects.filter(pk=photo.pk).update(content_type="text/html")
    assert ResultPhoto.objects.get(pk=photo.pk).content_type == "image/png"
