"""Issue 21's last acceptance point, in Chromium: KPU Kota Tebing Tinggi locks its DPRD Kota recap →
allocates its seats from it → publishes the decree → the public page shows the seats, the elected
members and their divisor table. On the demo's DPRD Kota contest (seats/demo_dprd.py)."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.core.demo import (
    DEMO_PASSWORD,
    load_dprd_reference,
    load_election,
    load_regions,
    load_seats_dprd,
    load_users,
)
from pemilu.seats.models import Decree
from pemilu.testing.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_kpu_kota_locks_allocates_and_publishes_and_the_public_sees_it(live_server: Any) -> None:
    lines: list[str] = []
    for loader in (load_regions, load_users, load_election, load_dprd_reference, load_seats_dprd):
        loader(get_system_user(), lines.append)
    base = live_server.url
    with chromium_page() as page:
        _login(page, base, "kpu.tebingtinggi")
        # Before the lock: the seats are only a preview, and cannot be stored.
        page.goto(f"{base}/kursi/rekap/")
        assert page.locator("#preview").is_visible()
        assert page.locator("#allocate").count() == 0
        screenshot(page, "decree-1-preview")
        # KPU Kota holds its plenary of each dapil's contest and locks it.
        for dapil in ("127601", "127602", "127603"):
            page.goto(f"{base}/hasil/rekap/dprd_kab-{dapil}/12.76/")
            if dapil == "127601":
                screenshot(page, "decree-2-recap-before-lock")
            page.click("button[name=action][value=lock]")
            page.wait_for_load_state()
            assert "Dikunci" in page.inner_text("[data-plenary]")
        # Allocate from the locked recap.
        page.goto(f"{base}/kursi/rekap/")
        assert page.locator("#preview").count() == 0
        page.fill("#reason", "Berita acara pleno KPU Kota (demo)")
        page.click("#allocate button[type=submit]")
        page.wait_for_url("**/kursi/*/")
        assert "rekapitulasi yang dikunci" in page.inner_text("#source")
        screenshot(page, "decree-3-run")
        # Publish the decree.
        page.fill("#number", "123/PL.01.9-Kpt/1276/2024")
        page.fill("#decided_on", "2024-03-15")
        page.click("#publish button[type=submit]")
        page.wait_for_url("**/kursi/penetapan/*/")
        decree = Decree.objects.get()
        permalink = f"{base}{decree.get_absolute_url()}"
        # The public: no login.
        page.context.clear_cookies()
        page.goto(permalink)
        assert page.inner_text("#decree-number") == "123/PL.01.9-Kpt/1276/2024"
        seats = page.inner_text("#party-seats")
        assert "GOLKAR" in seats
        members = page.locator("table.members tr.member")
        assert members.count() == 25
        divisors = page.locator("#divisors-127602")
        assert divisors.is_visible() and divisors.locator("td.won").count() == 10
        first = members.first.locator("a").first.inner_text()
        screenshot(page, "decree-4-public")
        members.first.locator("a").first.click()
        page.wait_for_url("**/anggota/*/")
        assert first in page.inner_text("h1") and page.locator("#votes-by-kecamatan").is_visible()
        screenshot(page, "decree-5-member")
        assert page.request.get(f"{permalink}keputusan.pdf").headers["content-type"] == "application/pdf"
    with chromium_page(viewport={"width": 390, "height": 844}) as phone:
        phone.goto(permalink)
        assert phone.locator("#divisors-127601").count() == 1
        screenshot(phone, "decree-6-public-phone")
