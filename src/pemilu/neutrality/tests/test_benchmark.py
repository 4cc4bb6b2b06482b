"""benchmarks/neutrality.py at toy size, so the benchmark code cannot rot (its intake call broke
unnoticed when the intake became one schema). No assertion on time: benchmarks are never timed tests."""

from __future__ import annotations

from pemilu.neutrality.models import Case, Report
from pemilu.testing.benchmarks import load


def test_the_neutrality_benchmark_runs_at_toy_size(db: None) -> None:
    printed: list[str] = []
    figures = load("neutrality").measure(60, reports=20, out=printed.append)
    # Every report went through the real intake: linked to an existing case or opening a new one.
    assert Report.objects.count() == 20
    assert Case.objects.count() == 60 + 20 - int(figures["linked"])
    assert figures["cases"] == Case.objects.count()
    assert len(printed) == 5 and printed[0].endswith("cases: 60")
