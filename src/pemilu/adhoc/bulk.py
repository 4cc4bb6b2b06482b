"""Set-based eligibility and ranking for a whole recruitment (SQLite ≥ 3.33 and PostgreSQL).

Each statement touches every applicant of the recruitment at once, so the same code serves a
kab/kota of 35 kelurahan and the national KPPS formation (~6 M applicants). The decisions are
those of ``rules.evaluate`` / ``rules.final_order``; ``tests/test_bulk.py`` checks that the two
paths agree applicant by applicant.

Results go to the narrow ``adhoc_outcome`` table (one row per applicant), one UPDATE … FROM per step:

* eligibility: the ``elig_not_met`` / ``elig_evidence`` bitmasks from CASE expressions (one per
  enabled rule; thresholds such as "born on or before the day 17 years before the reference day"
  are computed once in Python) over the applicant joined once to grouped document flags, party
  hits, service counts and organiser spouses; ``elig_outcome`` in the same statement;
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
DOC_COLUMNS = {rules.Doc.KTP: "d.ktp", rules.Doc.IJAZAH: "d.ijazah", rules.Doc.PERNYATAAN: "d.pernyataan",
               rules.Doc.SEHAT: "d.sehat"}


def _d(day: datetime.date) -> Any:
    # SQLite keeps dates as ISO text; PostgreSQL compares real dates.
    return day if connection.vendor == "postgresql" else day.isoformat()


def _has(doc: rules.Doc) -> str:
    return f"COALESCE({DOC_COLUMNS[doc]}, 0) = 1"


def _conditions(kind: rules.Kind, params: dict[str, Any], rec: Recruitment) -> tuple[str, list[Any], str]:
    """(not-met condition, its params, needs-evidence condition) for one rule, over the aliases of
    ``evaluate_eligibility``: ``a`` applicant, ``d`` document flags, ``p`` party hits, ``s`` service
    counts, ``sp`` spouses who are organisers."""
    reg_end = rec.registration_end or queries.today(rec.election)
    days = {"registration_end": reg_end, "voting_day": rec.election.voting_day}
    if kind == rules.Kind.CITIZEN:
        return "a.is_citizen = %s", [False], f"NOT {_has(rules.Doc.KTP)}"
    if kind in (rules.Kind.AGE_MIN, rules.Kind.AGE_MAX):
        ref = str(params.get("reference", "registration_end"))
        day = days.get(ref) or datetime.date.fromisoformat(ref)
        years = int(params["years"])
        if kind == rules.Kind.AGE_MIN:   # age ≥ years  ⇔  born on or before day − years
            return "a.birth_date > %s", [_d(rules.shift_years(day, -years))], "1 = 0"
        # age ≤ years  ⇔  not (age ≥ years + 1)
        return "a.birth_date <= %s", [_d(rules.shift_years(day, -(years + 1)))], "1 = 0"
    if kind == rules.Kind.PARTY:
        return "p.nik IS NOT NULL", [], "1 = 0"
    if kind == rules.Kind.DOMICILE:
        level = int(params.get("level", 4))
        return f"SUBSTR(a.domicile_code, 1, {CODE_LENGTH[level]}) <> a.{SCOPE_COLUMNS[level]}", [], "1 = 0"
    if kind == rules.Kind.HEALTH:
        return "a.health = 'unfit'", [], f"(a.health <> 'fit' OR NOT {_has(rules.Doc.SEHAT)})"
    if kind == rules.Kind.EDUCATION:
        return "a.education < %s", [int(params.get("min", rules.Education.SMA))], f"NOT {_has(rules.Doc.IJAZAH)}"
    if kind == rules.Kind.SENTENCE:
        return ("(a.sentence_years IS NOT NULL AND a.sentence_years >= %s)", [int(params.get("years", 5))],
                f"(a.sentence_years IS NULL OR NOT {_has(rules.Doc.PERNYATAAN)})")
    if kind == rules.Kind.MARRIAGE:
        return "sp.nik IS NOT NULL", [], f"NOT {_has(rules.Doc.PERNYATAAN)}"
    if kind == rules.Kind.PERIOD_LIMIT:
        return "COALESCE(s.n, 0) >= %s", [int(params.get("max_periods", 2))], "1 = 0"
    raise ValueError(kind)


def ensure_outcomes(rec: Recruitment) -> int:
    """One Outcome row per applicant of ``rec``: bulk imports call this after inserting applicants
    (single registrations create theirs). ON CONFLICT rather than NOT EXISTS: an anti-join against
    the table being filled re-reads its growing pages when the planner's estimate is stale."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO adhoc_outcome (applicant_id, recruitment_id, area_id, elig_outcome, elig_not_met, "
            "elig_evidence, selection) SELECT a.id, a.recruitment_id, a.area_id, '', 0, 0, '' "
            "FROM adhoc_applicant a WHERE a.recruitment_id = %s ON CONFLICT (applicant_id) DO NOTHING", [rec.pk])
        return int(cur.rowcount)


def evaluate_eligibility(rec: Recruitment) -> int:
    """Every applicant of ``rec`` (not withdrawn): bitmasks and outcome in one UPDATE. The lists are
    joined once (hash joins at scale), not probed per row."""
    specs = queries.active_specs(rec.election, rec.body)
    kinds = {k for k, _p in specs}
    not_met, evidence = ["0"], ["0"]
    p_not: list[Any] = []
    p_ev: list[Any] = []
    for kind, params in specs:
        bit = rules.BITS[kind]
        nm, nm_p, ev = _conditions(kind, params, rec)
        not_met.append(f"(CASE WHEN {nm} THEN {bit} ELSE 0 END)")
        p_not += nm_p
        evidence.append(f"(CASE WHEN {nm} THEN 0 WHEN {ev} THEN {bit} ELSE 0 END)")
        p_ev += nm_p
    joins: list[str] = []
    p_join: list[Any] = []
    joins.append(
        "LEFT JOIN (SELECT x.applicant_id, "  # noqa: S608 (fixed fragments)
        + ", ".join(f"MAX(CASE WHEN x.kind = '{doc.value}' THEN 1 ELSE 0 END) AS {col[2:]}"
                    for doc, col in DOC_COLUMNS.items())
        + " FROM adhoc_applicantdocument x JOIN adhoc_applicant y ON y.id = x.applicant_id "
          "WHERE y.recruitment_id = %s GROUP BY x.applicant_id) d ON d.applicant_id = a.id")
    p_join.append(rec.pk)
    if rules.Kind.PARTY in kinds:
        years = int(dict(specs)[rules.Kind.PARTY].get("years", 5))
        cutoff = rules.shift_years(rec.registration_end or queries.today(rec.election), -years)
        joins.append("LEFT JOIN (SELECT nik FROM adhoc_partymembership WHERE left_on IS NULL OR left_on > %s "
                     "GROUP BY nik) p ON p.nik = a.nik")
        p_join.append(_d(cutoff))
    if rules.Kind.PERIOD_LIMIT in kinds:
        joins.append("LEFT JOIN (SELECT nik, COUNT(*) AS n FROM adhoc_servicerecord WHERE body = %s GROUP BY nik) s "
                     "ON s.nik = a.nik")
        p_join.append(rec.body)
    if rules.Kind.MARRIAGE in kinds:
        joins.append("LEFT JOIN (SELECT z.nik FROM adhoc_applicant z JOIN adhoc_outcome zo ON zo.applicant_id = z.id "
                     "WHERE z.election_id = %s AND zo.selection = 'member' AND z.status = 'active' GROUP BY z.nik) sp "
                     "ON a.spouse_nik <> '' AND sp.nik = a.spouse_nik")
        p_join.append(rec.election_id)
    # The fragments are this module's own SQL; every value is a parameter.
    sql = ("UPDATE adhoc_outcome SET elig_not_met = t.nm, elig_evidence = t.ev, elig_outcome = CASE "  # noqa: S608
           "WHEN t.nm <> 0 THEN 'not_met' WHEN t.ev <> 0 THEN 'needs_evidence' ELSE 'met' END "
           f"FROM (SELECT a.id, {' | '.join(not_met)} AS nm, {' | '.join(evidence)} AS ev "
           f"FROM adhoc_applicant a {' '.join(joins)} "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t WHERE adhoc_outcome.applicant_id = t.id")
    with connection.cursor() as cur:
        cur.execute(sql, [*p_not, *p_ev, *p_join, rec.pk])
        return int(cur.rowcount)


def rank_written(rec: Recruitment) -> None:
    """Written-test rank per area among MS applicants with a score; pass = rank ≤ factor × seats
    (ties at the cut-off all pass; factor 0 = no written test, every MS applicant passes). One
    UPDATE over the whole recruitment: the others get no rank and do not pass."""
    factor = queries.body_rules(rec.election, rec.body).written_pass_factor
    part = "(a.status = 'active' AND a.admin_result = 'ms' AND a.written_score IS NOT NULL)"
    if factor == 0:
        part = "(a.status = 'active' AND a.admin_result = 'ms')"
    sql = ("UPDATE adhoc_outcome SET written_rank = t.rk, "  # noqa: S608 (fixed fragments)
           "passed_written = CASE WHEN t.rk IS NOT NULL AND (t.rk <= t.cutoff OR t.cutoff = 0) THEN %s ELSE %s END "
           f"FROM (SELECT a.id, CASE WHEN {part} THEN RANK() OVER (PARTITION BY a.area_id, "
           f"CASE WHEN {part} THEN 1 ELSE 0 END ORDER BY a.written_score DESC) END AS rk, ar.seats * %s AS cutoff "
           "FROM adhoc_applicant a JOIN adhoc_area ar ON ar.id = a.area_id "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t WHERE adhoc_outcome.applicant_id = t.id")
    with connection.cursor() as cur:
        cur.execute(sql, [True, False, factor, rec.pk])


ORDER_SQL = {
    "interview_desc": "a.interview_score DESC",
    "written_desc": "a.written_score DESC",
    "registered_asc": "a.registered_at ASC",
    "older_first": "a.birth_date ASC",
    "younger_first": "a.birth_date DESC",
    "female_first": "CASE WHEN a.gender = 'P' THEN 0 ELSE 1 END",
}


def rank_final(rec: Recruitment) -> None:
    """Final rank per area among those who passed and were interviewed, by the configured chain
    (then id); ranks ≤ seats are members, ≤ ranked_factor × seats reserves. One UPDATE."""
    config = queries.body_rules(rec.election, rec.body)
    order = ", ".join([*(ORDER_SQL[k] for k in config.chain), "a.id"])
    part = "(a.status = 'active' AND o.passed_written = %s AND a.interview_score IS NOT NULL)"
    sql = ("UPDATE adhoc_outcome SET final_rank = t.rk, selection = CASE "  # noqa: S608 (ORDER BY from ORDER_SQL)
           "WHEN t.rk IS NOT NULL AND t.rk <= t.seats THEN 'member' "
           "WHEN t.rk IS NOT NULL AND t.rk <= t.seats * %s THEN 'reserve' ELSE 'not_selected' END "
           f"FROM (SELECT a.id, CASE WHEN {part} THEN ROW_NUMBER() OVER (PARTITION BY a.area_id, "
           f"CASE WHEN {part} THEN 1 ELSE 0 END ORDER BY {order}) END AS rk, ar.seats "
           "FROM adhoc_applicant a JOIN adhoc_outcome o ON o.applicant_id = a.id "
           "JOIN adhoc_area ar ON ar.id = a.area_id "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t WHERE adhoc_outcome.applicant_id = t.id")
    with connection.cursor() as cur:
        cur.execute(sql, [config.ranked_factor, True, True, rec.pk])


# --- the Python reference of the same, for the agreement test and small offices -------------

def python_rank_final(rec: Recruitment) -> dict[int, tuple[int, str]]:
    """{applicant id: (final rank, selection)} by ``rules.final_order``."""
    config = queries.body_rules(rec.election, rec.body)
    out: dict[int, tuple[int, str]] = {}
    for area in rec.areas.all():
        pool = [rules.Candidate(a.pk, a.interview_score or Decimal(0), a.written_score or Decimal(0),
                                a.registered_at, a.birth_date, a.gender)
                for a in queries.active(rec).filter(area=area, status="active", outcome__passed_written=True,
                                                    interview_score__isnull=False)]
        for i, c in enumerate(rules.final_order(pool, config.chain), start=1):
            sel = "member" if i <= area.seats else "reserve" if i <= area.seats * config.ranked_factor \
                else "not_selected"
            out[c.id] = (i, sel)
    return out
