"""The C.Hasil's data-pemilih section starts from the DPT that KPU Kab/Kota set for the TPS, and a
typed DPT that differs is the coded warning W3 (issue 22 item 5) — on the page, in the action, in
the election-night batch and in the paper import alike."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pemilu.regions.models import Tps
from pemilu.results import checks
from pemilu.results.actions import do_submit_result
from pemilu.results.entry import ChecksFailed, dpt_reference
from pemilu.results.ingest import submit_batch
from pemilu.results.models import Contest, Result
from pemilu.testing.factories import PASSWORD, Cast
from pemilu.voters.models import VoterList
from pemilu.voters.tests.conftest import build_dpt, dp4_rows, voter_key  # noqa: F401 - the key fixture

TPS = "12.76.01.1006.001"


@pytest.fixture
def dpt(cast: Cast, ppwp: Contest, voter_key: str) -> dict[str, int]:  # noqa: F811 - the imported fixture
    rows = [r for r in dp4_rows(150, seed=3) if r["kode_desa"] == "12.76.01.1006"]
    build_dpt(cast, ppwp.election, "12.76.01.1006", rows)
    counts = VoterList.objects.get(desa_code="12.76.01.1006", stage="dpt").by_tps[TPS]
    return {"l": counts["L"], "p": counts["P"], "j": counts["L"] + counts["P"]}


def matching(dpt: dict[str, int]) -> dict[str, object]:
    """A consistent C.Hasil of a TPS where every DPT voter voted, the DPT typed as set."""
    men, women, j = dpt["l"], dpt["p"], dpt["j"]
    received = j + -(-j * 2 // 100)
    form: dict[str, object] = {f"{row}_{s}": 0 for row in ("pengguna_dptb", "pengguna_dpk", "disabilitas")
                               for s in "lpj"}
    for row in ("dpt", "pengguna_dpt", "pengguna_total"):
        form.update({f"{row}_l": men, f"{row}_p": women, f"{row}_j": j})
    form.update({"ss_diterima": received, "ss_rusak": 0, "ss_tidak_digunakan": received - j, "ss_digunakan": j,
                 "suara_sah": j, "suara_tidak_sah": 0, "suara_total": j, "votes": {"1": j, "2": 0, "3": 0}})
    return form


def test_the_entry_page_is_prefilled_with_the_tps_dpt(cast: Cast, ppwp: Contest, dpt: dict[str, int]) -> None:
    client = Client()
    assert client.login(username=cast.kpps_a1.username, password=PASSWORD)
    html = client.get(f"/hasil/tps/{TPS}/ppwp/isi/").content.decode()
    shown = dict(re.findall(r'name="(dpt_[lpj])"[^>]*value="([^"]*)"', html))
    assert shown == {"dpt_l": str(dpt["l"]), "dpt_p": str(dpt["p"]), "dpt_j": str(dpt["j"])}
    assert f'data-field="dpt_set_j" value="{dpt["j"]}"' in html and "data-dpt-set" in html
    pps = Client()
    assert pps.login(username=cast.pps_a1.username, password=PASSWORD)
    other = pps.get("/hasil/tps/12.76.01.1006.002/ppwp/isi/").content.decode()  # TPS 002 has its own DPT
    set_002 = dpt_reference(ppwp.election_id, ["12.76.01.1006.002"])["12.76.01.1006.002"]
    assert f'data-field="dpt_set_j" value="{set_002["dpt_set_j"]}"' in other


def test_a_typed_dpt_that_differs_is_warning_w3(cast: Cast, ppwp: Contest, dpt: dict[str, int]) -> None:
    reference = dpt_reference(ppwp.election_id, [TPS])[TPS]
    assert reference == {"dpt_set_l": dpt["l"], "dpt_set_p": dpt["p"], "dpt_set_j": dpt["j"],  # no DPTb, no DPK yet
                         **{f"{row}_set_{s}": 0 for row in ("dptb", "dpk") for s in "lpj"}}
    assert checks.run_checks(matching(dpt), reference) == []
    off = {**matching(dpt), "dpt_l": dpt["l"] + 1, "dpt_j": dpt["j"] + 1}  # one more than set
    assert "W3" in checks.run_checks(off, reference) and "W3" not in checks.run_checks(off)  # no DPT: skipped
    tps = Tps.objects.get(code=TPS)
    with pytest.raises(ChecksFailed, match="W3"):
        do_submit_result(ppwp, tps, off, actor=cast.kpps_a1)
    acks = {w: "plano" for w in checks.warnings_of(checks.run_checks(off, reference))}
    result = do_submit_result(ppwp, tps, off, actor=cast.kpps_a1, acknowledgements=acks)
    assert "W3" in Result.objects.get(pk=result.pk).codes


def test_the_batch_warns_the_same(cast: Cast, ppwp: Contest, dpt: dict[str, int]) -> None:
    off = {**matching(dpt), "dpt_p": dpt["p"] + 2, "dpt_j": dpt["j"] + 2}
    answers = submit_batch(cast.kpps_a1, [{"tps": TPS, "contest": "ppwp", "idempotency_key": "b1", **off}])
    assert answers[0]["status"] == 422 and "W3" in answers[0]["body"]["codes"]
