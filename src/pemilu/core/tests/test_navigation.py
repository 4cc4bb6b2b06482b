"""The header by role (issue 20 item 6): each role sees only the sections it can use, every
link it sees opens, and the KPPS's first link is "Isi C.Hasil" for its own TPS."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.elections.models import Election
from pemilu.results.reference import do_setup_ppwp
from pemilu.testing.factories import PASSWORD, Cast, make_user

NAV = re.compile(r'<a href="([^"]+)" data-nav="([a-z-]+)"')


def nav_of(user: object | None) -> list[tuple[str, str]]:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    html = client.get("/tugas/" if user is not None else "/").content.decode()
    return [(key, url) for url, key in NAV.findall(html)]


@pytest.fixture
def election(cast: Cast) -> Election:
    from pemilu.adhoc.actions import do_create_recruitment

    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    do_create_recruitment(election, "kpps", "12.76", actor=cast.kpu_admin_a)
    return election


def keys(user: object | None) -> list[str]:
    return [k for k, _url in nav_of(user)]


def test_each_role_sees_only_its_sections(election: Election, cast: Cast) -> None:
    assert keys(None) == ["jadwal", "kursi", "hasil-publik", "lapor", "calon"]
    assert keys(cast.kpps_a1) == ["isi", "tugas", "hasil-publik"]
    assert keys(cast.pps_a1) == ["tugas", "penghitungan", "wilayah", "adhoc", "coklit", "sekretariat", "jadwal"]
    assert keys(cast.ppk_a1) == ["tugas", "penghitungan", "wilayah", "adhoc", "sekretariat", "jadwal"]
    assert keys(cast.bawaslu_a) == ["tugas", "penghitungan", "wilayah", "adhoc", "sekretariat", "netralitas", "asn",
                                     "pencalonan", "jadwal"]
    assert keys(cast.kpu_admin_a) == ["tugas", "penghitungan", "wilayah", "adhoc", "coklit", "sekretariat",
                                      "netralitas", "asn", "pencalonan", "jadwal", "kursi", "pengguna"]
    liaison = make_user("lo_a", "penghubung", "12.76")  # a party's liaison officer (candidacy)
    assert keys(liaison) == ["tugas", "penghitungan", "wilayah", "pencalonan", "jadwal"]
    assert keys(cast.nobody) == ["tugas", "hasil-publik"]
    pantarlih = make_user("pantarlih_a1", "pantarlih", "12.76.01.1006.001")
    assert keys(pantarlih) == ["tugas", "coklit", "hasil-publik"]


@pytest.mark.parametrize("who", ["kpps_a1", "pps_a1", "ppk_a1", "bawaslu_a", "kpu_staff_a", "kpu_admin_a"])
def test_every_section_a_role_sees_opens(election: Election, cast: Cast, who: str) -> None:
    user = getattr(cast, who)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    for key, url in nav_of(user):
        if key == "admin":
            continue
        response = client.get(url.replace("&amp;", "&"), follow=True)
        assert response.status_code == 200, (who, key, url, response.status_code)


def test_the_kpps_first_link_is_the_next_form_of_its_tps(election: Election, cast: Cast) -> None:
    from pemilu.regions.models import Tps
    from pemilu.results.actions import do_submit_result
    from pemilu.results.candidates import do_import_candidates
    from pemilu.results.demo import DEMO_DPD_CSV, synthetic_form
    from pemilu.results.models import Contest

    do_import_candidates(election, DEMO_DPD_CSV.encode(), actor=get_system_user(), filename="dpd.csv")
    first = nav_of(cast.kpps_a1)[0]
    assert first == ("isi", "/hasil/tps/12.76.01.1006.001/ppwp/isi/")     # the ballot order: PPWP, …, DPD
    form = synthetic_form("x")
    form["disabilitas_j"] = form["disabilitas_l"]
    do_submit_result(Contest.objects.get(code="ppwp"), Tps.objects.get(code="12.76.01.1006.001"), form,
                     actor=cast.kpps_a1)
    assert nav_of(cast.kpps_a1)[0] == ("isi", "/hasil/tps/12.76.01.1006.001/dpd-12/isi/")
