from pathlib import Path
from typing import Any

import pytest

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.neutrality import actions
from pemilu.neutrality.models import Case, Evidence, Report
from pemilu.neutrality.tests.conftest import jpeg_with_exif
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def file_report(page: Any, base: str, photo: Path | None, suspect: str, reporter: str) -> str:
    election = get_or_create_pemilu_2024()
    today = actions.today_for(election).isoformat()
    page.goto(f"{base}/netralitas/lapor/")
    page.select_option("#id_region_code", "12.76.01")
    page.select_option("#id_category", "asn_neutrality")
    page.fill("#id_description", "Lurah hadir di kampanye terbuka dan mengajak warga memilih calon tertentu.")
    page.fill("#id_suspect_name", suspect)
    page.fill("#id_suspect_agency", "Kelurahan Persiakan")
    page.select_option("#id_suspect_employment", "pns")
    page.fill("#id_event_date", today)
    page.fill("#id_known_on", today)
    page.fill("#id_place", "Lapangan Merdeka, Tebing Tinggi")
    page.fill("#id_reporter_name", reporter)
    page.fill("#id_reporter_contact", "0812-6000-1234")
    if photo:
        page.set_input_files("#id_evidence", str(photo))
        screenshot(page, "neutrality-public-form")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#tracking-code")
    return str(page.inner_text("#tracking-code"))


def test_a_report_is_filed_registered_deduplicated_decided_referred_and_counted(
        live_server: Any, cast: Cast, tmp_path: Path) -> None:
    photo = tmp_path / "kampanye.jpg"
    photo.write_bytes(jpeg_with_exif())
    base = live_server.url
    with chromium_page() as staff:
        # A member of the public, on a phone, in a separate browser context (no shared cookies).
        public = staff.context.browser.new_context(viewport={"width": 390, "height": 844},
                                                   locale="id-ID").new_page()
        code = file_report(public, base, photo, "Budi Santoso", "Rina Siregar")
        screenshot(public, "neutrality-public-report-done")
        assert len(code) >= 12
        case = Case.objects.get()
        assert Evidence.objects.get().file.read() == photo.read_bytes()

        staff.goto(f"{base}/netralitas/")
        staff.fill("#id_username", cast.bawaslu_a.username)
        staff.fill("#id_password", PASSWORD)
        staff.click("button[type=submit].primary")
        staff.wait_for_url(f"{base}/netralitas/")
        staff.click(f"text={case.number}")
        staff.wait_for_selector("#action-register")
        assert "Rina Siregar" in staff.inner_text("main")  # the handling Bawaslu sees the reporter
        staff.click("#action-register button")
        staff.wait_for_selector("#action-examine")
        case.refresh_from_db()
        due = actions.deadline_of(case, actions.rules_for(case.election))
        assert due is not None and due.strftime("%d-%m-%Y") in staff.inner_text("#case-due")
        screenshot(staff, "neutrality-case-registered")

        # A second, duplicate report about the same person and event.
        file_report(public, base, None, "BUDI SANTOSO, S.Sos.", "Andi")
        assert Case.objects.count() == 1 and Report.objects.count() == 2
        staff.reload()
        assert staff.locator("section[id^=report-]").count() == 2
        assert "duplikat" in staff.inner_text("main")

        staff.click("#action-examine button")
        staff.wait_for_selector("#action-decide")
        staff.select_option("#action-decide select[name=decision]", "proven")
        staff.select_option("#action-decide select[name=breach]", "n1_kampanye")
        staff.click("#action-decide button")
        staff.wait_for_selector("#action-refer")
        options = staff.eval_on_selector_all("#action-refer select[name=referred_to] option",
                                             "os => os.map(o => o.value)")
        assert "bkn" in options and "kasn" not in options  # KASN dissolved (UU 20/2023): never offered
        staff.select_option("#action-refer select[name=referred_to]", "bkn")
        staff.fill("#action-refer textarea[name=note]", "Rekomendasi ke BKPSDM Kota Tebing Tinggi")
        staff.click("#action-refer button")
        staff.wait_for_selector("#action-outcome")
        assert "Diteruskan" in staff.inner_text("#case-status")
        assert "BKN" in staff.inner_text("#case-referred")
        screenshot(staff, "neutrality-case-referred")
        # A "ringan" sanction for a PNS who joined a campaign is refused, with its article.
        staff.select_option("#action-outcome select[name=sanction_level]", "ringan")
        staff.select_option("#action-outcome select[name=sanction_type]", "teguran_tertulis")
        staff.click("#action-outcome button")
        staff.wait_for_selector(".messages")
        assert "PP 94/2021 Pasal 5 huruf n angka 1 jo. Pasal 13" in staff.inner_text(".messages")
        assert "Diteruskan" in staff.inner_text("#case-status")
        screenshot(staff, "neutrality-ringan-refused")

        staff.goto(f"{base}/netralitas/temuan/")
        staff.wait_for_selector("#id_found_on")
        screenshot(staff, "neutrality-finding-form")

        staff.goto(f"{base}/netralitas/statistik/")
        assert staff.inner_text("#total-reports") == "2"
        assert staff.inner_text("#total-proven") == "1"
        assert staff.inner_text("#total-referred") == "1"
        assert "Padang Hulu" in staff.inner_text("#by-region")
        screenshot(staff, "neutrality-statistics")

        public.goto(f"{base}/netralitas/lacak/")
        public.fill("#id_code", code)
        public.click("button[type=submit].primary")
        public.wait_for_selector("#track-result")
        assert "Diteruskan" in public.inner_text("#track-result")
        assert "Rina" not in public.content()
