"""NIK/KK rules against an independent oracle (datetime for the date part) and hand-picked cases."""

from __future__ import annotations

import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from pemilu.voters.rules import (
    compose_nik,
    is_pattern,
    is_repeated_digit,
    is_sequence,
    kk_findings,
    nik_birth_part,
    nik_findings,
)

KEC = frozenset({"127601", "127602", "127603", "127604", "127605"})
births = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2007, 12, 31))
kecs = st.sampled_from(sorted(KEC))
serials = st.integers(min_value=1, max_value=9999)


def codes(nik: str, birth: datetime.date, female: bool) -> list[str]:
    return [f.code for f in nik_findings(7, nik, birth_date=birth, female=female, kecamatan=KEC)]


@given(kecs, births, st.booleans(), serials)
def test_a_nik_as_dukcapil_issues_it_has_no_finding(kec: str, birth: datetime.date, female: bool, serial: int) -> None:
    nik = compose_nik(kec, birth, female, serial)
    assert len(nik) == 16
    assert codes(nik, birth, female) == []
    assert nik_birth_part(nik) == (birth.day, birth.month, birth.year % 100, female)


@given(kecs, births, st.booleans(), serials)
def test_the_other_sex_is_n05_only(kec: str, birth: datetime.date, female: bool, serial: int) -> None:
    assert codes(compose_nik(kec, birth, female, serial), birth, not female) == ["N05"]


@given(kecs, births, st.booleans(), serials, births)
def test_another_birth_date_is_n04(kec: str, birth: datetime.date, female: bool, serial: int,
                                   recorded: datetime.date) -> None:
    same = (birth.day, birth.month, birth.year % 100) == (recorded.day, recorded.month, recorded.year % 100)
    assert codes(compose_nik(kec, birth, female, serial), recorded, female) == ([] if same else ["N04"])


@given(st.from_regex(r"[0-9]{6}", fullmatch=True), births, st.booleans(), serials)
def test_an_unknown_kecamatan_is_a_finding_not_an_error(kec: str, birth: datetime.date, female: bool,
                                                        serial: int) -> None:
    nik = compose_nik(kec, birth, female, serial)
    assume(not is_pattern(nik))
    assert codes(nik, birth, female) == ([] if kec in KEC else ["N02"])


@given(kecs, births, st.booleans())
def test_serial_0000_is_n06(kec: str, birth: datetime.date, female: bool) -> None:
    assert codes(compose_nik(kec, birth, female, 0), birth, female) == ["N06"]


@given(st.text(max_size=20))
def test_anything_but_16_ascii_digits_is_n01(text: str) -> None:
    assume(not (len(text) == 16 and all(c in "0123456789" for c in text)))
    assert codes(text, datetime.date(1990, 1, 1), False) == ["N01"]


@given(kecs, births, serials, st.sampled_from(["\uff11", "\u0661", "\u0967", "\U0001d7cf"]), st.integers(0, 15))
def test_non_ascii_digits_are_refused(kec: str, birth: datetime.date, serial: int, digit: str, at: int) -> None:
    nik = compose_nik(kec, birth, False, serial)
    bad = nik[:at] + digit + nik[at + 1:]
    assert bad[at].isdigit() and int(digit) == 1  # Python itself would read it as a digit
    assert codes(bad, birth, False) == ["N01"]
    assert [f.code for f in kk_findings(3, bad, kecamatan=KEC)] == ["K01"]


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_the_date_part_against_datetime(nik: str) -> None:
    """N03 exactly when no 20th- or 21st-century date has these DD(+40)MMYY digits."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    valid = False
    for century in (1900, 2000):
        try:
            datetime.date(century + year, month, day)
            valid = True
        except ValueError:
            pass
    assume(not is_pattern(nik))
    found = codes(nik, datetime.date(1990, 1, 1), False)
    assert ("N03" in found) == (not valid)
    assert (nik_birth_part(nik) is None) == (not valid)


@given(st.sampled_from("0123456789"))
def test_repeated_digits_are_n07(digit: str) -> None:
    nik = digit * 16
    assert is_repeated_digit(nik)
    assert codes(nik, datetime.date(1990, 1, 1), False) == ["N07"]
    assert [f.code for f in kk_findings(3, nik, kecamatan=KEC)] == ["K03"]


@given(st.integers(0, 9), st.sampled_from([1, -1]))
def test_sequences_are_n08(start: int, step: int) -> None:
    nik = "".join(str((start + step * i) % 10) for i in range(16))
    assert is_sequence(nik) and not is_repeated_digit(nik)
    assert codes(nik, datetime.date(1990, 1, 1), False) == ["N08"]
    assert [f.code for f in kk_findings(3, nik, kecamatan=KEC)] == ["K03"]


def test_hand_picked_cases() -> None:
    assert codes("2222222222222222", datetime.date(1990, 1, 1), False) == ["N07"]
    assert codes("1234567890123456", datetime.date(1990, 1, 1), False) == ["N08"]
    assert codes("9876543210987654", datetime.date(1990, 1, 1), False) == ["N08"]
    # a woman born 1 Feb 1982 in Rambutan: day 01 + 40 = 41
    assert codes("1276024102820001", datetime.date(1982, 2, 1), True) == []
    assert codes("1276024102820001", datetime.date(1982, 2, 1), False) == ["N05"]
    assert codes("1276022902010001", datetime.date(2001, 2, 1), False) == ["N03"]  # 29 Feb 2001
    assert codes("1276022902000001", datetime.date(2000, 2, 29), False) == []  # 29 Feb 2000
    assert codes("1276993202900000", datetime.date(1990, 2, 1), False) == ["N02", "N03", "N06"]
    finding = nik_findings(42, "12760", birth_date=datetime.date(1990, 1, 1), female=False, kecamatan=KEC)[0]
    assert "42" in finding.message and str(finding) == f"42\tN01\t{finding.message}"


@given(kecs, st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_kk_with_a_known_prefix_passes(kec: str, rest: str) -> None:
    kk = kec + rest
    assert kk_findings(5, kk, kecamatan=KEC) == []
    assert [f.code for f in kk_findings(5, "127699" + rest, kecamatan=KEC)] == ["K02"]
    assert [f.code for f in kk_findings(5, kk[:15], kecamatan=KEC)] == ["K01"]


@given(st.from_regex(r"[0-9]{2,20}", fullmatch=True) | st.sampled_from(["0123456789012345", "5432109876543210"]))
def test_sequence_against_the_step_definition(digits: str) -> None:
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    assert is_sequence(digits) == (steps in ({1}, {9}))


def test_messages_are_translated() -> None:
    from django.utils import translation

    with translation.override("en"):
        finding = nik_findings(9, "2222222222222222", birth_date=datetime.date(1990, 1, 1), female=False,
                               kecamatan=KEC)[0]
    assert finding.message == "row 9: the NIK is one digit repeated"
