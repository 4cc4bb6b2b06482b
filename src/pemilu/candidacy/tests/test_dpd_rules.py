"""DPD support rules (issue 23 item 6): bands, spread, eligibility, duplicates, penalty, the sample."""

import datetime
import hashlib
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pemilu.candidacy.dpd_rules import (
    Code,
    DpdRuleKind,
    Occupation,
    Supporter,
    check_support,
    draw_sample,
    kabkota_needed,
    load_dpd_rules,
    min_supporters,
    parse_dpd_rules,
    rules_on,
    sample_size,
    systematic_positions,
)
from pemilu.candidacy.rules import RulebookError

VOTING_DAY = datetime.date(2024, 2, 14)
RULES = rules_on(datetime.date(2023, 1, 1))
KABKOTA = [f"12.{n:02d}" for n in range(1, 11)]  # a province of 10 kab/kota


def h(nik: str) -> str:
    return hashlib.sha256(nik.encode()).hexdigest()  # stands for the keyed hash: only equality matters here


def sup(row: int, nik: str, kab: str = "12.01", *, born: datetime.date = datetime.date(1990, 1, 1), marital: str = "B",
        occupation: Occupation = Occupation.OTHER) -> Supporter:
    return Supporter(row, h(nik), f"pendukung {row}", f"{kab}.01.2001", born, marital, occupation)


def spread_list(n: int, kabs: list[str], prefix: str) -> list[Supporter]:
    return [sup(i + 1, f"{prefix}{i:08d}", kabs[i % len(kabs)]) for i in range(n)]


def check(lists: dict[str, list[Supporter]], dpt: int = 900_000, rules: Any = RULES, **kw: Any) -> Any:
    return check_support(lists, province="12", dpt=dpt, kabkota=KABKOTA, voting_day=VOTING_DAY, rules=rules, **kw)


def test_it_uses_the_versions_in_force_with_their_legal_basis() -> None:
    assert RULES.codes() == ["dpd_min_supporters_2017", "dpd_spread_50_2017", "dpd_supporter_2017",
                             "dpd_penalty_50_2017", "dpd_sample_krejcie_morgan_2022"]
    assert [r.code for r in load_dpd_rules() if r.in_effect(datetime.date(2019, 1, 1))
            and r.kind == DpdRuleKind.SAMPLE] == ["dpd_sample_10pct_2018"]
    assert all(r.citation for r in load_dpd_rules())
    with pytest.raises(RulebookError, match="no DPD rule"):
        rules_on(datetime.date(2010, 1, 1))


@pytest.mark.parametrize(("dpt", "needed"), [(1, 1000), (1_000_000, 1000), (1_000_001, 2000), (5_000_000, 2000),
                                              (5_000_001, 3000), (10_000_001, 4000), (15_000_000, 4000),
                                              (15_000_001, 5000), (35_000_000, 5000)])
def test_it_needs_the_supporters_of_the_provinces_band(dpt: int, needed: int) -> None:
    # UU 7/2017 Pasal 183(1), domain.md §6: each band's upper bound belongs to it.
    assert min_supporters(dpt, RULES.min_supporters) == needed


@given(total=st.integers(min_value=0, max_value=60))
def test_the_spread_needs_the_fewest_kabkota_reaching_half(total: int) -> None:
    needed = kabkota_needed(total, RULES.spread)
    assert 2 * needed >= total and (needed == 0 or 2 * (needed - 1) < total)


def test_it_checks_the_50_percent_spread() -> None:
    # 10 kab/kota: 5 is 50 % (enough), 4 is not — with plenty of supporters in both cases.
    five = check({"A": spread_list(1200, KABKOTA[:5], "1201")})["A"]
    four = check({"A": spread_list(1200, KABKOTA[:4], "1201")})["A"]
    assert five.kabkota_needed == 5 and five.meets_spread and five.meets_minimum and five.ok
    assert len(four.kabkota_with_support) == 4 and not four.meets_spread and not four.ok
    # Supporters in a kab/kota that does not count (ineligible) do not spread the support.
    young = [sup(2000 + i, f"1299{i:08d}", KABKOTA[5], born=datetime.date(2010, 1, 1)) for i in range(5)]
    assert not check({"A": spread_list(1200, KABKOTA[:4], "1201") + young})["A"].meets_spread


def with_penalty_on(*kinds: str) -> Any:
    rule = replace(RULES.penalty, parameters={**RULES.penalty.parameters, "applies_to": list(kinds)})
    return replace(RULES, penalty=rule)


def test_it_finds_duplicates_across_candidates_and_applies_the_configured_penalty() -> None:
    a = spread_list(1100, KABKOTA, "1201")
    b = spread_list(1100, KABKOTA, "1202")
    shared = [sup(5000 + i, f"1203{i:08d}", KABKOTA[i % 10]) for i in range(3)]
    b_rows = [Supporter(s.row, s.nik_hash, "nama lain", s.domicile_code, s.birth_date, s.marital) for s in shared]
    # By default (UU 7/2017 Pasal 260(3)) a person on two lists counts for neither, without penalty.
    for r in check({"A": a + shared, "B": b + b_rows}).values():
        assert (r.duplicates_across, r.valid, r.penalty, r.counted) == (3, 1100, 0, 1100)
    # Configured to penalise it too (``applies_to`` with duplicate_across): 50 each.
    result = check({"A": a + shared, "B": b + b_rows}, rules=with_penalty_on("duplicate_across"))
    for key in ("A", "B"):
        r = result[key]
        assert r.duplicates_across == 3 and r.valid == 1100 and r.penalty == 150 and r.counted == 950
        assert [f.code for f in r.findings] == [Code.DUPLICATE_ACROSS] * 3
        assert not r.meets_minimum  # 1,100 valid − 3 × 50 = 950 < 1,000
    # The same people against a list already stored for B (``elsewhere``) count the same for A.
    alone = check({"A": a + shared}, elsewhere={s.nik_hash: {"B"} for s in shared})["A"]
    assert (alone.duplicates_across, alone.counted) == (3, 1100)
    assert check({"A": a + shared}, elsewhere={s.nik_hash: {"A"} for s in shared})["A"].duplicates_across == 0


def test_a_repeat_within_one_list_counts_once_and_costs_the_penalty() -> None:
    rows = [sup(1, "1201000000000001"), sup(2, "1201000000000002"), sup(3, "1201000000000001")]
    r = check({"A": rows})["A"]
    assert (r.valid, r.duplicates_within, r.penalty, r.counted, r.valid_rows) == (2, 1, 50, 0, (1, 2))
    assert [(f.row, f.code) for f in r.findings] == [(3, Code.DUPLICATE_WITHIN)]
    assert check({"A": rows}, rules=with_penalty_on())["A"].penalty == 0


def test_a_denied_supporter_does_not_count_and_costs_the_penalty_as_fake_data() -> None:
    rows = [*spread_list(1100, KABKOTA, "1201"), replace(sup(9001, "1209000000000001"), denied=True)]
    r = check({"A": rows})["A"]
    assert (r.valid, r.denied, r.penalty, r.counted) == (1100, 1, 50, 1050)
    assert [(f.row, f.code) for f in r.findings] == [(9001, Code.DENIED)]


def test_it_refuses_ineligible_supporters() -> None:
    rows = [
        sup(1, "1", born=datetime.date(2007, 2, 15)),  # 16 on voting day, never married
        sup(2, "2", born=datetime.date(2007, 2, 15), marital="S"),  # married: may support
        sup(3, "3", born=datetime.date(2007, 2, 14)),  # 17 on the day itself
        sup(4, "4", kab="13.01"),  # domiciled in another province
        sup(5, "5", occupation=Occupation.POLRI), sup(6, "6", occupation=Occupation.PERANGKAT_DESA),
        sup(7, "7", occupation=Occupation.PENYELENGGARA),
    ]
    r = check({"A": rows})["A"]
    assert r.valid_rows == (2, 3)
    assert [(f.row, f.code) for f in r.findings] == [
        (1, Code.TOO_YOUNG), (4, Code.OUTSIDE_PROVINCE), (5, Code.EXCLUDED_OCCUPATION),
        (6, Code.EXCLUDED_OCCUPATION), (7, Code.EXCLUDED_OCCUPATION)]


@st.composite
def lists_strategy(draw: st.DrawFn) -> dict[str, list[Supporter]]:
    people = draw(st.integers(min_value=1, max_value=30))
    out: dict[str, list[Supporter]] = {}
    for cand in draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4, unique=True)):
        picks = draw(st.lists(st.integers(min_value=0, max_value=people - 1), max_size=25))
        out[cand] = [sup(i + 1, f"p{p}", KABKOTA[p % 10]) for i, p in enumerate(picks)]
    return out


@given(lists=lists_strategy())
def test_counts_agree_with_an_independent_tally(lists: dict[str, list[Supporter]]) -> None:
    result = check(lists)
    owners: dict[str, set[str]] = {}
    for cand, rows in lists.items():
        for s in rows:
            owners.setdefault(s.nik_hash, set()).add(cand)
    for cand, rows in lists.items():
        distinct = {s.nik_hash for s in rows}
        shared = {x for x in distinct if len(owners[x]) > 1}
        r = result[cand]
        assert r.valid == len(distinct - shared)
        assert r.duplicates_across == len(shared)
        # The rule in force penalises repeats within a list (ganda identik), not a person on two lists.
        assert r.counted == max(0, len(distinct - shared) - 50 * (len(rows) - len(distinct)))
        assert sum(f.code == Code.DUPLICATE_WITHIN for f in r.findings) == len(rows) - len(distinct)


@pytest.mark.parametrize(("population", "size"), [(1, 1), (10, 10), (100, 80), (700, 248), (1000, 278), (10_000, 370),
                                                  (1_000_000, 384)])
def test_krejcie_morgan_matches_their_published_table(population: int, size: int) -> None:
    assert sample_size(population, RULES.sample) == size


def test_the_2019_rule_samples_ten_percent() -> None:
    old = next(r for r in load_dpd_rules() if r.code == "dpd_sample_10pct_2018")
    assert (sample_size(3000, old), sample_size(7, old), sample_size(0, old)) == (300, 1, 0)


@given(population=st.integers(min_value=1, max_value=3000), size=st.integers(min_value=1, max_value=3000),
       seed=st.integers(min_value=0, max_value=2**63))
def test_systematic_positions_are_distinct_in_range_at_the_interval(population: int, size: int, seed: int) -> None:
    size = min(size, population)
    pos = systematic_positions(population, size, random.Random(seed))
    assert len(pos) == len(set(pos)) == size
    assert 0 <= pos[0] < population // size and pos[-1] < population
    assert pos == sorted(pos)


@given(seed=st.integers(min_value=0, max_value=2**63), sizes=st.lists(st.integers(min_value=0, max_value=400),
                                                                         min_size=1, max_size=6))
def test_the_same_seed_draws_the_same_sample(seed: int, sizes: list[int]) -> None:
    strata = {KABKOTA[i]: [f"{KABKOTA[i]}-{j}" for j in range(n)] for i, n in enumerate(sizes)}
    first = draw_sample(strata, seed, RULES.sample)
    again = draw_sample(dict(reversed(list(strata.items()))), seed, RULES.sample)
    assert first == again
    for code, picked in first.items():
        assert len(picked) == sample_size(len(strata[code]), RULES.sample) and set(picked) <= set(strata[code])


def test_another_seed_draws_another_sample() -> None:
    strata = {"12.01": list(range(5000))}
    samples = {tuple(draw_sample(strata, seed, RULES.sample)["12.01"]) for seed in range(20)}
    assert len(samples) > 1  # 5,000 / 357 gives 14 possible starts; 20 seeds do not all pick one


def test_the_rulebook_refuses_bad_records() -> None:
    base = {"code": "x", "kind": "spread", "citation": "UU", "effective_from": "2020-01-01",
            "effective_until": None, "parameters": {"percent": 50}}
    assert parse_dpd_rules({"rules": [base]})[0].kind == DpdRuleKind.SPREAD
    for bad in ({"kind": "nope"}, {"citation": ""}, {"parameters": {"percent": 0}}, {"effective_from": None},
                {"effective_until": "2019-01-01"}, {"kind": "penalty", "parameters": {"per_duplicate": -1,
                                                                                     "applies_to": []}}):
        with pytest.raises(RulebookError):
            parse_dpd_rules({"rules": [{**base, **bad}]})
    with pytest.raises(RulebookError, match="both in force"):
        parse_dpd_rules({"rules": [base, {**base, "code": "y", "effective_from": "2021-01-01"}]})
