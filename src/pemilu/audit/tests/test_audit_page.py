"""The audit trail in words (issue 20 item 8): labels, not ``results.entered``; details as
"name: value" lines, not a Python dict."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from pemilu.audit.display import changes
from pemilu.testing.crawl import read_page
from pemilu.testing.factories import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def _page(cast: Cast, lang: str) -> str:
    from django.conf import settings

    client = Client()
    assert client.login(username=cast.kpu_admin_a.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    r = client.get("/audit/12.76/")
    assert r.status_code == 200
    return str(r.content.decode())


def test_it_names_event_types_in_words_in_both_languages(cast: Cast) -> None:
    text_id, _links = read_page(_page(cast, "id"))
    text_en, _links = read_page(_page(cast, "en"))
    assert "Peran diberikan" in text_id.all and "Role granted" in text_en.all
    for text in (text_id, text_en):
        assert "accounts.role_granted" not in text.all
        assert "{'" not in text.all and "[{" not in text.all


def test_it_keeps_the_event_type_for_the_filter(cast: Cast) -> None:
    html = _page(cast, "id")
    assert '<option value="accounts.role_granted"' in html and ">Peran diberikan</option>" in html


def test_changes_show_labels_and_separators() -> None:
    with translation.override("id"):
        rows = changes({"status": "empty"}, {"status": "accepted", "version": 1, "rows": 12345},
                       "results.result")
    assert rows[0] == ("status", "Belum diisi", "Diterima")
    assert ("baris", "", "12.345") in rows
    with translation.override("en"):
        rows = changes(None, {"anonymous": True, "created": 1560}, "")
    assert rows == [("anonymous", "", "yes"), ("new", "", "1,560")]
