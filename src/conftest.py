"""Hooks that must reach pytest's controller process too: this file sits above every test, so it is
loaded whatever paths are given (``src/pemilu/conftest.py`` is not, when xdist's controller runs the
whole suite from ``testpaths``, and its report hooks would never run there)."""

from __future__ import annotations

import pytest

from pemilu.testing import selection

_SELECTED = pytest.StashKey[tuple[int, int]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``PEMILU_TESTS=database`` (CI's PostgreSQL pass) keeps only the tests that reach a database
    (``pemilu/testing/selection.py``); the count is printed at the end of the run."""
    if not selection.enabled():
        return
    kept, left = selection.split(items)
    items[:] = kept
    config.hook.pytest_deselected(items=left)
    config.stash[_SELECTED] = (len(kept), len(left))
    if hasattr(config, "workeroutput"):  # an xdist worker: the controller prints the count
        config.workeroutput["pemilu_selected"] = (len(kept), len(left))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    counts = getattr(node, "workeroutput", {}).get("pemilu_selected")
    if counts:
        node.config.stash[_SELECTED] = tuple(counts)  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter: object, exitstatus: int, config: pytest.Config) -> None:
    counts = config.stash.get(_SELECTED, None)
    if counts:
        terminalreporter.write_line(selection.summary(*counts))  # type: ignore[attr-defined]
