"""Cek DPT on a phone and "Tampilkan NIK" in a real browser (issue 22 items 6, 7): the public looks up
a registered NIK and gets the masked name and TPS; a junk NIK is refused; KPU staff reveal a NIK with
a reason. Screenshots in test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import lookup
from pemilu.voters.models import Voter, VoterListEntry
from pemilu.voters.tests.seed import listed_voters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cek_dpt_on_a_phone_and_a_nik_revealed(live_server: Any, cast: Cast, election: Election) -> None:
    rows = listed_voters(cast, election, count=30)
    listed = VoterListEntry.objects.exclude(tps=None).select_related("voter", "tps").order_by("voter_id").first()
    assert listed is not None and listed.tps is not None
    row = rows[listed.voter.source_line - 2]  # type: ignore[operator]
    with chromium_page({"width": 390, "height": 844}) as page:
        page.goto(f"{live_server.url}/pemilih/cek-dpt/")
        page.fill("#id_nik", "2222222222222222")
        page.click("#cek-form button")
        assert "tidak mungkin diterbitkan" in page.inner_text("#cek-error")
        screenshot(page, "voters-cek-dpt-junk-phone")
        page.fill("#id_nik", row["nik"])
        page.click("#cek-form button")
        result = page.inner_text("#cek-result")
        assert lookup.mask_name(row["nama"]) in result and f"{listed.tps.number:03d}" in result
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        screenshot(page, "voters-cek-dpt-found-phone")

        page.goto(f"{live_server.url}/akun/masuk/?next=/pemilih/data/{listed.voter_id}/")
        page.fill("#id_username", "kpu_staff_a")
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(f"**/pemilih/data/{listed.voter_id}/")
        assert row["nik"] not in page.content()
        page.fill("#id_reason", "klarifikasi tanggapan masyarakat")
        page.click("#reveal-form button")
        assert page.inner_text("#nik") == row["nik"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "voters-nik-revealed-phone")
    assert AuditEvent.objects.filter(event_type="voters.nik_viewed", target_id=str(listed.voter_id)).count() == 1
    assert Voter.objects.count() == 30
