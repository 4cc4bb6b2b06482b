"""The pure rules: every eligibility kind met / not met (and needs evidence) with its reason."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pemilu.adhoc import rules, terms
from pemilu.adhoc.rules import Doc, Facts, Kind, Membership, Outcome

ALL_DOCS = frozenset(d.value for d in Doc)
REG_END = datetime.date(2022, 12, 27)
VOTE = datetime.date(2024, 2, 14)
dates = st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2015, 12, 31))


def facts(**over: object) -> Facts:
    base = Facts(birth_date=datetime.date(1990, 5, 1), is_citizen=True, education=3,
                 domicile_code="12.76.01.1006", area_code="12.76.01.1006", documents=ALL_DOCS, health="fit",
                 sentence_years=0, spouse_is_organiser=False, registration_end=REG_END, voting_day=VOTE)
    return replace(base, **over)  # type: ignore[arg-type]


def ev(kind: Kind, f: Facts, **params: object) -> rules.Verdict:
    spec = next(s for s in rules.default_rules(rules.Body.KPPS) if s.kind == kind)
    return rules.evaluate(kind, {**spec.params, **params}, f)


def test_default_rules_cite_pkpu_8_2022_and_period_limit_is_off() -> None:
    for body in rules.Body:
        specs = {s.kind: s for s in rules.default_rules(body)}
        assert set(specs) == set(Kind)
        assert specs[Kind.AGE_MIN].citation == "PKPU 8/2022 Pasal 35 ayat (1) huruf b"
        assert specs[Kind.PERIOD_LIMIT].enabled is False  # removed by PKPU 8/2022 (domain brief §1.2)
        assert specs[Kind.AGE_MAX].enabled is (body == rules.Body.KPPS)


@given(birth=dates, day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2030, 12, 31)),
       years=st.integers(min_value=1, max_value=80))
def test_age_threshold_matches_completed_years(birth: datetime.date, day: datetime.date, years: int) -> None:
    # The set-based SQL compares birth dates to this threshold; it must agree with age_on.
    assert (rules.age_on(birth, day) >= years) == (birth <= rules.shift_years(day, -years))


@given(birth=dates, years=st.integers(min_value=15, max_value=25))
def test_age_min(birth: datetime.date, years: int) -> None:
    v = ev(Kind.AGE_MIN, facts(birth_date=birth), years=years)
    age = rules.age_on(birth, REG_END)
    assert v.outcome == (Outcome.MET if age >= years else Outcome.NOT_MET)
    assert v.reason == f"usia {age} tahun pada 27-12-2022; batas paling rendah {years} tahun"


@given(birth=dates, years=st.integers(min_value=40, max_value=70))
def test_age_max_on_voting_day(birth: datetime.date, years: int) -> None:
    v = ev(Kind.AGE_MAX, facts(birth_date=birth), years=years)
    age = rules.age_on(birth, VOTE)
    assert v.outcome == (Outcome.MET if age <= years else Outcome.NOT_MET)
    assert "pada 14-02-2024" in v.reason and f"paling tinggi {years}" in v.reason


def test_age_reference_date_is_configurable() -> None:
    f = facts(birth_date=datetime.date(2006, 1, 10))
    assert ev(Kind.AGE_MIN, f).outcome == Outcome.NOT_MET   # 16 on 27-12-2022
    assert ev(Kind.AGE_MIN, f, reference="voting_day").outcome == Outcome.MET   # 18 on 14-02-2024
    assert ev(Kind.AGE_MIN, f, reference="2023-01-10").outcome == Outcome.MET


@given(citizen=st.booleans(), ktp=st.booleans())
def test_citizen(citizen: bool, ktp: bool) -> None:
    v = ev(Kind.CITIZEN, facts(is_citizen=citizen, documents=ALL_DOCS if ktp else ALL_DOCS - {"ktp"}))
    if not citizen:
        assert (v.outcome, v.reason) == (Outcome.NOT_MET, "bukan WNI menurut data pendaftaran")
    elif not ktp:
        assert (v.outcome, v.reason) == (Outcome.NEEDS_EVIDENCE, "fotokopi KTP-el belum diunggah")
    else:
        assert v.outcome == Outcome.MET


@given(left=st.one_of(st.none(), dates), years=st.integers(min_value=1, max_value=10))
def test_party_membership(left: datetime.date | None, years: int) -> None:
    v = ev(Kind.PARTY, facts(memberships=(Membership("Partai Contoh", left),)), years=years)
    cutoff = rules.shift_years(REG_END, -years)
    if left is None:
        assert (v.outcome, v.reason) == (Outcome.NOT_MET, "tercatat anggota Partai Contoh (belum keluar)")
    elif left > cutoff:
        assert v.outcome == Outcome.NOT_MET and f"kurang dari {years} tahun" in v.reason
    else:
        assert v.outcome == Outcome.MET
    assert ev(Kind.PARTY, facts()).reason == "tidak tercatat dalam daftar keanggotaan partai 5 tahun terakhir"


@given(desa=st.sampled_from(["12.76.01.1006", "12.76.01.1007", "12.76.04.1002", "12.06.01.2001"]),
       level=st.sampled_from([2, 3, 4]))
def test_domicile(desa: str, level: int) -> None:
    v = ev(Kind.DOMICILE, facts(domicile_code=desa), level=level)
    scope = "12.76.01.1006"[: {2: 5, 3: 8, 4: 13}[level]]
    assert v.outcome == (Outcome.MET if desa.startswith(scope) else Outcome.NOT_MET)
    assert scope in v.reason and desa in v.reason


def test_domicile_of_a_kpps_is_the_tps_desa() -> None:
    f = facts(area_code="12.76.01.1006.003", domicile_code="12.76.01.1006")
    assert ev(Kind.DOMICILE, f).outcome == Outcome.MET
    assert ev(Kind.DOMICILE, replace(f, domicile_code="12.76.01.1007")).outcome == Outcome.NOT_MET


@given(health=st.sampled_from(["", "fit", "unfit"]), doc=st.booleans())
def test_health(health: str, doc: bool) -> None:
    v = ev(Kind.HEALTH, facts(health=health, documents=ALL_DOCS if doc else ALL_DOCS - {"sehat"}))
    if health == "unfit":
        assert (v.outcome, v.reason) == (Outcome.NOT_MET, "surat keterangan sehat menyatakan tidak mampu")
    elif health == "fit" and doc:
        assert v.outcome == Outcome.MET
    else:
        assert v.outcome == Outcome.NEEDS_EVIDENCE and "surat keterangan sehat" in v.reason


@given(edu=st.integers(min_value=1, max_value=7), minimum=st.integers(min_value=1, max_value=7), doc=st.booleans())
def test_education(edu: int, minimum: int, doc: bool) -> None:
    v = ev(Kind.EDUCATION, facts(education=edu, documents=ALL_DOCS if doc else ALL_DOCS - {"ijazah"}), min=minimum)
    if edu < minimum:
        assert v.outcome == Outcome.NOT_MET and v.reason.startswith("pendidikan ")
    elif not doc:
        assert v.outcome == Outcome.NEEDS_EVIDENCE
    else:
        assert v.outcome == Outcome.MET


@given(years=st.one_of(st.none(), st.integers(min_value=0, max_value=20)), doc=st.booleans())
def test_sentence(years: int | None, doc: bool) -> None:
    v = ev(Kind.SENTENCE, facts(sentence_years=years, documents=ALL_DOCS if doc else ALL_DOCS - {"pernyataan"}))
    if years is not None and years >= 5:
        assert v.outcome == Outcome.NOT_MET and f"ancaman {years} tahun (batas 5)" in v.reason
    elif years is None or not doc:
        assert (v.outcome, v.reason) == (Outcome.NEEDS_EVIDENCE, "surat pernyataan belum diunggah")
    else:
        assert v.outcome == Outcome.MET


@given(spouse=st.booleans(), doc=st.booleans())
def test_marriage(spouse: bool, doc: bool) -> None:
    v = ev(Kind.MARRIAGE, facts(spouse_is_organiser=spouse, documents=ALL_DOCS if doc else ALL_DOCS - {"pernyataan"}))
    if spouse:
        assert (v.outcome, v.reason) == (Outcome.NOT_MET, "NIK pasangan tercatat sebagai penyelenggara pemilu")
    else:
        assert v.outcome == (Outcome.MET if doc else Outcome.NEEDS_EVIDENCE)


@given(served=st.integers(min_value=0, max_value=5), most=st.integers(min_value=1, max_value=4))
def test_period_limit(served: int, most: int) -> None:
    v = ev(Kind.PERIOD_LIMIT, facts(periods_served=served), max_periods=most)
    assert v.outcome == (Outcome.NOT_MET if served >= most else Outcome.MET)
    assert f"(batas {most})" in v.reason


def test_summary_prefers_not_met_over_needs_evidence() -> None:
    specs = [(s.kind, s.params) for s in rules.default_rules(rules.Body.PPS) if s.enabled]
    assert rules.evaluate_all(specs, facts()).outcome == Outcome.MET
    s = rules.evaluate_all(specs, facts(documents=frozenset(), education=2))
    assert s.outcome == Outcome.NOT_MET and s.not_met == rules.BITS[Kind.EDUCATION]
    assert s.evidence == rules.BITS[Kind.CITIZEN] | rules.BITS[Kind.HEALTH] | rules.BITS[Kind.SENTENCE] \
        | rules.BITS[Kind.MARRIAGE]


@given(registrants=st.integers(min_value=0, max_value=30), seats=st.integers(min_value=1, max_value=7),
       factor=st.integers(min_value=1, max_value=4), extensions=st.integers(min_value=0, max_value=2))
def test_minimum_registrants(registrants: int, seats: int, factor: int, extensions: int) -> None:
    state = rules.shortfall(registrants, seats, factor, extensions)
    if registrants >= seats * factor:
        assert state == rules.Shortfall.OK
    elif extensions and registrants >= seats:
        assert state == rules.Shortfall.MAY_CONTINUE   # KPT 534/2022 point c
    else:
        assert state == rules.Shortfall.EXTEND         # first extension, or point d


def test_pelita_two_of_six() -> None:
    assert rules.required_registrants(3, 2) == 6
    assert rules.shortfall(2, 3, 2, 0) == rules.Shortfall.EXTEND
    assert rules.shortfall(2, 3, 2, 1) == rules.Shortfall.EXTEND      # still < 1×: extend again (point d)
    assert rules.shortfall(3, 3, 2, 1) == rules.Shortfall.MAY_CONTINUE


@given(st.lists(st.integers(min_value=0, max_value=5).map(Decimal), min_size=1, max_size=20))
def test_competition_ranks_ties_share_rank(scores: list[Decimal]) -> None:
    ranks = rules.competition_ranks(scores)
    for s, r in zip(scores, ranks, strict=True):
        assert r == 1 + sum(1 for t in scores if t > s)


def test_final_order_uses_the_chain_then_id() -> None:
    t = datetime.datetime(2022, 12, 20, tzinfo=datetime.UTC)
    a = rules.Candidate(1, Decimal(80), Decimal(70), t, datetime.date(1990, 1, 1), "L")
    b = rules.Candidate(2, Decimal(80), Decimal(75), t, datetime.date(1980, 1, 1), "P")
    assert [c.id for c in rules.final_order([a, b], ("interview_desc", "written_desc"))] == [2, 1]
    assert [c.id for c in rules.final_order([a, b], ("interview_desc", "younger_first"))] == [1, 2]
    assert [c.id for c in rules.final_order([a, b], ("interview_desc",))] == [1, 2]   # id last


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_nik_keeps_region_and_last_two(nik: str) -> None:
    masked = rules.mask_nik(nik)
    assert masked[:6] == nik[:6] and masked[-2:] == nik[-2:] and masked[6:14] == "*" * 8


def test_work_period_rule() -> None:
    assert terms.work_period_problems(rules.Body.PPS, datetime.date(2023, 1, 17), datetime.date(2024, 4, 4), VOTE) == []
    late = terms.work_period_problems(rules.Body.PPS, datetime.date(2023, 9, 1), datetime.date(2024, 4, 20), VOTE)
    assert len(late) == 2
