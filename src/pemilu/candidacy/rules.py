"""Pure rules of a party's candidate list (pencalonan DPR/DPRD). No database; tested with hypothesis.

The rules are *data* (``data/rules.json``): each version is a ``RuleVersion`` with a code, the
regulation cited, the days it was in force and its parameters, so a court ruling is a new record,
not a code change. This module holds one evaluator per rule kind:

* ``max_candidates`` — at most ``percent`` % of the dapil's seats per list (UU 7/2017 Pasal 244).
* ``women_quota`` — at least ``percent`` % women per list (UU 7/2017 Pasal 245), the fraction rounded
  by the version's ``rounding``: ``up`` (PKPU 20/2018 Pasal 6(2), restored by Putusan MA
  24 P/HUM/2023 of 29 Aug 2023), ``nearest`` (the annulled PKPU 10/2023 Pasal 8(2), kept so past
  decisions can be replayed) or ``down`` (a what-if with no legal basis).
* ``women_per_block`` — at least one woman in every full block of three names by nomor urut
  (UU 7/2017 Pasal 246(2)); a shorter last block is exempt.

Arithmetic is exact (``Fraction``): 30 % of 7 is 21/10, never 2.0999….
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _


class Rounding(enum.StrEnum):
    UP = "up"
    NEAREST = "nearest"
    DOWN = "down"


class ListRuleKind(enum.StrEnum):
    MAX_CANDIDATES = "max_candidates"
    WOMEN_QUOTA = "women_quota"
    WOMEN_PER_BLOCK = "women_per_block"


class RulebookError(ValueError):
    """The rules data file is malformed (a deployment error, named precisely)."""


K = TypeVar("K", bound=enum.StrEnum)
V = TypeVar("V", bound="Version[Any]")


@dataclass(frozen=True)
class Version(Generic[K]):
    """One version of one rule as a rulebook records it (this list rulebook and ``dpd_rules``)."""

    code: str
    kind: K
    citation: str
    effective_from: datetime.date | None  # None: a what-if, never selected by date
    effective_until: datetime.date | None  # inclusive; None: still in force
    parameters: Mapping[str, Any]
    note: str = ""

    def in_effect(self, on: datetime.date) -> bool:
        if self.effective_from is None or on < self.effective_from:
            return False
        return self.effective_until is None or on <= self.effective_until


class RuleVersion(Version[ListRuleKind]):
    @cached_property
    def percent(self) -> Fraction:
        return Fraction(str(self.parameters["percent"]))

    @cached_property
    def rounding(self) -> Rounding:
        return Rounding(self.parameters["rounding"])


# --- the rulebook ---------------------------------------------------------------------------------

def _date(value: object, code: str, name: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RulebookError(f"rule {code}: {name} is not a date (YYYY-MM-DD): {value!r}") from None


def parse_rulebook(data: Mapping[str, Any], kinds: type[K], record: type[V],
                   check: Callable[[K, Mapping[str, Any]], None], *, start_required: bool = False) -> tuple[V, ...]:
    """A rulebook's versions from its JSON document, every field checked, overlapping versions refused.
    What differs between rulebooks is a parameter: the ``kinds`` of rule, the ``record`` made of each,
    the ``check`` of a kind's parameters (raises KeyError, ValueError or TypeError on a bad one) and
    whether every version needs an ``effective_from`` (without one a version is a what-if)."""
    out: list[V] = []
    for i, rec in enumerate(data.get("rules", [])):
        code = str(rec.get("code") or f"#{i + 1}")
        try:
            kind = kinds(rec["kind"])
        except (KeyError, ValueError):
            raise RulebookError(f"rule {code}: unknown kind {rec.get('kind')!r}") from None
        if not str(rec.get("citation") or "").strip():
            raise RulebookError(f"rule {code}: citation is required")
        params = dict(rec.get("parameters") or {})
        try:
            check(kind, params)
        except (KeyError, ValueError, TypeError):
            raise RulebookError(f"rule {code}: bad parameters {params!r}") from None
        start = _date(rec.get("effective_from"), code, "effective_from")
        end = _date(rec.get("effective_until"), code, "effective_until")
        if start is None and start_required:
            raise RulebookError(f"rule {code}: effective_from is required")
        if start is not None and end is not None and end < start:
            raise RulebookError(f"rule {code}: effective_until before effective_from")
        out.append(record(code, kind, str(rec["citation"]), start, end, params, str(rec.get("note") or "")))
    if len({r.code for r in out}) != len(out):
        raise RulebookError("rule codes must be unique")
    for kind in kinds:
        dated = sorted((r for r in out if r.kind == kind and r.effective_from is not None),
                       key=lambda r: r.effective_from or datetime.date.min)
        for a, b in zip(dated, dated[1:], strict=False):
            assert b.effective_from is not None
            if a.effective_until is None or a.effective_until >= b.effective_from:
                raise RulebookError(f"rules {a.code} and {b.code} are both in force on {b.effective_from}")
    return tuple(out)


def _check_parameters(kind: ListRuleKind, params: Mapping[str, Any]) -> None:
    percent = Fraction(str(params["percent"])) if kind != ListRuleKind.WOMEN_PER_BLOCK else Fraction(0)
    if not 0 <= percent <= 100:
        raise ValueError
    if kind == ListRuleKind.WOMEN_QUOTA:
        Rounding(params["rounding"])
    if kind == ListRuleKind.WOMEN_PER_BLOCK and (int(params["block"]) < 1 or int(params["min_women"]) < 0):
        raise ValueError


def parse_rules(data: Mapping[str, Any]) -> tuple[RuleVersion, ...]:
    """Rule versions from the JSON document; every field checked, overlapping versions refused."""
    return parse_rulebook(data, ListRuleKind, RuleVersion, _check_parameters)


@cache
def load_rules() -> tuple[RuleVersion, ...]:
    """The rulebook shipped with the app (``data/rules.json``)."""
    text = (files("pemilu.candidacy") / "data" / "rules.json").read_text(encoding="utf-8")
    return parse_rules(json.loads(text))


def select_rules(rules: Sequence[RuleVersion], on: datetime.date,
                 rounding: Rounding | None = None) -> tuple[RuleVersion, ...]:
    """The version of each kind in force on ``on``. ``rounding`` replaces the women's quota by the
    version with that rounding: the one in force on ``on`` if it has it, else the latest such
    version (``nearest`` → the annulled PKPU 10/2023 rule, ``down`` → the what-if)."""
    chosen: list[RuleVersion] = []
    for kind in ListRuleKind:
        versions = [r for r in rules if r.kind == kind]
        if kind == ListRuleKind.WOMEN_QUOTA and rounding is not None:
            versions = [r for r in versions if r.rounding == rounding]
            if not versions:
                raise RulebookError(f"no women's quota rule with rounding {rounding}")
            current = [r for r in versions if r.in_effect(on)]
            latest = max(versions, key=lambda r: r.effective_from or datetime.date.min)
            chosen.append(current[0] if current else latest)
            continue
        current = [r for r in versions if r.in_effect(on)]
        if current:
            chosen.append(current[0])
    return tuple(chosen)


# --- the arithmetic -------------------------------------------------------------------------------

def women_needed(candidates: int, percent: Fraction | int, rounding: Rounding) -> int:
    """Women a list of ``candidates`` names needs: ``percent`` % of it, rounded by ``rounding``.
    Integer arithmetic on ``percent = p/q``: the exact need is ``p·candidates / (100·q)``."""
    pct = Fraction(percent)
    num, den = pct.numerator * candidates, pct.denominator * 100
    if rounding == Rounding.UP:
        return -(-num // den)
    if rounding == Rounding.DOWN:
        return num // den
    # PKPU 10/2023 Pasal 8(2) (annulled): the result to two decimals; below .50 down, .50 and up up.
    hundredths = (2 * num + pct.denominator) // (2 * pct.denominator)  # floor(exact·100 + 1/2)
    return (hundredths + 50) // 100


def max_candidates(seats: int, percent: Fraction | int) -> int:
    pct = Fraction(percent)
    return pct.numerator * seats // (pct.denominator * 100)


# --- lists and findings ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    nomor_urut: int
    name: str
    woman: bool
    row: int = 0  # line in the input file, for messages


@dataclass(frozen=True)
class PartyList:
    dapil: str
    party: str
    seats: int
    candidates: tuple[Candidate, ...]  # ordered by nomor urut
    party_no: int = 0

    @property
    def women(self) -> int:
        return sum(c.woman for c in self.candidates)


@dataclass(frozen=True)
class Finding:
    code: str  # the rule kind: max_candidates, women_quota, women_per_block
    rule: str  # the rule version's code
    citation: str
    dapil: str
    party: str
    seats: int
    candidates: int
    women: int
    women_needed: int
    message: str


@dataclass(frozen=True)
class ListCheck:
    party_list: PartyList
    women_needed: int  # by the women's quota in force (0 when none is)
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.findings


def _quota(rules: Sequence[RuleVersion], n: int) -> int:
    return max((women_needed(n, r.percent, r.rounding) for r in rules if r.kind == ListRuleKind.WOMEN_QUOTA), default=0)


def empty_blocks(candidates: Sequence[Candidate], block: int = 3, min_women: int = 1) -> list[tuple[int, int]]:
    """(first, last) nomor urut of each full block of ``block`` names (by nomor urut order) with fewer
    than ``min_women`` women; a shorter last block is exempt (UU 7/2017 Pasal 246(2))."""
    bad = []
    for start in range(0, len(candidates) - block + 1, block):
        chunk = candidates[start:start + block]
        if sum(c.woman for c in chunk) < min_women:
            bad.append((chunk[0].nomor_urut, chunk[-1].nomor_urut))
    return bad


def check_list(party_list: PartyList, rules: Sequence[RuleVersion]) -> ListCheck:
    """Every rule in ``rules`` applied to one list; each breach is a coded ``Finding``."""
    lst = party_list
    n, women = len(lst.candidates), lst.women
    needed = _quota(rules, n)
    findings: list[Finding] = []

    def finding(rule: RuleVersion, message: str) -> Finding:
        return Finding(str(rule.kind), rule.code, rule.citation, lst.dapil, lst.party, lst.seats, n, women,
                       needed, message)

    def context() -> str:
        return _("Dapil {dapil}, {party} ({seats} kursi, {n} calon): {women} perempuan, dibutuhkan {needed}").format(
            dapil=lst.dapil, party=lst.party, seats=lst.seats, n=n, women=women, needed=needed)

    for rule in rules:
        if rule.kind == ListRuleKind.MAX_CANDIDATES:
            limit = max_candidates(lst.seats, rule.percent)
            if n > limit:
                findings.append(finding(rule, context() + " — " + _(
                    "calon lebih dari {limit} ({percent} persen dari kursi; {citation})").format(
                        limit=limit, percent=rule.percent, citation=rule.citation)))
        elif rule.kind == ListRuleKind.WOMEN_QUOTA:
            own = women_needed(n, rule.percent, rule.rounding)
            if women < own:
                findings.append(finding(rule, context() + " — " + _(
                    "kurang dari {percent} persen perempuan (dibulatkan: {rounding}; {citation})").format(
                        percent=rule.percent, rounding=rule.rounding, citation=rule.citation)))
        else:
            block, minimum = int(rule.parameters["block"]), int(rule.parameters["min_women"])
            for first, last in empty_blocks(lst.candidates, block, minimum):
                findings.append(finding(rule, context() + " — " + _(
                    "nomor urut {first}–{last} tanpa {minimum} perempuan ({citation})").format(
                        first=first, last=last, minimum=minimum, citation=rule.citation)))
    return ListCheck(lst, needed, tuple(findings))


def check_lists(lists: Iterable[PartyList], rules: Sequence[RuleVersion]) -> list[ListCheck]:
    return [check_list(lst, rules) for lst in lists]


# --- names on more than one list (a warning: no NIK in the DCS) ------------------------------------

# Leading honorifics (religious, academic, noble) that the DCS writes before a name; academic degrees
# come after the first comma and are dropped with it.
_HONORIFICS = re.compile(r"^(?:(?:h|hj|dr|drs|dra|drg|ir|prof|kh|k\.h|r|ra|tgk|tgh)\.\s*)+", re.IGNORECASE)


def name_key(name: str) -> str:
    """The name compared across lists: degrees after the first comma and leading honorifics dropped,
    spaces collapsed, case folded (``"H. IRMAWAN, S.Sos., M.M."`` → ``"irmawan"``)."""
    core = _HONORIFICS.sub("", name.split(",")[0].strip())
    return " ".join(core.split()).casefold()


@dataclass(frozen=True)
class SharedName:
    key: str
    entries: tuple[tuple[str, str, int, str], ...]  # (dapil, party, nomor urut, name as written)


def shared_names(lists: Iterable[PartyList]) -> list[SharedName]:
    """Names (by ``name_key``) on more than one list: a warning only, since without a NIK two
    people with a common name cannot be told from one person on two lists (issue 23 item 3)."""
    seen: dict[str, list[tuple[str, str, int, str]]] = defaultdict(list)
    for lst in lists:
        for c in lst.candidates:
            key = name_key(c.name)
            if key:
                seen[key].append((lst.dapil, lst.party, c.nomor_urut, c.name))
    return [SharedName(k, tuple(v)) for k, v in sorted(seen.items())
            if len({(d, p) for d, p, _n, _name in v}) > 1]
