"""The demo leaves Kota Tebing Tinggi mid-recap: real sample, every state, one plenary locked."""

from __future__ import annotations

from pemilu.results import queries
from pemilu.results.models import Contest, Plenary, Result, ResultStatus
from pemilu.testing.demo import SharedDemo


# That a second load says "Hasil PPWP: sudah dimuat" and changes nothing: core/tests/test_demo.py.
def test_it_loads_an_election_in_progress(shared_demo: SharedDemo) -> None:
    contest = Contest.objects.get(code="ppwp")
    rows = {r["name"]: r for r in queries.recap_children(contest, "12.76.01")}
    # The 9 votes-only Sirekap forms were completed from the plano before the plenary locked.
    assert [rows["Persiakan"]["votes"][k] for k in "123"] == [1560, 2078, 322]
    assert [rows["Bandar Sono"]["votes"][k] for k in "123"] == [671, 1382, 567]
    for row in rows.values():
        assert sum(row["votes"].values()) == row["suara_sah"] and row["incomplete"] == 0
    statuses = set(Result.objects.values_list("status", flat=True))
    assert {ResultStatus.ACCEPTED, ResultStatus.SUBMITTED, ResultStatus.ERROR} <= statuses
    assert Result.objects.filter(corrections__gt=0).exists()
    assert Plenary.objects.get(contest=contest, region_code="12.76.01").status == "locked"
    # The typed D.Hasil: Padang Hulu's equals the sum; Bajenis's carries one misread.
    assert queries.sheet_comparison(contest, "12.76.01") == []
    assert [d["difference"] for d in queries.sheet_comparison(contest, "12.76.04") or []] == [800]
    # DPD Sumatera Utara: a synthetic, labelled list, ten TPS counted.
    dpd = Contest.objects.get(code="dpd-12")
    assert len(dpd.choices) == 4 and all("(sintetis)" in c["label"] for c in dpd.choices)
    assert queries.totals(dpd, "12.76.01")["accepted"] == 10
    # Every state the demo reaches (imports with errors, corrections, verification) verifies
    # against its audit rows: figures, statuses, versions and running totals (issue 17).
    from pemilu.audit.verify import verify_all

    checked = verify_all()
    assert checked.ok and not checked.notes, [str(p) for p in checked.problems]
