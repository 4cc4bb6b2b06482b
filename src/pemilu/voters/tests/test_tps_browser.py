"""The mapping and DPTb pages in a real browser (issue 22 items 2, 5): KPU Tebing Tinggi sees each
kelurahan beside its 2024 TPS and runs the mapping; the PPS of Persiakan registers a DPTb voter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from pemilu.elections.models import Election
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import crypto
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import Coklit, Transfer, Voter
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, username: str, target: str) -> None:
    page.goto(f"{base}/akun/masuk/?next={target}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")


def test_kpu_maps_and_pps_registers_a_transfer(live_server: Any, cast: Cast, election: Election,
                                               voter_key: str) -> None:
    import_dp4(dp4_csv(dp4_rows(900, seed=9, with_tps=False)), election=election, region_code="12.76",
               actor=cast.kpu_staff_a)
    base = live_server.url
    with chromium_page() as page:
        login(page, base, cast.kpu_staff_a.username, "/pemilih/pemetaan-tps/?wilayah=12.76%26cap=100")
        page.goto(f"{base}/pemilih/pemetaan-tps/?wilayah=12.76&cap=100")
        row = page.locator('tr[data-desa="12.76.01.1006"]')
        assert "Persiakan" in row.inner_text() and "21" in row.inner_text()
        screenshot(page, "voters-tps-mapping")
        page.click("form[method=post] button.primary")
        page.wait_for_load_state("networkidle")
        assert "pemilih dipetakan" in page.content()
    assert not Voter.objects.filter(placement__tps__isnull=True).exclude(coklit=Coklit.NOT_ELIGIBLE).exists()
    voter = Voter.objects.filter(desa_code="12.76.01.1006").exclude(coklit=Coklit.NOT_ELIGIBLE).first()
    assert voter is not None
    nik = crypto.open_sealed(voter.nik_sealed)
    with override_settings(PEMILU_TODAY="2024-01-10"), chromium_page() as page:
        login(page, base, cast.pps_a1.username, "/pemilih/pindah-memilih/")
        page.goto(f"{base}/pemilih/pindah-memilih/")
        page.fill("input[name=nik]", nik)
        page.fill("input[name=destination]", "12.76.04.1002.001")
        page.select_option("select[name=reason]", "bekerja")
        screenshot(page, "voters-transfer-form")
        page.click("#transfer-form button.primary")
        page.wait_for_load_state("networkidle")
        screenshot(page, "voters-transfer-refused")
        # Mapped, but the DPT is not set yet: only DPT voters may move (test_transfers.py registers them).
        assert "pemilih belum terdaftar dalam DPT" in page.content()
    assert not Transfer.objects.exists()
