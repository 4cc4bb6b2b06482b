"""The whole flow in a real browser: KPPS on a phone (live checks, photo) → a second entry
disagrees → the coordinator keeps one → accepted → the PPK locks its plenary → a correction is
refused → KPU Kab/Kota reopens with a reason → corrected → the public page shows it all."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.models import EntryMode, Plenary, Result, ResultStatus
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast, attend_plenary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TPS1 = "12.76.01.1006.001"


def _png() -> bytes:
    """A real 1×1 PNG (photos are decoded in full since issue 17; a hand-typed one had a bad CRC)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1, 1), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def _fill(page: Any, form: dict[str, Any]) -> None:
    for name, value in form.items():
        if name == "votes":
            for key, votes in value.items():
                page.fill(f"input[data-field='v:{key}']", str(votes))
        elif value is not None:
            page.fill(f"input[data-field='{name}']", str(value))


def test_entry_double_entry_plenary_correction_and_public_page(live_server: Any, cast: Cast, tmp_path: Path) -> None:
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    set_mode(contest, EntryMode.DOUBLE)
    # The schedule is loaded and the PPK's recap window closed yesterday, so the correction
    # after the reopening falls to KPU Kab/Kota (item 5), as it does below.
    _schedule_ppk_window_closed(contest)
    base = live_server.url
    entry = f"{base}/hasil/tps/{TPS1}/ppwp/isi/"
    photo = tmp_path / "plano.png"
    photo.write_bytes(PNG)
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        # 1. The KPPS types on a phone; the misread 885 is flagged as they type.
        _login(page, base, cast.kpps_a1.username)
        page.goto(entry)
        form = good_form()
        _fill(page, form)
        page.fill("input[data-field='v:2']", "885")
        page.wait_for_selector("li[data-code='E4']")
        assert page.locator("li[data-code='W1']").count() == 1
        assert "check-error" in (page.get_attribute("input[data-field='suara_sah']", "class") or "")
        screenshot(page, "results-kpps-misread-phone")
        page.fill("input[data-field='v:2']", "85")
        page.wait_for_selector("li[data-code='E4']", state="detached")
        page.set_input_files("#photo", str(photo))
        page.click("button.primary[type=submit]")
        page.wait_for_url(f"**/hasil/tps/{TPS1}/ppwp/")
        assert page.locator("[data-status]").inner_text() == "Entri pertama"
        # The server blocks a misread too, naming its codes.
        page.goto(entry)
        _fill(page, form | {"votes": {"1": 47, "2": 885, "3": 40}})
        page.click("button.primary[type=submit]")
        assert "E4" in page.locator("[data-server-error]").inner_text()
        assert Result.objects.get(tps_id=TPS1).versions.count() == 1
        # 2. A second, different user types it independently and disagrees on two numbers.
        _login(page, base, cast.pps_a1.username)
        page.goto(entry)
        _fill(page, good_form(a=48, c=39))
        page.click("button.primary[type=submit]")
        page.wait_for_url(f"**/hasil/tps/{TPS1}/ppwp/")
        assert page.locator("[data-status]").inner_text() == "Entri ganda berbeda"
        # 3. The coordinator (PPK) sees the differences field by field and keeps version 1.
        _login(page, base, cast.ppk_a1.username)
        page.goto(f"{base}/hasil/tps/{TPS1}/ppwp/")
        assert page.locator("[data-diffs] tbody tr").count() == 2
        assert page.locator(".plano img").count() == 1
        screenshot(page, "results-coordinator-diff")
        page.fill("#reason", "sesuai plano")
        page.click("button[name=keep][value='1']")
        page.wait_for_load_state()
        assert page.locator("[data-status]").inner_text() == "Diterima"
        # 4. The rest of the kecamatan is counted; the PPK locks its plenary.
        set_mode(contest, EntryMode.DIRECT)
        for tps in Tps.objects.filter(kec_code="12.76.01").exclude(code=TPS1):
            do_submit_result(contest, tps, good_form(), actor=cast.ppk_a1)
        attend_plenary(contest, "12.76.01", cast.ppk_a1)  # the quorum (issue 21 item 4)
        page.goto(f"{base}/hasil/rekap/ppwp/12.76.01/")
        page.click("button[name=action][value=lock]")
        page.wait_for_load_state()
        assert Plenary.objects.get(region_code="12.76.01").status == "locked"
        screenshot(page, "results-ppk-recap-locked")
        # 5. A correction is now refused.
        page.goto(f"{base}/hasil/tps/{TPS1}/ppwp/koreksi/")
        page.fill("input[data-field='v:1']", "46")
        page.fill("input[data-field='v:3']", "41")
        page.fill("#reason", "salah tulis")
        page.click("button.primary[type=submit]")
        assert "dikunci" in page.locator("p.error").inner_text()
        # 6. KPU Kota reopens with a reason and corrects.
        _login(page, base, cast.kpu_admin_a.username)
        page.goto(f"{base}/hasil/rekap/ppwp/12.76.01/")
        page.fill("#reopen-reason", "keberatan saksi paslon 1 di TPS 001")
        page.click("button[name=action][value=reopen]")
        page.wait_for_load_state()
        assert "Pembukaan kembali" in page.inner_text("main")
        page.goto(f"{base}/hasil/tps/{TPS1}/ppwp/koreksi/")
        page.fill("input[data-field='v:1']", "46")
        page.fill("input[data-field='v:3']", "41")
        page.fill("#reason", "keberatan diterima: salah tulis")
        page.click("button.primary[type=submit]")
        page.wait_for_url(f"**/hasil/tps/{TPS1}/ppwp/")
        result = Result.objects.get(tps_id=TPS1)
        assert result.status == ResultStatus.ACCEPTED and result.corrections == 1
        # 7. The public page (no login) shows the photo, the numbers and the history.
        page.context.clear_cookies()
        page.goto(f"{base}/hasil/publik/tps/{TPS1}/")
        assert page.locator(".plano img").count() == 1
        assert page.locator("td[data-vote='1']").inner_text() == "46"
        history = page.locator("[data-history]").inner_text()
        assert "Koreksi" in history and "keberatan diterima" in history
        screenshot(page, "results-public-tps-phone")
        # ORM calls made while Playwright's loop runs get their own connection; close it.
        connections.close_all()


def test_an_operator_types_with_the_keyboard_and_moves_to_the_next_tps(live_server: Any, cast: Cast) -> None:
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    set_mode(contest, EntryMode.DIRECT)
    with chromium_page() as page:
        _login(page, live_server.url, cast.ppk_a1.username)
        page.goto(f"{live_server.url}/hasil/tps/{TPS1}/ppwp/isi/?operator=1")
        form = good_form()
        order = [f for f in form if f != "votes" and f not in ("suara_sah", "suara_tidak_sah", "suara_total")]
        values = [str(form[f]) for f in order[:15]] + [str(v) for v in form["votes"].values()] + \
            [str(form[f]) for f in order[15:]] + [str(form[f]) for f in ("suara_sah", "suara_tidak_sah", "suara_total")]
        for value in values:
            page.keyboard.type(value)
            page.keyboard.press("Enter")
        page.wait_for_url("**/12.76.01.1006.002/ppwp/isi/?operator=1")
        assert Result.objects.get(tps_id=TPS1).status == ResultStatus.ACCEPTED
        screenshot(page, "results-operator-next-tps")
        # ORM calls made while Playwright's loop runs get their own connection; close it.
        connections.close_all()


def test_a_form_typed_offline_is_sent_once_when_the_connection_returns(live_server: Any, cast: Cast) -> None:
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    set_mode(contest, EntryMode.DIRECT)
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        _login(page, live_server.url, cast.kpps_a1.username)
        page.goto(f"{live_server.url}/hasil/tps/{TPS1}/ppwp/isi/")
        _fill(page, good_form())
        page.context.set_offline(True)
        page.click("button.primary[type=submit]")
        page.wait_for_selector("[data-outbox]:not([hidden])")
        assert "Luring" in page.inner_text("[data-outbox]")
        stored = page.evaluate("localStorage.getItem('pemilu.results.outbox')")
        assert stored and "idempotency_key" in stored
        assert not Result.objects.exists()
        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => localStorage.getItem('pemilu.results.outbox') === '[]'")
        assert Result.objects.get(tps_id=TPS1).versions.count() == 1
        # The same queued form sent again (a flaky connection lost the answer): still one form.
        page.evaluate("s => localStorage.setItem('pemilu.results.outbox', s)", stored)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => localStorage.getItem('pemilu.results.outbox') === '[]'")
        assert Result.objects.get(tps_id=TPS1).versions.count() == 1
        # ORM calls made while Playwright's loop runs get their own connection; close it.
        connections.close_all()


def _schedule_ppk_window_closed(contest: Any) -> None:
    """Windows set around the real clock (a browser cannot share a travelled clock: its session
    cookie would have expired): the PPK window closed yesterday, Kab/Kota's is open."""
    import datetime

    from pemilu.schedule.actions import do_load_builtin_schedule
    from pemilu.schedule.models import Stage
    from pemilu.schedule.queries import local_date

    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    today = local_date(contest.election)
    Stage.objects.filter(code="rekap-kecamatan").update(start=today - datetime.timedelta(days=16),
                                                        end=today - datetime.timedelta(days=1))
    Stage.objects.filter(code="rekap-kabkota").update(start=today - datetime.timedelta(days=14),
                                                      end=today + datetime.timedelta(days=2))


def test_the_recap_page_flags_overdue_levels_and_compares_the_typed_d_hasil(live_server: Any, cast: Cast) -> None:
    from pemilu.results import queries

    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    set_mode(contest, EntryMode.DIRECT)
    _schedule_ppk_window_closed(contest)
    for tps in Tps.objects.filter(kec_code="12.76.01").order_by("code"):
        do_submit_result(contest, tps, good_form(), actor=cast.ppk_a1)
    computed = queries.computed_rows(contest, "12.76.01")
    base = live_server.url
    connections.close_all()
    with chromium_page() as page:
        _login(page, base, cast.ppk_a1.username)
        page.goto(f"{base}/hasil/rekap/ppwp/12.76.01/")
        assert page.locator("[data-deadline=overdue]").count() == 1
        page.click("text=Ketik D.Hasil dari kertas")
        for code, row in computed.items():
            for key, value in row.items():
                page.fill(f"input[name='r:{code}:{key}']", str(value))
        page.fill("input[name='r:12.76.01.1007:2']", "970")  # 170 misread as 970
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        assert page.locator("[data-differences='1']").count() == 1
        assert page.locator("td.diff[data-diff='12.76.01.1007:2']").inner_text() == "970"
        page.click("button[name=action][value=lock]")
        page.wait_for_load_state()
        assert "selisih" in page.locator(".messages").inner_text()
        assert "Kuorum tidak tercapai: 0 dari 5" in page.locator(".messages").inner_text()
        # The berita acara (issue 21 item 4): four of the five PPK members present, a witness.
        page.click("text=Catat daftar hadir")
        for i in range(5):
            page.select_option(f"select[name='a:{i}:kind']", "member")
            page.fill(f"input[name='a:{i}:name']", f"Anggota PPK {i + 1}")
        page.uncheck("input[name='a:4:present']")
        page.select_option("select[name='a:5:kind']", "witness")
        page.fill("input[name='a:5:name']", "Saksi Satu")
        page.fill("input[name='a:5:represents']", "Pasangan Calon 01")
        screenshot(page, "results-plenary-attendance-form")
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        assert page.locator("[data-quorum='4/5:ok']").count() == 1
        assert page.locator("[data-attendance] tbody tr").count() == 6
        screenshot(page, "results-plenary-attendance")
        screenshot(page, "results-recap-d-hasil-differences")
        page.click("text=Ketik D.Hasil dari kertas")
        page.fill("input[name='r:12.76.01.1007:2']", "170")
        page.fill("#reason", "salah ketik 970, plano 170")
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        assert page.locator("[data-differences='0']").count() == 1
        page.click("button[name=action][value=lock]")
        page.wait_for_load_state()
        assert page.locator("[data-deadline=locked_late]").count() == 1
        _login(page, base, cast.kpu_admin_a.username)
        page.goto(f"{base}/hasil/rekap/ppwp/12.76/")
        states = page.locator("[data-child-deadline]").evaluate_all("els => els.map(e => e.dataset.childDeadline)")
        assert states == ["locked_late", "overdue"]
        assert page.locator("[data-deadline=open]").count() == 1
        screenshot(page, "results-recap-kabkota-deadlines")
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        page.goto(f"{base}/hasil/publik/ppwp/nasional/")
        for name in ("Sumatera Utara", "Kota Tebing Tinggi", "Padang Hulu", "Persiakan"):
            page.click(f"table[data-recap] a:text-is('{name}')")
            page.wait_for_load_state()
        screenshot(page, "results-public-desa")
        page.click("table[data-recap] a:text-is('TPS 001')")
        page.wait_for_load_state()
        assert "TPS 001" in page.content() or TPS1 in page.content()
        screenshot(page, "results-public-tps")
    assert Plenary.objects.get(region_code="12.76.01").status == "locked"
    connections.close_all()


def test_the_national_recap_shows_the_overseas_unit_and_99_its_ppln(live_server: Any, cast: Cast) -> None:
    """Issue 19 item 4: region 99 is one row of the national recap; its page lists the PPLN, the
    PPLN window (rekap-ppln) beside each, and KPU (national) holds its plenary."""
    from pemilu.accounts.actions import do_grant_role
    from pemilu.regions.importers import import_tps
    from pemilu.schedule.actions import do_load_builtin_schedule

    import_tps(b"kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to\n"
               b"9905010001,LUAR NEGERI,MALAYSIA,KBRI KUALA LUMPUR,KSK,1,1,,\n"
               b"9905020001,LUAR NEGERI,MALAYSIA,KJRI JOHOR BAHRU,TPS,1,1,,\n", actor=get_system_user(),
               create_missing=True)
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    set_mode(contest, EntryMode.DIRECT)
    for tps in Tps.objects.filter(prov_code="99"):
        do_submit_result(contest, tps, good_form(), actor=get_system_user())
    do_grant_role(cast.nobody, "kpu_admin", "", actor=get_system_user(), reason="KPU RI")
    base = live_server.url
    connections.close_all()
    with chromium_page() as page:
        _login(page, base, cast.nobody.username)
        page.goto(f"{base}/hasil/rekap/ppwp/nasional/")
        assert page.locator("table[data-recap] a:text-is('Luar Negeri')").count() == 1
        page.click("table[data-recap] a:text-is('Luar Negeri')")
        page.wait_for_load_state()
        rows = page.locator("[data-child-deadline]").evaluate_all("els => els.map(e => e.dataset.childDeadline)")
        assert len(rows) == 2  # the two PPLN, no country level in between
        assert page.locator("button[name=action][value=lock]").count() == 1
        screenshot(page, "results-recap-luar-negeri-ppln")
