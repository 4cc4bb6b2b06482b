"""The ad hoc pages read their posts through forms (issue 18 item 9): a bad value is named, in
Indonesian, and nothing is written."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pemilu.adhoc.models import Applicant, ApplicantDocument, Recruitment
from pemilu.adhoc.tests.conftest import PDF, register
from pemilu.testing.factories import Cast


def test_a_slip_area_that_is_not_a_number_is_named_not_a_404(cast: Cast, rec: Recruitment, client: Client) -> None:
    client.force_login(cast.kpu_staff_a)
    answer = client.post(f"/adhoc/{rec.pk}/kode-aktivasi/", {"area": "Pelita"})
    assert answer.status_code == 400  # before: 404, as if the recruitment did not exist
    assert "Wilayah: Masukkan keseluruhan angka bilangan." in answer.content.decode()


def test_an_upload_of_an_unknown_kind_is_named_and_stores_nothing(cast: Cast, rec: Recruitment,
                                                                 client: Client) -> None:
    a = register(rec, cast.kpu_staff_a, docs=False)
    Applicant.objects.filter(pk=a.pk).update(user=cast.nobody)
    client.force_login(cast.nobody)
    answer = client.post(f"/adhoc/daftar/{a.pk}/unggah/",
                         {"kind": "paspor", "file": SimpleUploadedFile("p.pdf", PDF)}, follow=True)
    assert "Jenis dokumen: Masukkan pilihan yang valid. paspor" in answer.content.decode()
    answer = client.post(f"/adhoc/daftar/{a.pk}/unggah/", {"kind": "ktp"}, follow=True)
    assert "Berkas (PDF atau JPEG): " in answer.content.decode()
    assert not ApplicantDocument.objects.filter(applicant=a).exists()


def test_a_health_finding_not_in_the_list_is_named_and_not_stored(cast: Cast, rec: Recruitment,
                                                                  client: Client) -> None:
    a = register(rec, cast.kpu_staff_a, docs=False, health="")
    client.force_login(cast.kpu_staff_a)
    page = client.post(f"/adhoc/pelamar/{a.pk}/sehat/", {"health": "segar"}, follow=True)
    assert "Keterangan sehat: Masukkan pilihan yang valid. segar" in page.content.decode()
    assert Applicant.objects.get(pk=a.pk).health == ""
