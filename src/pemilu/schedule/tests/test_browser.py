import pytest

from pemilu.testing.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_timeline_shows_today_and_the_open_stage(live_server, pemilu_2024) -> None:
    with chromium_page() as page:
        page.goto(f"{live_server.url}/jadwal/pemilu-2024/?tanggal=2024-02-12")
        assert page.locator("svg.gantt").is_visible()
        assert page.locator("svg.gantt line.today").count() == 1
        assert page.locator("#bar-masa-tenang.open rect.bar").count() == 1
        assert "Pemungutan suara 2 hari lagi" in page.inner_text(".sched-countdown")
        # The today marker sits between the campaign's end and voting day.
        today_x = float(page.locator("svg.gantt line.today").get_attribute("x1") or 0)
        kampanye = page.locator("#bar-kampanye rect.bar")
        voting_x = float(page.locator("#bar-pemungutan-suara rect.bar").get_attribute("x") or 0)
        assert float(kampanye.get_attribute("x") or 0) < today_x <= voting_x + 1
        page.click("text=Masa tenang >> nth=0")
        page.wait_for_url("**#tahapan-masa-tenang")
        assert "11 Feb 2024 – 13 Feb 2024" in page.inner_text("#tahapan-masa-tenang")
        screenshot(page, "schedule-timeline-desktop")


def test_the_timeline_works_on_a_phone(live_server, pemilu_2024) -> None:
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        page.goto(f"{live_server.url}/jadwal/pemilu-2024/?tanggal=2023-12-15")
        screenshot(page, "schedule-timeline-phone")
        # The page itself does not scroll sideways; only the chart's own box does.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".gantt-wrap").evaluate("e => e.scrollWidth > e.clientWidth")
        assert "Pendaftaran calon anggota KPPS" in page.inner_text(".sched-summary")
