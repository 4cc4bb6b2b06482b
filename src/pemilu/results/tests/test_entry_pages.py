"""The entry page (issue 20 item 6): an accepted C.Hasil shows its figures and the way to a
correction instead of an empty form; a server-side error keeps every typed value."""

from __future__ import annotations

import re

from django.test import Client

from pemilu.accounts.actions import get_system_user
from pemilu.regions.models import Tps
from pemilu.results.actions import locked_result, record_import
from pemilu.results.models import Contest, Result
from pemilu.results.tests.conftest import good_form
from pemilu.testing.factories import PASSWORD, Cast

URL = "/hasil/tps/12.76.01.1006.001/ppwp/isi/"


def client_of(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def values(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', html))


def test_an_accepted_form_shows_its_figures_and_ajukan_koreksi(cast: Cast, ppwp: Contest) -> None:
    record_import(locked_result(ppwp, Tps.objects.get(code="12.76.01.1006.001")), good_form(), actor=get_system_user(),
                  filename="t")
    assert Result.objects.get().status == "accepted"
    kpps = client_of(cast.kpps_a1).get(URL).content.decode()
    assert "data-accepted" in kpps and 'data-vote="2">85<' in kpps
    assert 'name="v:1"' not in kpps and "idempotency_key" not in kpps      # no form to type again
    assert "Ajukan koreksi kepada PPK" in kpps
    ppk = client_of(cast.ppk_a1).get(URL).content.decode()
    assert 'data-ask-correction href="/hasil/tps/12.76.01.1006.001/ppwp/koreksi/"' in ppk
    assert "Ajukan koreksi" in ppk


def test_a_server_side_error_keeps_every_typed_value(cast: Cast, ppwp: Contest) -> None:
    typed = {k: str(v) for k, v in good_form().items() if k != "votes"}
    typed["ss_rusak"] = "1x"                                   # refused on the server, not a number
    posted = {**typed, "v:1": "47", "v:2": "85", "v:3": "40", "ack:W2": "plano memang begitu",
              "idempotency_key": "k1"}
    response = client_of(cast.kpps_a1).post(URL, posted)
    assert response.status_code == 422
    html = response.content.decode()
    assert "data-server-error" in html
    shown = values(html)
    for name, value in posted.items():
        if name != "idempotency_key":
            assert shown.get(name) == value, (name, shown.get(name), value)
    assert not Result.objects.exists()


def test_a_refused_check_keeps_the_values_too(cast: Cast, ppwp: Contest) -> None:
    typed = {k: str(v) for k, v in good_form().items() if k != "votes"}
    posted = {**typed, "v:1": "47", "v:2": "850", "v:3": "40", "idempotency_key": "k2"}   # votes ≠ suara sah
    response = client_of(cast.kpps_a1).post(URL, posted)
    assert response.status_code == 422
    shown = values(response.content.decode())
    assert shown["v:2"] == "850" and shown["suara_sah"] == typed["suara_sah"]


def test_a_refused_correction_keeps_values_and_reason(cast: Cast, ppwp: Contest) -> None:
    record_import(locked_result(ppwp, Tps.objects.get(code="12.76.01.1006.001")), good_form(), actor=get_system_user(),
                  filename="t")
    typed = {k: str(v) for k, v in good_form().items() if k != "votes"}
    typed["dpt_l"] = "abc"
    response = client_of(cast.ppk_a1).post("/hasil/tps/12.76.01.1006.001/ppwp/koreksi/",
                                           {**typed, "v:1": "48", "v:2": "84", "v:3": "40",
                                            "reason": "salah salin dari plano"})
    assert response.status_code == 422
    html = response.content.decode()
    assert values(html)["dpt_l"] == "abc" and values(html)["v:1"] == "48"
    assert ">salah salin dari plano</textarea>" in html
