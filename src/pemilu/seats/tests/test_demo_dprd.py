"""The demo's DPRD Kota Tebing Tinggi contest: every TPS counted and every PPK plenary locked, KPU
Kota's open — so KPU Kota can lock, allocate its 25 seats from the recap and publish the decree."""

from __future__ import annotations

from pemilu.accounts.models import User
from pemilu.results import queries
from pemilu.results.actions import do_lock_plenary
from pemilu.results.models import BallotCandidate, Contest, Plenary, PlenaryStatus
from pemilu.seats import decree as decrees
from pemilu.seats import from_recap
from pemilu.seats.demo_dprd import DAPIL
from pemilu.testing.demo import SharedDemo


# That a second load says "DPRD Kota Tebing Tinggi: sudah dimuat" and changes nothing: core/tests/test_demo.py.
def test_the_demo_leaves_the_dprd_kota_recap_ready_for_kpu_kota(shared_demo: SharedDemo) -> None:
    contests = list(Contest.objects.filter(code__startswith="dprd_kab-1276").order_by("code"))
    assert [c.code for c in contests] == ["dprd_kab-127601", "dprd_kab-127602", "dprd_kab-127603"]
    assert BallotCandidate.objects.filter(dapil__code__startswith="1276").count() == 3 * 18 * 3
    for contest in contests:
        total = queries.totals(contest, "12.76")
        assert total["accepted"] == total["expected"] > 0 and total["incomplete"] == 0
        assert sum(total["votes"].values()) == total["suara_sah"]
        # KPU Kota's plenary is open with its quorum recorded (issue 21 item 4): the demo's to lock.
        assert Plenary.objects.get(contest=contest, region_code="12.76").status == PlenaryStatus.OPEN
        assert set(Plenary.objects.filter(contest=contest).exclude(region_code="12.76")
                   .values_list("status", flat=True)) == {PlenaryStatus.LOCKED}
    assert sum(queries.totals(c, "12.76")["expected"] for c in contests) == 517
    assert from_recap.read_recap(contests[0].election, "dprd-kabkota", "12.76").preview
    kpu = User.objects.get(username="kpu.tebingtinggi")
    for contest in contests:
        do_lock_plenary(contest, "12.76", actor=kpu)
    run, _ = from_recap.do_allocate_from_recap(contests[0].election, "dprd-kabkota", region_code="12.76", actor=kpu)
    assert run.total_seats == 25 and [d.seats for d in run.dapils.all()] == [s for _n, s, _a in DAPIL.values()]
    assert sum(run.national["seats"].values()) == 25 and run.status == "complete"
    decree = decrees.do_publish_decree(run, actor=kpu, number="1/PL.01.9-Kpt/1276/KPU-Kot/2024")
    assert decree.members.count() == 25
