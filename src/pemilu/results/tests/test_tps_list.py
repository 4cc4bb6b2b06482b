"""The staff TPS list (issue 20 item 5): every one of the demo's 517 TPS reachable with paging,
search and filters by status and kelurahan; a page read in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pemilu.accounts.models import User
from pemilu.core.demo import DEMO_PASSWORD, load_regions, load_users
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.demo import synthetic_form
from pemilu.results.models import Contest
from pemilu.results.reference import do_setup_ppwp
from pemilu.results.tps_list import PAGE_SIZE

ROW = re.compile(r'data-tps="([0-9.]+)"')


@pytest.fixture
def demo_tps(db: None) -> Contest:
    from pemilu.accounts.actions import get_system_user

    actor = get_system_user()
    load_regions(actor, lambda _s: None)
    load_users(actor, lambda _s: None)
    contest = do_setup_ppwp(get_or_create_pemilu_2024(), actor=actor)
    for tps in Tps.objects.filter(desa_code="12.76.04.1002").order_by("code")[:3]:
        form = synthetic_form(tps.code)
        form["disabilitas_j"] = form["disabilitas_l"]
        do_submit_result(contest, tps, form, actor=actor)
    return contest


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    user = User.objects.get(username=username)
    assert user.is_active
    return client


def codes(client: Client, query: str) -> list[str]:
    response = client.get("/hasil/?" + query)
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def test_it_reaches_every_tps_of_the_demo_page_by_page(demo_tps: Contest) -> None:
    client = login("kpu.tebingtinggi")
    total = Tps.objects.filter(kab_code="12.76").count()
    assert total == 517
    seen: list[str] = []
    page = 1
    while True:
        found = codes(client, f"page={page}")
        assert 0 < len(found) <= PAGE_SIZE
        seen += found
        if len(seen) >= total or page > 20:
            break
        page += 1
    assert page == -(-total // PAGE_SIZE) == 11
    assert sorted(seen) == sorted(Tps.objects.filter(kab_code="12.76").values_list("code", flat=True))
    assert len(set(seen)) == 517


def test_it_filters_by_kelurahan_status_and_search(demo_tps: Contest) -> None:
    client = login("kpu.tebingtinggi")
    pelita = list(Tps.objects.filter(desa_code="12.76.04.1002").order_by("code").values_list("code", flat=True))
    assert codes(client, "kelurahan=12.76.04.1002") == pelita
    assert codes(client, "status=submitted") == pelita[:3]
    assert codes(client, "status=submitted&kelurahan=12.76.01.1006") == []
    assert set(codes(client, "q=Pelita")) == set(pelita)
    assert codes(client, "q=12.76.04.1002.001") == [pelita[0]]
    page = client.get("/hasil/?status=empty").content.decode()
    assert "Menunggu verifikasi (3)" in page and "Belum diisi (514)" in page


def test_it_shows_each_user_their_own_tps_only(demo_tps: Contest) -> None:
    assert codes(login("kpps.persiakan001"), "") == ["12.76.01.1006.001"]
    pelita = codes(login("pps.pelita"), "")
    assert pelita and all(c.startswith("12.76.04.1002.") for c in pelita)
    assert codes(login("pps.pelita"), "kelurahan=12.76.01.1006") == []


def test_a_page_costs_the_same_queries_whatever_it_holds(demo_tps: Contest) -> None:
    client = login("kpu.tebingtinggi")
    client.get("/hasil/")

    def count(query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            found = codes(client, query)
        return len(ctx.captured_queries), len(found)

    full, n_full = count("page=1")
    last, n_last = count("page=11")
    few, n_few = count("status=submitted")
    assert (n_full, n_last, n_few) == (50, 17, 3)
    assert full == last == few, (full, last, few)


def test_the_recaps_are_listed_by_the_region_s_name(demo_tps: Contest) -> None:
    # People read "Kota Tebing Tinggi", not "12.76"; the code stays beside it and in the link.
    page = login("kpu.tebingtinggi").get("/hasil/").content.decode()
    assert re.search(r"<li>Kota Tebing Tinggi <span class=\"muted\">12\.76</span>: <a href=\"/hasil/rekap/", page), page
