"""DPD support in real Chromium: the KPU Provinsi uploads a supporter list on the candidate page and
draws the sample from a seed, the KPU Kab/Kota records a sampled supporter's verification, a
person checks their NIK on the public page. Screenshots in test-artifacts/."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pemilu.candidacy import dpd_actions
from pemilu.candidacy.models import DpdCandidate, Supporter
from pemilu.candidacy.tests.test_dpd_support import HEADER, KEY, person
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast, make_user
from pemilu.voters import crypto
from pemilu.voters.rules import compose_nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_upload_sample_verify_and_cek_dukungan(live_server: Any, cast: Cast, tmp_path: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    base = live_server.url
    kpu_prov = make_user("kpu_prov_12", "kpu_admin", "12")
    province = dpd_actions.do_set_dpd_province(get_or_create_pemilu_2024(), Region.objects.get(code="12"),
                                               dpt=900_000, dpt_source="uji", actor=kpu_prov)
    a, b = (dpd_actions.do_register_dpd_candidate(
        province, name=name, nik=compose_nik("127601", datetime.date(1970, 1, n), False, 9000 + n), sex="L",
        birth_date=datetime.date(1970, 1, n), actor=kpu_prov)
        for n, name in ((1, "Ahmad Siregar"), (2, "Rina Tarigan")))
    dpd_actions.do_import_supporters(b, (HEADER + "".join(person(n, "12.06") for n in range(3000, 3040))
                                         + person(11)).encode(), actor=kpu_prov)
    path = tmp_path / "dukungan.csv"
    young = person(1, born=datetime.date(2009, 5, 5), marital="B")
    path.write_text(HEADER + young + "".join(person(n) for n in range(2, 1100))
                    + "".join(person(n, "12.06") for n in range(1100, 1140)))
    with chromium_page() as page:
        login(page, base, "kpu_prov_12")
        page.goto(f"{base}/pencalonan/dpd/{a.pk}/")
        page.set_input_files("input[name=berkas]", str(path))
        page.click("text=Unggah")
        page.wait_for_selector("text=Tarik sampel verifikasi faktual")
        screenshot(page, "candidacy-dpd-candidate-uploaded")
        page.fill("input[name=seed]", "20230204")
        page.click("text=Tarik sampel verifikasi faktual")
        page.wait_for_selector("text=Sampel per kabupaten/kota")
        screenshot(page, "candidacy-dpd-candidate-sampled")
        page.goto(f"{base}/pencalonan/dpd/")
        screenshot(page, "candidacy-dpd-desk")
    a.refresh_from_db()
    assert a.sample_seed == 20230204 and a.support["duplicates_across"] == 1 and a.support["valid"] == 1137
    sampled = Supporter.objects.filter(candidate=a, in_sample=True, kab_code="12.76").order_by("pk").first()
    assert sampled is not None
    with chromium_page() as page:
        login(page, base, "kpu_staff_a")
        page.goto(f"{base}/pencalonan/dpd/verifikasi/")
        row = page.locator("tr", has_text=sampled.name).first
        row.locator("select[name=outcome]").select_option("ms")
        row.locator("text=Catat").click()
        page.wait_for_selector("text=Hasil verifikasi dicatat")
        screenshot(page, "candidacy-dpd-verification")
    sampled.refresh_from_db()
    assert sampled.outcome == "ms" and sampled.verified_by == cast.kpu_staff_a
    nik = crypto.open_sealed(Supporter.objects.get(candidate=b, line=42).nik_sealed)
    with chromium_page({"width": 390, "height": 844}) as phone:
        phone.goto(f"{base}/cek-dukungan/")
        phone.fill("#id_nik", nik)
        phone.click("text=Cek")
        phone.wait_for_selector("#cek-result")
        screenshot(phone, "candidacy-cek-dukungan")
        text = phone.inner_text("#cek-result")
    assert "Ahmad Siregar" in text and "Rina Tarigan" in text and crypto.mask(nik) in text and nik not in text
    assert DpdCandidate.objects.count() == 2
