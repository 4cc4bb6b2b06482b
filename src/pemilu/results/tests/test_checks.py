"""The check catalogue: each rule fires on the figure it names, consistent forms pass, and the
browser's evaluator (checks.js) agrees with the Python one on the same definitions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu.results import checks
from pemilu.results.tests.conftest import good_form

JS = Path(__file__).resolve().parents[1] / "static" / "results" / "checks.js"


def test_it_passes_a_consistent_form() -> None:
    assert checks.run_checks(good_form()) == []


def test_it_names_e4_e10_and_w1_for_a_misread_85_as_885() -> None:
    form = good_form()
    form["votes"]["2"] = 885
    assert checks.run_checks(form) == ["E4", "E10", "W1"]


@pytest.mark.parametrize(("field", "code"), [
    ("dpt_l", "E1"), ("pengguna_dptb_j", "E1"), ("suara_total", "E3"), ("ss_rusak", "E6"),
])
def test_it_fires_the_rule_of_the_changed_field(field: str, code: str) -> None:
    form = good_form()
    form[field] += 1
    assert code in checks.run_checks(form)


def test_it_flags_used_ballots_against_voters_and_dpt_users_over_dpt() -> None:
    form = good_form()
    form["ss_digunakan"] += 1
    assert {"E5", "E7", "E6"} <= set(checks.run_checks(form))
    form = good_form()
    form["pengguna_dpt_j"] = 300
    form["pengguna_dpt_l"] = 208
    assert "E8" in checks.run_checks(form)


def test_it_warns_when_received_ballots_exceed_dpt_plus_two_percent() -> None:
    form = good_form()
    # DPT 233 → reserve ceil(4.66) = 5 → at most 238 received.
    assert "W2" not in checks.run_checks(form)
    form["ss_diterima"] += 1
    form["ss_tidak_digunakan"] += 1
    assert checks.run_checks(form) == ["W2"]


def test_it_skips_clauses_on_blank_sections() -> None:
    votes_only = {f: None for f in good_form() if f != "votes"} | {"votes": {"1": 10, "2": 900, "3": 0}}
    assert checks.run_checks(votes_only) == ["W1"]


votes = st.integers(min_value=0, max_value=150)


@settings(max_examples=60, deadline=None)
@given(votes, votes, votes, st.integers(min_value=0, max_value=10))
def test_it_accepts_every_consistent_form(a: int, b: int, c: int, bad: int) -> None:
    form = good_form(a, b, c, bad)
    form["dpt_l"], form["dpt_p"], form["dpt_j"] = 150, 150, 300
    form["pengguna_dpt_l"], form["pengguna_dpt_p"], form["pengguna_dpt_j"] = 0, 0, 0
    form["pengguna_total_l"], form["pengguna_total_p"] = 0, form["pengguna_total_j"]
    form["pengguna_dpk_l"], form["pengguna_dpk_p"] = 0, form["pengguna_total_j"]
    form["pengguna_dpk_j"] = form["pengguna_total_j"]
    form["ss_diterima"] = 306
    form["ss_rusak"] = 0
    form["ss_tidak_digunakan"] = 306 - form["ss_digunakan"]
    assert checks.errors_of(checks.run_checks(form)) == []


@settings(max_examples=60, deadline=None)
@given(votes, votes, votes, st.integers(min_value=1, max_value=1000))
def test_it_always_blocks_a_changed_vote(a: int, b: int, c: int, extra: int) -> None:
    form = good_form(a, b, c)
    form["votes"]["3"] += extra
    assert "E4" in checks.run_checks(form)


def _random_forms() -> list[dict[str, Any]]:
    import random

    rnd = random.Random(8)
    forms = [good_form()]
    for _ in range(200):
        form = good_form(rnd.randint(0, 120), rnd.randint(0, 120), rnd.randint(0, 120), rnd.randint(0, 9))
        for _k in range(rnd.randint(0, 3)):
            name = rnd.choice(list(form))
            if name == "votes":
                form["votes"][rnd.choice("123")] = rnd.randint(0, 400)
            else:
                form[name] = rnd.choice([None, rnd.randint(0, 400)])
        forms.append(form)
    return forms


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_it_evaluates_the_same_in_the_browser_script_as_in_python() -> None:
    forms = _random_forms()
    script = JS.read_text() + """
    var data = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    var out = data.forms.map(function (f) {
      return window.pemiluChecks.run(data.catalogue, f).map(function (c) { return c.code; });
    });
    console.log(JSON.stringify(out));
    """
    prelude = "var window = {}; var document = {addEventListener: function () {}};\n"
    proc = subprocess.run(["node", "-e", prelude + script], input=json.dumps(
        {"catalogue": checks.catalogue_json(), "forms": forms}), capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == [checks.run_checks(f) for f in forms]
    assert any(json.loads(proc.stdout))  # the random forms do trip checks


def test_it_describes_every_check_in_both_languages() -> None:
    for item in checks.catalogue_json():
        assert item["message_id"] and item["message_en"] and item["rule"] and item["fields"]
        assert item["severity"] == ("error" if item["code"].startswith("E") else "warning")
