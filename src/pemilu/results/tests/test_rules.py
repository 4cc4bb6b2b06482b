"""Pure rules: numbers in words, dapil resolution, double-entry differences, roll-up deltas."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pemilu.results import rules


def test_it_writes_numbers_in_indonesian_words() -> None:
    assert rules.terbilang(0) == "nol"
    assert rules.terbilang(11) == "sebelas"
    assert rules.terbilang(172) == "seratus tujuh puluh dua"
    assert rules.terbilang(1560) == "seribu lima ratus enam puluh"
    assert rules.terbilang(40_971_906) == "empat puluh juta sembilan ratus tujuh puluh satu ribu sembilan ratus enam"


def test_it_finds_the_dapil_of_the_most_specific_listed_ancestor() -> None:
    area = {"12.76": "1201", "12.76.01": "127602", "12.22.03.2004": "122203"}
    assert rules.resolve_dapil(area, "12.76.01.1006.001") == "127602"
    assert rules.resolve_dapil(area, "12.76.02.1001.004") == "1201"
    assert rules.resolve_dapil(area, "12.22.03.2004.001") == "122203"
    assert rules.resolve_dapil(area, "13.01.01.2001.001") is None


def test_it_lists_the_fields_two_entries_disagree_on() -> None:
    a = {"suara_sah": 10, "votes": {"1": 4, "2": 6}}
    b = {"suara_sah": 11, "votes": {"1": 5, "2": 6}}
    assert rules.figure_differences(a, b) == ["suara_sah", "votes.1"]
    assert rules.figure_differences(a, a) == []


@given(st.dictionaries(st.sampled_from("123"), st.integers(0, 500)),
       st.dictionaries(st.sampled_from("123"), st.integers(0, 500)))
def test_it_moves_totals_by_the_difference(old: dict[str, int], new: dict[str, int]) -> None:
    delta = rules.rollup_delta(old, new)
    for key in set(old) | set(new):
        assert old.get(key, 0) + delta.get(key, 0) == new.get(key, 0)


def test_it_moves_progress_counters_with_the_status() -> None:
    assert rules.status_delta("submitted", "accepted") == {"#submitted": -1, "#accepted": 1}
    assert rules.status_delta("accepted", "accepted") == {}
