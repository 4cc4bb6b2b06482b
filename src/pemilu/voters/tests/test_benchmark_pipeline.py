"""benchmarks/voters_pipeline.py at toy size (issue 22 item 8), so the benchmark code cannot rot: the
same generator, import, exact duplicates, TPS mapping and potential duplicates on 1,500 generated
voters, checked against the generator's ground truth. No assertion on time (benchmarks are never
timed tests)."""

from __future__ import annotations

from pathlib import Path

from pemilu.accounts.actions import get_system_user
from pemilu.core.demo import load_regions
from pemilu.regions.models import Tps
from pemilu.testing.benchmarks import load
from pemilu.voters.generator import generate, write_csv
from pemilu.voters.models import Voter, VoterTps


def test_the_pipeline_benchmark_runs_at_toy_size(db: None, voter_key: str, tmp_path: Path) -> None:
    bench = load("voters_pipeline")
    load_regions(get_system_user(), lambda *_a: None)
    rows, truth = generate(1500, seed=5, junk_per_code=2, exact_duplicates=15, new_nik_duplicates=15)
    write_csv(tmp_path / "v.csv", rows)
    (tmp_path / "t.csv").write_text(truth.to_csv(), encoding="utf-8")
    printed: list[str] = []
    report = bench.run_pipeline(tmp_path / "v.csv", tmp_path / "t.csv", out=printed.append)
    steps = {s["step"]: s for s in report["steps"]}
    assert list(steps) == ["import", "exact", "map", "potential"] and len(printed) == 7
    assert steps["import"]["rows"] == Voter.objects.count() == 1500
    assert steps["import"]["flagged"] == 2 * 11 + 15  # the junk rows and the later copy of each exact pair
    assert steps["exact"]["seeded_found"] == steps["exact"]["seeded"] == 15
    assert 0 < steps["map"]["voters"] <= 1500 and steps["map"]["tps"] == Tps.objects.filter(
        pk__in=VoterTps.objects.exclude(tps=None).values("tps")).count()
    assert 0 <= steps["potential"]["recall"] <= 1 and 0 <= steps["potential"]["precision"] <= 1
    for figures in report["steps"]:
        assert figures["wall_s"] >= 0 and figures["cpu_s"] >= 0 and figures["peak_rss_mb"] > 0


def test_the_national_match_benchmark_runs_at_toy_size(tmp_path: Path) -> None:
    """benchmarks/voters_national.py on 3 × 3,000 voters: the copies moved across kab/kota are found on
    hashes alone, through both the one-process run and the export → match split."""
    bench = load("voters_national")
    report = bench.run(3, 3000, 30, workdir=str(tmp_path), out=lambda *_a: None)
    assert report["voters"] == 9000 and report["seeded_pairs"] == 180
    assert report["recall"] > 0.5 and report["precision"] > 0.9
    bench.export(2, 3000, 30, tmp_path / "a.csv", out=lambda *_a: None)
    bench.export(2, 3000, 30, tmp_path / "b.csv", first=2, out=lambda *_a: None)
    split = bench.match(f"{tmp_path / 'a.csv'},{tmp_path / 'b.csv'}", workdir=str(tmp_path), out=lambda *_a: None)
    assert split["seeded_pairs"] == 240 and split["recall"] > 0.5 and split["precision"] > 0.9
