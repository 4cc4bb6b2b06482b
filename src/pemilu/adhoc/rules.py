"""Pure rules of ad hoc body formation (PPK, PPS, KPPS). No database; tested with hypothesis.

The eligibility rules are *data* (``EligibilityRule`` rows: kind, parameters, regulation cited);
this module holds one evaluator per kind. Each evaluator answers met / not met / needs evidence
with a reason, and ``bulk.py`` reproduces the same decision in set-based SQL: the two must agree
(``tests/test_bulk.py``). Every kind has a fixed bit in the compact outcome columns
(``Applicant.elig_not_met`` / ``elig_evidence``).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import IntegerChoices, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pemilu.core.bounds import is_ascii_digits
from pemilu.core.levels import ancestor_codes, covers


class Body(TextChoices):
    PPK = "ppk", gettext_lazy("PPK")
    PPS = "pps", gettext_lazy("PPS")
    KPPS = "kpps", gettext_lazy("KPPS")
    # Petugas Pemutakhiran Data Pemilih (PKPU 8/2022 Pasal 1 angka 6: "Pantarlih/PPDP"): the coklit
    # officer of one TPS area, formed by the PPS on behalf of KPU Kab/Kota (domain brief §1.1).
    PANTARLIH = "pantarlih", gettext_lazy("Pantarlih")


# Bodies formed per TPS (their areas are the TPS of a kab/kota or of one desa).
PER_TPS = frozenset({Body.KPPS, Body.PANTARLIH})
# Bodies a PPS forms in its own desa (PKPU 8/2022; issue 20 item 3; issue 22 item 1).
FORMED_BY_PPS = frozenset({Body.KPPS, Body.PANTARLIH})
# Region level of one body's area: PPK per kecamatan, PPS per desa/kelurahan, KPPS and Pantarlih per TPS.
AREA_LEVEL = {Body.PPK: 3, Body.PPS: 4, Body.KPPS: 5, Body.PANTARLIH: 5}
# PKPU 8/2022 (domain brief §1.1): Pantarlih 1 per TPS in Pemilu 2024 (Pilkada 2024: 2 where a TPS
# has 400 voters or more); configurable per election (BodyRules.seats).
DEFAULT_SEATS = {Body.PPK: 5, Body.PPS: 3, Body.KPPS: 7, Body.PANTARLIH: 1}
REGISTRATION_STAGE = {Body.PPK: "pendaftaran-ppk", Body.PPS: "pendaftaran-pps", Body.KPPS: "pendaftaran-kpps",
                      Body.PANTARLIH: "pendaftaran-pantarlih"}
WORK_STAGE = {Body.PPK: "masa-kerja-ppk", Body.PPS: "masa-kerja-pps", Body.KPPS: "masa-kerja-kpps",
              Body.PANTARLIH: "masa-kerja-pantarlih"}


class Outcome(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_EVIDENCE = "needs_evidence"


class Kind(enum.StrEnum):
    CITIZEN = "citizen"
    AGE_MIN = "age_min"
    AGE_MAX = "age_max"
    PARTY = "party"
    DOMICILE = "domicile"
    HEALTH = "health"
    EDUCATION = "education"
    SENTENCE = "sentence"
    MARRIAGE = "marriage"
    PERIOD_LIMIT = "period_limit"


# Fixed bit per kind in the compact outcome columns (never renumber: stored data depends on it).
BITS: dict[Kind, int] = {k: 1 << i for i, k in enumerate(Kind)}


class Education(IntegerChoices):
    SD = 1, gettext_lazy("SD")
    SMP = 2, gettext_lazy("SMP")
    SMA = 3, gettext_lazy("SMA/sederajat")   # SMA/SMK/MA or equivalent
    DIPLOMA = 4, gettext_lazy("Diploma")
    S1 = 5, gettext_lazy("S1/D4")
    S2 = 6, gettext_lazy("S2")
    S3 = 7, gettext_lazy("S3")


class Doc(enum.StrEnum):
    KTP = "ktp"
    IJAZAH = "ijazah"
    PERNYATAAN = "pernyataan"   # the combined surat pernyataan (KPT 476/2022 juknis)
    SEHAT = "sehat"             # health certificate (Puskesmas/RS/klinik)
    PARTY_EXIT = "keluar_partai"
    CV = "cv"
    FOTO = "foto"


@dataclass(frozen=True)
class RuleSpec:
    kind: Kind
    name: str
    citation: str
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True


# Who counts as a "fellow organiser" (sesama penyelenggara pemilu) for the marriage statement: the
# organisers are KPU and Bawaslu (UU 7/2017 Pasal 1 angka 7) with their ad hoc bodies and staff. Checked
# by the spouse's NIK against (1) members of any ad hoc body of the same election, (2) accounts holding
# one of ``account_roles`` (KPU administrators/staff and Bawaslu; accredited observers, ``pemantau``,
# are not organisers — configurable), (3) the PPK/PPS secretariat staff assigned in the
# election when ``secretariats``, (4) active ASN register entries whose agency names one of
# ``asn_agencies`` (the KPU and Bawaslu secretariats). Rules stored before these params use the defaults.
MARRIAGE_DEFAULTS: dict[str, Any] = {
    "account_roles": ["kpu_admin", "kpu_staff", "bawaslu"],
    "secretariats": True,
    "asn_agencies": ["KPU", "KOMISI PEMILIHAN UMUM", "BAWASLU", "BADAN PENGAWAS PEMILIHAN UMUM", "PANWAS"],
}


def marriage_params(params: dict[str, Any]) -> dict[str, Any]:
    """The marriage rule's parameters with the defaults for any missing one."""
    return {**MARRIAGE_DEFAULTS, **params}


def default_rules(body: Body) -> list[RuleSpec]:
    """The 2024 rule set (PKPU 8/2022 Pasal 35; domain brief §1.2)."""
    specs = [
        RuleSpec(Kind.CITIZEN, "Warga Negara Indonesia", "PKPU 8/2022 Pasal 35 ayat (1) huruf a"),
        RuleSpec(Kind.AGE_MIN, "Berusia paling rendah 17 tahun", "PKPU 8/2022 Pasal 35 ayat (1) huruf b",
                 {"years": 17, "reference": "registration_end"}),
        RuleSpec(Kind.AGE_MAX, "Berusia paling tinggi 55 tahun (KPPS)", "PKPU 8/2022 Pasal 35 ayat (2)",
                 {"years": 55, "reference": "voting_day"}, enabled=body == Body.KPPS),
        RuleSpec(Kind.PARTY, "Tidak menjadi anggota partai politik paling singkat 5 tahun",
                 "PKPU 8/2022 Pasal 35 ayat (1) huruf e", {"years": 5}),
        RuleSpec(Kind.DOMICILE, "Berdomisili di wilayah kerja", "PKPU 8/2022 Pasal 35 ayat (1) huruf f",
                 {"level": min(AREA_LEVEL[body], 4)}),
        RuleSpec(Kind.HEALTH, "Mampu secara jasmani, rohani, dan bebas penyalahgunaan narkotika",
                 "PKPU 8/2022 Pasal 35 ayat (1) huruf g"),
        RuleSpec(Kind.EDUCATION, "Berpendidikan paling rendah SMA atau sederajat",
                 "PKPU 8/2022 Pasal 35 ayat (1) huruf h", {"min": int(Education.SMA)}),
        RuleSpec(Kind.SENTENCE, "Tidak pernah dipidana penjara dengan ancaman 5 tahun atau lebih",
                 "PKPU 8/2022 Pasal 35 ayat (1) huruf i", {"years": 5}),
        RuleSpec(Kind.MARRIAGE, "Tidak dalam ikatan perkawinan dengan sesama penyelenggara pemilu",
                 "KPT 476/2022 (surat pernyataan); UU 7/2017 Pasal 1 angka 7", dict(MARRIAGE_DEFAULTS)),
        # PKPU 8/2022 removed the former two-period limit (PKPU 36/2018); off for 2024, kept so an
        # office can switch it on should a later amendment restore it (domain brief §1.2).
        RuleSpec(Kind.PERIOD_LIMIT, "Belum pernah menjabat 2 periode dalam badan yang sama",
                 "PKPU 36/2018 (dihapus oleh PKPU 8/2022)", {"max_periods": 2}, enabled=False),
    ]
    return specs


@dataclass(frozen=True)
class Membership:
    party: str
    left_on: datetime.date | None  # None: still a member


@dataclass(frozen=True)
class Facts:
    """Everything the evaluators read about one applicant (loaded by queries.facts_for)."""

    birth_date: datetime.date
    is_citizen: bool
    education: int
    domicile_code: str
    area_code: str
    documents: frozenset[str]
    health: str                    # "" unknown, "fit", "unfit"
    sentence_years: int | None     # None: not declared; 0: declares none
    spouse_is_organiser: bool
    memberships: tuple[Membership, ...] = ()
    periods_served: int = 0
    registration_end: datetime.date = datetime.date(2022, 12, 27)
    voting_day: datetime.date = datetime.date(2024, 2, 14)


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    outcome: Outcome
    reason: str


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reference_day(params: dict[str, Any], facts: Facts) -> datetime.date:
    ref = str(params.get("reference", "registration_end"))
    if ref == "voting_day":
        return facts.voting_day
    if ref == "registration_end":
        return facts.registration_end
    return datetime.date.fromisoformat(ref)  # a fixed ISO date


def fmt_day(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def evaluate(kind: Kind, params: dict[str, Any], facts: Facts) -> Verdict:
    """One rule for one applicant."""
    def v(outcome: Outcome, reason: str) -> Verdict:
        return Verdict(kind, outcome, reason)

    has = facts.documents.__contains__
    if kind == Kind.CITIZEN:
        if not facts.is_citizen:
            return v(Outcome.NOT_MET, _("bukan WNI menurut data pendaftaran"))
        if not has(Doc.KTP):
            return v(Outcome.NEEDS_EVIDENCE, _("fotokopi KTP-el belum diunggah"))
        return v(Outcome.MET, _("WNI; KTP-el terunggah"))
    if kind in (Kind.AGE_MIN, Kind.AGE_MAX):
        day = reference_day(params, facts)
        years = int(params["years"])
        age = age_on(facts.birth_date, day)
        ok = age >= years if kind == Kind.AGE_MIN else age <= years
        limit = _("paling rendah") if kind == Kind.AGE_MIN else _("paling tinggi")
        text = _("usia {age} tahun pada {day}; batas {limit} {years} tahun").format(
            age=age, day=fmt_day(day), limit=limit, years=years)
        return v(Outcome.MET if ok else Outcome.NOT_MET, text)
    if kind == Kind.PARTY:
        years = int(params.get("years", 5))
        cutoff = shift_years(facts.registration_end, -years)
        for m in facts.memberships:
            if m.left_on is None:
                return v(Outcome.NOT_MET, _("tercatat anggota {party} (belum keluar)").format(party=m.party))
            if m.left_on > cutoff:
                return v(Outcome.NOT_MET, _("keluar dari {party} pada {day}, kurang dari {years} tahun").format(
                    party=m.party, day=fmt_day(m.left_on), years=years))
        return v(Outcome.MET, _("tidak tercatat dalam daftar keanggotaan partai {years} tahun terakhir")
                 .format(years=years))
    if kind == Kind.DOMICILE:
        level = int(params.get("level", 4))
        scope = ancestor_codes(facts.area_code).get(level, facts.area_code)
        if facts.domicile_code and covers(scope, facts.domicile_code):
            return v(Outcome.MET, _("domisili {code} di wilayah kerja {scope}").format(
                code=facts.domicile_code, scope=scope))
        return v(Outcome.NOT_MET, _("domisili {code} di luar wilayah kerja {scope}").format(
            code=facts.domicile_code or "-", scope=scope))
    if kind == Kind.HEALTH:
        if facts.health == "unfit":
            return v(Outcome.NOT_MET, _("surat keterangan sehat menyatakan tidak mampu"))
        if not has(Doc.SEHAT) or facts.health != "fit":
            return v(Outcome.NEEDS_EVIDENCE, _("surat keterangan sehat belum diunggah atau belum diperiksa"))
        return v(Outcome.MET, _("surat keterangan sehat terunggah dan menyatakan mampu"))
    if kind == Kind.EDUCATION:
        minimum = int(params.get("min", Education.SMA))
        if facts.education < minimum:
            return v(Outcome.NOT_MET, _("pendidikan {have} di bawah {need}").format(
                have=Education(facts.education).name, need=Education(minimum).name))
        if not has(Doc.IJAZAH):
            return v(Outcome.NEEDS_EVIDENCE, _("fotokopi ijazah belum diunggah"))
        return v(Outcome.MET, _("pendidikan {have}; ijazah terunggah").format(have=Education(facts.education).name))
    if kind == Kind.SENTENCE:
        years = int(params.get("years", 5))
        if facts.sentence_years is not None and facts.sentence_years >= years:
            return v(Outcome.NOT_MET, _("pernah dipidana dengan ancaman {n} tahun (batas {years})").format(
                n=facts.sentence_years, years=years))
        if facts.sentence_years is None or not has(Doc.PERNYATAAN):
            return v(Outcome.NEEDS_EVIDENCE, _("surat pernyataan belum diunggah"))
        return v(Outcome.MET, _("menyatakan tidak pernah dipidana {years} tahun atau lebih").format(years=years))
    if kind == Kind.MARRIAGE:
        if facts.spouse_is_organiser:
            return v(Outcome.NOT_MET, _("NIK pasangan tercatat sebagai penyelenggara pemilu"))
        if not has(Doc.PERNYATAAN):
            return v(Outcome.NEEDS_EVIDENCE, _("surat pernyataan belum diunggah"))
        return v(Outcome.MET, _("menyatakan tidak terikat perkawinan dengan penyelenggara; pasangan tidak tercatat"))
    if kind == Kind.PERIOD_LIMIT:
        most = int(params.get("max_periods", 2))
        if facts.periods_served >= most:
            return v(Outcome.NOT_MET, _("sudah {n} periode dalam badan yang sama (batas {most})").format(
                n=facts.periods_served, most=most))
        return v(Outcome.MET, _("{n} periode tercatat (batas {most})").format(n=facts.periods_served, most=most))
    raise ValueError(kind)


def shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Summary:
    outcome: Outcome
    not_met: int      # bitmask of kinds not met
    evidence: int     # bitmask of kinds that need evidence
    verdicts: tuple[Verdict, ...]


def summarise(verdicts: Iterable[Verdict]) -> Summary:
    vs = tuple(verdicts)
    not_met = sum(BITS[x.kind] for x in vs if x.outcome == Outcome.NOT_MET)
    evidence = sum(BITS[x.kind] for x in vs if x.outcome == Outcome.NEEDS_EVIDENCE)
    outcome = Outcome.NOT_MET if not_met else Outcome.NEEDS_EVIDENCE if evidence else Outcome.MET
    return Summary(outcome, not_met, evidence, vs)


def evaluate_all(specs: Sequence[tuple[Kind, dict[str, Any]]], facts: Facts) -> Summary:
    return summarise(evaluate(kind, params, facts) for kind, params in specs)


# --- the minimum-registrants rule (KPT 534/2022; domain brief §1.4) -----------------------

class Shortfall(enum.StrEnum):
    OK = "ok"                 # ≥ factor × seats
    MAY_CONTINUE = "may_continue"   # point (c): after an extension, < factor × seats but ≥ 1 × seats
    EXTEND = "extend"         # below: extend (first time) or, point (d), extend once more


def required_registrants(seats: int, factor: int) -> int:
    return seats * factor


def shortfall(registrants: int, seats: int, factor: int, extensions: int) -> Shortfall:
    if registrants >= required_registrants(seats, factor):
        return Shortfall.OK
    if extensions >= 1 and registrants >= seats:
        return Shortfall.MAY_CONTINUE
    return Shortfall.EXTEND


# --- selection -----------------------------------------------------------------------------

def written_cutoff(seats: int, factor: int) -> int:
    """Written test: 3 × seats pass; ties at the cut-off all pass (RANK() ≤ cut-off)."""
    return seats * factor


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """SQL RANK() over scores in descending order: ties share the lowest rank, gaps after."""
    ordered = sorted(scores, reverse=True)
    first: dict[Decimal, int] = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return [first[s] for s in scores]


# Final ranking: interview score ("sistem gugur", §1.3 step 8), then the configured tie-breaks.
# The chain is UNCONFIRMED in the regulations read (domain brief §11.1), so it is configuration;
# the id is always the last key so every ranking is total and reproducible.
TIE_BREAKS: dict[str, str] = {
    "interview_desc": gettext_noop("nilai wawancara tertinggi"),
    "written_desc": gettext_noop("nilai tes tertulis tertinggi"),
    "registered_asc": gettext_noop("mendaftar lebih dahulu"),
    "older_first": gettext_noop("usia lebih tua"),
    "younger_first": gettext_noop("usia lebih muda"),
    "female_first": gettext_noop("perempuan lebih dahulu (keterwakilan perempuan)"),
}
DEFAULT_TIE_BREAKS = ("interview_desc", "written_desc", "registered_asc")
# Without written test and interview (KPPS, KPT 1669/2023) there is no score to rank by.
NO_SCORE_TIE_BREAKS = ("registered_asc",)


def parse_tie_breaks(text: str, *, interview: bool = True) -> tuple[str, ...]:
    """The final ranking's chain: by the interview score first when there is an interview; without
    one, never by an interview score (a written score without a test is merely empty)."""
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in keys if k not in TIE_BREAKS]
    if unknown:
        raise ValueError(_("urutan penentu tidak dikenal: {keys}").format(keys=", ".join(unknown)))
    if interview and (not keys or keys[0] != "interview_desc"):
        raise ValueError(_("peringkat akhir harus diawali nilai wawancara (interview_desc)"))
    if not keys:
        raise ValueError(_("urutan penentu peringkat wajib diisi"))
    if not interview and "interview_desc" in keys:
        raise ValueError(_("tanpa wawancara, peringkat tidak dapat memakai nilai wawancara"))
    return keys


@dataclass(frozen=True)
class Candidate:
    id: int
    interview: Decimal
    written: Decimal
    registered_at: datetime.datetime
    birth_date: datetime.date
    gender: str


def rank_key(chain: Sequence[str]) -> Callable[[Candidate], tuple[Any, ...]]:
    def key(c: Candidate) -> tuple[Any, ...]:
        parts: list[Any] = []
        for k in chain:
            if k == "interview_desc":
                parts.append(-c.interview)
            elif k == "written_desc":
                parts.append(-c.written)
            elif k == "registered_asc":
                parts.append(c.registered_at)
            elif k == "older_first":
                parts.append(c.birth_date.toordinal())
            elif k == "younger_first":
                parts.append(-c.birth_date.toordinal())
            elif k == "female_first":
                parts.append(0 if c.gender == "P" else 1)
        parts.append(c.id)
        return tuple(parts)
    return key


def final_order(candidates: Iterable[Candidate], chain: Sequence[str]) -> list[Candidate]:
    return sorted(candidates, key=rank_key(chain))


def women_share(genders: Iterable[str]) -> float:
    g = list(genders)
    return 0.0 if not g else 100.0 * sum(1 for x in g if x == "P") / len(g)


def mask_nik(nik: str) -> str:
    """Public announcements: keep the first 6 (region) and last 2 digits."""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 8) + nik[-2:]


# Bounds of an applicant's record (issue 17): nobody registering was born before 1900 or after
# today; a sentence threat is counted in years (KUHP: at most 20 years or life, kept as 100);
# a CAT or interview score is out of 100.
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
MAX_SENTENCE_YEARS = 100
MAX_SCORE = Decimal(100)


class ScoreKind(TextChoices):  # which score an entry or an imported file holds (``<kind>_score``)
    WRITTEN = "written", gettext_lazy("Tes tertulis")
    INTERVIEW = "interview", gettext_lazy("Wawancara")


def valid_nik(nik: str) -> bool:
    return is_ascii_digits(nik, 16)
