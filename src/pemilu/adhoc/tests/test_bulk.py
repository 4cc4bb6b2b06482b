"""The set-based SQL path (bulk.py) and the per-applicant Python path agree, row by row."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from pemilu.adhoc import actions, bulk, queries, rules
from pemilu.adhoc.models import Applicant, ApplicantDocument, Outcome, PartyMembership, ServiceRecord
from pemilu.adhoc.tests.conftest import PDF, data
from pemilu.testing.factories import Cast

AREAS = ["12.76.01.1006", "12.76.01.1007", "12.76.04.1002"]


def _population(rec, staff, kpu_ri, election, n: int = 90) -> list[Applicant]:
    rnd = random.Random(5)
    # Switch on every rule, with edges near the thresholds (age on both sides of 17 and 55).
    actions.do_set_eligibility_rule(election, "pps", "age_max", actor=kpu_ri, enabled=True,
                                    params={"years": 55, "reference": "voting_day"})
    actions.do_set_eligibility_rule(election, "pps", "period_limit", actor=kpu_ri, enabled=True)
    people = []
    for i in range(n):
        area = rnd.choice(AREAS)
        birth = rnd.choice([datetime.date(2005, 12, 27), datetime.date(2005, 12, 28), datetime.date(1968, 2, 14),
                            datetime.date(1968, 2, 15), datetime.date(1990, 6, 1), datetime.date(2004, 2, 29)])
        d = data(area_code=area, nik=f"127601{i:010d}", birth_date=birth, gender=rnd.choice("LP"),
                 domicile_code=rnd.choice([area, area, "12.76.01.1006", "12.06.01.2001"]),
                 education=rnd.choice([2, 3, 3, 5]), is_citizen=rnd.random() > 0.05,
                 health=rnd.choice(["", "fit", "fit", "unfit"]), sentence_years=rnd.choice([None, 0, 0, 4, 5, 7]),
                 spouse_nik=rnd.choice(["", "", f"127601{(i + 1) % n:010d}"]))
        if i < 5:  # a few with everything in order
            d = data(area_code=area, nik=f"127601{i:010d}", domicile_code=area)
        people.append(actions.do_register(rec, d, actor=staff))
    for i, a in enumerate(people):
        kinds = ["ktp", "ijazah", "pernyataan", "sehat"]
        for kind in kinds if i < 5 else rnd.sample(kinds, rnd.randrange(0, 5)):
            ApplicantDocument.objects.create(applicant=a, kind=kind, file="x.pdf", original_name="x.pdf",
                                             content_type="application/pdf", size=len(PDF), sha256="0" * 64)
        if i >= 5 and rnd.random() < 0.2:
            PartyMembership.objects.create(nik=a.nik, party="Partai Uji", left_on=rnd.choice(
                [None, datetime.date(2016, 1, 1), datetime.date(2018, 1, 1), datetime.date(2017, 12, 27)]))
        for p in range(rnd.choice([0, 0, 1, 2, 3]) if i >= 5 else 0):
            ServiceRecord.objects.create(nik=a.nik, body="pps", period=f"P{p}")
    # Some spouses are members already (the marriage rule's cross-check).
    Outcome.objects.filter(applicant_id__in=[a.pk for a in people[7::7]]).update(selection="member")
    return people


def test_eligibility_sql_equals_python(cast: Cast, rec, election, kpu_ri) -> None:
    people = _population(rec, cast.kpu_staff_a, kpu_ri, election)
    Outcome.objects.update(elig_outcome="", elig_not_met=-1, elig_evidence=-1)
    assert bulk.evaluate_eligibility(rec) == len(people)
    seen: set[str] = set()
    for a in Applicant.objects.filter(recruitment=rec).select_related("area", "recruitment", "election", "outcome"):
        expected = queries.explain(a)
        assert (a.elig_outcome, a.elig_not_met, a.elig_evidence) == (
            expected.outcome.value, expected.not_met, expected.evidence), (a.nik, expected.verdicts)
        seen.add(a.elig_outcome)
        seen |= {f"{v.kind}:{v.outcome}" for v in expected.verdicts}
    # The data set exercises every rule's every outcome that exists for it.
    for kind in rules.Kind:
        assert f"{kind}:met" in seen and f"{kind}:not_met" in seen or kind in (rules.Kind.HEALTH,), kind
    assert {"met", "not_met", "needs_evidence"} <= seen


def test_ranking_sql_equals_python(cast: Cast, rec, election, kpu_ri) -> None:
    people = _population(rec, cast.kpu_staff_a, kpu_ri, election, n=60)
    rnd = random.Random(9)
    Outcome.objects.update(selection="")
    Applicant.objects.update(admin_result="ms")
    for a in people:  # coarse scores: many ties, at the cut-off too
        Applicant.objects.filter(pk=a.pk).update(written_score=Decimal(rnd.choice([60, 70, 70, 80])),
                                                 interview_score=Decimal(rnd.choice([75, 75, 80])))
    bulk.rank_written(rec)
    for area in rec.areas.all():
        rows = list(Applicant.objects.filter(area=area).select_related("outcome").order_by("id"))
        ranks = rules.competition_ranks([r.written_score for r in rows if r.written_score is not None])
        assert [r.written_rank for r in rows] == ranks
        assert [r.passed_written for r in rows] == [rk <= 9 for rk in ranks]   # 3 × 3 seats; ties all pass
    for chain in ("interview_desc,written_desc,registered_asc", "interview_desc,female_first,older_first",
                  "interview_desc,younger_first"):
        actions.do_set_body_rules(election, "pps", actor=kpu_ri, tie_breaks=chain)
        bulk.rank_final(rec)
        expected = bulk.python_rank_final(rec)
        got = {o.applicant_id: (o.final_rank, o.selection) for o in Outcome.objects.filter(final_rank__isnull=False)}
        assert got == expected, chain
        assert sum(1 for _r, s in got.values() if s == "member") == 9


def test_no_written_test_passes_every_active_ms_applicant_without_ranking(cast: Cast, rec, election, kpu_ri) -> None:
    people = _population(rec, cast.kpu_staff_a, kpu_ri, election, n=40)
    actions.do_set_body_rules(election, "pps", actor=kpu_ri, written_pass_factor=0)
    rnd = random.Random(3)
    for a in people:
        Applicant.objects.filter(pk=a.pk).update(admin_result=rnd.choice(["ms", "ms", "tms"]),
                                                 status=rnd.choice(["active", "active", "active", "left"]))
    Outcome.objects.update(written_rank=7, passed_written=False)  # stale values are overwritten
    bulk.rank_written(rec)
    rows = list(Applicant.objects.filter(recruitment=rec).select_related("outcome"))
    assert {r.status for r in rows} == {"active", "left"} and {r.admin_result for r in rows} == {"ms", "tms"}
    for r in rows:
        passes = r.status == "active" and r.admin_result == "ms"
        assert (r.written_rank, r.passed_written) == ((1, True) if passes else (None, False)), r.pk
    # With scores present (held anyway), factor 0 still ranks them by score and passes everyone ranked.
    scored = next(r for r in rows if r.status == "active" and r.admin_result == "ms")
    Applicant.objects.filter(pk=scored.pk).update(written_score=Decimal(50))
    bulk.rank_written(rec)
    ranks = {o.applicant_id: o.written_rank for o in Outcome.objects.filter(passed_written=True)}
    assert ranks[scored.pk] == 1 and len(ranks) == sum(1 for r in rows if r.status == "active"
                                                     and r.admin_result == "ms")
