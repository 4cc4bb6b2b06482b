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


def test_a_kpu_ri_admin_uploads_a_list_with_the_seed_typo_and_nothing_is_saved(live_server, pemilu_2024) -> None:
    from pathlib import Path

    from pemilu.schedule.models import Stage
    from pemilu.testing.factories import PASSWORD, make_user

    make_user("kpu_ri", "kpu_admin", "")
    with chromium_page() as page:
        page.goto(f"{live_server.url}/akun/masuk/?next=/jadwal/pemilu-2024/kelola/")
        page.fill("#id_username", "kpu_ri")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url("**/jadwal/pemilu-2024/kelola/")
        page.set_input_files("#id_file", str(Path(__file__).resolve().parent / "data" / "pkpu3_2022_kubu_raya.txt"))
        page.click("text=Periksa dan impor")
        page.wait_for_selector("#hasil-periksa")
        errors = page.locator(".problems li.error").all_inner_texts()
        assert errors and all("tahapan 5 (Penetapan Peserta Pemilu)" in e for e in errors)
        assert "tidak ada yang disimpan" in page.inner_text("#hasil-periksa")
        screenshot(page, "schedule-manage-upload-errors")
    assert not Stage.objects.filter(name_id="Penetapan Peserta Pemilu").exists()
