"""Issue 22 acceptance: TPS mapping on the demo (Kota Tebing Tinggi's 35 kelurahan and 517 TPS of
2024, the demo users and Pemilu 2024) — no TPS above the cap, no KK split across TPS, every eligible
voter mapped, and the count per desa printed beside 2024's.

The demo has no voters of its own yet, so the test generates them (``generator.py``), spread over
the kelurahan like 2024's TPS. A quarter of the real size (≈ 33,000 voters) with a quarter of the
cap (75) keeps the run short and the TPS counts comparable with 2024's; the full size with the real
cap (300) is ``benchmarks/voters_tps_demo.py`` (figures in docs/benchmarks.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.core.demo import load_regions, load_users
from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.regions.models import Region
from pemilu.voters.generator import generate
from pemilu.voters.importer import import_dp4
from pemilu.voters.mapping import do_map_tps
from pemilu.voters.models import Voter
from pemilu.voters.tests.conftest import dp4_csv
from pemilu.voters.tests.dpt_world import spread_by_2024
from pemilu.voters.tests.test_map_tps import assert_mapping_holds

VOTERS, CAP = 33_000, 75


@pytest.mark.django_db
def test_mapping_on_the_demo_beside_2024(voter_key: str, capsys: pytest.CaptureFixture[str]) -> None:
    actor = get_system_user()
    load_regions(actor, lambda _s: None)
    load_users(actor, lambda _s: None)
    election = get_or_create_pemilu_2024()
    rows, _truth = generate(VOTERS, seed=2024, junk_per_code=0)
    kpu = User.objects.get(username="kpu.tebingtinggi")
    import_dp4(dp4_csv(spread_by_2024(rows)), election=election, region_code="12.76", actor=kpu)
    report = do_map_tps(election, "12.76", actor=kpu, cap=CAP)
    per_desa = assert_mapping_holds(election, CAP)
    desa = set(Region.objects.filter(level=4, kab_code="12.76").values_list("code", flat=True))
    assert {d.code for d in report.desa} == desa and len(desa) == 35
    assert per_desa == {d.code: d.tps for d in report.desa}
    assert report.voters == Voter.objects.filter(election=election).count() == VOTERS
    assert all(d.tps_2024 is not None and d.matched_2024 == "kode" for d in report.desa)
    assert report.tps_2024 == 513  # + 4 special TPS (Rambung 901–904): 517
    out = StringIO()
    call_command("voters", "map-tps", "12.76", "--cap", str(CAP), "--dry-run", stdout=out)
    text = out.getvalue()
    with capsys.disabled():
        print(f"\n{text}")
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.startswith("12.76.")}
    assert set(lines) == desa
    for d in report.desa:  # each printed line: voters, TPS, TPS 2024, difference
        assert lines[d.code][-5:-1] == [str(d.voters), str(d.tps), str(d.tps_2024), f"{d.difference:+d}"]
