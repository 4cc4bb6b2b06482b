"""Set-based eligibility and ranking for a whole recruitment (SQLite ≥ 3.33 and PostgreSQL).

Each statement touches every applicant of the recruitment at once, so the same code serves a
kab/kota of 35 kelurahan and the national KPPS formation (~6 M applicants). The decisions are
those of ``rules.evaluate`` / ``rules.final_order``; ``tests/test_bulk.py`` checks that the two
paths agree applicant by applicant.

Results go to the narrow ``adhoc_outcome`` table (one row per applicant), one UPDATE … FROM per step:

* eligibility: the ``elig_not_met`` / ``elig_evidence`` bitmasks from CASE expressions (one per
  enabled rule; thresholds such as "born on or before the day 17 years before the reference day"
  are computed once in Python) over the applicant row with its facts looked up once each by
  index (document flags as one bitmask, party hits, service count, organiser spouse);
  ``elig_outcome`` in the same statement;
* written test: ``RANK() OVER (PARTITION BY area_id ORDER BY written_score DESC)`` and
  ``passed_written = rank ≤ factor × seats`` (ties at the cut-off all pass);
* final ranking: ``ROW_NUMBER() OVER (PARTITION BY area_id ORDER BY <tie-break chain>, id)``.

Every table is reached through the recruitment (``recruitment_id`` on applicant, outcome and
area) or by index from one applicant (documents by applicant, party list and spouses by NIK), so
a statement costs what its own kab/kota holds, not the country: the national KPPS formation is
514 such statements per step (``benchmarks/adhoc_national.py``, docs/benchmarks.md). Joining the
whole lists instead (hash joins) reads every document, outcome and party row of the country once
per kab/kota. On PostgreSQL each statement runs with JIT off (compiling costs more than these
statements run) and a larger ``work_mem`` for the per-area sorts (``_tuned``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from pemilu.adhoc import queries, rules
from pemilu.adhoc.models import Applicant, Recruitment
from pemilu.core.levels import SCOPE_COLUMNS

CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}
# The documents the rules read, as bits of one per-applicant mask (a.docs).
DOC_BITS = {rules.Doc.KTP: 1, rules.Doc.IJAZAH: 2, rules.Doc.PERNYATAAN: 4, rules.Doc.SEHAT: 8}


@contextmanager
def _tuned(hash_joins: bool = False) -> Iterator[None]:
    """One transaction (or savepoint) whose settings last until its transaction ends. PostgreSQL:
    JIT off (compiling took ~0.3–0.7 s per statement, more than a kab/kota's statement runs) and
    more sort/hash memory (the window sorts spill to disk at the default 4 MB):
    ``PEMILU_ADHOC_WORK_MEM``, default 64MB — several hash and sort nodes may each take it, within
    the 2 GB budget. ``hash_joins`` (the ranking passes, which have no per-row subqueries): the
    planner multiplies the recruitment filters of applicant, outcome and area as if independent,
    expects a few hundred rows instead of the kab/kota's thousands and picks one index probe per row;
    hash joins over the recruitment's rows were 25–40 % faster (docs/benchmarks.md)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true), "
                            "set_config('enable_nestloop', %s, true)",
                            [getattr(settings, "PEMILU_ADHOC_WORK_MEM", "64MB"), "off" if hash_joins else "on"])
        yield


def _fence() -> str:
    # Keeps the planner from inlining the derived table and so repeating its subqueries per use.
    return "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"


def _d(day: datetime.date) -> datetime.date | str:
    # SQLite keeps dates as ISO text; PostgreSQL compares real dates.
    return day if connection.vendor == "postgresql" else day.isoformat()


def _has(doc: rules.Doc) -> str:
    return f"(a.docs & {DOC_BITS[doc]}) <> 0"


def _conditions(kind: rules.Kind, params: dict[str, Any], rec: Recruitment) -> tuple[str, list[Any], str]:
    """(not-met condition, its params, needs-evidence condition) for one rule, over the row ``a`` of
    ``evaluate_eligibility``: the applicant's columns plus ``docs`` (DOC_BITS), ``party`` (hits in
    the list), ``periods`` (service records) and ``spouse`` (organiser spouses)."""
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
        return "a.party > 0", [], "1 = 0"
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
        return "a.spouse > 0", [], f"NOT {_has(rules.Doc.PERNYATAAN)}"
    if kind == rules.Kind.PERIOD_LIMIT:
        return "a.periods >= %s", [int(params.get("max_periods", 2))], "1 = 0"
    raise ValueError(kind)


def _spouse_fact(params: dict[str, Any]) -> tuple[str, list[Any]]:
    """``spouse``: how many fellow organisers carry the applicant's spouse NIK (``rules.MARRIAGE_DEFAULTS``;
    the same sources as ``queries.organiser_spouse``), each one index look-up by NIK."""
    from pemilu.accounts.models import RoleAssignment, User
    from pemilu.asn.models import AsnEmployee
    from pemilu.secretariats.models import Assignment

    parts = ["(SELECT COUNT(*) FROM adhoc_applicant z JOIN adhoc_outcome zo ON zo.applicant_id = z.id "
             "WHERE z.nik = y.spouse_nik AND z.election_id = y.election_id AND z.status = 'active' "
             "AND zo.selection = 'member')"]
    args: list[Any] = []
    roles = [str(r) for r in params["account_roles"]]
    if roles:
        parts.append(f"(SELECT COUNT(*) FROM {RoleAssignment._meta.db_table} ra JOIN {User._meta.db_table} u "  # noqa: S608
                     f"ON u.id = ra.user_id WHERE u.nik = y.spouse_nik AND ra.is_active = %s "
                     f"AND ra.role IN ({', '.join(['%s'] * len(roles))}))")
        args += [True, *roles]
    employees = AsnEmployee._meta.db_table
    if params["secretariats"]:
        parts.append(f"(SELECT COUNT(*) FROM {Assignment._meta.db_table} sa JOIN {employees} e "  # noqa: S608
                     "ON e.id = sa.employee_id WHERE e.nik = y.spouse_nik AND sa.election_id = y.election_id "
                     "AND sa.ended_on IS NULL)")
    agencies = [str(t).upper() for t in params["asn_agencies"]]
    if agencies:
        parts.append(f"(SELECT COUNT(*) FROM {employees} e WHERE e.nik = y.spouse_nik AND e.is_active = %s "  # noqa: S608
                     f"AND ({' OR '.join(['UPPER(e.agency) LIKE %s'] * len(agencies))}))")
        args += [True, *[f"%{t}%" for t in agencies]]
    return f"CASE WHEN y.spouse_nik = '' THEN 0 ELSE ({' + '.join(parts)}) END AS spouse", args


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
    """Every applicant of ``rec`` (not withdrawn): bitmasks and outcome in one UPDATE. Each fact is
    one index look-up per applicant (scalar subqueries: never a scan of the national lists)."""
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
    kind_bits = " ".join(f"WHEN '{doc.value}' THEN {bit}" for doc, bit in DOC_BITS.items())
    facts = [f"COALESCE((SELECT SUM(CASE x.kind {kind_bits} ELSE 0 END) FROM adhoc_applicantdocument x "  # noqa: S608
             "WHERE x.applicant_id = y.id), 0) AS docs"]
    p_facts: list[Any] = []
    if rules.Kind.PARTY in kinds:
        years = int(dict(specs)[rules.Kind.PARTY].get("years", 5))
        cutoff = rules.shift_years(rec.registration_end or queries.today(rec.election), -years)
        facts.append("(SELECT COUNT(*) FROM adhoc_partymembership p WHERE p.nik = y.nik "
                     "AND (p.left_on IS NULL OR p.left_on > %s)) AS party")
        p_facts.append(_d(cutoff))
    if rules.Kind.PERIOD_LIMIT in kinds:
        facts.append("(SELECT COUNT(*) FROM adhoc_servicerecord r WHERE r.nik = y.nik AND r.body = y.body) AS periods")
    if rules.Kind.MARRIAGE in kinds:
        sql_spouse, p_spouse = _spouse_fact(rules.marriage_params(dict(specs)[rules.Kind.MARRIAGE]))
        facts.append(sql_spouse)
        p_facts += p_spouse
    # The fragments are this module's own SQL; every value is a parameter.
    sql = ("UPDATE adhoc_outcome SET elig_not_met = t.nm, elig_evidence = t.ev, elig_outcome = CASE "  # noqa: S608
           "WHEN t.nm <> 0 THEN 'not_met' WHEN t.ev <> 0 THEN 'needs_evidence' ELSE 'met' END "
           f"FROM (SELECT a.id, {' | '.join(not_met)} AS nm, {' | '.join(evidence)} AS ev "
           "FROM (SELECT y.id, y.is_citizen, y.birth_date, y.domicile_code, y.prov_code, y.kab_code, y.kec_code, "
           f"y.desa_code, y.health, y.education, y.sentence_years, {', '.join(facts)} "
           f"FROM adhoc_applicant y WHERE y.recruitment_id = %s AND y.status <> 'withdrawn' {_fence()}) a) t "
           "WHERE adhoc_outcome.applicant_id = t.id AND adhoc_outcome.recruitment_id = %s")
    with _tuned(), connection.cursor() as cur:
        cur.execute(sql, [*p_not, *p_ev, *p_facts, rec.pk, rec.pk])
        return int(cur.rowcount)


def rank_written(rec: Recruitment) -> None:
    """Written-test rank per area among MS applicants with a score; pass = rank ≤ factor × seats
    (ties at the cut-off all pass; factor 0 = no written test, every MS applicant passes). One
    UPDATE over the whole recruitment: the others get no rank and do not pass."""
    factor = queries.body_rules(rec.election, rec.body).written_pass_factor
    part = "(a.status = 'active' AND a.admin_result = 'ms' AND a.written_score IS NOT NULL)"
    if factor == 0:
        part = "(a.status = 'active' AND a.admin_result = 'ms')"
        if not Applicant.objects.filter(recruitment=rec, written_score__isnull=False).exists():
            # No test was held (KPPS): every rank is 1, so no sort of the ~6 M applicants by area.
            _pass_everyone(rec, part)
            return
    sql = ("UPDATE adhoc_outcome SET written_rank = t.rk, "  # noqa: S608 (fixed fragments)
           "passed_written = CASE WHEN t.rk IS NOT NULL AND (t.rk <= t.cutoff OR t.cutoff = 0) THEN %s ELSE %s END "
           f"FROM (SELECT a.id, CASE WHEN {part} THEN RANK() OVER (PARTITION BY a.area_id, "
           f"CASE WHEN {part} THEN 1 ELSE 0 END ORDER BY a.written_score DESC NULLS LAST) END AS rk, "
           "ar.seats * %s AS cutoff "
           "FROM adhoc_applicant a JOIN adhoc_area ar ON ar.id = a.area_id AND ar.recruitment_id = %s "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t "
           "WHERE adhoc_outcome.applicant_id = t.id AND adhoc_outcome.recruitment_id = %s")
    with _tuned(hash_joins=True), connection.cursor() as cur:
        cur.execute(sql, [True, False, factor, rec.pk, rec.pk, rec.pk])


def _pass_everyone(rec: Recruitment, part: str) -> None:
    """``rank_written`` for factor 0 without scores: what its RANK() gives then, without the sort."""
    sql = ("UPDATE adhoc_outcome SET written_rank = t.rk, passed_written = t.rk IS NOT NULL "  # noqa: S608 (fixed)
           f"FROM (SELECT a.id, CASE WHEN {part} THEN 1 END AS rk FROM adhoc_applicant a "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t "
           "WHERE adhoc_outcome.applicant_id = t.id AND adhoc_outcome.recruitment_id = %s")
    with _tuned(hash_joins=True), connection.cursor() as cur:
        cur.execute(sql, [rec.pk, rec.pk])


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
    part = "(a.status = 'active' AND o.passed_written = %s AND a.interview_score IS NOT NULL)" if config.interview \
        else "(a.status = 'active' AND o.passed_written = %s)"  # no interview: every MS applicant is ranked
    sql = ("UPDATE adhoc_outcome SET final_rank = t.rk, selection = CASE "  # noqa: S608 (ORDER BY from ORDER_SQL)
           "WHEN t.rk IS NOT NULL AND t.rk <= t.seats THEN 'member' "
           "WHEN t.rk IS NOT NULL AND t.rk <= t.seats * %s THEN 'reserve' ELSE 'not_selected' END "
           f"FROM (SELECT a.id, CASE WHEN {part} THEN ROW_NUMBER() OVER (PARTITION BY a.area_id, "
           f"CASE WHEN {part} THEN 1 ELSE 0 END ORDER BY {order}) END AS rk, ar.seats "
           "FROM adhoc_applicant a JOIN adhoc_outcome o ON o.applicant_id = a.id AND o.recruitment_id = %s "
           "JOIN adhoc_area ar ON ar.id = a.area_id AND ar.recruitment_id = %s "
           "WHERE a.recruitment_id = %s AND a.status <> 'withdrawn') t "
           "WHERE adhoc_outcome.applicant_id = t.id AND adhoc_outcome.recruitment_id = %s")
    with _tuned(hash_joins=True), connection.cursor() as cur:
        cur.execute(sql, [config.ranked_factor, True, True, rec.pk, rec.pk, rec.pk, rec.pk])


# --- the Python reference of the same, for the agreement test and small offices -------------

def python_rank_final(rec: Recruitment) -> dict[int, tuple[int, str]]:
    """{applicant id: (final rank, selection)} by ``rules.final_order``."""
    config = queries.body_rules(rec.election, rec.body)
    out: dict[int, tuple[int, str]] = {}
    for area in rec.areas.all():
        pool = [rules.Candidate(a.pk, a.interview_score or Decimal(0), a.written_score or Decimal(0),
                                a.registered_at, a.birth_date, a.gender)
                for a in queries.active(rec).filter(area=area, status="active", outcome__passed_written=True,
                                                    **({"interview_score__isnull": False} if config.interview else {}))]
        for i, c in enumerate(rules.final_order(pool, config.chain), start=1):
            sel = "member" if i <= area.seats else "reserve" if i <= area.seats * config.ranked_factor \
                else "not_selected"
            out[c.id] = (i, sel)
    return out
