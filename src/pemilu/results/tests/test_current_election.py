"""The results pages are about the election ``?pemilu=`` names, else the one with the latest voting
day (``elections.queries.current``, issue 18 item 2): never a fixed code, never the first row."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.models import Contest, EntryMode
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.factories import PASSWORD, Cast

TPS = "12.76.01.1006.001"


@pytest.fixture
def two(cast: Cast) -> tuple[Contest, Contest]:
    """PPWP in Pemilu 2024 (a form entered and accepted at TPS 001 Persiakan) and in a later election."""
    system = get_system_user()
    older = do_setup_ppwp(get_or_create_pemilu_2024(), actor=system)
    later = Election.objects.create(code="pemilu-2029", name="Pemilihan Umum 2029",
                                    voting_day=datetime.date(2029, 2, 14))
    newer = do_setup_ppwp(later, actor=system)
    set_mode(older, EntryMode.DIRECT)
    do_submit_result(older, Tps.objects.get(code=TPS), good_form(), actor=cast.kpps_a1)
    return older, newer


def _login(cast: Cast) -> Client:
    client = Client()
    assert client.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    return client


def test_the_public_recap_follows_pemilu(two: tuple[Contest, Contest]) -> None:
    older, newer = two
    client = Client()
    default = client.get("/hasil/publik/ppwp/nasional/")
    assert default.status_code == 200 and default.context["contest"] == newer  # the latest voting day
    assert default.context["total"]["suara_sah"] == 0
    chosen = client.get("/hasil/publik/ppwp/nasional/?pemilu=pemilu-2024")
    assert chosen.status_code == 200 and chosen.context["contest"] == older
    assert chosen.context["total"]["suara_sah"] == 172
    csv = client.get("/hasil/publik/ppwp/12.76.csv?pemilu=pemilu-2024").content.decode()
    assert "172" in csv and "172" not in client.get("/hasil/publik/ppwp/12.76.csv").content.decode()
    assert client.get("/hasil/publik/ppwp/nasional/?pemilu=tidak-ada").status_code == 404


def test_the_recap_and_form_pages_follow_pemilu(cast: Cast, two: tuple[Contest, Contest]) -> None:
    older, newer = two
    client = _login(cast)
    assert client.get("/hasil/rekap/ppwp/12.76/").context["contest"] == newer
    assert client.get("/hasil/rekap/ppwp/12.76/?pemilu=pemilu-2024").context["contest"] == older
    # The TPS page: the 2024 form under ?pemilu=pemilu-2024, "not entered yet" for the later election.
    entered = client.get(f"/hasil/tps/{TPS}/ppwp/?pemilu=pemilu-2024")
    assert entered.status_code == 200 and entered.context["result"].contest == older
    empty = client.get(f"/hasil/tps/{TPS}/ppwp/")
    assert empty.status_code == 200 and "result" not in empty.context and empty.context["contest"] == newer
    assert client.get("/hasil/?pemilu=pemilu-2024").context["election"] == older.election
    assert client.get("/hasil/").context["election"] == newer.election
    assert client.get("/hasil/rekap/ppwp/12.76/?pemilu=tidak-ada").status_code == 404
