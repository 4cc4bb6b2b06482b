"""The duplicates queue in a real browser (issue 22 item 4): the PPS of Persiakan opens the queue,
decides a pair as ganda with a reason; the record is marked TMS (ganda), not removed."""

from __future__ import annotations

from typing import Any

import pytest

from pemilu.elections.models import Election
from pemilu.testing.browser import chromium_page, screenshot
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters.models import DuplicatePair
from pemilu.voters.tests.ladder_duplicates import duplicate_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pps_decides_a_pair_on_the_queue_page(live_server: Any, cast: Cast, election: Election,
                                                  voter_key: str) -> None:
    pair = DuplicatePair.objects.get(pk=duplicate_ids(cast)["pair"])
    base = live_server.url
    with chromium_page() as page:
        page.goto(f"{base}/akun/masuk/?next=/pemilih/ganda/")
        page.fill("#id_username", cast.pps_a1.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{base}/pemilih/ganda/")
        row = page.locator(f"#pair-{pair.pk}")
        assert "********" in row.inner_text()  # NIK masked
        row.locator("summary").click()
        row.locator("input[value=ganda]").check()
        row.locator("input[name=reason]").fill("Orang yang sama, KTP-el diperiksa")
        screenshot(page, "voters-duplicates-queue")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert "Keputusan dicatat" in page.content()
        page.goto(f"{base}/pemilih/ganda/?status=ganda")
        screenshot(page, "voters-duplicates-decided")
        assert "Orang yang sama" in page.locator(f"#pair-{pair.pk}").inner_text()
    pair.refresh_from_db()
    assert pair.status == "ganda" and pair.decided_by == cast.pps_a1
    loser = pair.duplicate
    assert loser is not None
    assert (loser.coklit, loser.not_eligible_reason) == ("tms", "ganda")
