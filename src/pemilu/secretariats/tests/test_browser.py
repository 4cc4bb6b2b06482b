"""A KPU Kota Tebing Tinggi staff user (demo ``staf.tebingtinggi``) staffs the PPK Padang Hulu
secretariat in real Chromium: proposes three people found through the htmx register search,
records the Wali Kota's keputusan, sees the gap list shrink and downloads the letter PDF."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.core.demo import DEMO_PASSWORD, load_election, load_regions, load_users
from pemilu.regions.models import Region
from pemilu.secretariats import demo
from pemilu.secretariats.models import Assignment, Decision
from pemilu.testing.browser import ARTIFACTS, chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_proposes_picks_sets_the_keputusan_and_downloads_the_letter(live_server: Any, tmp_path: Path) -> None:
    actor = get_system_user()
    for loader in (load_regions, load_users, load_election, demo.load):
        loader(actor, lambda _msg: None)
    areas = [(r.code, r.name, r.level) for r in Region.objects.filter(kab_code="12.76", level__in=(3, 4))
             .order_by("code")]
    padang_hulu = [row for row in demo.register_rows(areas) if row[5] == "12.76.01"]
    base = live_server.url
    with chromium_page() as page:
        page.goto(f"{base}/sekretariat/")
        page.fill("#id_username", "staf.tebingtinggi")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{base}/sekretariat/")
        assert page.inner_text("#gap-total").startswith("109 dari 120 kursi terisi; kurang 11.")
        ppk_row = page.locator('#gap-table tr[data-code="12.76.01"][data-kind="ppk"]')
        assert "0 / 3" in ppk_row.inner_text()
        screenshot(page, "secretariats-gaps-before")
        ppk_row.locator("a").first.click()
        page.wait_for_selector("#propose-form")
        for kind, (nip, name, *_rest) in zip(("sekretaris", "staf", "staf"), padang_hulu[:3], strict=True):
            page.select_option("#id_kind", kind)
            page.fill("#id_q", nip[:14])
            page.wait_for_function(
                "n => [...document.querySelectorAll('#id_employee option')].length === 1 && "
                "document.querySelector('#id_employee option').textContent.includes(n)", arg=name)
            page.fill("#id_letter_number", "270/PPK-PH/XII/2022")
            page.click("#propose-form button[type=submit]")
            page.wait_for_selector(f"#candidates >> text={name}")
        checks = page.locator("#candidates .checks li.ok")
        assert checks.count() == 6  # workplace + one secretariat, for each of the three
        screenshot(page, "secretariats-proposed")
        for box in page.locator("#pick-form input[name=candidate]").all():
            box.check()
        page.fill("#id_pick_number", "100.3.3/01/2023")
        page.fill("#id_pick_date", "2023-01-06")
        page.fill("#id_pick_issued_by", "Wali Kota Tebing Tinggi")
        page.click("#pick-form button[type=submit]")
        page.wait_for_selector("#penetapan")
        assert "100.3.3/01/2023" in page.inner_text("#staff")
        assert Decision.objects.get(number="100.3.3/01/2023").issued_by == "Wali Kota Tebing Tinggi"
        assert Assignment.objects.active().filter(secretariat__region_id="12.76.01").count() == 3
        page.fill("#id_pen_number", "01/PP.04-Kpt/1276/2023")
        page.fill("#id_pen_date", "2023-01-10")
        page.click("#penetapan button[type=submit]")
        page.wait_for_selector("#staff >> text=ditetapkan 01/PP.04-Kpt/1276/2023")
        screenshot(page, "secretariats-detail-staffed")

        page.click("text=Sekretariat >> nth=1")  # the crumb back to the list
        page.wait_for_selector("#gap-total")
        assert page.inner_text("#gap-total").startswith("112 dari 120 kursi terisi; kurang 8.")
        assert "3 / 3" in page.locator('#gap-table tr[data-code="12.76.01"][data-kind="ppk"]').inner_text()
        # htmx filter: only PPK rows.
        page.select_option("select[name=badan]", "ppk")
        page.wait_for_function("() => document.querySelectorAll('#gap-table tbody tr').length === 5")
        screenshot(page, "secretariats-gaps-after")

        page.goto(f"{base}/sekretariat/")
        page.locator('#gap-table tr[data-code="12.76.01"][data-kind="ppk"] a').first.click()
        with page.expect_download() as info:
            page.click("#letter-pdf")
        pdf = tmp_path / "letter.pdf"
        info.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "PENETAPAN SEKRETARIS DAN STAF SEKRETARIAT PANITIA" in text
        assert "01/PP.04-Kpt/1276/2023" in text and padang_hulu[0][1] in text and "10 Januari 2023" in text
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf),
                        str(ARTIFACTS / "secretariats-letter")], check=True)
