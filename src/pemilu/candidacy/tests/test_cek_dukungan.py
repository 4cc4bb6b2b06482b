"""The public "cek dukungan" (issue 23 item 6): a valid NIK only, rate-limited like the other public
forms, the answer masked (no supporter name or address); the desk pages read through the actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from pemilu.candidacy.models import Supporter
from pemilu.candidacy.tests.test_ladder_dpd import ids  # noqa: F401  (the fixture: one province, two candidates)
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for
from pemilu.voters import crypto


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()


def a_supporter_nik() -> tuple[str, Supporter]:
    s = Supporter.objects.filter(kab_code="12.76").order_by("pk").first()
    assert s is not None
    return crypto.open_sealed(s.nik_sealed), s


def test_the_page_answers_a_listed_nik_masked(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    nik, s = a_supporter_nik()
    r = Client().post("/cek-dukungan/", {"nik": nik})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="cek-result"' in body
    assert crypto.mask(nik) in body and nik not in body and s.name not in body and s.candidate.name in body
    other = Client().post("/cek-dukungan/", {"nik": "1276010101800999"})
    assert "tidak tercantum" in other.content.decode()


@pytest.mark.parametrize("bad", ["123", "1111111111111111", "1234567890123456", "1276019913800001",
                                 "１２７６０１０１０１８００００１"])
def test_only_a_valid_nik_is_looked_up(bad: str, db: None) -> None:
    assert Client().post("/cek-dukungan/", {"nik": bad}).status_code == 400
    r = Client().post("/api/v1/candidacy/dpd/support-lookup", {"nik": bad}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"


def test_the_api_answers_the_same_and_both_are_rate_limited(cast: Cast, ids: dict[str, int],  # noqa: F811
                                                            settings: Any) -> None:
    settings.PEMILU_SUPPORT_LOOKUPS_PER_HOUR = 2
    nik, s = a_supporter_nik()
    r = Client().post("/api/v1/candidacy/dpd/support-lookup", {"nik": nik}, content_type="application/json")
    assert r.status_code == 200
    assert r.json() == {"nik": crypto.mask(nik), "supports": [
        {"candidate_id": s.candidate_id, "candidate": s.candidate.name, "province": "Sumatera Utara",
         "counted": True, "result": "Memenuhi syarat"}]}
    assert Client().post("/cek-dukungan/", {"nik": nik}).status_code == 200
    assert Client().post("/cek-dukungan/", {"nik": nik}).status_code == 429  # the page and API share the count
    r = Client().post("/api/v1/candidacy/dpd/support-lookup", {"nik": nik}, content_type="application/json")
    assert r.status_code == 429 and r.json()["code"] == "throttled"


def test_the_desk_shows_the_support_and_the_kab_kota_its_sample(cast: Cast, ids: dict[str, int]) -> None:  # noqa: F811
    prov = client_for(cast, "kpu_prov_12")
    desk = prov.get("/pencalonan/dpd/").content.decode()
    assert "Calon DPD 1" in desk and "Calon DPD 2" in desk
    page = prov.get(f"/pencalonan/dpd/{ids['a']}/").content.decode()
    assert "Unggah daftar pendukung" in page and "Tarik sampel" in page
    mine = client_for(cast, "kpu_staff_a").get("/pencalonan/dpd/verifikasi/").content.decode()
    sampled = Supporter.objects.get(pk=ids["sampled"])
    assert sampled.name in mine and crypto.open_sealed(sampled.nik_sealed) not in mine
    assert client_for(cast, "kpu_staff_a").post(f"/pencalonan/dpd/pendukung/{sampled.pk}/verifikasi/",
                                                {"outcome": "tms", "note": ""}).status_code == 302
    sampled.refresh_from_db()
    assert sampled.outcome == ""  # refused: the reason is required (shown as a message)
