"""The Pantarlih's coklit page and the PPS's progress per Pantarlih (issue 22 item 1), through the pages
and API v1: a Pantarlih records sesuai, ubah (with the fields), TMS (with the regulation's reason and
evidence) and baru for the voters of their own TPS area only; NIK and KK are shown masked; the
coklit closes with the DPHP; "Tugas saya" shows the Pantarlih's queue."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from pemilu.audit.models import AuditEvent
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters import crypto
from pemilu.voters.actions import do_compile_list, do_record_coklit
from pemilu.voters.models import CoklitRecord, Voter
from pemilu.voters.tests import coklit_world
from pemilu.voters.tests.coklit_world import NEW_VOTER, PERSIAKAN, TPS1, TPS2

AREA = f"/pemilih/coklit/tps/{TPS1}/"


@pytest.fixture
def world(cast: Cast, voter_key: str) -> dict[str, Any]:
    return {**coklit_world.build(cast), "pps": cast.pps_a1, "kpu": cast.kpu_staff_a}


def _client(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_a_pantarlih_lands_on_their_area_which_lists_its_voters_masked(world: dict[str, Any]) -> None:
    c = _client(world["pantarlih"])
    assert c.get("/pemilih/coklit/")["Location"] == AREA
    page = c.get(AREA).content.decode()
    mine = Voter.objects.filter(placement__tps__code=TPS1)
    assert 'id="counts"' in page and f"0 dari {mine.count()} pemilih sudah dicoklit" in page
    first = mine.order_by("rw", "rt", "kk_hash", "id").first()
    assert first is not None and first.name in page
    nik = crypto.open_sealed(first.nik_sealed)
    assert nik not in page and crypto.mask(nik) in page  # never the full NIK
    assert f'id="v{world["other"].pk}"' not in page  # a voter of TPS 002
    # Another TPS area of the same desa: not theirs (404), on the page and in the API.
    assert c.get(f"/pemilih/coklit/tps/{TPS2}/").status_code == 404
    assert c.get(f"/api/v1/coklit/areas/{TPS2}/voters").status_code == 404
    assert c.get(f"/pemilih/coklit/progres/{PERSIAKAN}/").status_code == 404
    # Search by name narrows the list (htmx asks for the list only).
    target = world["voters"][1]
    part = c.get(AREA, {"q": target.name.split()[0], "fragment": "list"}, HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="list">') and target.name in part and "<html" not in part


def test_a_pantarlih_records_each_outcome_on_their_page(world: dict[str, Any]) -> None:
    c = _client(world["pantarlih"])
    a, b, d = world["voters"][:3]
    # sesuai, with htmx: the card comes back with its badge, the counters out of band.
    r = c.post(f"{AREA}pemilih/{a.pk}/", {"outcome": "sesuai"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and f'id="v{a.pk}"' in body and "b-sesuai" in body and 'hx-swap-oob="true"' in body
    # ubah: only the fields that differ are recorded.
    old_address = b.address
    r = c.post(f"{AREA}pemilih/{b.pk}/", {"outcome": "ubah", "nama": b.name, "alamat": "Jl. Kenanga 7",
                                          "tanggal_lahir": b.birth_date.isoformat(), "jenis_kelamin": b.sex,
                                          "status_kawin": b.marital, "tempat_lahir": b.birth_place, "rt": b.rt,
                                          "rw": b.rw, "pekerjaan": b.occupation, "disabilitas": b.disability})
    assert r.status_code == 302
    b.refresh_from_db()
    assert (b.coklit, b.address) == ("ubah", "Jl. Kenanga 7")
    assert CoklitRecord.objects.get(voter=b).changes == {"alamat": [old_address, "Jl. Kenanga 7"]}
    # TMS needs the reason and the evidence: refused (422, the card says why), nothing written.
    r = c.post(f"{AREA}pemilih/{d.pk}/", {"outcome": "tms", "reason": "meninggal"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "bukti/keterangan wajib diisi" in r.content.decode()
    assert not CoklitRecord.objects.filter(voter=d).exists()
    r = c.post(f"{AREA}pemilih/{d.pk}/", {"outcome": "tms", "reason": "meninggal",
                                          "evidence": "akta kematian 1276-KM-2023-0042"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "Meninggal dunia" in r.content.decode()
    d.refresh_from_db()
    assert (d.coklit, d.not_eligible_reason) == ("tms", "meninggal")
    # baru: a new voter in this TPS area.
    r = c.post(f"{AREA}baru/", {**NEW_VOTER, "evidence": "belum terdaftar"})
    assert r.status_code == 302
    new = Voter.objects.get(origin="baru")
    assert (new.tps.code if new.tps else "", new.coklit, new.name) == (TPS1, "baru", "Sari Lubis")
    # Everything is the Pantarlih's, audited; a voter of another TPS area is refused (404).
    assert set(CoklitRecord.objects.values_list("actor_id", flat=True)) == {world["pantarlih"].pk}
    assert AuditEvent.objects.filter(event_type="voters.coklit_recorded", actor=world["pantarlih"]).count() == 3
    assert AuditEvent.objects.filter(event_type="voters.voter_added", actor=world["pantarlih"]).count() == 1
    assert c.post(f"/pemilih/coklit/tps/{TPS2}/pemilih/{world['other'].pk}/", {"outcome": "sesuai"}).status_code == 404
    assert c.post(f"{AREA}pemilih/{world['other'].pk}/", {"outcome": "sesuai"}).status_code == 404
    # The PPS sees the progress per Pantarlih, with the Pantarlih's name and the counts.
    page = _client(world["pps"]).get(f"/pemilih/coklit/progres/{PERSIAKAN}/").content.decode()
    row = page[page.index(f'data-code="{TPS1}"'):]
    row = row[:row.index("</tr>")]
    total = Voter.objects.filter(placement__tps__code=TPS1).count()
    assert "Rina Siregar" in row
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells[:6] == [str(total), str(total - 4), "1", "1", "1", "1"]


def test_the_api_does_what_the_page_does(world: dict[str, Any]) -> None:
    c = _client(world["pantarlih"])
    page = c.get(f"/api/v1/coklit/areas/{TPS1}/voters", {"limit": 2}).json()
    assert page["count"] == Voter.objects.filter(placement__tps__code=TPS1).count() and len(page["items"]) == 2
    assert all("*" in item["nik"] for item in page["items"])
    a, b = world["voters"][:2]
    r = c.post(f"/api/v1/coklit/areas/{TPS1}/voters/{a.pk}/outcome",
               json.dumps({"outcome": "ubah", "changes": {"rt": "009"}}), content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["voter"]["coklit"] == "ubah" and r.json()["voter"]["rt"] == "009"
    r = c.post(f"/api/v1/coklit/areas/{TPS1}/voters/{b.pk}/outcome",
               json.dumps({"outcome": "tms", "reason": "pindah_domisili"}), content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    r = c.post(f"/api/v1/coklit/areas/{TPS1}/voters", json.dumps(NEW_VOTER), content_type="application/json")
    assert r.status_code == 201 and r.json()["coklit"] == "baru"
    assert c.get(f"/api/v1/coklit/areas/{TPS1}/voters", {"status": "belum"}).json()["count"] == \
        Voter.objects.filter(placement__tps__code=TPS1, coklit="belum").count()
    rows = _client(world["pps"]).get(f"/api/v1/coklit/progress/{PERSIAKAN}").json()["items"]
    first = next(r for r in rows if r["code"] == TPS1)
    assert first["pantarlih"] == ["Rina Siregar"] and (first["ubah"], first["baru"]) == (1, 1)
    kab = _client(world["kpu"]).get("/api/v1/coklit/progress/12.76").json()["items"]
    assert {r["code"] for r in kab} >= {PERSIAKAN}


def test_the_coklit_closes_with_the_dphp_and_the_page_says_so(cast: Cast, world: dict[str, Any]) -> None:
    from pemilu.core.exceptions import DomainError

    for v in Voter.objects.filter(desa_code=PERSIAKAN, coklit="belum"):
        try:
            do_record_coklit(v, outcome="sesuai", actor=cast.pps_a1)
        except DomainError:  # under 17 and unmarried on voting day
            do_record_coklit(v, outcome="tms", reason="di_bawah_umur", evidence="KK", actor=cast.pps_a1)
    do_compile_list(coklit_world.election(), PERSIAKAN, "dphp", actor=cast.pps_a1)
    c = _client(world["pantarlih"])
    page = c.get(AREA).content.decode()
    assert "sudah ditutup" in page and "data-act=\"sesuai\"" not in page
    r = c.post(f"{AREA}pemilih/{world['voters'][0].pk}/", {"outcome": "sesuai"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "sudah disusun" in r.content.decode()


def test_the_pantarlih_worklist_counts_the_voters_still_to_visit(world: dict[str, Any]) -> None:
    c = _client(world["pantarlih"])
    do_record_coklit(world["voters"][0], outcome="sesuai", actor=world["pantarlih"])
    page = c.get("/tugas/").content.decode()
    pending = Voter.objects.filter(placement__tps__code=TPS1, coklit="belum").count()
    assert 'data-role="pantarlih"' in page and 'data-item="pantarlih.pending"' in page
    assert f'data-n="{pending}"' in page and f"/pemilih/coklit/tps/{TPS1}/?status=belum" in page
    pps = _client(world["pps"]).get("/tugas/").content.decode()
    assert 'data-item="pps.coklit"' in pps and f"/pemilih/coklit/progres/{PERSIAKAN}/" in pps


def test_a_batch_from_an_offline_phone_is_all_or_nothing_with_one_audit_row(world: dict[str, Any]) -> None:
    c = _client(world["pantarlih"])
    a, b, d = world["voters"][:3]
    url = f"/api/v1/coklit/areas/{TPS1}/batch"
    bad = {"items": [{"voter_id": a.pk, "outcome": "sesuai"},
                     {"voter_id": b.pk, "outcome": "tms", "reason": "meninggal"},          # no evidence
                     {"voter_id": world["other"].pk, "outcome": "sesuai"}]}                # TPS 002
    r = c.post(url, json.dumps(bad), content_type="application/json")
    assert r.status_code == 400 and [e["row"] for e in r.json()["errors"]] == [2, 3]
    assert not CoklitRecord.objects.exists()
    good = {"items": [{"voter_id": a.pk, "outcome": "sesuai"},
                      {"voter_id": b.pk, "outcome": "tms", "reason": "meninggal", "evidence": "akta kematian"},
                      {"voter_id": d.pk, "outcome": "ubah", "changes": {"rw": "005"}, "evidence": "KK baru"}]}
    r = c.post(url, json.dumps(good), content_type="application/json")
    assert r.status_code == 201 and r.json() == {"recorded": 3}
    assert {v.pk: (v.coklit, v.not_eligible_reason, v.rw) for v in Voter.objects.filter(pk__in=[a.pk, b.pk, d.pk])} \
        == {a.pk: ("sesuai", "", a.rw), b.pk: ("tms", "meninggal", b.rw), d.pk: ("ubah", "", "005")}
    assert CoklitRecord.objects.get(voter=d).changes == {"rw": [d.rw, "005"]}
    event = AuditEvent.objects.get(event_type="voters.coklit_batch_recorded")
    after: dict[str, Any] = event.after or {}
    assert event.actor_id == world["pantarlih"].pk and after["outcomes"] == {"sesuai": 1, "tms": 1, "ubah": 1}
    assert sorted(after["records"]) == sorted(CoklitRecord.objects.values_list("pk", flat=True))
