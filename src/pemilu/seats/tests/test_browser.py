import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.seats.demo import load_dpr_2024
from pemilu.testing.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anyone_can_read_which_quotient_won_which_seat_on_a_phone(live_server) -> None:
    run, _ = load_dpr_2024(get_system_user())
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        page.goto(f"{live_server.url}/kursi/")
        page.click("a:text-is('DPR RI 2024')")
        page.wait_for_url(f"**/kursi/{run.pk}/")
        assert "110" in page.inner_text("table.seats-national")
        page.click("a:text-is('ACEH I')")
        page.wait_for_url(f"**/kursi/{run.pk}/dapil/1101/")
        table = page.locator("#quotients")
        assert table.is_visible()
        assert table.locator("td.won").count() == 7
        # PKB (320,033 votes) wins seat 1 with its first quotient.
        first = table.locator("tr", has_text="PKB").locator("td.won").first
        assert first.inner_text().replace("\n", " ").endswith("1")
        seats = page.inner_text("#seat-order")
        assert "H. IRMAWAN" in seats and "H. NAZARUDDIN DEK GAM" in seats
        screenshot(page, "seats-dapil-phone")
    with chromium_page() as page:
        page.goto(f"{live_server.url}/kursi/{run.pk}/dapil/1101/")
        screenshot(page, "seats-dapil-desktop")
