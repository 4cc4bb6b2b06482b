"""Issue 22 item 6: a voter's record shows NIK and KK masked; only KPU staff in scope see the full
numbers ("Tampilkan NIK", with a reason), every view audited; PPS, PPK and Bawaslu see them masked;
out of scope 404. The API's operation is the page's action."""

from __future__ import annotations

import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import crypto
from pemilu.voters.models import Voter
from pemilu.voters.tests.conftest import dp4_csv, dp4_rows


@pytest.fixture
def voter(cast: Cast, election: Election) -> tuple[Voter, dict[str, str]]:
    from pemilu.voters.importer import import_dp4

    rows = dp4_rows(12)
    import_dp4(dp4_csv(rows), election=election, region_code="12.76", actor=cast.kpu_staff_a)
    first = Voter.objects.get(source_line=2)
    assert first.village_id == "12.76.01.1006"
    return first, rows[0]


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_kpu_staff_see_the_full_nik_with_a_reason_and_it_is_audited(cast: Cast, voter: tuple[Voter, dict[str, str]]
                                                                    ) -> None:
    record, row = voter
    url = f"/pemilih/data/{record.pk}/"
    client = _client("kpu_staff_a")
    page = client.get(url).content.decode()
    assert crypto.mask(row["nik"]) in page and crypto.mask(row["no_kk"]) in page
    assert row["nik"] not in page and row["no_kk"] not in page and "Tampilkan NIK" in page
    assert client.post(url, {"reason": ""}).status_code == 400
    assert not AuditEvent.objects.filter(event_type="voters.nik_viewed").exists()
    shown = client.post(url, {"reason": "verifikasi tanggapan masyarakat no. 12"})
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("max-age=0")
    text = shown.content.decode()
    assert row["nik"] in text and row["no_kk"] in text
    event = AuditEvent.objects.get(event_type="voters.nik_viewed")
    assert (event.actor_id, event.target_id, event.reason) == (cast.kpu_staff_a.pk, str(record.pk),
                                                                "verifikasi tanggapan masyarakat no. 12")
    assert event.after == {"nik": crypto.mask(row["nik"]), "no_kk": crypto.mask(row["no_kk"])}


@pytest.mark.parametrize("who", ["pps_a1", "ppk_a1", "bawaslu_a"])
def test_pps_ppk_and_bawaslu_see_masked_numbers_only(cast: Cast, voter: tuple[Voter, dict[str, str]], who: str
                                                     ) -> None:
    record, row = voter
    url = f"/pemilih/data/{record.pk}/"
    client = _client(who)
    page = client.get(url).content.decode()
    assert crypto.mask(row["nik"]) in page and row["nik"] not in page and "Tampilkan NIK" not in page
    assert client.post(url, {"reason": "ingin tahu"}).status_code == 403
    api = client.post(f"/api/v1/voters/{record.pk}/reveal-nik", {"reason": "ingin tahu"},
                      content_type="application/json")
    assert api.status_code == 403 and row["nik"] not in api.content.decode()
    assert not AuditEvent.objects.filter(event_type="voters.nik_viewed").exists()


def test_out_of_scope_is_404_and_a_pemantau_is_refused(cast: Cast, voter: tuple[Voter, dict[str, str]]) -> None:
    record, _row = voter
    for who, status in (("kpu_admin_b", 404), ("pps_a2", 404), ("pemantau_a", 403), ("kpps_a1", 404)):
        assert _client(who).get(f"/pemilih/data/{record.pk}/").status_code == status, who
    assert _client("kpu_admin_b").post(f"/api/v1/voters/{record.pk}/reveal-nik", {"reason": "x"},
                                       content_type="application/json").status_code == 404


def test_the_api_reveals_for_kpu_staff_and_audits(cast: Cast, voter: tuple[Voter, dict[str, str]]) -> None:
    record, row = voter
    r = _client("kpu_admin_a").post(f"/api/v1/voters/{record.pk}/reveal-nik", {"reason": "sengketa DPT"},
                                    content_type="application/json")
    assert r.status_code == 200 and r.json() == {"nik": row["nik"], "no_kk": row["no_kk"]}
    assert AuditEvent.objects.get(event_type="voters.nik_viewed").reason == "sengketa DPT"
