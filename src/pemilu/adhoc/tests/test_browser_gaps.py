"""The pages of the four gaps in real Chromium (screenshots in test-artifacts/): the work period
and its re-vote extension, a PPS member entering a KPPS applicant, a public comment and its
follow-up, the PAW announcement, and the PPS secretariat's formation window."""

from __future__ import annotations

import datetime
import subprocess
from typing import Any

import pytest
from django.db import transaction

from pemilu.adhoc import actions
from pemilu.adhoc.actions.base import announce
from pemilu.adhoc.models import AdminResult, Applicant, Outcome, PublicComment, Recruitment, RecruitmentStatus, Step
from pemilu.adhoc.tests.conftest import register
from pemilu.core.jobs import run_queued_jobs
from pemilu.testing.browser import ARTIFACTS, chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
PERSIAKAN = "12.76.01.1006"


def login(page: Any, base: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}{next_url}")


def test_gap_pages_in_the_browser(live_server: Any, cast: Cast, rec: Recruitment, election: Any) -> None:
    base = live_server.url
    staff = cast.kpu_staff_a
    people = [register(rec, staff, docs=False, gender="P" if i % 2 else "L") for i in range(5)]
    for rank, a in enumerate(people, start=1):
        Outcome.objects.filter(applicant=a).update(final_rank=rank, selection="member" if rank <= 3 else "reserve")
    Applicant.objects.filter(recruitment=rec).update(admin_result=AdminResult.MS)
    with transaction.atomic():
        admin_ann = announce(rec, Step.ADMIN, staff)
    Recruitment.objects.filter(pk=rec.pk).update(status=RecruitmentStatus.INAUGURATED, work_start=D(2023, 1, 17),
                                                 work_end=D(2024, 4, 4), inaugurated_on=D(2023, 1, 24))
    rec.refresh_from_db()
    persiakan = rec.areas.get(code=PERSIAKAN)
    kpps = actions.do_open_registration(actions.do_create_recruitment(election, "kpps", "12.76", actor=staff),
                                        actor=staff, start=D(2023, 12, 11), end=D(2023, 12, 20))
    from pemilu.secretariats import actions as sec_actions
    from pemilu.secretariats.models import Secretariat

    sec_actions.do_form_secretariats(election, "12.76", actor=staff)
    sec = Secretariat.objects.get(region_id=PERSIAKAN)

    with chromium_page() as page:
        # 1. The legal window vs the plan; extend one area's work period for a PSU.
        login(page, base, staff.username, f"/adhoc/{rec.pk}/")
        assert "14-08-2023" in page.inner_text("#legal-window") and "14-04-2024" in page.inner_text("#legal-window")
        screenshot(page, "gaps-1-recruitment-work-period")
        page.goto(f"{base}/adhoc/{rec.pk}/wilayah/{persiakan.pk}/")
        page.select_option("#extend-work-form select[name=kind]", "psu")
        page.fill("#extend-work-form input[name=new_end]", "2024-05-10")
        page.fill("#extend-work-form textarea[name=reason]", "Rekomendasi Bawaslu: PSU di TPS 003 Persiakan")
        page.click("#extend-work")
        page.wait_for_load_state()
        assert "10-05-2024" in page.inner_text("#area-work")
        screenshot(page, "gaps-1-area-work-extended")
        page.goto(f"{base}/adhoc/{rec.pk}/")
        assert "PSU di TPS 003" in page.inner_text("#work-extensions")

        # 2. PPS Persiakan enters a KPPS applicant; reads it back masked.
        login(page, base, cast.pps_a1.username, f"/adhoc/{kpps.pk}/")
        screenshot(page, "gaps-2-kpps-recruitment-as-pps")
        page.click("#register-link")
        page.select_option("#id_area", f"{PERSIAKAN}.002")
        for field, value in {"#id_nik": "1276010000000555", "#id_name": "Yusuf Hasibuan",
                             "#id_birth_date": "1990-07-07", "#id_domicile_code": PERSIAKAN,
                             "#id_phone": "081377770000", "#id_address": "Jl. Merdeka 3",
                             "#id_sentence_years": "0"}.items():
            page.fill(field, value)
        page.select_option("#id_gender", "L")
        page.select_option("#id_education", "3")
        screenshot(page, "gaps-2-kpps-entry-form")
        page.click("#save")
        page.wait_for_url("**/adhoc/pelamar/*/")
        body = page.inner_text("body")
        assert "Yusuf Hasibuan" in body and "1276010000000555" not in body and "081377770000" not in body
        screenshot(page, "gaps-2-kpps-entered-masked")

        # 4a. PAW → announcement PDF.
        leaving = Applicant.objects.get(pk=people[0].pk)
        rep = actions.do_replace(leaving, actor=staff, reason="unable", detail="pindah domisili",
                                 decided_on=D(2023, 3, 1), sk_number="PAW-2/2023")
        assert rep.announcement is not None
        run_queued_jobs()  # the worker renders the PDF after the commit
        rep.announcement.refresh_from_db()
        png = ARTIFACTS / "gaps-4-paw-announcement"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", rep.announcement.file.path, str(png)],
                       check=True)

        # 4b. A member of the public comments (no login); the office follows up.
        page.context.clear_cookies()
        page.goto(f"{base}/adhoc/pengumuman/")
        screenshot(page, "gaps-4-announcements")
        page.goto(f"{base}/adhoc/pengumuman/{admin_ann.pk}/tanggapan/")
        page.select_option("#id_candidate", str(people[2].pk))
        page.fill("#id_text", "Calon ini tercatat sebagai tim kampanye pada Pilkada 2020.")
        screenshot(page, "gaps-4-public-comment-form")
        page.click("#send-comment")
        page.wait_for_selector("#comment-done")
        assert PublicComment.objects.count() == 1
        login(page, base, staff.username, f"/adhoc/{rec.pk}/tanggapan/")
        page.fill("#comments textarea[name=follow_up]", "Diklarifikasi: bukan anggota tim kampanye (surat KPU Kota).")
        page.click("#comments button.follow-up")
        page.wait_for_load_state()
        assert "Ditindaklanjuti" in page.inner_text("#comments")
        screenshot(page, "gaps-4-comments-followed-up")

        # 3. The PPS secretariat's window from the PPS oath (24-01-2023 .. 31-01-2023).
        page.goto(f"{base}/sekretariat/{sec.pk}/")
        assert "24-01-2023 s.d. 31-01-2023" in page.inner_text("#formation-window")
        screenshot(page, "gaps-3-secretariat-window")
