"""The voter list from DP4 to the C.Hasil in a real browser (issue 22 acceptance): the DP4 imported →
a Pantarlih records the coklit on a phone → the PPS compiles and announces the DPS → a member of the
public responds → the PPS resolves it → DPSHP → DPSHP Akhir → KPU Tebing Tinggi records its
plenary's attendance and sets the DPT → the TPS's C.Hasil shows its DPT prefilled."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.reference import do_setup_ppwp
from pemilu.testing.browser import chromium_page, login, screenshot
from pemilu.testing.factories import PASSWORD, Cast, make_user
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import DpsResponse, DptPlenary, Voter, VoterList
from pemilu.voters.rules import old_enough
from pemilu.voters.tests.conftest import KEY, dp4_csv, dp4_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PERSIAKAN = "12.76.01.1006"
TPS1 = f"{PERSIAKAN}.001"
COKLIT_DAY, ANNOUNCED, AFTER = "2023-03-01", "2023-04-20", "2023-04-21"
PHONE = {"width": 390, "height": 844}


def _login(page: Any, base: str, username: str) -> None:
    login(page, base, username, PASSWORD)


def _coklit_on_the_phone(page: Any, base: str, voters: list[Voter], voting_day: datetime.date) -> Voter:
    """Each voter of the TPS area: sesuai, or TMS (under age with the reason; one deceased). Returns
    the deceased."""
    page.goto(f"{base}/pemilih/coklit/tps/{TPS1}/")
    adults = [v for v in voters if old_enough(v.birth_date, v.marital, voting_day)]
    deceased = adults[-1]
    for voter in voters:
        card = page.locator(f"article#v{voter.pk}")
        if voter == deceased or voter not in adults:
            card.locator("summary[data-act=tms]").click()
            # Set without a change event: the area page's search form reloads the list on a change of any
            # select (hx-trigger "change from:select"), which would close this card (reported to vpeople).
            card.locator("select[name=reason]").evaluate(
                "(el, v) => { el.value = v; }", "meninggal" if voter == deceased else "di_bawah_umur")
            card.locator("textarea[name=evidence]").fill("akta kematian 1276-KM-2023-7" if voter == deceased
                                                         else "KK: belum 17 tahun, belum kawin")
            card.locator("[data-act=tms-simpan]").click()
        else:
            card.locator("button[data-act=sesuai]").click()
        page.locator(f"article#v{voter.pk}:not(.o-belum)").wait_for()
    return deceased


def _compile(page: Any, stage: str) -> None:
    page.click(f"button[data-compile={stage}]")
    page.wait_for_load_state()
    assert page.locator(f"tr[data-stage={stage}]").count() == 1, page.content()


def test_dp4_to_the_prefilled_c_hasil(live_server: Any, cast: Cast, settings: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    settings.PEMILU_TODAY = COKLIT_DAY
    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    # The DP4 from Dukcapil, imported by KPU Tebing Tinggi: the voters of TPS 001's area.
    rows = [r for r in dp4_rows(70, seed=4) if r["kode_desa"] == PERSIAKAN and r["tps"] == "1"]
    import_dp4(dp4_csv(rows), election=election, region_code=PERSIAKAN, actor=cast.kpu_staff_a)
    make_user("pantarlih_a1", "pantarlih", TPS1)
    voters = list(Voter.objects.filter(placement__tps__code=TPS1).order_by("pk"))
    assert 4 <= len(voters) <= 30, len(voters)  # one page of the Pantarlih's list
    base = live_server.url
    with chromium_page(viewport=PHONE) as page:
        # 1. The Pantarlih's coklit, door to door, on a phone.
        _login(page, base, "pantarlih_a1")
        deceased = _coklit_on_the_phone(page, base, voters, election.voting_day)
        screenshot(page, "voters-flow-1-coklit-phone")
        assert not Voter.objects.filter(coklit="belum").exists()

        # 2. The PPS compiles DPHP and DPS and announces the DPS.
        settings.PEMILU_TODAY = ANNOUNCED
        page.set_viewport_size({"width": 1280, "height": 900})
        _login(page, base, cast.pps_a1.username)
        page.goto(f"{base}/pemilih/desa/{PERSIAKAN}/")
        _compile(page, "dphp")
        _compile(page, "dps")
        page.fill("#place", "Kantor Lurah Persiakan")
        page.fill("#ends_on", ANNOUNCED)
        page.click("form[data-announce-form] button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("[data-announcement=open]").count() == 1
        screenshot(page, "voters-flow-2-dps-announced")

        # 3. A neighbour reports a listed voter who moved away, on the public page (no account).
        moved = next(v for v in voters if v != deceased and old_enough(v.birth_date, v.marital, election.voting_day))
        page.context.clear_cookies()
        page.set_viewport_size(PHONE)
        page.goto(f"{base}/pemilih/dps/{PERSIAKAN}/")
        assert page.locator(f"tr[data-voter='{moved.pk}']").count() == 1
        assert page.locator(f"tr[data-voter='{deceased.pk}']").count() == 0  # TMS at the coklit
        page.select_option("#kind", "tms")
        page.select_option("#voter_id", str(moved.pk))
        page.select_option("#reason", "pindah_domisili")
        page.fill("#details", "Sudah pindah ke Medan sejak Januari.")
        page.fill("#evidence", "surat keterangan pindah dari kelurahan")
        page.fill("#sender_name", "Tetangga di RT yang sama")
        page.click("form[data-public-response] button[type=submit]")
        page.locator("[data-sent]").wait_for()
        screenshot(page, "voters-flow-3-public-response")
        response = DpsResponse.objects.get()
        assert response.received_by is None and response.voter_id == moved.pk

        # 4. The PPS accepts it with the reason; after the window, DPSHP and DPSHP Akhir.
        page.set_viewport_size({"width": 1280, "height": 900})
        _login(page, base, cast.pps_a1.username)
        page.goto(f"{base}/pemilih/desa/{PERSIAKAN}/")
        row = page.locator(f"tr[data-response='{response.pk}']")
        row.locator("summary").click()
        row.locator("input[name=resolution]").fill("Surat pindah diperiksa, benar pindah domisili")
        row.locator("form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(f"tr[data-response='{response.pk}'][data-status=diterima]").count() == 1
        settings.PEMILU_TODAY = AFTER
        page.reload()
        _compile(page, "dpshp")
        _compile(page, "dpshp_akhir")
        screenshot(page, "voters-flow-4-dpshp-akhir")

        # 5. KPU Tebing Tinggi's plenary: the attendance (quorum), then the DPT is set.
        _login(page, base, cast.kpu_admin_a.username)
        page.goto(f"{base}/pemilih/pleno/12.76/")
        assert page.locator("button[data-set-dpt][disabled]").count() == 1  # no quorum yet
        for n in range(5):
            page.select_option(f"select[name='a:{n}:kind']", "member")
            page.fill(f"input[name='a:{n}:name']", f"Anggota KPU {n + 1}")
        page.click("form.attendance button.primary")
        page.wait_for_load_state()
        page.click("button[data-set-dpt]")
        page.wait_for_load_state()
        page.locator("[data-dpt-locked]").wait_for()
        screenshot(page, "voters-flow-5-dpt-plenary")
        attendance = page.locator("table.list").last.inner_text()
        assert "Anggota\tAnggota KPU 1" in attendance and "member" not in attendance  # the label, not the code
        page.goto(f"{base}/pemilih/rekap/12.76/")
        screenshot(page, "voters-flow-6-recap")
        assert DptPlenary.objects.get().status == "locked"
        dpt = VoterList.objects.get(stage="dpt", desa_code=PERSIAKAN)
        counts = dpt.by_tps[TPS1]
        assert dpt.total == len(voters) - Voter.objects.filter(coklit="tms").count()
        assert not dpt.entries.filter(voter_id__in=[moved.pk, deceased.pk]).exists()

        # 6. Voting day: the KPPS opens the TPS's C.Hasil on a phone, its DPT already filled in.
        page.set_viewport_size(PHONE)
        _login(page, base, cast.kpps_a1.username)
        page.goto(f"{base}/hasil/tps/{TPS1}/ppwp/isi/")
        shown = {s: page.input_value(f"input[data-field=dpt_{s}]") for s in ("l", "p", "j")}
        assert shown == {"l": str(counts["L"]), "p": str(counts["P"]), "j": str(counts["L"] + counts["P"])}
        page.locator("[data-dpt-set]").wait_for()
        screenshot(page, "voters-flow-7-chasil-prefilled")
        # A typed DPT that differs is flagged as the KPPS types (W3), before anything is sent.
        page.fill("input[data-field=dpt_l]", str(counts["L"] + 1))
        page.fill("input[data-field=dpt_j]", str(counts["L"] + counts["P"] + 1))
        page.locator("li[data-code='W3']").wait_for()
        screenshot(page, "voters-flow-8-chasil-w3")
