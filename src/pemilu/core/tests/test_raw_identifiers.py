"""No raw identifiers on any page of the demo, in Indonesian or English (issue 20 item 8).

The demo (``pemilu demo``: Kota Tebing Tinggi with its 517 TPS, recruitment, secretariats, cases,
results, on its day 2024-02-19) is loaded once per test process (``shared_demo``); the first demo
user of each role (and an anonymous visitor) then crawls the site from ``/`` in both languages,
following links (``pemilu.testing.crawl``), plus ``SEEDS`` for the pages no link leads to. Every
page read must be free of dotted audit event types, ``snake_case`` enum values, contest codes,
Python reprs, "Kota Kota" and numbers of four digits or more without thousands separators
(``raw_identifiers``). Every page route of the URL configuration is read by someone, is POST-only
(answers GET with 405), is a file (``crawl.SKIP_PATH``), or says in ``NOT_CRAWLED`` why not.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from pemilu.core.demo import DEMO_PASSWORD, DEMO_USERS
from pemilu.testing.crawl import SKIP_PATH, Page, Vocabulary, crawl, raw_identifiers, read_page, vocabulary
from pemilu.testing.demo import DEMO_DAY, SharedDemo
from pemilu.testing.ladder import all_keys

# Pages no link of the demo leads to (who reads them, the URL filled from the demo's ids).
SEEDS: list[tuple[str | None, str]] = [
    (None, "/akun/masuk/"),
    (None, "/akun/aktivasi/"),
    (None, "/adhoc/daftar/akun/"),
    ("kpu.tebingtinggi", "/adhoc/{rec}/aksi/verifikasi-ms/"),   # shown in the verification step
    ("kpu.tebingtinggi", "/adhoc/{rec}/aksi/periksa-syarat/"),
    ("kpu.tebingtinggi", "/hasil/tps/{submitted}/ppwp/verifikasi/"),  # the demo's PPK has none waiting
    ("kpu.tebingtinggi", "/sekretariat/{sec}/cari-asn/?q=a"),  # an htmx search fragment
    ("kpu.tebingtinggi", "/pemilih/tps/12.76.01.1006.001/model-a/"),  # the export forms (issue 22 item 6)
    ("kpu.tebingtinggi", "/pemilih/wilayah/12.76/salinan-partai/"),
    # Voter-list and candidacy pages without a link from the crawl's demo (it builds no voter list:
    # no PEMILU_VOTER_KEY), read empty (issues 22, 23).
    (None, "/cek-dukungan/"),
    ("kpu.tebingtinggi", "/pemilih/desa/12.76.01.1006/"),
    ("kpu.tebingtinggi", "/pemilih/ganda/"),
    ("kpu.tebingtinggi", "/pemilih/pemetaan-tps/"),
    ("kpu.tebingtinggi", "/pemilih/pindah-memilih/"),
    ("kpu.tebingtinggi", "/pemilih/pleno/12.76/"),
    ("kpu.tebingtinggi", "/pemilih/rekap/12.76/"),
    ("kpu.tebingtinggi", "/pencalonan/dpd/"),
    ("kpu.tebingtinggi", "/pencalonan/dpd/verifikasi/"),
]

# Page routes the crawl does not read, and why.
NOT_CRAWLED: dict[str, str] = {
    "/i18n/setlang/": "the language switch (POST)",
    "/api/v1/": "the API (JSON)",
    "/api/v1/docs": "the API documentation (Swagger UI's own words)",
    "/api/v1/openapi.json": "the API schema",
    "/akun/keluar/": "logout",
    "/jadwal/{code}/jadwal.{fmt}": "the schedule as a file (iCalendar, CSV)",
    "/adhoc/pengumuman/{pk}/status/": "an announcement's state (htmx); the demo has no announcement",
    "/adhoc/pengumuman/{pk}/tanggapan/": "the comment form of an announcement; the demo has no announcement",
    "/asn/impor/{pk}/": "a background import's progress; the demo runs none",
    "/kursi/penetapan/{pk}/": "a published seat decree; the demo leaves locking, allocating and publishing to KPU Kota",
    "/kursi/penetapan/{pk}/anggota/{member_id}/": "an elected member of a published decree (none in the demo)",
    "/pemilih/data/{voter_id}/": "a voter's record; the demo has no voters yet (issue 22 item 9)",
    "/pemilih/dps/{code}/": "a desa's announced DPS; the crawl's demo builds no voter list (no PEMILU_VOTER_KEY)",
    "/pencalonan/ajukan/": "the party liaison officer's form; the crawl's demo appoints no post (candidacy/demo.py "
                           "needs PEMILU_VOTER_KEY)",
    "/pencalonan/daftar/{pk}/": "a candidate list; the crawl's demo has no candidacy data (no PEMILU_VOTER_KEY)",
    "/pencalonan/publik/dapil/{pk}/": "a dapil's public DCS/DCT; the crawl's demo has no candidacy data",
    "/pencalonan/daftar/{pk}/persyaratan/": "a list's documents desk; the demo has no candidacy data",
    "/pencalonan/publik/calon/{pk}/riwayat-hidup/": "a file (a candidate's published CV), not a page",
    "/pencalonan/dpd/{candidate_id}/": "a DPD candidate; the demo has none",
    "/pencalonan/dpd/pendukung/{supporter_id}/verifikasi/": "a DPD supporter's verification; the demo has none",
}


VOCAB = Vocabulary(event_types={"results.entered"}, enum_values={"not_met", "first_entry"},
                   contest_codes={"ppwp", "dpd-12"})


def found(html: str) -> list[str]:
    text, _links = read_page(f"<html><head><title>results.entered</title></head><body>{html}</body></html>")
    return sorted({f.split(" ")[0] + " " + f.split(" ")[1] for f in raw_identifiers(text, VOCAB)})


def test_each_kind_of_raw_identifier_is_caught() -> None:
    assert found("<td><code>results.entered</code></td>") == ["event type"]
    assert found("<p>Hasil: not_met</p>") == ["enum value"]
    assert found("<a href='/hasil/rekap/ppwp/12.76/'>ppwp</a> dpd-12") == ["contest code"]
    assert found("<pre>{'status': 'accepted'}</pre>") == ["repr \"{'status':"]
    assert found("<h1>KOTA KOTA TEBING TINGGI</h1>") == ["doubled kind"]
    assert found("<td class='num'>13895</td>") == ["number without"]


def test_words_codes_and_formatted_numbers_pass() -> None:
    assert found("<td>C.Hasil diisi</td><td>Pilpres</td><td>DPD Sumatera Utara</td>") == []
    assert found("<td>13.895</td><td>1,560</td><td>2024</td><td>14-02-2024 07:00</td>") == []
    assert found("<code>12.76.01.1001.001</code> <code>1101</code> NIK 127605********75") == []
    assert found("<p>nilai <code>non_asn_apbd</code> pada kolom status</p>") == []
    assert found("<script>var x = {'a': 1}; results.entered</script><a href='/hasil/ppwp/'>Pilpres</a>") == []
    assert found("<p>Kota Tebing Tinggi</p><p>ppwp-extra</p>") == []


@pytest.fixture
def quiet() -> Iterator[None]:
    """403 answers on the crawl (a link the role may not follow) log a traceback each."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def _client(username: str | None, lang: str) -> Client:
    from django.http import HttpRequest

    client = Client()
    if username:
        assert client.login(username=username, password=DEMO_PASSWORD, request=HttpRequest())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def _post_only(route: str) -> bool:
    """A route whose view answers GET with 405 (its placeholders filled with plausible values)."""
    client = _client(DEMO_USERS[0][0], "id")
    for code in ("12.76", "pemilu-2024"):
        url = route.replace("{code}", code).replace("{region}", "12.76").replace("{contest_code}", "ppwp")
        url = re.sub(r"\{(verb|what)\}", "x", re.sub(r"\{\w*(pk|_id)\}", "1", url))
        if client.get(url).status_code == 405:
            return True
    return False


def _ids() -> dict[str, Any]:
    from pemilu.adhoc.models import Recruitment
    from pemilu.results.models import Result, ResultStatus
    from pemilu.secretariats.models import Secretariat

    return {"rec": Recruitment.objects.order_by("pk").values_list("pk", flat=True).first(),
            "sec": Secretariat.objects.order_by("pk").values_list("pk", flat=True).first(),
            "submitted": Result.objects.filter(status=ResultStatus.SUBMITTED, contest__code="ppwp")
            .order_by("tps_id").values_list("tps_id", flat=True).first()}


@override_settings(PEMILU_TODAY=DEMO_DAY)    # the demo as `python3 tasks.py demo` shows it
def test_no_page_of_the_demo_shows_a_raw_identifier(shared_demo: SharedDemo, quiet: None) -> None:
    started = time.monotonic()
    vocab = vocabulary()
    ids = _ids()
    pages: list[tuple[str, str, Page]] = []
    one_per_role = {role: username for username, _name, role, _scope, _desc in reversed(DEMO_USERS)}
    for username in [None, *sorted(one_per_role.values())]:
        seeds = ["/", *(url.format(**ids) for who, url in SEEDS if who == username)]
        for lang in ("id", "en"):
            pages += [(username or "anonim", lang, p) for p in crawl(_client(username, lang), seeds)]
    problems: dict[str, set[str]] = {}
    for who, lang, page in pages:
        for found in raw_identifiers(page.text, vocab):
            problems.setdefault(f"{page.route} — {found}", set()).add(f"{who}/{lang} {page.url}")
        if page.status >= 500:
            problems.setdefault(f"{page.route} — status {page.status}", set()).add(f"{who}/{lang} {page.url}")
    report = "\n".join(f"{k}  [{sorted(v)[0]}{' …' if len(v) > 1 else ''}]" for k, v in sorted(problems.items()))
    assert not problems, f"Raw identifiers on {len(problems)} page/finding pairs:\n{report}"

    read = {p.route for _w, _l, p in pages}
    unread = sorted(k for k in all_keys() if k.startswith("/") and k not in read and k not in NOT_CRAWLED
                    and not SKIP_PATH.search(k) and not _post_only(k))
    assert not unread, ("Pages the crawl did not read (link them, add a SEED or say in NOT_CRAWLED why): "
                        f"{unread}")
    # The issue's own example: "Mulai rekrutmen KPPS" says it creates 517 areas, with separators.
    for lang, words in (("id", "517 wilayah pembentukan (TPS) dengan 3.619 kursi"),
                        ("en", "517 formation areas (TPS) with 3,619 member seats")):
        confirm = _client("kpu.tebingtinggi", lang).get("/adhoc/buat/", {"body": "kpps", "region": "12.76"})
        assert words in read_page(confirm.content.decode())[0].all
    elapsed: Any = time.monotonic() - started
    assert len(pages) > 300, len(pages)
    print(f"{len(pages)} pages read in {elapsed:.1f} s")
