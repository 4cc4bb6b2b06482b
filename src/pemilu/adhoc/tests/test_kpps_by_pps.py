"""KPPS are formed through the PPS (domain brief §1.1, §1.5): a PPS member enters the paper
registrations of the TPS of their own kelurahan (officer entry and bulk import), never another's,
and does not read back the identity data it entered (issue 5 point 8: NIK, phone, address are for
the KPU office handling the area only)."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.test import Client

from pemilu.adhoc import actions
from pemilu.adhoc.models import Applicant, Recruitment, Source
from pemilu.adhoc.tests.conftest import PDF, data
from pemilu.audit.models import AuditEvent
from pemilu.core.exceptions import ImportFailed, NotFoundError, PermissionDeniedError
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.testing.ladder import Endpoint, climb

PERSIAKAN, BANDAR_SONO = "12.76.01.1006", "12.76.01.1007"
TPS_P1, TPS_B1 = f"{PERSIAKAN}.001", f"{BANDAR_SONO}.001"
COLUMNS = "kode_wilayah,nik,nama,jenis_kelamin,tanggal_lahir,domisili,pendidikan,telepon,alamat\n"


@pytest.fixture
def kpps(cast: Cast, election) -> Recruitment:
    rec = actions.do_create_recruitment(election, "kpps", "12.76", actor=cast.kpu_staff_a)
    return actions.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2023, 12, 11),
                                        end=datetime.date(2023, 12, 20))


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    assert c.login(username=getattr(cast, who).username, password=PASSWORD)
    return c


def test_pps_member_enters_kpps_applicants_of_own_kelurahan_only(cast: Cast, kpps: Recruitment) -> None:
    pps = cast.pps_a1
    assert actions.registrable_codes(pps, kpps) == {f"{PERSIAKAN}.00{i}" for i in (1, 2, 3)}
    a = actions.do_register(kpps, data(area_code=TPS_P1, domicile_code=PERSIAKAN), actor=pps)
    actions.do_upload_document(a, "ktp", "ktp.pdf", PDF, actor=pps)
    assert a.source == Source.OFFICER and a.area.code == TPS_P1
    ev = AuditEvent.objects.filter(event_type="adhoc.applicant_registered").latest("id")
    assert ev.actor_id == pps.pk and ev.region_code == PERSIAKAN
    # Another kelurahan's TPS: not found (no data), nothing written.
    n = Applicant.objects.count()
    with pytest.raises(NotFoundError):
        actions.do_register(kpps, data(area_code=TPS_B1, domicile_code=BANDAR_SONO), actor=pps)
    assert Applicant.objects.count() == n
    # PPS members do not form PPS/PPK bodies: the KPU office does.
    with pytest.raises(NotFoundError):
        actions.do_create_recruitment(kpps.election, "pps", "12.76", actor=pps)
    # A PPK member (in scope) may not enter KPPS registrations.
    with pytest.raises(PermissionDeniedError):
        actions.do_register(kpps, data(area_code=TPS_P1, domicile_code=PERSIAKAN), actor=cast.ppk_a1)


def test_pps_bulk_import_rejects_whole_file_with_a_row_of_another_kelurahan(cast: Cast, kpps: Recruitment) -> None:
    pps = cast.pps_a1
    good = f"{TPS_P1},1276010000000901,Ani,P,1990-01-01,{PERSIAKAN},SMA,081200000901,Jl. A\n"
    bad = f"{TPS_B1},1276010000000902,Budi,L,1991-01-01,{BANDAR_SONO},SMA,081300000902,Jl. B\n"
    with pytest.raises(ImportFailed) as failed:
        actions.do_import_applicants(kpps, (COLUMNS + good + bad).encode(), actor=pps, filename="kpps.csv")
    assert failed.value.errors[0].row == 3 and "bukan bagian dari rekrutmen ini" in failed.value.errors[0].message
    assert not Applicant.objects.exists()
    assert actions.do_import_applicants(kpps, (COLUMNS + good).encode(), actor=pps, filename="kpps.csv") == 1
    ev = AuditEvent.objects.get(event_type="adhoc.applicants_imported")
    assert ev.actor_id == pps.pk and ev.after is not None and ev.after["areas"] == [TPS_P1]


def test_pages_pps_enters_but_does_not_read_back_pii(cast: Cast, kpps: Recruitment) -> None:
    c = _client(cast, "pps_a1")
    page = c.get(f"/adhoc/{kpps.pk}/").content.decode()
    assert 'id="register-link"' in page and 'id="import-applicants"' in page
    form = c.get(f"/adhoc/{kpps.pk}/daftar/").content.decode()
    assert TPS_P1 in form and TPS_B1 not in form
    post = {"area": TPS_P1, "nik": "1276010000000777", "name": "Rina Siregar", "gender": "P",
            "birth_date": "1992-03-04", "domicile_code": PERSIAKAN, "education": "3", "phone": "081299990000",
            "address": "Jl. Rahasia 7", "sentence_years": "0"}
    r = c.post(f"/adhoc/{kpps.pk}/daftar/", post)
    assert r.status_code == 302
    a = Applicant.objects.get(nik="1276010000000777")
    body = c.get(r["Location"]).content.decode()
    assert "Rina Siregar" in body and "1276010000000777" not in body and "081299990000" not in body
    assert "Jl. Rahasia 7" not in body and a.masked_nik in body
    # The KPU office reads it all.
    body = _client(cast, "kpu_staff_a").get(f"/adhoc/pelamar/{a.pk}/").content.decode()
    assert "1276010000000777" in body and "081299990000" in body
    # Posting another kelurahan's TPS: 404, nothing written.
    r = c.post(f"/adhoc/{kpps.pk}/daftar/", {**post, "area": TPS_B1, "nik": "1276010000000778"})
    assert r.status_code == 404 and not Applicant.objects.filter(nik="1276010000000778").exists()


@pytest.fixture
def kpps_rows(cast: Cast, kpps: Recruitment) -> dict[str, int]:
    a = actions.do_register(kpps, data(area_code=TPS_P1, domicile_code=PERSIAKAN), actor=cast.pps_a1)
    doc = actions.do_upload_document(a, "ktp", "ktp.pdf", PDF, actor=cast.pps_a1)
    return {"rec": kpps.pk, "applicant": a.pk, "doc": doc.pk}


KPPS_ENDPOINTS = [
    # pps_a1 = PPS Persiakan (the TPS's kelurahan); pps_a2 = PPS Bandar Sono (same kab, other kelurahan).
    Endpoint("adhoc:register (KPPS)", "/adhoc/{rec}/daftar/", allowed=["kpu_staff_a", "pps_a1", "pps_a2"],
             forbidden=["ppk_a1", "bawaslu_a"], hidden=["kpu_admin_b", "pps_b1", "nobody"]),
    Endpoint("adhoc:import (KPPS)", "/adhoc/{rec}/impor/pelamar/", allowed=["kpu_staff_a", "pps_a1"],
             forbidden=["ppk_a1", "bawaslu_a"], hidden=["kpu_admin_b", "pps_b1", "nobody"], method="post",
             ok_status=302),
    # What the PPS entered: the page (masked), never the documents.
    Endpoint("adhoc:applicant (KPPS)", "/adhoc/pelamar/{applicant}/", allowed=["kpu_staff_a", "pps_a1", "ppk_a1"],
             hidden=["pps_a2", "kpu_admin_b", "pps_b1", "nobody"]),
    Endpoint("adhoc:document (KPPS)", "/adhoc/pelamar/{applicant}/dokumen/{doc}/", allowed=["kpu_staff_a"],
             forbidden=["pps_a1", "ppk_a1"], hidden=["pps_a2", "kpu_admin_b", "pps_b1", "nobody"]),
]


@pytest.mark.parametrize("endpoint", KPPS_ENDPOINTS, ids=lambda e: e.name)
def test_kpps_ladder(cast: Cast, kpps_rows: dict[str, int], endpoint: Endpoint) -> None:
    climb(replace(endpoint, url=endpoint.url.format(**kpps_rows)), cast)
