"""Issue 20's first acceptance point in real Chromium: the KPU admin appoints a KPPS member → the
member activates their account with the code from the slip → lands on "Tugas saya" showing their
TPS's C.Hasil → enters it on a phone → the PPK sees it in its verification queue → verifies; the
member is replaced (PAW) → the old account loses the role at once, the replacement gets it.
Screenshots (phone and desktop) in test-artifacts/."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import RoleAssignment, User
from pemilu.accounts.permissions import user_scopes
from pemilu.adhoc import actions
from pemilu.adhoc.actions.access import origin
from pemilu.adhoc.models import Applicant, Recruitment, RecruitmentStatus
from pemilu.adhoc.tests.conftest import register
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.results.models import EntryMode, Result, ResultStatus
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TPS1 = "12.76.01.1006.001"
PERSIAKAN = "12.76.01.1006"
APPOINTED_ON = datetime.date(2024, 1, 24)   # the KPPS are appointed and inaugurated (KPT 1669/2023)
VOTING_DAY = datetime.date(2024, 2, 14)
PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "Sandi-KPPS-Persiakan-1!"


def ranked_kpps(election: Election, cast: Cast) -> tuple[Recruitment, Applicant, Applicant]:
    """A KPPS recruitment of Kota Tebing Tinggi taken to its final ranking through the actions:
    one seat per TPS here (the test's size), TPS 001 Persiakan with a member and a reserve."""
    national = make_user("kpu_ri", "kpu_admin", "")
    actions.do_set_body_rules(election, "kpps", actor=national, seats=1, min_registrants_factor=1)
    staff = cast.kpu_admin_a
    rec = actions.do_create_recruitment(election, "kpps", "12.76", actor=staff)
    rec = actions.do_open_registration(rec, actor=staff, start=datetime.date(2023, 12, 11),
                                       end=datetime.date(2023, 12, 20))
    people: dict[str, Applicant] = {}
    for area in rec.areas.order_by("code"):
        desa = area.code.rsplit(".", 1)[0]
        people[area.code] = register(rec, staff, area_code=area.code, domicile_code=desa,
                                     name=f"Anggota KPPS {area.code[-3:]} {area.name}"[:60])
    reserve = register(rec, staff, area_code=TPS1, domicile_code=PERSIAKAN, name="Sari Cadangan")
    actions.do_close_registration(rec, actor=staff)
    actions.do_verify_eligible(rec, actor=staff)
    actions.do_announce_admin(rec, actor=staff)   # KPPS: no written test (KPT 1669/2023)
    rec.refresh_from_db()
    assert rec.status == RecruitmentStatus.SELECTION  # nor an interview: ranked by registration order
    actions.do_announce_final(rec, actor=staff)
    rec.refresh_from_db()
    return rec, people[TPS1], reserve


def login(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def confirm_step(page: Any, base: str, rec: Recruitment, fill: dict[str, str]) -> None:
    page.goto(f"{base}/adhoc/{rec.pk}/tahap/")
    for selector, value in fill.items():
        page.fill(selector, value)
    page.click("#confirm")
    page.wait_for_url(f"{base}/adhoc/{rec.pk}/")


def fill_form(page: Any, form: dict[str, Any]) -> None:
    for name, value in form.items():
        if name == "votes":
            for key, votes in value.items():
                page.fill(f"input[data-field='v:{key}']", str(votes))
        elif value is not None:
            page.fill(f"input[data-field='{name}']", str(value))


def test_appointment_to_verified_c_hasil_and_paw(live_server: Any, cast: Cast) -> None:
    from pemilu.schedule.actions import do_load_builtin_schedule

    base = live_server.url
    election = get_or_create_pemilu_2024()
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user(), reason="test")
    set_mode(do_setup_ppwp(election, actor=get_system_user()), EntryMode.VERIFY)
    with override_settings(PEMILU_TODAY=APPOINTED_ON):
        rec, member, reserve = ranked_kpps(election, cast)
        with chromium_page() as kpu:
            # 1. The KPU admin appoints (SK) and inaugurates, then prints the activation slips.
            login(kpu, base, cast.kpu_admin_a.username)
            assert kpu.url.endswith("/tugas/")
            screenshot(kpu, "queue-0-tugas-saya-kpu-desktop")
            confirm_step(kpu, base, rec, {"#id_sk_number": "5/PP.04.2-Kpt/1276/2024",
                                          "#id_sk_date": APPOINTED_ON.isoformat()})
            confirm_step(kpu, base, rec, {"#id_on": APPOINTED_ON.isoformat(),
                                          "#id_place": "Kantor Kelurahan Persiakan"})
            assert "Dilantik" in kpu.inner_text("#rec-status")
            kpu.click("#activation-slips")
            kpu.wait_for_selector(".slips")
            slip = kpu.locator("article.slip", has_text=member.name)
            username = slip.locator("dd code").first.inner_text()
            code = slip.locator("code.code").inner_text()
            screenshot(kpu, "queue-1-activation-slips-desktop")
    assignment = RoleAssignment.objects.get(origin=origin(member))
    assert (assignment.role, assignment.scope_code, assignment.user.username) == ("kpps", TPS1, username)

    with override_settings(PEMILU_TODAY=VOTING_DAY), chromium_page(viewport=PHONE) as phone:
        # 2. The member activates the account with the code on the slip, on their phone.
        phone.goto(f"{base}/akun/aktivasi/")
        phone.fill("#id_username", username)
        phone.fill("#id_code", code)
        phone.fill("#id_password", NEW_PASSWORD)
        phone.fill("#id_password2", NEW_PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_url(f"{base}/akun/masuk/")
        # 3. … signs in and lands on "Tugas saya": their TPS's C.Hasil, "Isi C.Hasil" first.
        login(phone, base, username, NEW_PASSWORD)
        assert phone.url == f"{base}/tugas/"
        section = phone.locator("section[data-role='kpps']")
        assert "KPPS TPS 001 Persiakan" in section.inner_text()
        assert section.locator("[data-item='kpps.not_started'] a").first.inner_text() == "C.Hasil Pilpres"
        header = phone.locator("header.top").bounding_box()
        assert header is not None and header["height"] < 70, header      # one line on a phone
        assert phone.locator("header.top nav").is_hidden()                # the sections fold into "Menu"
        assert phone.locator("[data-quick='isi']").is_visible()
        screenshot(phone, "queue-2-tugas-saya-kpps-phone")
        phone.click("label.menu-button")
        assert phone.locator("header.top nav").is_visible()
        screenshot(phone, "queue-2b-menu-open-phone")
        phone.click("label.menu-button")
        # 4. … enters the C.Hasil on the phone.
        phone.click("[data-quick='isi']")
        phone.wait_for_url(f"{base}/hasil/tps/{TPS1}/ppwp/isi/")
        fill_form(phone, good_form())
        screenshot(phone, "queue-3-entry-phone")
        phone.click("button.primary[type=submit]")
        phone.wait_for_url(f"{base}/hasil/tps/{TPS1}/ppwp/")
        assert phone.locator("[data-status]").inner_text() == "Menunggu verifikasi"
        phone.goto(f"{base}/tugas/")
        assert phone.locator("[data-count='kpps.waiting'] strong").inner_text() == "1"

        ppk = phone.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
        # 5. The PPK sees it in its verification queue and verifies it.
        login(ppk, base, cast.ppk_a1.username)
        item = ppk.locator("[data-item='ppk.verify']")
        assert item.locator("[data-n]").inner_text() == "1"
        screenshot(ppk, "queue-4-tugas-saya-ppk-desktop")
        item.locator("a").click()
        ppk.wait_for_url("**/hasil/?kontes=ppwp&status=submitted")
        assert ppk.locator("[data-tps]").count() == 1
        ppk.click(f"[data-tps='{TPS1}'] a")
        ppk.wait_for_url(f"{base}/hasil/tps/{TPS1}/ppwp/")
        ppk.click("text=Verifikasi sesuai plano")
        ppk.wait_for_url(f"{base}/hasil/tps/{TPS1}/ppwp/verifikasi/")   # the confirm step (issue 20 item 9)
        assert "suara sah" in ppk.inner_text("#confirm-what")
        ppk.click("#confirm")
        ppk.wait_for_url(f"{base}/hasil/tps/{TPS1}/ppwp/")
        assert ppk.locator("[data-status]").inner_text() == "Diterima"
        assert Result.objects.get(tps_id=TPS1, contest__code="ppwp").status == ResultStatus.ACCEPTED
        ppk.goto(f"{base}/tugas/")
        assert ppk.locator("[data-item='ppk.verify']").count() == 0

        # The member's page now shows the figures, not a form.
        phone.goto(f"{base}/hasil/tps/{TPS1}/ppwp/isi/")
        assert phone.locator("[data-accepted]").count() == 1 and phone.locator("input[name='v:1']").count() == 0
        screenshot(phone, "queue-5-accepted-phone")

        # 6. The member is replaced (PAW): the old account loses the role at once.
        login(ppk, base, cast.kpu_admin_a.username)
        ppk.goto(f"{base}/adhoc/pelamar/{member.pk}/")
        assert reserve.name in ppk.inner_text("#proposed")
        ppk.select_option("#id_reason", "resigned")
        ppk.fill("#id_detail", "Mengundurkan diri: pindah domisili")
        ppk.fill("#id_decided_on", VOTING_DAY.isoformat())
        ppk.fill("#id_sk_number", "PAW-7/PP.04.2-Kpt/1276/2024")
        ppk.click("#replace")
        ppk.wait_for_selector("#replacements")
        phone.goto(f"{base}/tugas/")
        assert phone.locator("section[data-role='kpps']").count() == 0
        assert "belum memiliki peran" in phone.inner_text("main")
        screenshot(phone, "queue-6-after-paw-phone")
        response = phone.goto(f"{base}/hasil/tps/{TPS1}/ppwp/isi/")
        assert response is not None and response.status == 404
    old = RoleAssignment.objects.get(pk=assignment.pk)
    assert not old.is_active and old.revoked_at is not None
    assert user_scopes(User.objects.get(username=username)) == []
    incoming = RoleAssignment.objects.get(origin=origin(Applicant.objects.get(pk=reserve.pk)))
    assert (incoming.role, incoming.scope_code, incoming.is_active) == ("kpps", TPS1, True)
    with override_settings(PEMILU_TODAY=VOTING_DAY):
        assert [(s.role, s.code) for s in user_scopes(User.objects.get(pk=incoming.user_id))] == [("kpps", TPS1)]
