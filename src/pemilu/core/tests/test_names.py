"""Model and enum names are unique across apps (issue 18 item 6; docs/architecture.md "Names
across apps"): ``Status``, ``Candidate`` or ``Decision`` in two apps make every import ambiguous
to a reader. Walks every module of ``src/pemilu`` (tests and migrations aside) and fails when two
apps define a model or an enum (``TextChoices``, ``StrEnum``, …) of the same name."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
from collections import defaultdict

from django.db import models

import pemilu

SKIPPED = (".tests", ".migrations")


def _definitions() -> dict[str, set[str]]:
    """Class name → the modules (``pemilu.<app>.…``) defining a model or enum of that name."""
    found: dict[str, set[str]] = defaultdict(set)
    for info in pkgutil.walk_packages(pemilu.__path__, "pemilu."):
        name = info.name
        if name == "pemilu.__main__" or any(part in name for part in SKIPPED):
            continue
        module = importlib.import_module(name)
        for cls_name, obj in vars(module).items():
            if (inspect.isclass(obj) and obj.__module__ == name
                    and (issubclass(obj, enum.Enum) or issubclass(obj, models.Model))):
                found[cls_name].add(name)
    return found


def clashes(found: dict[str, set[str]]) -> dict[str, list[str]]:
    """The names defined in more than one app, with their modules."""
    return {name: sorted(modules) for name, modules in found.items()
            if len({m.split(".")[1] for m in modules}) > 1}


def test_no_two_apps_define_a_model_or_enum_of_the_same_name() -> None:
    found = _definitions()
    assert {"BallotCandidate", "StaffCandidate", "CaseStatus", "ResultStatus"} <= set(found)  # the walk sees them
    assert not clashes(found), f"qualify these names (one app each): {clashes(found)}"


def test_one_name_in_two_apps_is_a_clash_and_in_two_modules_of_one_app_is_not() -> None:
    assert clashes({"Candidate": {"pemilu.results.models.contests", "pemilu.secretariats.models"}}) == {
        "Candidate": ["pemilu.results.models.contests", "pemilu.secretariats.models"]}
    assert clashes({"Kind": {"pemilu.adhoc.rules", "pemilu.adhoc.models.applicants"}}) == {}
