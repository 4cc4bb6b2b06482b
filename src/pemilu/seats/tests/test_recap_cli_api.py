"""``pemilu seats from-recap`` and /api/v1/seats/from-recap (issue 21 item 9): seats per dapil ×
party (``seats_won``) and the elected, a preview while a plenary is open."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.seats.models import AllocationRun, Decree
from pemilu.seats.tests import recap_world as world
from pemilu.seats.tests.test_from_recap import DAPIL1, DAPIL2
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for


def cli(*args: str, as_user: str = "") -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("seats", *(["--as-user", as_user] if as_user else []), "from-recap", *args, stdout=out,
                     stderr=err)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), int(exc.code or 0)
    return out.getvalue(), err.getvalue(), 0


@pytest.fixture
def election(cast: Cast) -> Any:
    election = world.build()
    world.lock(world.enter(election, "127601", DAPIL1, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a)
    world.lock(world.enter(election, "127602", DAPIL2, actor=cast.kpu_admin_a), kpu=cast.kpu_admin_a, kota=False)
    return election


def test_the_cli_prints_a_marked_preview_and_refuses_to_save_it(election: Any, cast: Cast) -> None:
    out, err, code = cli("--contest", "dprd-kabkota", "--region", "12.76", "--format", "csv")
    assert code == 3 and "PRATINJAU / PREVIEW" in err and "KOTA TEBING TINGGI 2" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0].keys() >= {"dapil_code", "party", "votes", "seats_won", "elected"}
    assert [(r["dapil_code"], r["party"], r["seats_won"]) for r in rows if r["seats_won"] != "0"] == [
        ("127601", "PKB", "2"), ("127601", "GERINDRA", "1"), ("127602", "GERINDRA", "2"), ("127602", "PDIP", "1")]
    assert rows[0]["elected"] == "Calon 1-1-2 (200); Calon 1-1-1 (50)"
    with pytest.raises(CommandError, match="belum dikunci"):
        cli("--contest", "dprd-kabkota", "--region", "12.76", "--save")
    assert not AllocationRun.objects.exists()
    with pytest.raises(CommandError, match="kabupaten/kota"):
        cli("--contest", "dprd-kabkota")


def test_the_cli_saves_and_publishes_once_the_kota_plenary_is_locked(election: Any, cast: Cast) -> None:
    from pemilu.results.actions import do_lock_plenary
    from pemilu.results.models import Contest
    from pemilu.testing.factories import attend_plenary

    attend_plenary(Contest.objects.get(code="dprd_kab-127602"), "12.76", cast.kpu_admin_a)  # the quorum
    do_lock_plenary(Contest.objects.get(code="dprd_kab-127602"), "12.76", actor=cast.kpu_admin_a)
    out, err, code = cli("--contest", "dprd-kabkota", "--region", "12.76", "--format", "json", "--save",
                         "--publish", "12/PL.01/2024", as_user="kpu_admin_a")
    data = json.loads(out)
    assert code == 0 and data["preview"] is False and "PRATINJAU" not in err
    assert data["dapils"][1]["parties"][1] == {"party": "GERINDRA", "votes": 250, "seats_won": 2, "elected": [
        {"name": "Calon 2-2-1", "ballot_no": 1, "votes": 0}, {"name": "Calon 2-2-2", "ballot_no": 2, "votes": 0}]}
    decree = Decree.objects.get()
    assert decree.number == "12/PL.01/2024" and decree.published_by.username == "kpu_admin_a"
    table, _, _ = cli("--contest", "dprd-kabkota", "--region", "12.76")
    assert "seats_won" in table and "PRATINJAU" not in table and "Calon 2-3-2 (150)" in table


def test_the_api_gives_the_same_seats_and_stores_only_a_locked_recap(election: Any, cast: Cast) -> None:
    from pemilu.results.actions import do_lock_plenary
    from pemilu.results.models import Contest
    from pemilu.testing.factories import attend_plenary

    kpu = client_for(cast, "kpu_admin_a")
    preview = kpu.get("/api/v1/seats/from-recap?contest=dprd-kabkota&region=12.76").json()
    assert preview["preview"] is True and preview["blockers"][0]["code"] == "recap_open"
    assert preview["dapils"][0]["parties"][0] == {"party": "PKB", "votes": 600, "seats_won": 2, "elected": [
        {"name": "Calon 1-1-2", "ballot_no": 2, "votes": 200}, {"name": "Calon 1-1-1", "ballot_no": 1, "votes": 50}]}
    body = json.dumps({"contest": "dprd-kabkota", "region": "12.76"})
    refused = kpu.post("/api/v1/seats/from-recap", body, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "transition_blocked"
    assert kpu.get("/api/v1/seats/from-recap?contest=senat").status_code == 422
    attend_plenary(Contest.objects.get(code="dprd_kab-127602"), "12.76", cast.kpu_admin_a)  # the quorum
    do_lock_plenary(Contest.objects.get(code="dprd_kab-127602"), "12.76", actor=cast.kpu_admin_a)
    created = kpu.post("/api/v1/seats/from-recap", body, content_type="application/json")
    assert created.status_code == 201
    run_id = created.json()["id"]
    decree = kpu.post(f"/api/v1/seats/runs/{run_id}/decree", json.dumps({"number": "3/2024"}),
                      content_type="application/json")
    assert decree.status_code == 201 and decree.json()["pdf"].endswith("/keputusan.pdf")
    detail = client_for(cast, "kpu_admin_b").get(f"/api/v1/seats/decrees/{decree.json()['id']}").json()
    assert detail["seats"] == {"PKB": 2, "GERINDRA": 3, "PDIP": 1} and len(detail["members"]) == 6
    listing = client_for(cast, "nobody").get("/api/v1/seats/decrees").json()
    assert listing["count"] == 1 and listing["items"][0]["number"] == "3/2024"
    member = detail["members"][0]
    replaced = kpu.post(f"/api/v1/seats/members/{member['id']}/replace", json.dumps(
        {"cause": "death", "ended_on": "2025-02-01", "reason": "surat 1"}), content_type="application/json")
    assert replaced.status_code == 201 and replaced.json()["replaces"] == member["id"]
