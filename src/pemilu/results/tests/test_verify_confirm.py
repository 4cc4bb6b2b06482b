"""The PPK's "Verifikasi" asks first and says what it accepts (issue 20 item 9): GET shows the
form's figures and where they go, writes nothing; the POST from that page verifies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.regions.models import Tps
from pemilu.results.actions import do_submit_result
from pemilu.results.models import Contest, EntryMode, Result, ResultStatus
from pemilu.results.tests.conftest import good_form, set_mode
from pemilu.testing.crawl import read_page
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = pytest.mark.django_db
T = "/hasil/tps/12.76.01.1006.001/ppwp"


def client(user: object, lang: str = "id") -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_verify_asks_first_with_the_figures_it_accepts(cast: Cast, ppwp: Contest) -> None:
    set_mode(ppwp, EntryMode.VERIFY)
    do_submit_result(ppwp, Tps.objects.get(code="12.76.01.1006.001"), good_form(),
                     actor=cast.kpps_a1)
    detail = client(cast.ppk_a1).get(f"{T}/").content.decode()
    assert f'id="verify" href="{T}/verifikasi/"' in detail      # a link to the confirm step, not a POST
    before = AuditEvent.objects.count()
    r = client(cast.ppk_a1).get(f"{T}/verifikasi/")
    assert r.status_code == 200
    text, _links = read_page(r.content.decode())
    assert "172 suara sah, 6 suara tidak sah, 172 suara untuk 3 pilihan" in text.all
    english, _links = read_page(client(cast.ppk_a1, "en").get(f"{T}/verifikasi/").content.decode())
    assert "172 valid votes, 6 invalid votes, 172 votes for 3 choices" in english.all
    assert AuditEvent.objects.count() == before
    assert Result.objects.get(tps_id="12.76.01.1006.001").status == ResultStatus.SUBMITTED
    assert client(cast.kpps_a1).get(f"{T}/verifikasi/").status_code == 403
    assert client(cast.ppk_a1).post(f"{T}/verifikasi/").status_code == 302
    assert Result.objects.get(tps_id="12.76.01.1006.001").status == ResultStatus.ACCEPTED
    # Nothing waits any more: the confirm step sends the reader back to the form.
    assert client(cast.ppk_a1).get(f"{T}/verifikasi/").status_code == 302
