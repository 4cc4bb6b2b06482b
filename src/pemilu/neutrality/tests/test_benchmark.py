"""benchmarks/neutrality.py at toy size, so the benchmark code cannot rot (its intake call broke
unnoticed when the intake became one schema). No assertion on time: benchmarks are never timed tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from pemilu.neutrality.models import Case, Report

BENCHMARK = Path(__file__).resolve().parents[4] / "benchmarks" / "neutrality.py"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("neutrality_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_neutrality_benchmark_runs_at_toy_size(db: None) -> None:
    printed: list[str] = []
    figures = _benchmark().measure(60, reports=20, out=printed.append)
    # Every report went through the real intake: linked to an existing case or opening a new one.
    assert Report.objects.count() == 20
    assert Case.objects.count() == 60 + 20 - int(figures["linked"])
    assert figures["cases"] == Case.objects.count()
    assert len(printed) == 5 and printed[0].endswith("cases: 60")
