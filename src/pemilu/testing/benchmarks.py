"""A script of ``benchmarks/`` loaded as a module, so a test can run it at toy size and the
benchmark cannot rot unnoticed (benchmarks are never timed tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def load(name: str) -> ModuleType:
    """``benchmarks/<name>.py``, executed afresh and registered under ``name`` (dataclasses look
    their module up in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
