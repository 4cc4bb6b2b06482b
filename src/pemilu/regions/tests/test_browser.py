import pytest

from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pps_member_sees_only_their_kelurahan(live_server, cast: Cast) -> None:
    with chromium_page(viewport={"width": 390, "height": 844}) as page:  # a phone
        page.goto(f"{live_server.url}/wilayah/")
        assert "/akun/masuk/" in page.url
        page.fill("#id_username", cast.pps_a1.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/wilayah/")
        body = page.inner_text("main")
        assert "Persiakan" in body
        assert "Bandar Sono" not in body and "Pelita" not in body
        page.click("text=Persiakan")
        page.wait_for_url("**/wilayah/12.76.01.1006/")
        assert page.locator(".tps-grid li").count() == 3
        screenshot(page, "pps-kelurahan-phone")
        response = page.goto(f"{live_server.url}/wilayah/12.76.01.1007/")
        assert response is not None and response.status == 404
        assert "Bandar Sono" not in page.content()
        response = page.goto(f"{live_server.url}/api/v1/regions/12.76.01.1007")
        assert response is not None and response.status == 404


def test_the_language_switch_turns_the_page_english(live_server, cast: Cast) -> None:
    with chromium_page() as page:
        page.goto(f"{live_server.url}/akun/masuk/")
        assert page.locator("h1").inner_text() == "Masuk"
        page.click("button[name=language][value=en]")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Log in"


def test_an_english_browser_still_gets_indonesian_until_it_switches(live_server, cast: Cast) -> None:
    from playwright.sync_api import sync_playwright

    from pemilu.testing.browser import CHROMIUM

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        page = browser.new_context(locale="en-US").new_page()
        page.goto(f"{live_server.url}/akun/masuk/")
        assert page.locator("h1").inner_text() == "Masuk"
        browser.close()
