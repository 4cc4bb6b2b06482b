"""The TPS mapping rule (tps_mapping.py): properties over generated desa, and hand-picked cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu.voters.tps_mapping import Family, ballots_needed, ceil_tps, families_of, least_tps, map_desa


@st.composite
def desa(draw: st.DrawFn) -> tuple[list[Family], int]:
    """A desa of families (1–12 voters) spread over RW/RT, and a cap at least the largest family."""
    count = draw(st.integers(min_value=0, max_value=400))
    sizes = draw(st.lists(st.integers(min_value=1, max_value=12), min_size=count, max_size=count))
    rows: list[tuple[int, str, str, str]] = []
    voter = 0
    for i, size in enumerate(sizes):
        rw = draw(st.integers(min_value=1, max_value=4))
        rt = draw(st.integers(min_value=1, max_value=6))
        for _ in range(size):
            voter += 1
            rows.append((voter, f"kk{i}", f"{rw:03d}", f"{rt:03d}"))
    cap = draw(st.sampled_from([12, 20, 50, 300, 600]))
    return families_of(rows), cap


@settings(max_examples=200, deadline=None)
@given(desa())
def test_no_tps_over_cap_no_family_split_everyone_once(case: tuple[list[Family], int]) -> None:
    families, cap = case
    mapping = map_desa(families, cap)
    assert all(1 <= size <= cap for size in mapping.sizes())
    placed = [v for tps in mapping.tps for v in tps]
    everyone = [v for f in families for v in f.voters]
    assert sorted(placed) == sorted(everyone)  # everyone mapped, nobody twice
    where = {v: i for i, tps in enumerate(mapping.tps) for v in tps}
    for family in families:
        assert len({where[v] for v in family.voters}) == 1, family.kk


@settings(max_examples=200, deadline=None)
@given(desa())
def test_tps_count_is_the_least_for_whole_families_and_close_to_the_bound(case: tuple[list[Family], int]) -> None:
    families, cap = case
    voters = sum(len(f.voters) for f in families)
    largest = max((len(f.voters) for f in families), default=1)
    count = map_desa(families, cap).count
    assert count >= ceil_tps(voters, cap)
    assert count <= math.ceil(voters / (cap - largest + 1)) if voters else count == 0
    assert count == least_tps([len(f.voters) for f in families], cap)


def test_rt_kept_whole_when_the_cap_allows() -> None:
    # Two RT of 150 voters (50 families of 3) and a cap of 300: one TPS. Three such RT: two TPS, the
    # cut between RT, not inside one.
    rows = [(i * 3 + j, f"kk{rt}-{i}", "001", f"{rt:03d}") for rt in range(1, 4) for i in range(rt * 100, rt * 100 + 50)
            for j in range(3)]
    mapping = map_desa(families_of(rows), 300)
    assert mapping.sizes() == [150, 300] or mapping.sizes() == [300, 150]
    rt_of = {v: rt for v, _kk, _rw, rt in rows}
    for tps in mapping.tps:
        assert len({rt_of[v] for v in tps}) in (1, 2)
    assert sum(len({rt_of[v] for v in tps}) for tps in mapping.tps) == 3  # no RT in two TPS


def test_rw_boundary_preferred_over_rt() -> None:
    # RW 001: RT 1 (100), RT 2 (100); RW 002: RT 1 (100), RT 2 (100); cap 300 → 2 TPS, cut at the RW.
    rows = [(n, f"kk{n}", rw, rt) for n, (rw, rt) in enumerate(
        [(rw, rt) for rw in ("001", "002") for rt in ("001", "002") for _ in range(100)])]
    mapping = map_desa(families_of(rows), 300)
    assert mapping.sizes() == [200, 200]
    rw_of = {v: rw for v, _kk, rw, _rt in rows}
    assert [{rw_of[v] for v in tps} for tps in mapping.tps] == [{"001"}, {"002"}]


def test_rt_numbers_in_numeric_order() -> None:
    families = families_of([(1, "a", "2", "10"), (2, "b", "2", "9"), (3, "c", "10", "1"), (4, "d", "002", "1")])
    assert [f.kk for f in families] == ["d", "b", "a", "c"]


def test_a_family_over_the_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="kk-big"):
        map_desa(families_of([(i, "kk-big", "1", "1") for i in range(13)]), 12)


def test_empty_desa_needs_no_tps() -> None:
    assert map_desa([], 300).count == 0


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=500))
def test_ballots_dpt_dptb_and_two_percent_rounded_up(dpt: int, dptb: int) -> None:
    reserve = ballots_needed(dpt, dptb) - dpt - dptb
    assert reserve * 100 >= dpt * 2 > (reserve - 1) * 100


def test_ballots_at_a_full_tps() -> None:
    assert ballots_needed(300, 0) == 306  # domain.md §3: max 306 at a 300-voter TPS
    assert ballots_needed(299, 3) == 299 + 3 + 6
    assert ballots_needed(1, 0) == 2
