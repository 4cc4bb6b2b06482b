"""Consequential one-click actions ask first and say how many records they touch; no area is
"below the minimum" before its registration opens (issue 20 item 9)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.test import Client

from pemilu.adhoc import actions, queries
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.adhoc.tests.conftest import register
from pemilu.audit.models import AuditEvent
from pemilu.testing.crawl import read_page
from pemilu.testing.factories import PASSWORD, Cast

PERSIAKAN, BANDAR_SONO, PELITA = "12.76.01.1006", "12.76.01.1007", "12.76.04.1002"


def client(user: Any, lang: str = "id") -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def shown(c: Client, url: str, **query: str) -> str:
    r = c.get(url, query)
    assert r.status_code == 200, (url, r.status_code)
    text, _links = read_page(r.content.decode())
    return text.all


def test_starting_a_recruitment_asks_first_and_says_how_many_areas(cast: Cast, election: Any) -> None:
    staff = client(cast.kpu_staff_a)
    home = staff.get("/adhoc/").content.decode()
    assert f'id="create-kpps" href="/adhoc/buat/?pemilu={election.code}&amp;body=kpps&amp;region=12.76"' in home
    before = AuditEvent.objects.count()
    # The cast's Kota Tebing Tinggi has 7 TPS (Persiakan 3, Bandar Sono 2, Pelita 2): 7 × 7 seats.
    page = shown(staff, "/adhoc/buat/", body="kpps", region="12.76", pemilu=election.code)
    assert "membuat 7 wilayah pembentukan (TPS) dengan 49 kursi anggota" in page
    assert "Ya, buat 7 wilayah" in page
    english = shown(client(cast.kpu_staff_a, "en"), "/adhoc/buat/", body="kpps", region="12.76")
    assert "creates 7 formation areas (TPS) with 49 member seats" in english
    assert not Recruitment.objects.exists() and AuditEvent.objects.count() == before  # GET writes nothing
    r = staff.post(f"/adhoc/buat/?pemilu={election.code}", {"body": "kpps", "region": "12.76"})
    assert r.status_code == 302
    assert Recruitment.objects.get(body="kpps").areas.count() == 7


def test_marking_everyone_ms_asks_first_and_says_how_many(cast: Cast, rec: Recruitment) -> None:
    staff = cast.kpu_staff_a
    for code in (PERSIAKAN, BANDAR_SONO, PELITA):
        for _ in range(6):
            register(rec, staff, area_code=code, domicile_code=code)
    lacking = register(rec, staff, docs=False)      # no documents: needs evidence, stays unverified
    actions.do_close_registration(rec, actor=staff)
    page = client(staff).get(f"/adhoc/{rec.pk}/").content.decode()
    assert f'id="verify-eligible" href="/adhoc/{rec.pk}/aksi/verifikasi-ms/"' in page
    before = AuditEvent.objects.count()
    n = queries.eligible_unverified(rec).count()
    assert n == 18
    text = shown(client(staff), f"/adhoc/{rec.pk}/aksi/verifikasi-ms/")
    assert "18 pelamar yang belum diteliti dan memenuhi semua syarat akan ditandai MS" in text
    assert "Ya, tandai 18 pelamar MS" in text
    assert "19 pelamar" in shown(client(staff), f"/adhoc/{rec.pk}/aksi/periksa-syarat/")
    assert AuditEvent.objects.count() == before and not Applicant.objects.filter(admin_result="ms").exists()
    assert client(staff).post(f"/adhoc/{rec.pk}/aksi/verifikasi-ms/").status_code == 302
    assert Applicant.objects.filter(admin_result="ms").count() == 18
    assert Applicant.objects.get(pk=lacking.pk).admin_result == ""
    assert client(cast.bawaslu_a).get(f"/adhoc/{rec.pk}/aksi/verifikasi-ms/").status_code == 403
    assert client(cast.kpu_admin_b).get(f"/adhoc/{rec.pk}/aksi/verifikasi-ms/").status_code == 404


def test_no_area_is_below_the_minimum_before_registration_opens(cast: Cast, election: Any) -> None:
    staff = cast.kpu_staff_a
    draft = actions.do_create_recruitment(election, "pps", "12.76", actor=staff)
    assert not draft.registrants_matter and not draft.registration_opened
    page = shown(client(staff), f"/adhoc/{draft.pk}/")
    assert "di bawah minimal" not in page and "pendaftaran belum dibuka" in page
    assert 'class="flag"' not in client(staff).get(f"/adhoc/{draft.pk}/").content.decode()
    area = draft.areas.get(code=PERSIAKAN)
    assert "error" not in client(staff).get(f"/adhoc/{draft.pk}/wilayah/{area.pk}/").content.decode().split(
        'id="area-count" class="')[1][:6]

    # Opened with a start still to come: not yet either.
    today = queries.today(election)
    later = actions.do_open_registration(draft, actor=staff, start=today + datetime.timedelta(days=3),
                                         end=today + datetime.timedelta(days=10))
    assert later.registration_opened is False
    assert "di bawah minimal" not in shown(client(staff), f"/adhoc/{later.pk}/")

    # Once it has opened, an empty area is below the minimum.
    Recruitment.objects.filter(pk=later.pk).update(registration_start=today)
    page = shown(client(staff), f"/adhoc/{later.pk}/")
    assert "3 wilayah di bawah minimal pendaftar." in page and "di bawah minimal: perpanjang" in page
