"""The catalogue of coded checks on a C.Hasil (E… = error, blocks acceptance; W… = warning,
needs an acknowledgement with a reason).

Each check is DATA: a list of clauses, each a declarative expression over form fields. The
same definitions are evaluated here (server, imports) and, served as JSON, by
``static/results/checks.js`` in the browser as the user types — one definition, two
evaluators, and a test runs both on the same inputs.

Clause operators (a *term* is a field name, or ``"votes"`` = the sum of all vote entries):
  ``{"op": "eq", "left": [terms], "right": [terms]}``  Σleft = Σright
  ``{"op": "le", "left": [terms], "right": [terms]}``  Σleft ≤ Σright
  ``{"op": "max", "fields": [terms|"votes.*"], "limit": n}`` every listed figure ≤ n
  ``{"op": "reserve", "left": field, "base": field, "pct": p, "extra": [fields]}``
      left ≤ base + Σextra + ceil(p % · base); a blank extra counts 0
A clause whose fields are not all filled (a section not on the form, a votes-only entry) is
skipped: nothing is concluded from a blank.

Reference terms are not typed: ``dpt_set_l``/``_p``/``_j`` are the DPT that KPU Kab/Kota set for
the TPS, ``dptb_set_*`` the DPTb voters registered to vote there and ``dpk_set_*`` the DPK voters
recorded there (``entry.dpt_reference``, from the voters app), added by the server next to the
typed figures and served to the entry page as hidden inputs; where no DPT is set they are blank and
W3–W5 are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

Figures = dict[str, Any]  # field → int | None, plus "votes": {choice key: int}


@dataclass(frozen=True)
class Check:
    code: str
    message_id: str
    message_en: str
    rule: str
    clauses: tuple[dict[str, Any], ...]

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    @property
    def fields(self) -> list[str]:
        seen: list[str] = []
        for clause in self.clauses:
            for term in _clause_terms(clause):
                if term not in seen:
                    seen.append(term)
        return seen

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message_id": self.message_id,
                "message_en": self.message_en, "rule": self.rule, "fields": self.fields,
                "clauses": list(self.clauses)}

    def fails(self, figures: Figures) -> bool:
        return any(_clause_fails(c, figures) for c in self.clauses)


def _eq(left: list[str], right: list[str]) -> dict[str, Any]:
    return {"op": "eq", "left": left, "right": right}


def _lr(prefix: str) -> dict[str, Any]:
    return _eq([f"{prefix}_j"], [f"{prefix}_l", f"{prefix}_p"])


ROWS = ["dpt", "pengguna_dpt", "pengguna_dptb", "pengguna_dpk", "pengguna_total", "disabilitas"]

CHECKS: tuple[Check, ...] = (
    Check("E1", "Jumlah (J) harus sama dengan laki-laki (L) + perempuan (P) di setiap baris.",
          "Total (J) must equal men (L) + women (P) on every row.",
          "KPT 66/2024 model C.Hasil; Sirekap administrasi",
          tuple(_lr(r) for r in ROWS)),
    Check("E2", "Jumlah pengguna hak pilih harus sama dengan pengguna DPT + DPTb + DPK.",
          "Total voters must equal DPT + DPTb + DPK voters.",
          "KPT 66/2024 model C.Hasil; Sirekap administrasi",
          tuple(_eq([f"pengguna_total_{s}"], [f"pengguna_dpt_{s}", f"pengguna_dptb_{s}", f"pengguna_dpk_{s}"])
                for s in ("l", "p", "j"))),
    Check("E3", "Suara sah + suara tidak sah harus sama dengan jumlah suara sah dan tidak sah.",
          "Valid + invalid votes must equal the total of valid and invalid votes.",
          "KPT 66/2024 model C.Hasil; Sirekap administrasi",
          (_eq(["suara_sah", "suara_tidak_sah"], ["suara_total"]),)),
    Check("E4", "Jumlah perolehan suara semua pilihan harus sama dengan jumlah suara sah.",
          "The sum of the votes of all choices must equal the valid votes.",
          "KPT 66/2024 model C.Hasil; suara partai = suara partai saja + suara calonnya",
          (_eq(["votes"], ["suara_sah"]),)),
    Check("E5", "Surat suara digunakan harus sama dengan suara sah + tidak sah.",
          "Ballots used must equal valid + invalid votes.",
          "Perbawaslu 15/2024 Pasal 23(1)c",
          (_eq(["ss_digunakan"], ["suara_sah", "suara_tidak_sah"]),)),
    Check("E6", "Surat suara diterima harus sama dengan digunakan + rusak/keliru coblos + tidak digunakan.",
          "Ballots received must equal used + returned damaged/mis-punched + unused.",
          "KPT 66/2024 model C.Hasil (data penggunaan surat suara)",
          (_eq(["ss_diterima"], ["ss_digunakan", "ss_rusak", "ss_tidak_digunakan"]),)),
    Check("E7", "Surat suara digunakan harus sama dengan jumlah pengguna hak pilih.",
          "Ballots used must equal the number of voters who voted.",
          "KPU, rekapitulasi PSU Kuala Lumpur 2024",
          (_eq(["ss_digunakan"], ["pengguna_total_j"]),)),
    Check("E8", "Pengguna hak pilih dari DPT tidak boleh melebihi jumlah DPT.",
          "Voters from the DPT cannot exceed the DPT.",
          "UU 7/2017 (hanya pemilih terdaftar memilih dengan DPT)",
          tuple({"op": "le", "left": [f"pengguna_dpt_{s}"], "right": [f"dpt_{s}"]} for s in ("l", "p", "j"))),
    Check("E9", "Jumlah pengguna hak pilih harus sama dengan jumlah suara sah dan tidak sah "
          "(lebih banyak suara daripada pemilih?).",
          "The number of voters must equal the valid plus invalid votes (more votes than voters?).",
          "KPT 66/2024 model C.Hasil; Sirekap administrasi (pengguna_total = suara_total); "
          "setiap pemilih menggunakan satu surat suara",
          (_eq(["pengguna_total_j"], ["suara_total"]), _eq(["pengguna_total_j"], ["suara_sah", "suara_tidak_sah"]))),
    # Evaluable on partial forms too: a votes-only entry cannot carry more votes than the
    # voters or the ballots of its TPS, whatever else is blank.
    Check("E10", "Perolehan suara tidak boleh melebihi jumlah pengguna hak pilih, jumlah suara, atau surat "
          "suara yang digunakan.",
          "Votes cannot exceed the number of voters, the total votes or the ballots used.",
          "KPT 66/2024 model C.Hasil (identitas E4, E5, E9 pada formulir sebagian)",
          tuple({"op": "le", "left": ["votes"], "right": [r]} for r in ("pengguna_total_j", "suara_total",
                                                                        "ss_digunakan"))
          + ({"op": "le", "left": ["suara_sah"], "right": ["suara_total"]},)),
    Check("W1", "Angka di atas 300 untuk satu TPS dalam negeri: periksa kembali (salah baca?).",
          "A figure above 300 at a domestic TPS: check again (misread?).",
          "Filter anomali Sirekap KPU 2024; PKPU 25/2023 (≤ 300 pemilih per TPS)",
          ({"op": "max", "fields": ["dpt_j", "votes.*"], "limit": 300},)),
    Check("W2", "Surat suara diterima melebihi DPT + DPTb + 2% cadangan dari DPT.",
          "Ballots received exceed the DPT plus the DPTb plus the 2% reserve of the DPT.",
          "UU 7/2017 Pasal 350(3) (surat suara = DPT + DPTb + 2% DPT; pembulatan ke atas, belum "
          "dipastikan); DPTb dibaca dari pengguna DPTb (jumlah DPTb tidak ada di C.Hasil), kosong = 0",
          ({"op": "reserve", "left": "ss_diterima", "base": "dpt_j", "pct": 2, "extra": ["pengguna_dptb_j"]},)),
    Check("W3", "Jumlah DPT pada formulir berbeda dengan DPT TPS ini yang ditetapkan KPU Kabupaten/Kota.",
          "The DPT on the form differs from the DPT set for this TPS by KPU Kabupaten/Kota.",
          "PKPU 7/2022 (DPT ditetapkan dalam rapat pleno KPU Kabupaten/Kota); KPT 66/2024 model C.Hasil "
          "(data pemilih diisi dari DPT TPS)",
          tuple(_eq([f"dpt_{s}"], [f"dpt_set_{s}"]) for s in ("l", "p", "j"))),
    # A DPTb voter registered to this TPS may not come: fewer is normal, more is not. A DPK voter is
    # recorded as they vote (voters.DpkRecord): the count is known. Both rows of UU 7/2017 Pasal 348(1).
    Check("W4", "Pengguna DPTb melebihi pemilih DPTb yang terdaftar pindah memilih ke TPS ini.",
          "DPTb voters exceed the DPTb voters registered to vote at this TPS.",
          "UU 7/2017 Pasal 348(1) (DPTb: pindah memilih dengan formulir A-Surat Pindah Memilih); KPT 66/2024 "
          "model C.Hasil (data pemilih)",
          tuple({"op": "le", "left": [f"pengguna_dptb_{s}"], "right": [f"dptb_set_{s}"]} for s in ("l", "p", "j"))),
    Check("W5", "Pengguna DPK pada formulir berbeda dengan pemilih DPK yang dicatat di TPS ini.",
          "DPK voters on the form differ from the DPK voters recorded at this TPS.",
          "UU 7/2017 Pasal 348(1) (DPK: KTP-el, di TPS RT/RW-nya, pada jam terakhir); KPT 66/2024 model "
          "C.Hasil (data pemilih)",
          tuple(_eq([f"pengguna_dpk_{s}"], [f"dpk_set_{s}"]) for s in ("l", "p", "j"))),
)

# Filled by the server, never typed: the TPS's set DPT, DPTb registered there, DPK recorded there.
REFERENCE_TERMS = tuple(f"{row}_set_{s}" for row in ("dpt", "dptb", "dpk") for s in ("l", "p", "j"))

BY_CODE: dict[str, Check] = {c.code: c for c in CHECKS}


def _clause_terms(clause: dict[str, Any]) -> list[str]:
    op = clause["op"]
    if op in ("eq", "le"):
        return [*clause["left"], *clause["right"]]
    if op == "max":
        return list(clause["fields"])
    return [clause["left"], clause["base"], *clause.get("extra", [])]


def _value(term: str, figures: Figures) -> int | None:
    if term == "votes":
        votes = figures.get("votes") or {}
        if not votes or any(v is None for v in votes.values()):
            return None
        return int(sum(votes.values()))
    value = figures.get(term)
    return None if value is None else int(value)


def _sum(terms: list[str], figures: Figures) -> int | None:
    total = 0
    for term in terms:
        value = _value(term, figures)
        if value is None:
            return None
        total += value
    return total


def _clause_fails(clause: dict[str, Any], figures: Figures) -> bool:
    op = clause["op"]
    if op in ("eq", "le"):
        left, right = _sum(clause["left"], figures), _sum(clause["right"], figures)
        if left is None or right is None:
            return False
        return left != right if op == "eq" else left > right
    if op == "max":
        values: list[int] = []
        for term in clause["fields"]:
            if term == "votes.*":
                values += [int(v) for v in (figures.get("votes") or {}).values() if v is not None]
            elif figures.get(term) is not None:
                values.append(int(figures[term]))
        return any(v > int(clause["limit"]) for v in values)
    left_v, base = _value(clause["left"], figures), _value(clause["base"], figures)
    if left_v is None or base is None:
        return False
    reserve = -(-base * int(clause["pct"]) // 100)  # ceil without floats
    extra = sum(_value(t, figures) or 0 for t in clause.get("extra", []))
    return left_v > base + extra + reserve


def run_checks(figures: Figures, reference: Figures | None = None) -> list[str]:
    """The codes of every failing check, errors first, in catalogue order. ``reference``: the
    TPS's figures set elsewhere (``REFERENCE_TERMS``), checked against the typed ones."""
    merged = {**figures, **(reference or {})}
    return [c.code for c in CHECKS if c.fails(merged)]


def errors_of(codes: list[str]) -> list[str]:
    return [c for c in codes if c.startswith("E")]


def warnings_of(codes: list[str]) -> list[str]:
    return [c for c in codes if c.startswith("W")]


def catalogue_json() -> list[dict[str, Any]]:
    return [c.as_json() for c in CHECKS]


def describe(code: str, lang: str = "id") -> str:
    check = BY_CODE[code]
    return check.message_en if lang == "en" else check.message_id


# Keep the catalogue's verbose name translatable for the page title.
TITLE = _("Katalog pemeriksaan C.Hasil")
