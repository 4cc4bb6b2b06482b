"""Pure rules of a DPD candidate's support (dukungan, issue 23 item 6). No database; hypothesis-tested.

The rules are data (``data/dpd_rules.json``), one version per regulation, like ``rules.json``:

* ``min_supporters`` — the minimum by the province's DPT band (UU 7/2017 Pasal 183(1)).
* ``spread`` — supporters in at least ``percent`` % of the province's kab/kota (Pasal 183(2)).
* ``supporter`` — who may support: 17 on voting day or (ever) married, domiciled in the province,
  not TNI/Polri/ASN/PPPK, penyelenggara or village officials; one supporter for one candidate.
* ``penalty`` — supports taken off per finding (UU 7/2017 Pasal 260(3): 50 per proof of data
  faked or deliberately duplicated by the bakal calon). ``applies_to`` names the findings that
  cost it: ``duplicate_within`` (a repeat in one candidate's list, ganda identik), ``fake`` (a
  person listed who never gave the support, upheld on their contest), ``duplicate_across`` (the
  same person on two candidates' lists; not penalised by default, see the rule's note).
* ``sample`` — the factual verification sample per kab/kota (Krejcie & Morgan since PKPU 10/2022;
  10 % under PKPU 14/2018), drawn at an interval from a start number; the start comes from
  ``random.Random`` seeded with the recorded seed, so the same seed gives the same sample.

Duplicates are found by the keyed NIK hash (``voters.crypto.number_hash``), never by name: within a
candidate's list the first row counts and later rows are *ganda identik*; a hash on two candidates'
lists makes the supporter count for neither. Which of them cost the penalty is the rule's data.
"""

from __future__ import annotations

import datetime
import enum
import json
import random
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from pemilu.candidacy.rules import RulebookError, Version, parse_rulebook
from pemilu.voters.rules import age_on

T = TypeVar("T")


class DpdRuleKind(enum.StrEnum):
    MIN_SUPPORTERS = "min_supporters"
    SPREAD = "spread"
    SUPPORTER = "supporter"
    PENALTY = "penalty"
    SAMPLE = "sample"


class Occupation(enum.StrEnum):
    """What the supporter list says the person does; the excluded ones are in the rule's data."""

    OTHER = "lainnya"
    TNI = "tni"
    POLRI = "polri"
    ASN = "asn"
    PPPK = "pppk"
    PENYELENGGARA = "penyelenggara"
    KEPALA_DESA = "kepala_desa"
    PERANGKAT_DESA = "perangkat_desa"


class Code(enum.StrEnum):
    """Why a row does not count. S05 (ganda identik) only drops the repeat; S06 also costs the penalty."""

    NIK_INVALID = "S01"
    TOO_YOUNG = "S02"
    OUTSIDE_PROVINCE = "S03"
    EXCLUDED_OCCUPATION = "S04"
    DUPLICATE_WITHIN = "S05"
    DUPLICATE_ACROSS = "S06"
    IN_REGISTER = "S07"  # an active ad hoc member or ASN by the registers (set by the database layer)
    DENIED = "S08"  # the person contested the listing and the KPU Provinsi upheld it (data palsu)


PENALISED = {"duplicate_within", "duplicate_across", "fake"}


class DpdRule(Version[DpdRuleKind]):
    """A DPD rule's version; every one has its ``effective_from`` (``parse_dpd_rules``)."""


@dataclass(frozen=True)
class DpdRules:
    """The version of each kind in force on one day."""

    min_supporters: DpdRule
    spread: DpdRule
    supporter: DpdRule
    penalty: DpdRule
    sample: DpdRule

    def codes(self) -> list[str]:
        return [r.code for r in (self.min_supporters, self.spread, self.supporter, self.penalty, self.sample)]


def _check_parameters(kind: DpdRuleKind, p: Mapping[str, Any]) -> None:
    if kind == DpdRuleKind.MIN_SUPPORTERS:
        bands = list(p["bands"])
        limits = [b["dpt_up_to"] for b in bands]
        if not bands or limits[-1] is not None or any(x is None for x in limits[:-1]):
            raise ValueError
        if limits[:-1] != sorted(set(limits[:-1])) or any(int(b["supporters"]) < 1 for b in bands):
            raise ValueError
    elif kind == DpdRuleKind.SPREAD:
        if not 0 < Fraction(str(p["percent"])) <= 100:
            raise ValueError
    elif kind == DpdRuleKind.SUPPORTER:
        int(p["min_age"])
        for o in p["excluded_occupations"]:
            Occupation(o)
    elif kind == DpdRuleKind.PENALTY:
        if int(p["per_duplicate"]) < 0 or not set(p["applies_to"]) <= PENALISED:
            raise ValueError
    elif p["method"] == "krejcie_morgan":
        if any(Fraction(str(p[k])) <= 0 for k in ("chi_square", "proportion", "margin")):
            raise ValueError
    elif p["method"] != "percent" or not 0 < Fraction(str(p["percent"])) <= 100:
        raise ValueError


def parse_dpd_rules(data: Mapping[str, Any]) -> tuple[DpdRule, ...]:
    """Rule versions from the JSON document; every field checked, overlapping versions refused,
    and every version with its ``effective_from`` (a DPD rule has no what-if)."""
    return parse_rulebook(data, DpdRuleKind, DpdRule, _check_parameters, start_required=True)


@cache
def load_dpd_rules() -> tuple[DpdRule, ...]:
    text = (files("pemilu.candidacy") / "data" / "dpd_rules.json").read_text(encoding="utf-8")
    return parse_dpd_rules(json.loads(text))


def rules_on(on: datetime.date, rules: Sequence[DpdRule] | None = None) -> DpdRules:
    """The version of every kind in force on ``on``; a RulebookError names a kind with none."""
    chosen: dict[DpdRuleKind, DpdRule] = {}
    for rule in load_dpd_rules() if rules is None else rules:
        if rule.in_effect(on):
            chosen[rule.kind] = rule
    missing = [str(k) for k in DpdRuleKind if k not in chosen]
    if missing:
        raise RulebookError(f"no DPD rule in force on {on} for: {', '.join(missing)}")
    return DpdRules(*(chosen[k] for k in DpdRuleKind))


# --- the arithmetic -------------------------------------------------------------------------------

def min_supporters(dpt: int, rule: DpdRule) -> int:
    """Supporters a candidate needs in a province of ``dpt`` voters (the band's upper bound inclusive)."""
    for band in rule.parameters["bands"]:
        if band["dpt_up_to"] is None or dpt <= int(band["dpt_up_to"]):
            return int(band["supporters"])
    raise AssertionError("the last band is open-ended (checked when parsed)")


def kabkota_needed(total: int, rule: DpdRule) -> int:
    """The fewest kab/kota that are at least ``percent`` % of ``total`` (exact: ceil(total·p/100))."""
    pct = Fraction(str(rule.parameters["percent"]))
    num, den = pct.numerator * total, pct.denominator * 100
    return -(-num // den)


def sample_size(population: int, rule: DpdRule) -> int:
    """Supporters to verify in one kab/kota of ``population`` supporters (0 for none, at least 1 otherwise)."""
    if population <= 0:
        return 0
    p = rule.parameters
    if p["method"] == "percent":
        pct = Fraction(str(p["percent"]))
        size = -(-(pct.numerator * population) // (pct.denominator * 100))
    else:
        # Krejcie & Morgan (1970): s = X²NP(1-P) / (d²(N-1) + X²P(1-P)), rounded to the nearest whole
        # supporter as their published table is (N = 700: 248.1 → 248; N = 100: 79.5 → 80).
        chi, prop, d = (Fraction(str(p[k])) for k in ("chi_square", "proportion", "margin"))
        s = chi * population * prop * (1 - prop) / (d * d * (population - 1) + chi * prop * (1 - prop))
        size = int(s + Fraction(1, 2))
    return max(1, min(population, size))


def systematic_positions(population: int, size: int, rng: random.Random) -> list[int]:
    """``size`` distinct positions of ``0..population-1`` at the interval population/size, from a
    start drawn in the first interval (the regulation's nomor awal)."""
    if size <= 0:
        return []
    start = rng.randrange(population // size)
    return [start + (i * population) // size for i in range(size)]


def draw_sample(strata: Mapping[str, Sequence[T]], seed: int, rule: DpdRule) -> dict[str, list[T]]:
    """The sample of each stratum (kab/kota code → its supporters, already in the regulation's order:
    address, sex, age). Each stratum draws from ``random.Random`` seeded with the seed and its code,
    so the sample of a kab/kota does not depend on the others and the same seed repeats it."""
    out: dict[str, list[T]] = {}
    for code in sorted(strata):
        items = strata[code]
        rng = random.Random(f"{seed}:{code}")  # str seeds hash with SHA-512: the same on every platform
        out[code] = [items[i] for i in systematic_positions(len(items), sample_size(len(items), rule), rng)]
    return out


# --- one province's support -----------------------------------------------------------------------

@dataclass(frozen=True)
class Supporter:
    """One row of a candidate's supporter list, its NIK already reduced to the keyed hash."""

    row: int
    nik_hash: str
    name: str
    domicile_code: str  # desa or kab/kota code of the address (dotted)
    birth_date: datetime.date
    marital: str  # B belum kawin, S sudah kawin, P pernah kawin (as on the KTP)
    occupation: Occupation = Occupation.OTHER
    nik_problem: str = ""  # a voters.rules N-code message when the NIK is malformed
    in_register: str = ""  # set by the database layer: an active ad hoc member / ASN record
    denied: bool = False  # the person's contest ("I never gave this support") was upheld
    line: int = 0  # the row's line in its file when ``row`` is another key (the database id)

    @property
    def shown_row(self) -> int:
        """The row the messages name: the file's line when known."""
        return self.line or self.row

    @property
    def kab_code(self) -> str:
        return ".".join(self.domicile_code.split(".")[:2])


@dataclass(frozen=True)
class Finding:
    row: int
    code: Code
    message: str


@dataclass(frozen=True)
class SupportCheck:
    candidate: str
    submitted: int
    valid: int  # rows that count: eligible, first of their NIK in the list, on no other candidate's list
    duplicates_across: int
    penalty: int
    counted: int  # valid − penalty, never below 0
    required: int
    kabkota_with_support: tuple[str, ...]
    kabkota_total: int
    kabkota_needed: int
    findings: tuple[Finding, ...] = field(default=())
    valid_rows: tuple[int, ...] = field(default=())
    duplicates_within: int = 0  # repeats of a NIK already in the same list (ganda identik)
    denied: int = 0  # rows whose person's contest was upheld

    @property
    def meets_minimum(self) -> bool:
        return self.counted >= self.required

    @property
    def meets_spread(self) -> bool:
        return len(self.kabkota_with_support) >= self.kabkota_needed

    @property
    def ok(self) -> bool:
        return self.meets_minimum and self.meets_spread


def supporter_problem(s: Supporter, *, province: str, voting_day: datetime.date, rule: DpdRule) -> Finding | None:
    """The first eligibility problem of one supporter (NIK, age, domicile, occupation), or None."""
    if s.nik_problem:
        return Finding(s.row, Code.NIK_INVALID, s.nik_problem)
    # UU 7/2017 Pasal 1 angka 34: a voter is 17 on voting day, or is or has been married (S/P).
    if s.marital not in ("S", "P") and age_on(s.birth_date, voting_day) < int(rule.parameters["min_age"]):
        return Finding(s.row, Code.TOO_YOUNG, _("baris {row}: belum berumur {age} tahun pada hari pemungutan suara "
                                                "dan belum pernah kawin").format(row=s.shown_row,
                                                                                 age=rule.parameters["min_age"]))
    if s.domicile_code.split(".")[0] != province:
        return Finding(s.row, Code.OUTSIDE_PROVINCE, _("baris {row}: berdomisili di luar provinsi {province}")
                       .format(row=s.shown_row, province=province))
    if str(s.occupation) in rule.parameters["excluded_occupations"]:
        return Finding(s.row, Code.EXCLUDED_OCCUPATION, _("baris {row}: pekerjaan {occupation} tidak boleh "
                                                          "memberi dukungan").format(row=s.shown_row,
                                                                                     occupation=s.occupation))
    if s.in_register:
        return Finding(s.row, Code.IN_REGISTER, _("baris {row}: tercatat sebagai {register}")
                       .format(row=s.shown_row, register=s.in_register))
    return None


def duplicates_across(lists: Mapping[str, Sequence[Supporter]]) -> dict[str, set[str]]:
    """NIK hash → the candidates whose lists carry it, for hashes on more than one candidate's list."""
    seen: dict[str, set[str]] = defaultdict(set)
    for candidate, rows in lists.items():
        for s in rows:
            seen[s.nik_hash].add(candidate)
    return {h: c for h, c in seen.items() if len(c) > 1}


def check_support(lists: Mapping[str, Sequence[Supporter]], *, province: str, dpt: int,
                  kabkota: Collection[str], voting_day: datetime.date, rules: DpdRules,
                  elsewhere: Mapping[str, Collection[str]] | None = None) -> dict[str, SupportCheck]:
    """Every candidate's support in one province. ``lists``: candidate key → supporter rows;
    ``kabkota``: the province's kab/kota codes; ``elsewhere``: NIK hash → other candidates (already
    stored lists) whose lists carry it, so a new list is checked against those too."""
    across = duplicates_across(lists)
    for h, others in (elsewhere or {}).items():
        across.setdefault(h, set()).update(others)
    required = min_supporters(dpt, rules.min_supporters)
    needed = kabkota_needed(len(kabkota), rules.spread)
    per_dup = int(rules.penalty.parameters["per_duplicate"])
    penalised = set(rules.penalty.parameters["applies_to"])
    known = set(kabkota)
    out: dict[str, SupportCheck] = {}
    for candidate, rows in lists.items():
        findings: list[Finding] = []
        first: set[str] = set()
        valid: list[Supporter] = []
        dup_across = dup_within = denied = 0
        for s in rows:
            problem = supporter_problem(s, province=province, voting_day=voting_day, rule=rules.supporter)
            if s.nik_hash in first:
                dup_within += 1
                findings.append(Finding(s.row, Code.DUPLICATE_WITHIN, _(
                    "baris {row}: NIK sudah tercantum pada baris sebelumnya (ganda identik)").format(row=s.shown_row)))
                continue
            first.add(s.nik_hash)
            if s.denied:
                denied += 1
                findings.append(Finding(s.row, Code.DENIED, _(
                    "baris {row}: yang bersangkutan menyatakan tidak pernah memberi dukungan (sanggahan "
                    "terbukti)").format(row=s.shown_row)))
                continue
            if across.get(s.nik_hash, set()) - {candidate}:
                dup_across += 1
                findings.append(Finding(s.row, Code.DUPLICATE_ACROSS, _(
                    "baris {row}: pendukung juga tercantum pada daftar bakal calon lain").format(row=s.shown_row)))
                continue
            if problem is not None:
                findings.append(problem)
                continue
            valid.append(s)
        found = {"duplicate_within": dup_within, "duplicate_across": dup_across, "fake": denied}
        penalty = per_dup * sum(n for kind, n in found.items() if kind in penalised)
        spread = tuple(sorted({s.kab_code for s in valid} & known))
        out[candidate] = SupportCheck(
            candidate=candidate, submitted=len(rows), valid=len(valid), duplicates_across=dup_across,
            penalty=penalty, counted=max(0, len(valid) - penalty), required=required,
            kabkota_with_support=spread, kabkota_total=len(known), kabkota_needed=needed,
            findings=tuple(findings), valid_rows=tuple(s.row for s in valid), duplicates_within=dup_within,
            denied=denied)
    return out
