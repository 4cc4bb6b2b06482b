"""The voter-list pages read their posts through forms (issue 18 item 9): a bad value is named, in
Indonesian, and nothing is written. Before, a duplicate that was not a number was a server error
(500) and a cap that was not a number silently became the election's default."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters.models import DuplicatePair
from pemilu.voters.tests.test_duplicates import searched  # noqa: F401  (the searched-queue fixture)


def test_a_duplicate_that_is_not_a_record_is_named_and_nothing_is_decided(
        cast: Cast, searched: Any) -> None:  # noqa: F811
    pair = DuplicatePair.objects.visible_to(cast.pps_a1).first()
    assert pair is not None
    client = Client()
    client.force_login(cast.pps_a1)
    page = client.post(f"/pemilih/ganda/{pair.pk}/putuskan/", {"decision": "ganda", "reason": "sama",
                                                                "duplicate": "yang kedua"}, follow=True)
    assert page.status_code == 200 and "Data ganda: harus bilangan bulat tidak negatif" in page.content.decode()
    pair.refresh_from_db()
    assert pair.status == "terbuka"


def test_a_cap_that_is_not_a_number_is_named(cast: Cast, election: Election) -> None:
    client = Client()
    client.force_login(cast.kpu_staff_a)
    page = client.get(f"/pemilih/pemetaan-tps/?wilayah=12.76&cap=banyak&pemilu={election.code}")
    assert page.status_code == 400
    assert "Pemilih per TPS paling banyak: harus bilangan bulat tidak negatif" in page.content.decode()
