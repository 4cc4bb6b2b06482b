from hypothesis import given
from hypothesis import strategies as st

from pemilu.secretariats import rules
from pemilu.secretariats.rules import BodyKind, Composition, Gap, PositionKind

kinds = st.sampled_from(list(PositionKind))


def test_default_composition_is_one_secretary_and_two_staff() -> None:
    for body in BodyKind:
        comp = rules.DEFAULT_COMPOSITION[body]
        assert comp.required == 3
        assert [k for k, _d in comp.positions()] == [PositionKind.SEKRETARIS, PositionKind.STAF, PositionKind.STAF]
    assert rules.DEFAULT_COMPOSITION[BodyKind.PPK].staff_duties[0].startswith("Teknis")
    assert "logistik" in rules.DEFAULT_COMPOSITION[BodyKind.PPK].staff_duties[1]


@given(st.integers(1, 6), st.integers(0, 8), st.integers(0, 10), kinds)
def test_proposal_limit_allows_exactly_up_to_the_maximum(max_sec: int, max_staff: int, open_n: int,
                                                         kind: PositionKind) -> None:
    comp = Composition(max_secretary_candidates=max_sec, max_staff_candidates=max_staff)
    check = rules.proposal_check(comp, kind, open_n)
    limit = max_sec if kind == PositionKind.SEKRETARIS else max_staff
    assert check.ok == (open_n < limit)
    assert str(limit) in str(check.message)


def test_proposal_limit_messages_explain() -> None:
    comp = rules.DEFAULT_COMPOSITION[BodyKind.PPK]
    assert str(rules.proposal_check(comp, PositionKind.SEKRETARIS, 2).message) == "3 dari paling banyak 3 calon " \
        "sekretaris diusulkan."
    refused = rules.proposal_check(comp, PositionKind.SEKRETARIS, 3)
    assert not refused.ok and "paling banyak 3" in str(refused.message)


@given(st.dictionaries(kinds, st.integers(0, 3)), st.lists(kinds, max_size=6))
def test_pick_never_exceeds_vacant_seats(vacant: dict[PositionKind, int], picks: list[PositionKind]) -> None:
    check = rules.pick_check(vacant, picks)
    fits = bool(picks) and all(picks.count(k) <= vacant.get(k, 0) for k in set(picks))
    assert check.ok == fits


@given(st.lists(st.tuples(st.text("0123456789.", min_size=1, max_size=8), st.integers(0, 5), st.integers(0, 5)),
                max_size=30))
def test_gap_order_puts_the_largest_gap_first(rows: list[tuple[str, int, int]]) -> None:
    ordered = rules.gap_order((code, Gap(f, r)) for code, f, r in rows)
    gaps = [g.missing for _c, g in ordered]
    assert gaps == sorted(gaps, reverse=True)
    assert all(g.missing == max(0, g.required - g.filled) for _c, g in ordered)


def test_workplace_rules() -> None:
    pps = rules.workplace_check(BodyKind.PPS, "12.76.01.1006", "12.76.01.1006")
    assert pps.ok
    elsewhere = rules.workplace_check(BodyKind.PPS, "12.76.01.1006", "12.76.01")
    assert not elsewhere.ok and "12.76.01.1006" in str(elsewhere.message) and "kelurahan/desa" in str(elsewhere.message)
    assert rules.workplace_check(BodyKind.PPK, "12.76.01", "12.76").ok            # the city government
    assert rules.workplace_check(BodyKind.PPK, "12.76.01", "12.76.04").ok         # another kantor camat, same city
    assert rules.workplace_check(BodyKind.PPK, "12.76.01", "12.76.01.1006").ok    # a kantor lurah of the city
    other = rules.workplace_check(BodyKind.PPK, "12.76.01", "12.06.01")
    assert not other.ok and "12.76" in str(other.message)
    assert not rules.workplace_check(BodyKind.PPK, "12.76.01", "12.760").ok       # a prefix is not a subtree
    assert not rules.workplace_check(BodyKind.PPS, "12.76.01.1006", "12.76.01.1006", active=False).ok


def test_formation_plan_one_per_kecamatan_and_desa_skipping_existing() -> None:
    areas = [rules.AreaNode("12.76.01", "Padang Hulu", 3, "kecamatan"),
             rules.AreaNode("12.76.01.1006", "Persiakan", 4, "kelurahan"),
             rules.AreaNode("12.06.01.2001", "Kacaribu", 4, "desa")]
    plan = rules.formation_plan(areas, dict(rules.DEFAULT_COMPOSITION))
    assert [(p.body, p.region_code, p.office_name, p.positions) for p in plan] == [
        (BodyKind.PPS, "12.06.01.2001", "Kantor Kepala Desa Kacaribu", 3),
        (BodyKind.PPK, "12.76.01", "Kantor Camat Padang Hulu", 3),
        (BodyKind.PPS, "12.76.01.1006", "Kantor Lurah Persiakan", 3)]
    again = rules.formation_plan(areas, dict(rules.DEFAULT_COMPOSITION),
                                 frozenset({(BodyKind.PPK, "12.76.01"), (BodyKind.PPS, "12.76.01.1006")}))
    assert [p.region_code for p in again] == ["12.06.01.2001"]


@given(st.integers(1, 3), st.lists(st.text("abc ", min_size=1, max_size=5), max_size=5))
def test_composition_positions_match_required(secretaries: int, duties: list[str]) -> None:
    comp = Composition(secretary_seats=secretaries, staff_duties=tuple(duties))
    assert len(comp.positions()) == comp.required == secretaries + len(duties)
    assert comp.seats_of(PositionKind.SEKRETARIS) == secretaries
