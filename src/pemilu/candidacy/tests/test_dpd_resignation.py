"""A bakal calon DPD who is an active ASN (issue 23 item 3): the KPU Provinsi runs the register
check from the candidate's page, sees the open flag, records the resignation decree and the flag
closes; the same through API v1. Other readers (Bawaslu) see the flag but cannot act."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.candidacy import dpd_actions
from pemilu.candidacy.models import DpdCandidate, ResignationFlag
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.testing.factories import PASSWORD, Cast, make_user
from pemilu.voters.rules import compose_nik

KEY = "candidacy-test-key-0123456789abcdefghijkl"
CIVIL = compose_nik("127601", datetime.date(1975, 3, 3), False, 77)


@pytest.fixture
def candidates(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> tuple[DpdCandidate, DpdCandidate]:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    kpu_prov = make_user("kpu_prov_12", "kpu_admin", "12")
    make_user("bawaslu_12", "bawaslu", "12")
    import_employees(("nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah,nik\n"
                      f"197503032000031001,Budi ASN,Dinas Pendidikan,Guru,PNS,12.76.01.1006,{CIVIL}\n").encode(),
                     actor=cast.kpu_admin_a)
    province = dpd_actions.do_set_dpd_province(get_or_create_pemilu_2024(), Region.objects.get(code="12"),
                                               dpt=900_000, dpt_source="uji", actor=kpu_prov)
    civil = dpd_actions.do_register_dpd_candidate(province, name="Budi ASN", nik=CIVIL, sex="L",
                                                  birth_date=datetime.date(1975, 3, 3), actor=kpu_prov)
    plain = dpd_actions.do_register_dpd_candidate(
        province, name="Calon Biasa", nik=compose_nik("127601", datetime.date(1970, 1, 1), False, 78), sex="L",
        birth_date=datetime.date(1970, 1, 1), actor=kpu_prov)
    return civil, plain


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_page_flags_an_asn_candidate_until_the_decree_is_recorded(
        candidates: tuple[DpdCandidate, DpdCandidate]) -> None:
    civil, plain = candidates
    kpu = login("kpu_prov_12")
    page = kpu.get(f"/pencalonan/dpd/{civil.pk}/").content.decode()
    assert "Register wajib mundur" in page and "Tidak ada temuan." in page and "Periksa register provinsi" in page
    kpu.post(f"/pencalonan/dpd/{civil.pk}/", {"do": "registers"})
    flag = ResignationFlag.objects.get()
    assert flag.dpd_candidate == civil and flag.register == "asn" and flag.cleared_at is None
    assert not plain.resignation_flags.exists()
    page = login("bawaslu_12").get(f"/pencalonan/dpd/{civil.pk}/").content.decode()
    assert "terbuka" in page and "Periksa register provinsi" not in page  # a reader sees it, cannot act

    bad = kpu.post(f"/pencalonan/dpd/{civil.pk}/", {"do": "decree", "number": "800/1/2023", "decided_on": "kemarin"},
                   follow=True).content.decode()
    assert "Tanggal keputusan" in bad
    flag.refresh_from_db()
    assert flag.cleared_at is None  # nothing written
    kpu.post(f"/pencalonan/dpd/{civil.pk}/", {"do": "decree", "number": "800/1/2023", "decided_on": "2023-05-02"})
    civil.refresh_from_db()
    assert ResignationFlag.objects.get().cleared_at is not None and civil.resignation_decree_no == "800/1/2023"
    page = kpu.get(f"/pencalonan/dpd/{civil.pk}/").content.decode()
    assert "selesai" in page and "800/1/2023, 02-05-2023" in page
    event = AuditEvent.objects.filter(event_type="candidacy.resignation_recorded").latest("id")
    assert event.after is not None and event.after["flags_closed"] == 1 and event.region_code == "12"


def test_the_api_checks_the_province_and_records_the_decree(candidates: tuple[DpdCandidate, DpdCandidate],
                                                            cast: Cast) -> None:
    civil, _plain = candidates
    kpu = login("kpu_prov_12")
    checked = kpu.post("/api/v1/candidacy/dpd/provinces/12/register-check")
    assert checked.status_code == 200 and checked.json() == {"new_flags": 1}
    assert kpu.post("/api/v1/candidacy/dpd/provinces/12/register-check").json() == {"new_flags": 0}
    url = f"/api/v1/candidacy/dpd/candidates/{civil.pk}/resignation-decree"
    future = kpu.post(url, json.dumps({"number": "800/1/2023", "decided_on": "2099-01-01"}),
                      content_type="application/json")
    assert future.status_code == 400 and "tidak boleh setelah hari ini" in future.json()["detail"]
    assert login("bawaslu_12").post(url, json.dumps({"number": "x", "decided_on": "2023-05-02"}),
                                    content_type="application/json").status_code == 403
    assert login(cast.kpu_admin_b.username).post(url, json.dumps({"number": "x", "decided_on": "2023-05-02"}),
                                                 content_type="application/json").status_code == 404
    done = kpu.post(url, json.dumps({"number": "800/1/2023", "decided_on": "2023-05-02"}),
                    content_type="application/json")
    assert done.status_code == 200 and done.json()["flags_closed"] == 1
    assert ResignationFlag.objects.get().cleared_at is not None
