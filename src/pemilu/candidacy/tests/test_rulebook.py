"""The one rulebook parser behind both rulebooks (``rules.parse_rulebook``): what differs is a parameter."""

import datetime
from collections.abc import Mapping
from typing import Any

import pytest

from pemilu.candidacy.dpd_rules import DpdRule, DpdRuleKind, parse_dpd_rules
from pemilu.candidacy.rules import ListRuleKind, RulebookError, RuleVersion, parse_rulebook, parse_rules

WHAT_IF: dict[str, Any] = {"code": "w", "kind": "women_quota", "citation": "-", "effective_from": None,
                           "effective_until": None, "parameters": {"percent": 30, "rounding": "down"}}
SPREAD: dict[str, Any] = {"code": "s", "kind": "spread", "citation": "UU", "effective_from": None,
                          "effective_until": None, "parameters": {"percent": 50}}


def _no_check(kind: object, params: Mapping[str, Any]) -> None:
    return None


def test_a_version_without_a_start_is_a_what_if_unless_the_rulebook_requires_one() -> None:
    (what_if,) = parse_rules({"rules": [WHAT_IF]})
    assert isinstance(what_if, RuleVersion) and what_if.effective_from is None
    assert not what_if.in_effect(datetime.date(2024, 1, 1))
    with pytest.raises(RulebookError, match="rule s: effective_from is required"):
        parse_dpd_rules({"rules": [SPREAD]})
    # The switch itself, on one document: the same record passes without it and is refused with it.
    (spread,) = parse_rulebook({"rules": [SPREAD]}, DpdRuleKind, DpdRule, _no_check)
    assert isinstance(spread, DpdRule) and spread.kind == DpdRuleKind.SPREAD and spread.effective_from is None
    with pytest.raises(RulebookError, match="effective_from is required"):
        parse_rulebook({"rules": [SPREAD]}, DpdRuleKind, DpdRule, _no_check, start_required=True)


def test_each_rulebook_checks_its_own_kinds_and_parameters() -> None:
    with pytest.raises(RulebookError, match="unknown kind 'spread'"):
        parse_rulebook({"rules": [SPREAD]}, ListRuleKind, RuleVersion, _no_check)
    dated = {**SPREAD, "effective_from": "2020-01-01", "parameters": {"percent": 0}}
    assert parse_rulebook({"rules": [dated]}, DpdRuleKind, DpdRule, _no_check)[0].parameters == {"percent": 0}
    with pytest.raises(RulebookError, match="rule s: bad parameters"):
        parse_dpd_rules({"rules": [dated]})
