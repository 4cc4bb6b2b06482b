"""The ballot data (ballot kinds, PPWP paslon, Aceh's local parties) lives in a data file the
reference actions read (``results/data/ballots2024.json``), not in code (issue 18 item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pemilu.accounts.actions import get_system_user
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.results import reference
from pemilu.results.models import ContestKind, Paslon
from pemilu.testing.factories import Cast


def test_the_2024_file_holds_the_five_ballots_three_paslon_and_six_local_parties() -> None:
    data = reference.ballots()
    assert [k["form_name"] for k in data["contest_kinds"]] == [
        "C.HASIL-PPWP", "C.HASIL-DPR", "C.HASIL-DPD", "C.HASIL-DPRD-PROV", "C.HASIL-DPRD-KAB/KOTA"]
    assert [p["number"] for p in data["paslon"]] == [1, 2, 3]
    assert [p["ballot_no"] for p in data["local_parties"]] == list(range(18, 24))
    assert {p["only_prov_code"] for p in data["local_parties"]} == {"11"}


def test_the_setup_reads_the_file(cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = reference.ballots()
    data["paslon"] = [{"number": 1, "name": "Pasangan Uji Satu"}, {"number": 2, "name": "Pasangan Uji Dua"}]
    data["contest_kinds"][0]["colour"] = "ungu"
    changed = tmp_path / "ballots.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(reference, "BALLOTS_FILE", changed)
    contest = reference.do_setup_ppwp(get_or_create_pemilu_2024(), actor=get_system_user())
    assert [c["label"] for c in contest.choices] == ["Pasangan Uji Satu", "Pasangan Uji Dua"]
    assert list(Paslon.objects.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert ContestKind.objects.get(code="ppwp").colour == "ungu"
