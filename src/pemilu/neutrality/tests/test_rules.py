import datetime
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from pemilu.neutrality import rules, sanctions
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
    # Corrected (issue 19): the default is UU 7/2017 Pasal 454(6)'s 7 *working* days; this test
    # used to assert 7 calendar days as the default, which refused a report filed 9 Feb as late.
    known = D(2024, 2, 1)  # Thursday
    assert BRIEF.report_unit == DayUnit.WORKING
    assert rules.report_deadline(known, BRIEF) == D(2024, 2, 12)  # no holidays in this config
    assert not rules.is_late(known, D(2024, 2, 9), BRIEF)
    calendar = replace(BRIEF, report_unit=DayUnit.CALENDAR)  # Perbawaslu 7/2022 Pasal 8(3) read as calendar days
    assert rules.report_deadline(known, calendar) == D(2024, 2, 8)
    assert rules.is_late(known, D(2024, 2, 9), calendar)
    # With the 2024 calendar: 8 Feb Isra Mikraj, 9 Feb cuti bersama Imlek, 14 Feb voting day.
    feb = replace(BRIEF, holidays=frozenset({D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 14)}))
    assert rules.report_deadline(known, feb) == D(2024, 2, 15)
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
    from pemilu.core.files import sniff

    assert sniff(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n...") == "image/png"
    assert sniff(b"%PDF-1.7") == "application/pdf"
    assert sniff(b"GIF89a") is None and sniff(b"MZ\x90\x00") is None
    assert rules.check_sanction("pns", "disiplin", "n1_kampanye", "sedang", "tukin_25_6") is None
    for level in ("ringan", "x"):
        refusal = rules.check_sanction("pns", "disiplin", "n1_kampanye", level, "pdhtaps")
        assert refusal is not None and refusal.code == "level_mismatch" and "PP 94/2021 Pasal 8" in str(refusal)
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
    config = replace(BRIEF, report_days=days, report_unit=DayUnit.CALENDAR)
    assert rules.is_late(known, received, config) == ((received - known).days > days)


@given(dates, st.booleans())
def test_an_extension_never_shortens_the_deadline(registered: D, from_deadline: bool) -> None:
    config = replace(BRIEF, extended_from=ExtensionFrom.DEADLINE if from_deadline else ExtensionFrom.REGISTRATION)
    assert rules.decision_deadline(registered, config, extended=True) >= rules.decision_deadline(
        registered, config, extended=False)


# --- sanctions and referrals after KASN (issue 19) -----------------------------------------

employments = st.sampled_from([e.value for e in sanctions.Employment] + [""])
roles = st.sampled_from([r.value for r in sanctions.OrganiserRole])
tracks = st.sampled_from([t.value for t in sanctions.Track])
breaches = st.sampled_from([b.value for b in sanctions.Breach] + [""])
type_codes = st.sampled_from(sorted(sanctions.ALL_TYPES))
levels = st.sampled_from([lv.value for lv in sanctions.SanctionGrade])


@given(employments, tracks, st.sampled_from([b.value for b in sanctions.DISCIPLINE_LEVELS]), type_codes)
def test_ringan_is_never_accepted_for_a_pasal_5_huruf_n_breach(employment: str, track: str, breach: str,
                                                              kind: str) -> None:
    assert rules.check_sanction(employment, track, breach, "ringan", kind) is not None


@given(employments, tracks, breaches, levels, type_codes)
def test_an_accepted_sanction_fits_the_suspects_regime_and_the_breach(employment: str, track: str, breach: str,
                                                                      level: str, kind: str) -> None:
    refusal = rules.check_sanction(employment, track, breach, level, kind)
    if refusal is None:
        assert employment in ("pns", "pppk")
        regime = rules.regime_for(employment, track)
        assert regime is not None and kind in {t.code for t in regime.types}
        allowed = rules.allowed_levels(employment, track, breach)
        assert allowed is not None and level in allowed.levels
    else:
        assert refusal.message and (refusal.citation or refusal.code in ("track", "unknown_type"))


@given(st.sampled_from(["non_asn_apbn", "non_asn_apbd", "none", ""]), tracks, breaches, levels, type_codes)
def test_non_asn_suspects_never_get_an_asn_sanction(employment: str, track: str, breach: str, level: str,
                                                     kind: str) -> None:
    assert rules.check_sanction(employment, track, breach, level, kind) is not None


@given(employments, roles)
def test_referral_routes_follow_the_employment_and_never_name_kasn(employment: str, role: str) -> None:
    destinations = {r.destination for r in rules.referral_routes(employment, role)}
    assert sanctions.Destination.KASN not in destinations
    assert (sanctions.Destination.BKN in destinations) == (employment in ("pns", "pppk"))
    assert (sanctions.Destination.DKPP in destinations) == (role == "organiser")
    assert (sanctions.Destination.KPU in destinations) == (role == "adhoc")
    assert rules.check_referral(employment, role, "kasn") is not None
    for destination in sanctions.Destination:
        assert (rules.check_referral(employment, role, destination) is None) == (destination in destinations)


def test_the_pppk_regime_has_no_pns_only_sanction() -> None:
    pppk = {t.code for t in rules.sanction_types_for("pppk")}
    assert "phk_dhtaps" in pppk and not pppk & {"pdhtaps", "penurunan_jabatan_12", "pembebasan_jabatan_12"}
    assert rules.sanction_types_for("non_asn_apbd") == () and rules.regime_for("pppk", "etik") is None


@given(st.lists(st.tuples(dates, st.sampled_from(["libur_nasional", "cuti_bersama"])), max_size=10))
def test_cuti_bersama_is_a_day_off_only_when_configured(calendar: list[tuple[D, str]]) -> None:
    with_leave = rules.off_days(calendar, joint_leave=True)
    without = rules.off_days(calendar, joint_leave=False)
    assert with_leave == {d for d, _k in calendar}
    assert without == {d for d, k in calendar if k == "libur_nasional"} and without <= with_leave
