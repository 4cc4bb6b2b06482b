"""Debug pages never reach a user (issue 17 item 9). The three places the probe met Django's English
debug 404 (with DEBUG=True, the development default) now answer a page or a form error, and the
error pages themselves are Indonesian templates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results.reference import do_setup_ppwp
from pemilu.schedule.actions import do_load_builtin_schedule
from pemilu.schedule.models import Stage
from pemilu.testing.factories import Cast

DEBUG_404 = "Page not found"  # the title of Django's technical 404 page


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _no_debug_page(body: str) -> None:
    assert DEBUG_404 not in body and "Traceback" not in body and "Using the URLconf" not in body


@pytest.fixture(autouse=True)
def _debug_on(settings: Any) -> None:
    settings.DEBUG = True  # the development default, under which the probe saw the debug pages


@pytest.mark.django_db
def test_a_typod_region_code_on_the_local_schedule_form_is_a_form_error(cast: Cast) -> None:
    do_load_builtin_schedule("pemilu-2024", actor=get_system_user())
    form = {"stage_code": "pendaftaran-pps", "start": "2022-12-20", "end": "2023-01-05", "reason": "uji"}
    for user, code in ((cast.kpu_admin_a, "12.67"),      # a typo: no such kab/kota
                       (cast.kpu_admin_a, "12.76.99"),   # inside the scope, but no such kecamatan
                       (cast.kpu_admin_b, "12.76")):     # another kab/kota's code: same words, nothing revealed
        r = _as(user).post("/jadwal/pemilu-2024/lokal/", {**form, "region_code": code})
        body = r.content.decode()
        assert r.status_code == 400, (user, code, r.status_code)
        _no_debug_page(body)
        assert f"Kode wilayah &quot;{code}&quot; tidak dikenal atau di luar wilayah Anda." in body
        assert "Persiakan" not in body and "Kacaribu" not in body
    assert not Stage.objects.exclude(region_code="").exists()


@pytest.mark.django_db
def test_new_seat_run_without_a_region_opens_the_users_own_region(cast: Cast) -> None:
    r = _as(cast.kpu_admin_a).get("/kursi/baru/")
    assert r.status_code == 200
    assert 'value="12.76"' in r.content.decode()
    r = _as(cast.bawaslu_a).get("/kursi/baru/")  # a role, but not one that allocates seats
    assert r.status_code == 403
    body = r.content.decode()
    _no_debug_page(body)
    assert "Peran Anda tidak mengizinkan penghitungan kursi" in body


@pytest.mark.django_db
def test_a_c_hasil_page_before_any_entry_says_so(cast: Cast) -> None:
    do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    r = _as(cast.kpps_a1).get("/hasil/tps/12.76.01.1006.001/ppwp/")
    body = r.content.decode()
    assert r.status_code == 200, body[:300]
    assert "Belum ada C.Hasil yang dientri untuk TPS ini." in body
    assert "/hasil/tps/12.76.01.1006.001/ppwp/isi/" in body  # the KPPS may enter it
    # Still 404 (no data) outside the user's scope.
    assert _as(cast.kpu_admin_b).get("/hasil/tps/12.76.01.1006.001/ppwp/").status_code == 404


def test_the_error_pages_are_indonesian_templates(settings: Any) -> None:
    settings.DEBUG = False
    request = RequestFactory().get("/tidak-ada/")
    assert "Tidak ditemukan" in defaults.page_not_found(request, Exception()).content.decode()
    assert "Akses ditolak" in defaults.permission_denied(request, Exception()).content.decode()
    error = defaults.server_error(request)
    assert error.status_code == 500 and "Terjadi kesalahan di server" in error.content.decode()
    assert "Permintaan tidak sah" in defaults.bad_request(request, Exception()).content.decode()


@pytest.mark.django_db
def test_an_unknown_address_is_the_indonesian_404_in_production_mode(settings: Any) -> None:
    settings.DEBUG = False
    r = Client().get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404
    assert "Tidak ditemukan" in r.content.decode()
