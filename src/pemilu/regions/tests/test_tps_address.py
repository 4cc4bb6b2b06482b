"""Where a TPS stands (issue 22 item 7: "Cek DPT" answers with the TPS and its address): KPU
Kab/Kota staff set it on the TPS page or through the API, audited; other roles read it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pemilu.accounts.actions import do_create_token
from pemilu.audit.models import AuditEvent
from pemilu.core.bounds import BoundError
from pemilu.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from pemilu.regions.actions import do_set_tps_address
from pemilu.regions.models import Tps
from pemilu.testing.factories import PASSWORD, Cast

TPS = "12.76.01.1006.001"


def test_kpu_staff_set_the_address_audited_once_per_change(cast: Cast) -> None:
    tps = Tps.objects.get(code=TPS)
    with pytest.raises(PermissionDeniedError):
        do_set_tps_address(tps, actor=cast.pps_a1, address="Jl. Mana Saja")
    with pytest.raises(NotFoundError):
        do_set_tps_address(tps, actor=cast.kpu_admin_b, address="Jl. Mana Saja")
    with pytest.raises(BoundError):
        do_set_tps_address(tps, actor=cast.kpu_staff_a, address="x" * 301)
    with pytest.raises(DomainError, match="keterangan"):
        do_set_tps_address(tps, actor=cast.kpu_staff_a, address=" ", location_note="depan masjid")
    assert not AuditEvent.objects.filter(event_type="regions.tps_address_set").exists()
    done = do_set_tps_address(tps, actor=cast.kpu_staff_a, address="  Jl. Pendidikan   No. 5 ",
                              location_note="halaman SD Negeri 1")
    assert (done.address, done.location_note) == ("Jl. Pendidikan No. 5", "halaman SD Negeri 1")
    event = AuditEvent.objects.get(event_type="regions.tps_address_set")
    assert (event.actor_id, event.region_code, event.target_id) == (cast.kpu_staff_a.pk, TPS, str(tps.pk))
    assert event.before == {"address": "", "location_note": ""}
    assert event.after == {"address": "Jl. Pendidikan No. 5", "location_note": "halaman SD Negeri 1"}
    do_set_tps_address(tps, actor=cast.kpu_admin_a, address="Jl. Pendidikan No. 5", location_note="halaman SD Negeri 1")
    assert AuditEvent.objects.filter(event_type="regions.tps_address_set").count() == 1  # unchanged: no row


def test_the_page_and_the_api_set_and_show_it(cast: Cast) -> None:
    staff = Client()
    assert staff.login(username=cast.kpu_staff_a.username, password=PASSWORD)
    page = staff.get(f"/wilayah/tps/{TPS}/").content.decode()
    assert 'id="tps-address-form"' in page
    r = staff.post(f"/wilayah/tps/{TPS}/alamat/", {"address": "Jl. Pendidikan No. 5", "location_note": ""})
    assert r.status_code == 302
    assert "Jl. Pendidikan No. 5" in staff.get(f"/wilayah/tps/{TPS}/").content.decode()
    pps = Client()
    assert pps.login(username=cast.pps_a1.username, password=PASSWORD)
    shown = pps.get(f"/wilayah/tps/{TPS}/").content.decode()
    assert "Jl. Pendidikan No. 5" in shown and 'id="tps-address-form"' not in shown  # read, not edit
    _token, raw = do_create_token(cast.kpu_admin_a, "script", actor=cast.kpu_admin_a)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    r = api.put(f"/api/v1/tps/{TPS}/address", json.dumps({"address": "Jl. Sudirman 1", "location_note": "GOR"}),
                content_type="application/json")
    assert r.status_code == 200 and (r.json()["address"], r.json()["location_note"]) == ("Jl. Sudirman 1", "GOR")
    assert api.get(f"/api/v1/tps/{TPS}").json()["address"] == "Jl. Sudirman 1"
    assert AuditEvent.objects.filter(event_type="regions.tps_address_set").count() == 2
    csv = staff.get("/wilayah/12.76.01.1006/tps.csv").content.decode()
    assert csv.splitlines()[0].endswith("address,location_note") and "Jl. Sudirman 1,GOR" in csv
