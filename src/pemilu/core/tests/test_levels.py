from hypothesis import given
from hypothesis import strategies as st

from pemilu.core.levels import ancestor_codes, covers, dotted_from_flat, is_valid_code, level_of, parent_code

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def codes(draw: st.DrawFn) -> str:
    widths = [2, 2, 2, 4, 3][: draw(st.integers(1, 5))]
    return ".".join("".join(draw(st.lists(digits, min_size=w, max_size=w))) for w in widths)


@given(codes())
def test_it_round_trips_flat_codes(code: str) -> None:
    assert dotted_from_flat(code.replace(".", "")) == code
    assert is_valid_code(code)


@given(codes())
def test_it_lists_ancestors_that_cover_the_code(code: str) -> None:
    anc = ancestor_codes(code)
    assert anc[level_of(code)] == code
    for ancestor in anc.values():
        assert covers(ancestor, code)
    assert covers("", code)


@given(codes(), codes())
def test_it_never_confuses_siblings_sharing_a_text_prefix(a: str, b: str) -> None:
    # "12.7" must not cover "12.76": covering is by whole segments, not by string prefix.
    if covers(a, b) and a != b:
        assert b.startswith(a + ".")


def test_it_rejects_malformed_codes() -> None:
    for bad in ["1", "12.7", "12.76.1", "12.76.01.100", "ab", "12..76", "12.76.01.1001.01"]:
        assert not is_valid_code(bad)
    assert parent_code("12.76.01") == "12.76"
    assert parent_code("12") == ""
