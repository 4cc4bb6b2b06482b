"""The candidate-list rules: rounding, the three rules against independent oracles, the rulebook."""

import datetime
import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pemilu.candidacy.rules import (
    Candidate,
    ListRuleKind,
    PartyList,
    Rounding,
    RulebookError,
    check_list,
    load_rules,
    name_key,
    parse_rules,
    select_rules,
    shared_names,
    women_needed,
)

TODAY = datetime.date(2026, 12, 4)
RULES_NOW = select_rules(load_rules(), TODAY)


def make_list(sexes: str, seats: int = 10, dapil: str = "1201", party: str = "Partai A") -> PartyList:
    return PartyList(dapil, party, seats, tuple(Candidate(i + 1, f"calon {i + 1}", s == "P")
                                                for i, s in enumerate(sexes)))


def test_it_rounds_30_percent_as_each_regulation_said() -> None:
    # 4 names: 1.2 women. Up (PKPU 20/2018, MA 24 P/HUM/2023) → 2; nearest (PKPU 10/2023 Pasal 8(2)) → 1.
    assert women_needed(4, 30, Rounding.UP) == 2
    assert women_needed(4, 30, Rounding.NEAREST) == 1
    assert women_needed(4, 30, Rounding.DOWN) == 1
    # 5 names: 1.5 → nearest rounds .50 up; 7 names: 2.1 → 3 up, 2 nearest; 10 names: exactly 3.
    assert (women_needed(5, 30, Rounding.NEAREST), women_needed(7, 30, Rounding.UP),
            women_needed(7, 30, Rounding.NEAREST), women_needed(10, 30, Rounding.UP)) == (2, 3, 2, 3)
    assert women_needed(1, 30, Rounding.UP) == 1 and women_needed(1, 30, Rounding.NEAREST) == 0


@given(n=st.integers(min_value=0, max_value=200), pct=st.integers(min_value=0, max_value=100))
def test_each_rounding_is_the_definition_it_names(n: int, pct: int) -> None:
    up, near, down = (women_needed(n, pct, r) for r in (Rounding.UP, Rounding.NEAREST, Rounding.DOWN))
    # up: the fewest women w with w/n >= pct %; down: the most with w/n <= pct %.
    assert up == min(w for w in range(n + 2) if w * 100 >= pct * n)
    assert down == max(w for w in range(n + 1) if w * 100 <= pct * n)
    exact = Fraction(pct * n, 100)
    assert abs(near - exact) <= Fraction(1, 2) and (exact - down != Fraction(1, 2) or near == up)
    assert down <= near <= up <= down + 1


@given(sexes=st.text(alphabet="LP", max_size=15), seats=st.integers(min_value=1, max_value=12))
def test_every_rule_fails_exactly_when_an_independent_count_says_so(sexes: str, seats: int) -> None:
    checked = check_list(make_list(sexes, seats), RULES_NOW)
    codes = {f.code for f in checked.findings}
    n, women = len(sexes), sexes.count("P")
    assert (ListRuleKind.MAX_CANDIDATES in codes) == (n > seats)
    assert (ListRuleKind.WOMEN_QUOTA in codes) == (women < math.ceil(Fraction(3 * n, 10)))
    blocks = [sexes[i:i + 3] for i in range(0, n - n % 3, 3)]
    empty = [b for b in blocks if "P" not in b]
    assert sum(f.code == ListRuleKind.WOMEN_PER_BLOCK for f in checked.findings) == len(empty)
    assert checked.ok == (not codes)
    for f in checked.findings:  # the message names dapil, party, seats, women present and needed
        assert f.dapil == "1201" and f.women == women and f.women_needed == checked.women_needed
        assert all(str(x) in f.message for x in ("1201", "Partai A", f"{seats} kursi", f"{women} perempuan",
                                                   f"dibutuhkan {checked.women_needed}"))


def test_a_shorter_last_block_is_exempt_and_blocks_follow_nomor_urut() -> None:
    short_tail = check_list(make_list("PLLPLLLL"), RULES_NOW)  # nomor urut 7–8 (LL) is a shorter last block
    assert [f.code for f in short_tail.findings] == [ListRuleKind.WOMEN_QUOTA]  # only the quota: 2 of 8, needs 3
    assert not [f for f in check_list(make_list("PLLPLLPL"), RULES_NOW).findings
                if f.code == ListRuleKind.WOMEN_PER_BLOCK]
    bad = check_list(make_list("LLLPPP"), RULES_NOW)
    block = [f for f in bad.findings if f.code == ListRuleKind.WOMEN_PER_BLOCK]
    assert len(block) == 1 and "nomor urut 1–3" in block[0].message


def test_the_rule_in_force_is_chosen_by_date() -> None:
    rules = load_rules()

    def quota(on: datetime.date, rounding: Rounding | None = None) -> str:
        return next(r.code for r in select_rules(rules, on, rounding) if r.kind == ListRuleKind.WOMEN_QUOTA)

    assert quota(datetime.date(2019, 1, 1)) == "women_30_up_2018"
    assert quota(datetime.date(2023, 8, 28)) == "women_30_nearest_2023"  # the day before the MA ruling
    assert quota(datetime.date(2023, 8, 29)) == "women_30_up_ma_2023"
    assert quota(TODAY) == "women_30_up_ma_2023"
    assert quota(TODAY, Rounding.NEAREST) == "women_30_nearest_2023"  # replaying the annulled rule
    assert quota(TODAY, Rounding.DOWN) == "women_30_down_whatif"
    assert quota(datetime.date(2020, 1, 1), Rounding.UP) == "women_30_up_2018"
    assert {r.kind for r in select_rules(rules, TODAY)} == set(ListRuleKind)
    assert all(r.citation for r in rules)


@given(on=st.dates(min_value=datetime.date(2018, 7, 3), max_value=datetime.date(2040, 1, 1)))
def test_exactly_one_version_of_each_kind_is_in_force_on_any_day(on: datetime.date) -> None:
    for kind in ListRuleKind:
        assert sum(r.in_effect(on) for r in load_rules() if r.kind == kind) == 1


def test_a_malformed_rulebook_is_refused() -> None:
    good: dict[str, Any] = {"code": "a", "kind": "women_quota", "citation": "X", "effective_from": "2020-01-01",
            "effective_until": None, "parameters": {"percent": 30, "rounding": "up"}}
    assert parse_rules({"rules": [good]})[0].rounding == Rounding.UP
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "age"}, "unknown kind"), ({"citation": ""}, "citation"),
        ({"parameters": {"percent": 30, "rounding": "sideways"}}, "bad parameters"),
        ({"parameters": {"percent": 130, "rounding": "up"}}, "bad parameters"),
        ({"effective_from": "1 Jan"}, "not a date")]
    for bad, text in cases:
        with pytest.raises(RulebookError, match=text):
            parse_rules({"rules": [{**good, **bad}]})
    overlapping = {**good, "code": "b", "effective_from": "2021-01-01"}
    with pytest.raises(RulebookError, match="both in force"):
        parse_rules({"rules": [good, overlapping]})


def test_names_on_two_lists_are_matched_without_titles() -> None:
    assert name_key("H. IRMAWAN, S.Sos., M.M.") == "irmawan"
    assert name_key("Dr. H.  Abdul   Azis, S.Ag.") == "abdul azis"
    a = PartyList("1101", "A", 7, (Candidate(1, "H. ABDUL AZIS, S.E.", False),))
    b = PartyList("7302", "B", 7, (Candidate(8, "Dr. Abdul Azis", False), Candidate(9, "SITI", True)))
    same_list_twice = PartyList("1102", "C", 7, (Candidate(1, "SITI", True), Candidate(2, "Hj. SITI", True)))
    shared = shared_names([a, b, same_list_twice])
    assert [s.key for s in shared] == ["abdul azis", "siti"]
    assert [e[:3] for e in shared[0].entries] == [("1101", "A", 1), ("7302", "B", 8)]
    assert shared_names([same_list_twice]) == []  # one list only: not a cross-list warning
