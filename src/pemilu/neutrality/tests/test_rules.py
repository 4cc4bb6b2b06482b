import datetime
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from pemilu.neutrality import rules
from pemilu.neutrality.rules import DayUnit, DeadlineRules, ExtensionFrom

D = datetime.date
BRIEF = DeadlineRules()
# The issue's reading: decision in 7 days, extendable by 7 more (calendar).
ISSUE = replace(BRIEF, extended_days=7, extended_unit=DayUnit.CALENDAR, extended_from=ExtensionFrom.DEADLINE)


def test_it_counts_calendar_and_working_days() -> None:
    assert rules.add_days(D(2024, 2, 1), 7, DayUnit.CALENDAR) == D(2024, 2, 8)
    assert rules.add_days(D(2024, 2, 2), 1, DayUnit.WORKING) == D(2024, 2, 5)  # Friday → Monday
    assert rules.add_days(D(2024, 2, 2), 1, DayUnit.WORKING, frozenset({D(2024, 2, 5)})) == D(2024, 2, 6)


def test_it_computes_the_decision_deadline_with_the_7_plus_7_extension() -> None:
    registered = D(2024, 2, 5)  # a Monday
    assert rules.decision_deadline(registered, ISSUE, extended=False) == D(2024, 2, 12)
    assert rules.decision_deadline(registered, ISSUE, extended=True) == D(2024, 2, 19)


def test_it_computes_the_brief_extension_of_14_working_days_with_holidays() -> None:
    registered = D(2024, 2, 5)
    assert rules.decision_deadline(registered, BRIEF, extended=False) == D(2024, 2, 12)
    assert rules.decision_deadline(registered, BRIEF, extended=True) == D(2024, 2, 23)
    voting_day_off = replace(BRIEF, holidays=frozenset({D(2024, 2, 14)}))
    assert rules.decision_deadline(registered, voting_day_off, extended=True) == D(2024, 2, 26)


def test_it_finds_a_late_report_and_follows_the_configured_unit() -> None:
    known = D(2024, 2, 1)  # Thursday
    assert rules.report_deadline(known, BRIEF) == D(2024, 2, 8)
    assert not rules.is_late(known, D(2024, 2, 8), BRIEF)
    assert rules.is_late(known, D(2024, 2, 9), BRIEF)
    working = replace(BRIEF, report_unit=DayUnit.WORKING)  # UU 7/2017 Pasal 454(6): 7 hari kerja
    assert rules.report_deadline(known, working) == D(2024, 2, 12)
    assert not rules.is_late(known, D(2024, 2, 9), working)
    assert rules.review_deadline(D(2024, 2, 9), BRIEF) == D(2024, 2, 11)


def test_it_normalises_names_and_matches_duplicates_in_the_window() -> None:
    assert rules.normalise_name("Drs. H. Budi  Santoso, S.Pd.") == "budi santoso"
    assert rules.normalise_name("BUDI SANTOSO") == "budi santoso"
    a = rules.Suspect("", "budi santoso", "12.76", D(2024, 1, 10))
    assert rules.is_duplicate(rules.Suspect("", "budi santoso", "12.76", D(2024, 1, 15)), a, 7)
    assert not rules.is_duplicate(rules.Suspect("", "budi santoso", "12.76", D(2024, 1, 18)), a, 7)
    assert not rules.is_duplicate(rules.Suspect("", "budi santoso", "12.06", D(2024, 1, 10)), a, 7)
    by_nip = rules.Suspect("198001012005011001", "", "12.76", D(2024, 1, 10))
    assert rules.is_duplicate(rules.Suspect("198001012005011001", "b. s.", "12.76", D(2024, 1, 9)), by_nip, 7)


def test_it_sniffs_content_not_names_and_checks_sanctions() -> None:
    assert rules.sniff(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert rules.sniff(b"\x89PNG\r\n\x1a\n...") == "image/png"
    assert rules.sniff(b"%PDF-1.7") == "application/pdf"
    assert rules.sniff(b"GIF89a") is None and rules.sniff(b"MZ\x90\x00") is None
    assert rules.sanction_valid("sedang", "tukin_25_6")
    assert not rules.sanction_valid("ringan", "pdhtaps") and not rules.sanction_valid("x", "pdhtaps")
    assert rules.median_days([3, 1, 10]) == 3.0 and rules.median_days([]) is None
    assert rules.parse_holidays("2024-02-14 # hari pemungutan\n2024-02-08, 2024-02-10") == frozenset(
        {D(2024, 2, 14), D(2024, 2, 8), D(2024, 2, 10)})


dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
holiday_sets = st.frozensets(dates, max_size=20)


@given(dates, st.integers(min_value=0, max_value=60), holiday_sets)
def test_it_lands_a_working_period_on_a_working_day_after_exactly_n_of_them(start: D, n: int,
                                                                            holidays: frozenset[D]) -> None:
    end = rules.add_days(start, n, DayUnit.WORKING, holidays)
    assert end >= start
    span = [start + datetime.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(rules.is_working_day(d, holidays) for d in span) == n
    if n:
        assert rules.is_working_day(end, holidays)


@given(dates, dates, st.integers(min_value=0, max_value=30))
def test_it_never_calls_a_report_inside_the_window_late(known: D, received: D, days: int) -> None:
    config = replace(BRIEF, report_days=days)
    assert rules.is_late(known, received, config) == ((received - known).days > days)


@given(dates, st.booleans())
def test_an_extension_never_shortens_the_deadline(registered: D, from_deadline: bool) -> None:
    config = replace(BRIEF, extended_from=ExtensionFrom.DEADLINE if from_deadline else ExtensionFrom.REGISTRATION)
    assert rules.decision_deadline(registered, config, extended=True) >= rules.decision_deadline(
        registered, config, extended=False)
