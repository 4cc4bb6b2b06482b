"""Pure rules of counting and recap: dapil resolution, double-entry comparison, roll-up deltas,
numbers in words. No database."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from pemilu.core.levels import ancestor_codes, level_of

FIELD_ORDER_LEVELS = (4, 3, 2, 1)  # desa, kecamatan, kab/kota, provinsi: most specific first


# A TPS serves at most 500 voters (UU 7/2017 Pasal 350 ayat (1); 300 under PKPU 7/2022 Pasal 15
# ayat (3), 600 in a Pilkada) and receives its DPT plus a 2 % reserve of ballots: no figure of one
# C.Hasil can exceed 1,000.
MAX_TPS_FIGURE = 1000


def resolve_dapil(area_map: Mapping[str, str], tps_code: str) -> str | None:
    """The dapil of a TPS: that of its most specific ancestor listed (non-split) in the map
    (PKPU 6/2023 lists dapil by kab/kota, kecamatan or desa; split units list their parts)."""
    anc = ancestor_codes(tps_code)
    for level in FIELD_ORDER_LEVELS:
        code = anc.get(level)
        if code is not None and code in area_map:
            return area_map[code]
    return None


def figure_differences(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """Fields (``votes.<key>`` for votes) where two independent entries disagree."""
    diffs = [k for k in sorted(set(first) | set(second)) if k != "votes" and first.get(k) != second.get(k)]
    v1, v2 = first.get("votes") or {}, second.get("votes") or {}
    diffs += [f"votes.{k}" for k in sorted(set(v1) | set(v2)) if v1.get(k) != v2.get(k)]
    return diffs


def figures_digest(figures: Mapping[str, Any]) -> str:
    """SHA-256 of a form's figures (every field and vote, keys sorted): the audit row of each
    entered, verified, corrected or imported C.Hasil carries it, and ``pemilu audit verify``
    recomputes it from the stored version, so a figure edited in the database is named
    (issue 17). Both write paths (per form and election-night batch) call this one function."""
    return hashlib.sha256(orjson.dumps(dict(figures), option=orjson.OPT_SORT_KEYS)).hexdigest()


def expected_totals(forms: list[tuple[str, Mapping[str, Any] | None, bool]]) -> dict[str, int]:
    """What the running totals of one kecamatan must hold, recomputed from its forms, each
    (status, current figures or None, corrected?). Same counters as the write path
    (``status_delta``, ``vote_totals``, ``#incomplete``, ``#corrected``), zeros dropped."""
    out: dict[str, int] = {}
    for status, figures, corrected in forms:
        add = dict(status_delta(None, status))
        if status == "accepted" and figures is not None:
            for key, value in (vote_totals(figures) or {}).items():
                add[key] = add.get(key, 0) + value
            if is_incomplete(figures):
                add["#incomplete"] = add.get("#incomplete", 0) + 1
        if corrected:
            add["#corrected"] = add.get("#corrected", 0) + 1
        for key, value in add.items():
            out[key] = out.get(key, 0) + value
    return {k: v for k, v in out.items() if v}


# The administration section of a C.Hasil (KPT 66/2024): data pemilih, pengguna hak pilih,
# disabilitas, penggunaan surat suara. Kept here (not imported from models) so rules stay pure.
ADMIN_FIELDS: tuple[str, ...] = (
    "dpt_l", "dpt_p", "dpt_j",
    "pengguna_dpt_l", "pengguna_dpt_p", "pengguna_dpt_j",
    "pengguna_dptb_l", "pengguna_dptb_p", "pengguna_dptb_j",
    "pengguna_dpk_l", "pengguna_dpk_p", "pengguna_dpk_j",
    "pengguna_total_l", "pengguna_total_p", "pengguna_total_j",
    "disabilitas_l", "disabilitas_p", "disabilitas_j",
    "ss_diterima", "ss_rusak", "ss_tidak_digunakan", "ss_digunakan",
)


def missing_sections(figures: Mapping[str, Any]) -> list[str]:
    """The parts of a C.Hasil left blank that the recap needs: ``administrasi`` (the whole
    administration section blank, e.g. a votes-only Sirekap reading), ``suara_sah``,
    ``suara_tidak_sah``, ``perolehan`` (a choice without its votes)."""
    missing: list[str] = []
    if all(figures.get(f) is None for f in ADMIN_FIELDS):
        missing.append("administrasi")
    for name in ("suara_sah", "suara_tidak_sah"):
        if figures.get(name) is None:
            missing.append(name)
    votes = figures.get("votes") or {}
    if not votes or any(v is None for v in votes.values()):
        missing.append("perolehan")
    return missing


def is_incomplete(figures: Mapping[str, Any]) -> bool:
    """An incomplete form is never "all checks passed" (its blank clauses were skipped), and a
    plenary does not lock over it without the regulation's way out. Summing the votes of one
    without its suara sah published parts exceeding the whole (issue 21: Padang Hulu Σ paslon
    17,139 against suara sah 15,439)."""
    return bool(missing_sections(figures))


def ballot_complete(figures: Mapping[str, Any]) -> bool:
    """Votes, suara sah and suara tidak sah all filled: what the recap sums."""
    return not ({"suara_sah", "suara_tidak_sah", "perolehan"} & set(missing_sections(figures)))


def vote_totals(figures: Mapping[str, Any]) -> dict[str, int] | None:
    """What an accepted form adds to its kecamatan's running totals (``#counted`` counts the
    forms summed); None when its ballot section is incomplete: its votes without its suara
    sah would make the parts exceed the whole. A form missing only its administration section
    is summed, but is still incomplete (flagged, and it holds the plenary)."""
    if not ballot_complete(figures):
        return None
    out = {str(k): int(v) for k, v in (figures.get("votes") or {}).items()}
    out["_sah"] = int(figures["suara_sah"])
    out["_tidak_sah"] = int(figures["suara_tidak_sah"])
    out["#counted"] = 1
    return out


def rollup_delta(old: Mapping[str, int] | None, new: Mapping[str, int] | None) -> dict[str, int]:
    """new − old per key, zero entries dropped (old/new None = not counted)."""
    delta: dict[str, int] = {}
    for key, value in (new or {}).items():
        delta[key] = delta.get(key, 0) + value
    for key, value in (old or {}).items():
        delta[key] = delta.get(key, 0) - value
    return {k: v for k, v in delta.items() if v != 0}


def status_delta(old: str | None, new: str | None) -> dict[str, int]:
    """Progress counters (``#<status>``) moving with a form's status."""
    if old == new:
        return {}
    delta: dict[str, int] = {}
    # "empty" is not counted: pending = expected − accepted − error, so no row is needed for it.
    old = None if old == "empty" else old
    new = None if new == "empty" else new
    if old:
        delta[f"#{old}"] = -1
    if new:
        delta[f"#{new}"] = delta.get(f"#{new}", 0) + 1
    return delta


# --- recap windows and deadlines (PKPU 3/2022 stages; PKPU 5/2024) -------------------------

UNSCHEDULED, NOT_OPEN, OPEN, OVERDUE, LOCKED, LOCKED_LATE = (
    "unscheduled", "not_open", "open", "overdue", "locked", "locked_late")


def window_phase(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> str:
    """Where ``today`` lies against an inclusive window: unscheduled, not_open, open, or
    overdue (the window has closed)."""
    if start is None or end is None:
        return UNSCHEDULED
    if today < start:
        return NOT_OPEN
    return OPEN if today <= end else OVERDUE


def deadline_state(start: datetime.date | None, end: datetime.date | None, today: datetime.date,
                   locked_on: datetime.date | None) -> str:
    """A recap level's standing: locked (in time or late), or its window phase. A level is
    overdue when its window has closed and its plenary is not locked."""
    if locked_on is not None:
        return LOCKED_LATE if end is not None and locked_on > end else LOCKED
    return window_phase(start, end, today)


# --- recap chains: domestic and overseas (PKPU 5/2024) ---------------------------------------

OVERSEAS = "99"  # the pseudo-province "Luar Negeri": country → PPLN → point type → TPSLN/KSK/POS


def is_overseas(code: str) -> bool:
    return code == OVERSEAS or code.startswith(OVERSEAS + ".")


def chain_levels(code: str, domestic: list[int], overseas: Mapping[str, str]) -> list[int]:
    """The recap levels of the chain ``code`` belongs to, lowest first (3, 2, 1, 0 at home). Under
    region 99 the overseas chain's levels (default PPLN = 3 and the unit 99 = 1), then the national
    level; an empty overseas configuration means the domestic chain everywhere."""
    if is_overseas(code) and overseas:
        levels = {int(k) for k in overseas} | ({0} if 0 in domestic else set())
        return sorted(levels, reverse=True)
    return sorted(set(domestic), reverse=True)


def stage_for(code: str, level: int, domestic_levels: list[int], domestic_stages: Mapping[str, str],
              overseas_stages: Mapping[str, str]) -> str | None:
    """The schedule stage holding the window of ``code``'s recap level ``level`` (None: not a
    recap level of its chain)."""
    if level not in chain_levels(code, domestic_levels, overseas_stages):
        return None
    if level > 0 and is_overseas(code) and overseas_stages:
        return overseas_stages.get(str(level))
    return domestic_stages.get(str(level))


def child_level(code: str, chain: list[int]) -> int:
    """The level of the rows a region's recap lists: the next recap level below a recap level of
    its chain (region 99 lists its PPLN), one level down otherwise (a country lists its PPLN, a
    kecamatan its villages, a village its TPS)."""
    level = code.count(".") + 1 if code else 0
    if level in chain:
        below = [lvl for lvl in chain if lvl > level]
        if below:
            return min(below)
    return level + 1


def recap_region_above(code: str, chain: list[int]) -> str:
    """The region of the recap level above ``code``'s in its chain (the one that may reopen its
    plenary): the nearest ancestor at a recap level, or national."""
    parts = code.split(".")
    for level in range(len(parts) - 1, 0, -1):
        if level in chain:
            return ".".join(parts[:level])
    return ""


def holder_scope(code: str) -> str:
    """Where the body that holds ``code``'s plenary sits: region 99 has no KPU of its own, KPU (national)
    recaps it as one unit; everywhere else the region itself."""
    return "" if code == OVERSEAS else code


def correction_holder(phase: str) -> str:
    """Who may correct an accepted C.Hasil given the PPK recap window's phase (issue 8 item 5:
    "the PPK during its recap window, KPU Kab/Kota after"): ``ppk``, ``kpu`` (Kab/Kota or
    above), ``any`` (no window scheduled: roles alone decide), or ``none`` (before the window
    opens the forms are still at the TPS)."""
    return {OPEN: "ppk", OVERDUE: "kpu", UNSCHEDULED: "any"}.get(phase, "none")


def recap_differences(computed: Mapping[str, Mapping[str, int]],
                      typed: Mapping[str, Mapping[str, int]]) -> list[dict[str, Any]]:
    """Field-by-field differences between the computed sum of each child region and the
    level's D.Hasil typed from paper: ``{"code", "field", "computed", "typed", "difference"}``
    for every child row and field where they differ (a missing typed row or field differs
    from any computed value; a typed row the computation lacks counts as computed 0)."""
    out: list[dict[str, Any]] = []
    for code in sorted(set(computed) | set(typed)):
        comp, entered = computed.get(code, {}), typed.get(code)
        for field in sorted(set(comp) | set(entered or {})):
            c, t = int(comp.get(field, 0)), None if entered is None else entered.get(field)
            if t is None or int(t) != c:
                out.append({"code": code, "field": field, "computed": c, "typed": t,
                            "difference": None if t is None else int(t) - c})
    return out


_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas"]


def terbilang(n: int) -> str:
    """An integer in Indonesian words, as written on the official forms ("seratus dua puluh")."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    return _words(n).strip()


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return _words(n - 10) + " belas"
    if n < 100:
        return _words(n // 10) + " puluh " + _words(n % 10)
    if n < 200:
        return "seratus " + _words(n - 100)
    if n < 1000:
        return _words(n // 100) + " ratus " + _words(n % 100)
    if n < 2000:
        return "seribu " + _words(n - 1000)
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return (_words(n // size) + f" {name} " + _words(n % size)).replace("  ", " ")
    raise AssertionError(n)  # pragma: no cover


@dataclass(frozen=True)
class Quorum:
    """A plenary's quorum: ``present`` of the body's ``members`` against the fraction
    ``numerator``/``denominator`` ("paling sedikit 2/3 anggota"): ``needed`` = ⌈members × fraction⌉,
    exact integers (5 members → 4, 7 → 5, 3 → 2)."""

    members: int
    present: int
    numerator: int
    denominator: int

    @property
    def needed(self) -> int:
        return -(-self.members * self.numerator // self.denominator)

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed

    @property
    def fraction(self) -> str:
        return f"{self.numerator}/{self.denominator}"


def body_size(region_code: str, by_level: Mapping[str, int], by_region: Mapping[str, int]) -> int:
    """Members of the body holding ``region_code``'s plenary: the region's own figure, else its
    holder's level's (region 99's plenary is held by KPU at the national level)."""
    if region_code in by_region:
        return int(by_region[region_code])
    return int(by_level.get(str(level_of(holder_scope(region_code))), 0))
