"""Set-based eligibility and ranking for a whole recruitment (SQLite ≥ 3.33 and PostgreSQL).

Each statement touches every applicant of the recruitment at once, so the same code serves a
kab/kota of 35 kelurahan and the national KPPS formation (~6 M applicants). The decisions are
those of ``rules.evaluate`` / ``rules.final_order``; ``tests/test_bulk.py`` checks that the two
paths agree applicant by applicant.

* eligibility: one ``UPDATE`` computing the ``elig_not_met`` / ``elig_evidence`` bitmasks from
  CASE expressions (one per enabled rule; thresholds such as "born on or before the day 17 years
  before the reference day" are computed once in Python), then one ``UPDATE`` of ``elig_outcome``;
* written test: ``RANK() OVER (PARTITION BY area_id ORDER BY written_score DESC)`` and
  ``passed_written = rank ≤ factor × seats`` (ties at the cut-off all pass);
* final ranking: ``ROW_NUMBER() OVER (PARTITION BY area_id ORDER BY <tie-break chain>, id)``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from pemilu.adhoc import queries, rules
from pemilu.adhoc.models import Recruitment
from pemilu.core.levels import SCOPE_COLUMNS

CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}


def _d(day: datetime.date) -> Any:
    # SQLite keeps dates as ISO text; PostgreSQL compares real dates.
    return day if connection.vendor == "postgresql" else day.isoformat()


def _doc(kind: rules.Doc) -> tuple[str, list[Any]]:
    return ("EXISTS (SELECT 1 FROM adhoc_applicantdocument d WHERE d.applicant_id = adhoc_applicant.id "
            "AND d.kind = %s)", [kind.value])


def _conditions(kind: rules.Kind, params: dict[str, Any], rec: Recruitment
                ) -> tuple[str, list[Any], str, list[Any]]:
    """(not-met condition, params, needs-evidence condition, params) for one rule, in SQL."""
    reg_end = rec.registration_end or queries.today(rec.election)
    facts_days = {"registration_end": reg_end, "voting_day": rec.election.voting_day}
    never: tuple[str, list[Any]] = ("1 = 0", [])
    if kind == rules.Kind.CITIZEN:
        return ("adhoc_applicant.is_citizen = %s", [False], *_not(_doc(rules.Doc.KTP)))
    if kind in (rules.Kind.AGE_MIN, rules.Kind.AGE_MAX):
        ref = str(params.get("reference", "registration_end"))
        day = facts_days.get(ref) or datetime.date.fromisoformat(ref)
        years = int(params["years"])
        if kind == rules.Kind.AGE_MIN:   # age ≥ years  ⇔  born on or before day − years
            return ("adhoc_applicant.birth_date > %s", [_d(rules.shift_years(day, -years))], *never)
        # age ≤ years  ⇔  not (age ≥ years + 1)
        return ("adhoc_applicant.birth_date <= %s", [_d(rules.shift_years(day, -(years + 1)))], *never)
    if kind == rules.Kind.PARTY:
        cutoff = rules.shift_years(reg_end, -int(params.get("years", 5)))
        return ("EXISTS (SELECT 1 FROM adhoc_partymembership p WHERE p.nik = adhoc_applicant.nik "
                "AND (p.left_on IS NULL OR p.left_on > %s))", [_d(cutoff)], *never)
    if kind == rules.Kind.DOMICILE:
        level = int(params.get("level", 4))
        col = SCOPE_COLUMNS[level]
        return (f"SUBSTR(adhoc_applicant.domicile_code, 1, {CODE_LENGTH[level]}) <> adhoc_applicant.{col}",
                [], *never)
    if kind == rules.Kind.HEALTH:
        doc, p = _doc(rules.Doc.SEHAT)
        return ("adhoc_applicant.health = 'unfit'", [], f"(adhoc_applicant.health <> 'fit' OR NOT {doc})", p)
    if kind == rules.Kind.EDUCATION:
        return ("adhoc_applicant.education < %s", [int(params.get("min", rules.Education.SMA))],
                *_not(_doc(rules.Doc.IJAZAH)))
    if kind == rules.Kind.SENTENCE:
        doc, p = _doc(rules.Doc.PERNYATAAN)
        return ("(adhoc_applicant.sentence_years IS NOT NULL AND adhoc_applicant.sentence_years >= %s)",
                [int(params.get("years", 5))], f"(adhoc_applicant.sentence_years IS NULL OR NOT {doc})", p)
    if kind == rules.Kind.MARRIAGE:
        return ("(adhoc_applicant.spouse_nik <> '' AND EXISTS (SELECT 1 FROM adhoc_applicant s "
                "WHERE s.election_id = adhoc_applicant.election_id AND s.nik = adhoc_applicant.spouse_nik "
                "AND s.selection = 'member' AND s.status = 'active'))", [], *_not(_doc(rules.Doc.PERNYATAAN)))
    if kind == rules.Kind.PERIOD_LIMIT:
        return ("(SELECT COUNT(*) FROM adhoc_servicerecord r WHERE r.nik = adhoc_applicant.nik "
                "AND r.body = adhoc_applicant.body) >= %s", [int(params.get("max_periods", 2))], *never)
    raise ValueError(kind)


def _not(cond: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    return f"NOT {cond[0]}", cond[1]


def evaluate_eligibility(rec: Recruitment) -> int:
    """Every active applicant of ``rec``: bitmasks and outcome, in two statements."""
    not_met_parts: list[str] = ["0"]
    evidence_parts: list[str] = ["0"]
    p_not: list[Any] = []
    p_ev: list[Any] = []
    for kind, params in queries.active_specs(rec.election, rec.body):
        bit = rules.BITS[kind]
        nm, nm_p, ev, ev_p = _conditions(kind, params, rec)
        not_met_parts.append(f"(CASE WHEN {nm} THEN {bit} ELSE 0 END)")
        p_not += nm_p
        evidence_parts.append(f"(CASE WHEN {nm} THEN 0 WHEN {ev} THEN {bit} ELSE 0 END)")
        p_ev += nm_p + ev_p
    # The fragments are this module's own SQL; every value is a parameter.
    sql = (f"UPDATE adhoc_applicant SET elig_not_met = {' | '.join(not_met_parts)}, "  # noqa: S608
           f"elig_evidence = {' | '.join(evidence_parts)} "
           "WHERE recruitment_id = %s AND status <> 'withdrawn'")
    with connection.cursor() as cur:
        cur.execute(sql, [*p_not, *p_ev, rec.pk])
        n = cur.rowcount
        cur.execute("UPDATE adhoc_applicant SET elig_outcome = CASE WHEN elig_not_met <> 0 THEN 'not_met' "
                    "WHEN elig_evidence <> 0 THEN 'needs_evidence' ELSE 'met' END "
                    "WHERE recruitment_id = %s AND status <> 'withdrawn'", [rec.pk])
    return int(n)


def rank_written(rec: Recruitment) -> None:
    """Written-test rank per area among MS applicants; pass = rank ≤ factor × seats."""
    factor = queries.body_rules(rec.election, rec.body).written_pass_factor
    with connection.cursor() as cur:
        cur.execute("UPDATE adhoc_applicant SET written_rank = NULL, passed_written = %s "
                    "WHERE recruitment_id = %s", [False, rec.pk])
        cur.execute(
            "UPDATE adhoc_applicant SET written_rank = t.rk, passed_written = (t.rk <= t.cutoff) "
            "FROM (SELECT a.id, RANK() OVER (PARTITION BY a.area_id ORDER BY a.written_score DESC) AS rk, "
            "      ar.seats * %s AS cutoff "
            "      FROM adhoc_applicant a JOIN adhoc_area ar ON ar.id = a.area_id "
            "      WHERE a.recruitment_id = %s AND a.status = 'active' AND a.admin_result = 'ms' "
            "        AND a.written_score IS NOT NULL) t "
            "WHERE adhoc_applicant.id = t.id", [factor, rec.pk])


ORDER_SQL = {
    "interview_desc": "a.interview_score DESC",
    "written_desc": "a.written_score DESC",
    "registered_asc": "a.registered_at ASC",
    "older_first": "a.birth_date ASC",
    "younger_first": "a.birth_date DESC",
    "female_first": "CASE WHEN a.gender = 'P' THEN 0 ELSE 1 END",
}


def rank_final(rec: Recruitment) -> None:
    """Final rank per area among those who passed and were interviewed; members and reserves."""
    config = queries.body_rules(rec.election, rec.body)
    order = ", ".join([*(ORDER_SQL[k] for k in config.chain), "a.id"])
    with connection.cursor() as cur:
        cur.execute("UPDATE adhoc_applicant SET final_rank = NULL, selection = 'not_selected' "
                    "WHERE recruitment_id = %s AND status <> 'withdrawn'", [rec.pk])
        cur.execute(
            # ORDER BY comes from the fixed ORDER_SQL table.
            "UPDATE adhoc_applicant SET final_rank = t.rk, selection = CASE WHEN t.rk <= t.seats THEN 'member' "  # noqa: S608
            "  WHEN t.rk <= t.seats * %s THEN 'reserve' ELSE 'not_selected' END "
            f"FROM (SELECT a.id, ROW_NUMBER() OVER (PARTITION BY a.area_id ORDER BY {order}) AS rk, ar.seats "
            "      FROM adhoc_applicant a JOIN adhoc_area ar ON ar.id = a.area_id "
            "      WHERE a.recruitment_id = %s AND a.status = 'active' AND a.passed_written = %s "
            "        AND a.interview_score IS NOT NULL) t "
            "WHERE adhoc_applicant.id = t.id",
            [config.ranked_factor, rec.pk, True])


# --- the Python reference of the same, for the agreement test and small offices -------------

def python_rank_final(rec: Recruitment) -> dict[int, tuple[int, str]]:
    """{applicant id: (final rank, selection)} by ``rules.final_order``."""
    config = queries.body_rules(rec.election, rec.body)
    out: dict[int, tuple[int, str]] = {}
    for area in rec.areas.all():
        pool = [rules.Candidate(a.pk, a.interview_score or Decimal(0), a.written_score or Decimal(0),
                                a.registered_at, a.birth_date, a.gender)
                for a in queries.active(rec).filter(area=area, status="active", passed_written=True,
                                                    interview_score__isnull=False)]
        for i, c in enumerate(rules.final_order(pool, config.chain), start=1):
            sel = "member" if i <= area.seats else "reserve" if i <= area.seats * config.ranked_factor \
                else "not_selected"
            out[c.id] = (i, sel)
    return out
