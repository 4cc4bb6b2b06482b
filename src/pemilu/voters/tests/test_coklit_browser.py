"""The Pantarlih's coklit on a phone, in real Chromium (390×844): the Pantarlih logs in, lands on
"Tugas saya", opens their TPS area and records sesuai, ubah (one field), TMS (reason and evidence)
and a new voter (baru); each outcome is one small POST swapped into its card by htmx, the counters
follow. Screenshots in test-artifacts/coklit-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters.models import CoklitRecord, Voter
from pemilu.voters.tests import coklit_world
from pemilu.voters.tests.coklit_world import TPS1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_pantarlih_records_the_four_outcomes_on_a_phone(live_server: Any, cast: Cast, voter_key: str) -> None:
    world = coklit_world.build(cast)
    a, b, d = world["voters"][:3]
    base = live_server.url
    with chromium_page(PHONE) as page:
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", world["pantarlih"].username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        assert page.url.endswith("/tugas/")
        assert page.locator('[data-role="pantarlih"] [data-item="pantarlih.pending"]').is_visible()
        screenshot(page, "coklit-1-tugas")
        page.click('[data-item="pantarlih.pending"] a')
        page.wait_for_load_state()
        page.goto(f"{base}/pemilih/coklit/tps/{TPS1}/")
        assert page.locator("h1").inner_text().startswith("Coklit TPS 001")
        # The page fits the phone: no horizontal scroll, the outcome buttons are big targets.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        button = page.locator(f'#v{a.pk} [data-act="sesuai"]')
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 100
        screenshot(page, "coklit-2-area")
        # sesuai: one tap, the card comes back with its badge and the counter moves (htmx, no reload).
        button.click()
        page.wait_for_selector(f"#v{a.pk} .badge.b-sesuai")
        assert page.locator('[data-count="sesuai"] b').inner_text() == "1"
        # ubah: the fields open under the card; one field changed.
        page.click(f'#v{b.pk} summary[data-act="ubah"]')
        page.fill(f'#v{b.pk} form.fields input[name="alamat"]', "Jl. Kenanga No. 7")
        screenshot(page, "coklit-3-ubah")
        page.click(f'#v{b.pk} [data-act="ubah-simpan"]')
        page.wait_for_selector(f"#v{b.pk} .badge.b-ubah")
        # TMS: the regulation's reason and the evidence.
        page.click(f'#v{d.pk} summary[data-act="tms"]')
        page.select_option(f'#v{d.pk} select[name="reason"]', "meninggal")
        page.fill(f'#v{d.pk} textarea[name="evidence"]', "akta kematian 1276-KM-2023-0042")
        screenshot(page, "coklit-4-tms")
        page.click(f'#v{d.pk} [data-act="tms-simpan"]')
        page.wait_for_selector(f"#v{d.pk} .badge.b-tms")
        assert "Meninggal dunia" in page.locator(f"#v{d.pk}").inner_text()
        # baru: the new voter's form at the top of the page.
        page.click("#baru summary")
        for name, value in (("nik", "1276016502010003"), ("no_kk", "1276010101200011"), ("nama", "Sartika Lubis"),
                            ("tempat_lahir", "Medan"), ("alamat", "Jl. Melati 3"), ("rt", "001"), ("rw", "002"),
                            ("pekerjaan", "GURU"), ("evidence", "belum terdaftar, KTP-el baru")):
            page.fill(f'#baru [name="{name}"]', value)
        page.fill('#baru [name="tanggal_lahir"]', "2001-02-25")
        page.select_option('#baru [name="jenis_kelamin"]', "P")
        page.select_option('#baru [name="status_kawin"]', "B")
        screenshot(page, "coklit-5-baru")
        page.click('#baru [data-act="baru-simpan"]')
        page.wait_for_load_state()
        assert "Pemilih baru dicatat: Sartika Lubis" in page.locator(".messages").inner_text()
        # Search narrows the list as one types (htmx asks for the list only).
        page.fill('input[name="q"]', "Sartika")
        from playwright.sync_api import expect

        expect(page.locator("#list article.voter")).to_have_count(1)   # polls without eval (the CSP)
        screenshot(page, "coklit-6-search")
    new = Voter.objects.get(origin="baru")
    assert new.tps is not None and new.tps.code == TPS1
    assert {v.pk: v.coklit for v in Voter.objects.filter(pk__in=[a.pk, b.pk, d.pk])} == \
        {a.pk: "sesuai", b.pk: "ubah", d.pk: "tms"}
    assert set(CoklitRecord.objects.values_list("outcome", "actor_id")) == {
        ("sesuai", world["pantarlih"].pk), ("ubah", world["pantarlih"].pk), ("tms", world["pantarlih"].pk),
        ("baru", world["pantarlih"].pk)}
