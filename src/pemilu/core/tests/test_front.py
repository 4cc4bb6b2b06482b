"""The public front page (issue 20 item 7): anonymous `/` is a page, not the login form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.testing.factories import Cast

pytestmark = pytest.mark.django_db


def test_anonymous_root_is_the_public_page_with_the_portal_one_click_away(client: Client) -> None:
    get_or_create_pemilu_2024()
    page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="front"' in body and "Pemilihan Umum 2024" in body
    # One click: the recruitment portal, the announcements, the results, the report form, the schedule.
    for href in ('href="/adhoc/daftar/akun/"', 'href="/adhoc/daftar/"', 'href="/adhoc/pengumuman/"',
                 'href="/hasil/publik/"', 'href="/netralitas/lapor/"', 'href="/jadwal/pemilu-2024/"',
                 'href="/akun/aktivasi/"'):
        assert href in body, href
    assert client.get("/adhoc/daftar/akun/").status_code == 200  # the applicant sign-up answers a visitor
    assert client.get("/adhoc/daftar/")["Location"] == "/akun/masuk/?next=/adhoc/daftar/"  # the portal: sign in


def test_the_front_page_without_any_election_still_answers(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'href="/adhoc/daftar/"' in page.content.decode()


def test_signed_in_people_go_to_their_dashboard(client: Client, cast: Cast) -> None:
    client.force_login(cast.kpu_staff_a)
    page = client.get("/")
    assert page.status_code == 302 and page["Location"] == "/tugas/"


def test_the_login_page_links_the_signup(client: Client) -> None:
    body = client.get("/akun/masuk/").content.decode()
    assert 'href="/adhoc/daftar/akun/"' in body and 'href="/akun/aktivasi/"' in body


def test_the_stages_open_today_are_listed_by_name(client: Client, settings: Any) -> None:
    from pemilu.accounts.actions import get_system_user
    from pemilu.schedule.actions import do_load_builtin_schedule

    get_or_create_pemilu_2024()
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    settings.PEMILU_TODAY = "2024-02-19"
    body = client.get("/").content.decode()
    open_stages = body.split('id="open-stages"', 1)[1].split("</ul>", 1)[0]
    assert "Rekapitulasi" in open_stages and "<li> <span" not in open_stages  # a name before every date
