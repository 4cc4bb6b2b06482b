"""Issue 22 item 7, "Cek DPT": a valid registered NIK → masked name + TPS; an invalid one → refused
before any lookup; no partial search, no difference between "not registered" and "registered but not
on the public list"; the 11th request per hour from one address → 429, on the page and in the API."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from pemilu.accounts.tests.test_throttle import REDIS_URL, _redis_up, _shared_redis
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters import lookup
from pemilu.voters.models import Voter, VoterListEntry
from pemilu.voters.tests.seed import listed_voters

URL = "/pemilih/cek-dpt/"
API = "/api/v1/voters/cek-dpt"


def _on_list(rows: list[dict[str, str]]) -> tuple[dict[str, str], Voter]:
    """A DP4 row whose voter is on the desa's DPS (with a TPS)."""
    listed = set(VoterListEntry.objects.values_list("voter_id", flat=True))
    for row in rows:
        voter = Voter.objects.get(source_line=rows.index(row) + 2)
        if voter.pk in listed and voter.tps is not None:
            return row, voter
    raise AssertionError("no listed voter")


def test_a_registered_nik_answers_the_masked_name_and_the_tps(cast: Cast, election: Election) -> None:
    rows = listed_voters(cast, election)
    row, voter = _on_list(rows)
    assert voter.tps is not None
    r = Client().post(URL, {"nik": row["nik"]})
    assert r.status_code == 200
    text = r.content.decode()
    assert lookup.mask_name(row["nama"]) in text and row["nama"] not in text
    assert f"{voter.tps.number:03d}" in text and "Kota Tebing Tinggi" in text.replace("KOTA", "Kota")
    assert "Tidak terdaftar" not in text and row["nik"] not in text.replace(f'value="{row["nik"]}"', "")
    # With the name (any case and spacing) the same answer; with another name: not registered.
    assert lookup.mask_name(row["nama"]) in Client().post(URL, {"nik": row["nik"],
                                                              "name": "  " + row["nama"].lower()}).content.decode()
    assert "Tidak terdaftar" in Client().post(URL, {"nik": row["nik"], "name": "Bukan Dia"}).content.decode()


def test_the_api_answers_like_the_page(cast: Cast, election: Election) -> None:
    rows = listed_voters(cast, election)
    row, voter = _on_list(rows)
    assert voter.tps is not None
    body = Client().post(API, {"nik": row["nik"]}, content_type="application/json").json()
    assert body == {"registered": True, "masked_name": lookup.mask_name(row["nama"]), "list_stage": "dps",
                    "tps_number": voter.tps.number, "village": body["village"], "district": body["district"],
                    "regency": "Kota Tebing Tinggi", "tps_address": "", "tps_location_note": ""}
    # Once KPU staff set where the TPS stands, the answer gives it (item 7: "the TPS and its address").
    from pemilu.regions.actions import do_set_tps_address

    do_set_tps_address(voter.tps, actor=cast.kpu_staff_a, address="Jl. Pendidikan No. 5",
                       location_note="halaman SD Negeri 1")
    body = Client().post(API, {"nik": row["nik"]}, content_type="application/json").json()
    assert (body["tps_address"], body["tps_location_note"]) == ("Jl. Pendidikan No. 5", "halaman SD Negeri 1")
    page = Client().post(URL, {"nik": row["nik"]}).content.decode()
    assert "Jl. Pendidikan No. 5 (halaman SD Negeri 1)" in page
    junk = Client().post(API, {"nik": "2222222222222222"}, content_type="application/json")
    assert junk.status_code == 422 and junk.json()["code"] == "invalid" and junk.json()["errors"][0]["field"] == "nik"


@pytest.mark.parametrize("nik", [
    "2222222222222222",   # SIDALIH answered for it (N07)
    "1234567890123456",   # a sequence (N08)
    "127601",             # part of a NIK: no partial search
    "12760101900001",     # 14 digits
    "１２７６０４０１０１９００００２",  # fullwidth digits
    "1276014101900000",   # serial 0000
    "1276013213900001",   # digits 7-12 not a date
    "9976010101900001",   # no province 99 in the kecamatan list
    "12760101019O0001",   # a letter O
    "",
])
def test_an_impossible_nik_is_refused_without_any_query(db: None, nik: str) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        r = client.post(URL, {"nik": nik})
    assert r.status_code == 400 and "cek-error" in r.content.decode()
    assert [q["sql"] for q in queries.captured_queries] == []
    with CaptureQueriesContext(connection) as queries:
        r = client.post(API, {"nik": nik}, content_type="application/json")
    assert r.status_code == 422 and [q["sql"] for q in queries.captured_queries] == []


def test_not_registered_reads_the_same_whatever_the_reason(cast: Cast, election: Election) -> None:
    """A NIK never imported, one on another election's list, one found not eligible, and one in a desa
    whose list is not announced yet: one answer, after the same number of queries."""
    rows = listed_voters(cast, election, count=30)
    other = Election.objects.create(code="pilkada-2024", name="Pilkada 2024", voting_day=datetime.date(2024, 11, 27))
    newest = Election.objects.order_by("-voting_day").first()
    assert newest == other  # the lookup asks the latest election: the Pemilu's voters are "elsewhere"
    registered_elsewhere = rows[0]["nik"]
    answers = []
    for nik in (registered_elsewhere, "1276010101900099"):
        with CaptureQueriesContext(connection) as queries:
            r = Client().post(URL, {"nik": nik})
        answers.append((r.status_code, len(queries.captured_queries), "Tidak terdaftar" in r.content.decode()))
    assert answers[0] == answers[1] and answers[0][2]
    # In its own election the same NIK is found, after the same number of queries.
    with CaptureQueriesContext(connection) as queries:
        found = Client().post(URL + "?pemilu=pemilu-2024", {"nik": rows[0]["nik"]})
    assert "Tidak terdaftar" not in found.content.decode() or Voter.objects.get(
        source_line=2).coklit == "tms"
    assert len(queries.captured_queries) == answers[0][1]


def test_a_voter_found_not_eligible_is_not_registered(cast: Cast, election: Election) -> None:
    rows = listed_voters(cast, election, deceased=1)
    tms = Voter.objects.get(source_line=2)
    assert tms.coklit == "tms" and not VoterListEntry.objects.filter(voter=tms).exists()
    assert "Tidak terdaftar" in Client().post(URL, {"nik": rows[0]["nik"]}).content.decode()


def test_the_eleventh_lookup_in_an_hour_is_refused(cast: Cast, election: Election) -> None:
    rows = listed_voters(cast, election)
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.post(URL, {"nik": rows[i % len(rows)]["nik"]}).status_code for i in range(10)]
    assert statuses == [200] * 10
    r = client.post(URL, {"nik": rows[0]["nik"]})
    assert r.status_code == 429 and "Terlalu banyak" in r.content.decode()
    # Junk counts too (no probing for free), the API shares the count, and another address is not affected.
    assert client.post(API, {"nik": rows[0]["nik"]}, content_type="application/json").status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.8").post(URL, {"nik": rows[0]["nik"]}).status_code == 200
    api = Client(REMOTE_ADDR="198.51.100.1")
    codes = [api.post(API, {"nik": "2222222222222222"}, content_type="application/json").status_code
             for _ in range(11)]
    assert codes == [422] * 10 + [429]
    assert api.post(API, {"nik": "2222222222222222"}, content_type="application/json").json()["code"] == "throttled"


def test_the_page_in_english(db: None) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    r = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and "Am I registered" in r.content.decode()


@given(st.text(min_size=1, max_size=60))
def test_a_masked_name_keeps_at_most_three_letters_a_word(name: str) -> None:
    masked = lookup.mask_name(name)
    words, shown = name.upper().split(), masked.split()
    assert len(words) == len(shown)
    for word, out in zip(words, shown, strict=True):
        assert len(out) == len(word) and out[:1] == word[:1]
        kept = len(out.rstrip("*")) if "*" in out else len(out)
        assert kept <= 3 and (len(word) <= 1 or kept < len(word))


def test_masked_names() -> None:
    assert lookup.mask_name("Siti Aminah") == "SIT* AMI***"
    assert lookup.mask_name("Ali") == "AL*" and lookup.mask_name("M. Yusuf") == "M* YUS**"


@pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable at 127.0.0.1:6379")
def test_the_limit_is_one_count_across_workers_through_redis(cast: Cast, election: Election) -> None:
    """With CACHE_URL=redis://… every worker counts in the same place: 6 lookups here, 4 in another
    process (another gunicorn worker; junk NIKs, refused before any query, so it needs no database),
    then the 11th — in either process — is refused."""
    import redis

    rows = listed_voters(cast, election)
    prefix = f"t-{uuid.uuid4().hex}"
    ip = f"10.6.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    with _shared_redis(prefix):
        here = Client(REMOTE_ADDR=ip)
        assert [here.post(URL, {"nik": rows[i]["nik"]}).status_code for i in range(6)] == [200] * 6
        env = dict(os.environ, CACHE_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix, DJANGO_SETTINGS_MODULE="pemilu.settings")
        env["PYTHONPATH"] = os.pathsep.join([str(settings.BASE_DIR.parent), env.get("PYTHONPATH", "")])
        code = ("import django; django.setup()\nfrom django.test import Client\n"
                f"c = Client(REMOTE_ADDR='{ip}')\n"
                f"print(','.join(str(c.post('{URL}', {{'nik': '2222222222222222'}}).status_code) for _ in range(5)))\n")
        # A generous timeout: starting Django on a loaded 2-core machine took 19 s (not a timed assertion).
        there = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                               timeout=600, stdin=subprocess.DEVNULL).stdout.strip().splitlines()[-1]
        assert there == "400,400,400,400,429"
        assert here.post(URL, {"nik": rows[0]["nik"]}).status_code == 429
        keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}*cek-dpt:{ip}:*")]
        assert len(keys) == 1 and int(redis.Redis.from_url(REDIS_URL).get(keys[0]) or 0) == 12
