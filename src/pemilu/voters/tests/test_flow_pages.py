"""The pages of the DPS → DPT flow: the public announced DPS (no NIK, KK or birth date; the public's
response form, rate-limited), the PPS's desa page resolving a response, the recap's funnel."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from pemilu.elections.models import Election
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import crypto
from pemilu.voters.models import DpsResponse, Voter
from pemilu.voters.tests.conftest import ANNOUNCED_ON, PERSIAKAN, flow_world


@pytest.fixture
def world(cast: Cast, election: Election, voter_key: str, settings: Any) -> dict[str, Any]:
    settings.PEMILU_TODAY = ANNOUNCED_ON.isoformat()
    cache.clear()
    return flow_world(cast, election)


def signed_in(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_public_dps_shows_names_and_no_numbers(world: dict[str, Any]) -> None:
    html = Client().get(f"/pemilih/dps/{PERSIAKAN}/").content.decode()
    voters = list(Voter.objects.filter(desa_code=PERSIAKAN))
    assert all(v.name in html for v in voters[:5]) and 'data-window="open"' in html
    for v in voters:
        assert crypto.open_sealed(v.nik_sealed) not in html and crypto.open_sealed(v.kk_sealed) not in html
        assert v.birth_date.isoformat() not in html
    assert Client().get("/pemilih/dps/12.76.01.1007/").status_code == 404  # not announced


def test_the_public_responds_and_the_eleventh_in_an_hour_is_refused(world: dict[str, Any]) -> None:
    client = Client()
    body = {"kind": "tms", "reason": "pindah_domisili", "voter_id": world["voter"], "sender_name": "Tetangga",
            "details": "Sudah pindah ke Medan sejak 2022.", "evidence": "surat pindah"}
    first = client.post(f"/pemilih/dps/{PERSIAKAN}/", body)
    assert first.status_code == 200 and "data-sent" in first.content.decode()
    bad = client.post(f"/pemilih/dps/{PERSIAKAN}/", {**body, "reason": ""})
    assert bad.status_code == 422 and "alasan" in bad.content.decode()
    for _n in range(8):
        client.post(f"/pemilih/dps/{PERSIAKAN}/", body)
    assert client.post(f"/pemilih/dps/{PERSIAKAN}/", body).status_code == 429
    assert DpsResponse.objects.filter(received_by__isnull=True, reason="pindah_domisili").count() == 9


def test_the_pps_resolves_a_response_on_its_desa_page(cast: Cast, world: dict[str, Any]) -> None:
    pps = signed_in(cast.pps_a1)
    page = pps.get(f"/pemilih/desa/{PERSIAKAN}/").content.decode()
    assert f'data-response="{world["response"]}"' in page and 'data-announcement="open"' in page
    r = pps.post(f"/pemilih/tanggapan/{world['response']}/selesaikan/",
                 {"decision": "accept", "resolution": "akta kematian diperiksa"})
    assert r.status_code == 302
    response = DpsResponse.objects.get(pk=world["response"])
    assert response.status == "diterima" and response.voter is not None and response.voter.coklit == "tms"
    recap = signed_in(cast.kpu_staff_a).get("/pemilih/rekap/12.76/").content.decode()
    assert 'data-funnel-row="response:meninggal">1<' in recap and 'data-funnel-row="dp4">' in recap
