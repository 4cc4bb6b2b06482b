"""The mapping and DPTb pages and their API operations (issue 22 items 2, 5): what they show and
what they change, through the same actions."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from pemilu.elections.models import Election
from pemilu.regions.models import Tps
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for
from pemilu.voters import crypto
from pemilu.voters.models import Coklit, Transfer, Voter
from pemilu.voters.tests.dpt_world import make_dpt

PERSIAKAN = "12.76.01.1006"


@pytest.fixture
def world(cast: Cast, election: Election, voter_key: str) -> Voter:
    make_dpt(cast, election, count=300, only=PERSIAKAN)
    voter = Voter.objects.exclude(coklit=Coklit.NOT_ELIGIBLE).order_by("pk").first()
    assert voter is not None
    return voter


def test_mapping_page_shows_each_desa_beside_2024_and_runs(cast: Cast, election: Election, world: Voter) -> None:
    client = client_for(cast, "kpu_staff_a")
    page = client.get("/pemilih/pemetaan-tps/?wilayah=12.76.01&cap=50").content.decode()
    assert 'data-desa="12.76.01.1006"' in page and "Persiakan" in page and "<td class=\"num\">21</td>" in page
    assert "DPT sudah ditetapkan" in page  # Persiakan's DPT is set: not remapped
    before = list(Voter.objects.order_by("pk").values_list("placement__tps", flat=True))
    response = client.post("/pemilih/pemetaan-tps/", {"wilayah": "12.76.01", "cap": "50"})
    assert response.status_code == 302
    assert list(Voter.objects.order_by("pk").values_list("placement__tps", flat=True)) == before


def test_api_dry_run_and_run(cast: Cast, election: Election, world: Voter) -> None:
    client = client_for(cast, "kpu_staff_a")
    answer = client.post("/api/v1/voters/tps-mapping/12.76.01", {"dry_run": True, "cap": 50},
                         content_type="application/json").json()
    persiakan = next(d for d in answer["desa"] if d["code"] == PERSIAKAN)
    assert persiakan["tps_2024"] == 21 and persiakan["locked"] and answer["dry_run"] is True
    assert persiakan["difference"] == persiakan["tps"] - 21


@override_settings(PEMILU_TODAY="2024-01-10")
def test_transfer_page_registers_by_nik_of_the_users_regions(cast: Cast, election: Election, world: Voter) -> None:
    nik = crypto.open_sealed(world.nik_sealed)
    outsider = client_for(cast, "kpu_admin_b")  # KPU Karo: may register, not Tebing Tinggi's voters
    page = outsider.post("/pemilih/pindah-memilih/", {"nik": nik, "destination": "12.06.01.2001", "reason": "tugas"})
    assert page.status_code == 200 and "tidak terdaftar dalam daftar pemilih di wilayah Anda" in page.content.decode()
    assert world.name not in page.content.decode() and not Transfer.objects.exists()
    client = client_for(cast, "pps_a1")
    form = client.get("/pemilih/pindah-memilih/").content.decode()
    assert "Pindah domisili" in form and "Bekerja di luar domisilinya" in form  # H-35: all nine open
    response = client.post("/pemilih/pindah-memilih/", {"nik": nik, "destination": "12.76.04.1002.001",
                                                        "reason": "pindah_domisili"})
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.voter_id == world.pk and transfer.tps == Tps.objects.get(code="12.76.04.1002.001")
    listed = client.get("/pemilih/pindah-memilih/").content.decode()
    assert world.name in listed and "<td>PPWP, DPD</td>" in listed  # no dapil map loaded: same province only
    api = client.get("/api/v1/voters/transfers").json()
    assert api["count"] == 1 and api["items"][0]["tps"] == "12.76.04.1002.001"


@override_settings(PEMILU_TODAY="2024-02-01")
def test_after_h30_only_the_four_reasons_are_offered(cast: Cast, election: Election, world: Voter) -> None:
    page = client_for(cast, "pps_a1").get("/pemilih/pindah-memilih/").content.decode()
    options = page.split('name="reason"')[1].split("</select>")[0]
    assert options.count("<option") == 4 and "pindah_domisili" not in options
    assert datetime.date(2024, 2, 1) < election.voting_day
