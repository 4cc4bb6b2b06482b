"""Pure rules of the duplicate search (issue 22 item 4): name normalisation for Indonesian names,
blocking keys, the scored comparison of two voters, and the keyed-hash tuple a region exports for
the match across kab/kota. No database; ``duplicates.py`` feeds these the voters of a region.

The score is a Fellegi–Sunter style sum of agreement weights (log2 odds, set by hand and checked on
the generator's seeded pairs, docs/benchmarks.md "Voter duplicates"), mapped to 0..1 by the
logistic function; a pair is a candidate at ``THRESHOLD`` and above. Names are compared after
normalisation with Jaro–Winkler (rapidfuzz, C speed).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler, Levenshtein

# Titles and honorifics written before or after a name (lower case, without dots).
TITLES = frozenset({
    "h", "hj", "haji", "hajjah", "dr", "drs", "dra", "ir", "prof", "tn", "ny", "nn", "sdr", "sdri", "bpk", "bapak",
    "ibu", "alm", "almh", "kh", "ust", "ustadz", "st", "spd", "se", "sh", "mh", "skom", "sked", "ssos", "sag",
    "sip", "mpd", "mm", "msi", "amd", "amk", "ssi", "spdi", "mkes", "skm", "ak", "ns",
})
# Old (pre-1972 EYD) spellings and their current form, applied for the phonetic key only.
OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
_NOT_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r" +")
_DEGREE = re.compile(r",.*$")  # "Ahmad, S.Pd" — what follows a comma is a degree

THRESHOLD = 0.9


def normalise_name(raw: str) -> str:
    """Lower case ASCII letters and single spaces, without titles and degrees:
    ``"  H. AHMAD  Siregar, S.Pd "`` → ``"ahmad siregar"``."""
    text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii").lower()
    text = _DEGREE.sub("", text)
    text = text.replace(".", " ").replace("'", "").replace("`", "").replace("-", " ")
    words = _SPACES.sub(" ", _NOT_LETTER.sub(" ", text)).strip().split(" ")
    kept = [w for w in words if w and w not in TITLES]
    return " ".join(kept) if kept else " ".join(w for w in words if w)


def phonetic(name: str) -> str:
    """A spelling-tolerant key of a normalised name: old spellings in their current form, doubled
    letters single, and each word's vowels after its first letter dropped (``boedi siregar`` →
    ``bd srgr``). Tolerates the old spelling, doubled letters and a mistyped vowel."""
    for old, new in OLD_SPELLING:
        name = name.replace(old, new)
    words = []
    for word in name.split():
        squeezed = re.sub(r"(.)\1+", r"\1", word)
        words.append(squeezed[:1] + re.sub(r"[aiueoh]", "", squeezed[1:]))
    return " ".join(words)


def normalise_place(raw: str) -> str:
    return normalise_name(raw.replace("kab.", "").replace("kota", ""))


class Person(NamedTuple):
    """What the comparison reads of a voter (the name and place already normalised). A named tuple:
    the search builds one per voter and pass, twice a region (4 × cheaper than a frozen dataclass)."""

    id: int
    nik_hash: str
    kk_hash: str
    name: str
    birth_date: datetime.date
    birth_place: str
    sex: str
    address: str
    village: str
    occupation: str = ""


def birth_dates_close(a: datetime.date, b: datetime.date) -> bool:
    """A slip in writing a birth date: a day or two apart, day and month swapped, or one digit of
    the year."""
    if abs((a - b).days) <= 2:
        return True
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return True
    return a.month == b.month and a.day == b.day and Levenshtein.distance(str(a.year), str(b.year)) == 1


def name_similarity(a: str, b: str) -> float:
    """Jaro–Winkler of the normalised names, or of their words sorted (a swapped order), whichever
    is higher (the phonetic key is for blocking only: ``pohan`` and ``pane`` share it)."""
    if a == b:
        return 1.0
    direct = JaroWinkler.normalized_similarity(a, b)
    if " " in a or " " in b:
        swapped = JaroWinkler.normalized_similarity(" ".join(sorted(a.split())), " ".join(sorted(b.split())))
        return max(direct, swapped)
    return direct


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float  # 0..1
    weight: float  # the log2-odds sum
    name: float  # Jaro–Winkler similarity of the names


NAME_WEIGHT_MAX = 7.0  # the most the names can add (equal names)
THRESHOLD_WEIGHT = 12.0  # ``score_of`` of this weight is ``THRESHOLD``


def name_weight(sim: float) -> float:
    """The names' part of the weight, from their similarity (``name_similarity``)."""
    if sim >= 0.999:
        return 7.0
    if sim >= 0.93:
        return 4.5
    if sim >= 0.87:
        return 2.0
    if sim >= 0.79:  # a slip in a three-letter name (Eko → Eho)
        return 1.0
    return -6.0


def other_weight(a: Person, b: Person) -> float:
    """Every field's part of the weight but the names': birth date, birth place, sex, household,
    occupation. Cheap (no string similarity), so a search can drop a pair whose weight cannot reach
    ``THRESHOLD_WEIGHT`` even with equal names before comparing the names."""
    if a.birth_date == b.birth_date:
        w = 6.0
    elif birth_dates_close(a.birth_date, b.birth_date):
        w = 1.0
    else:
        w = -6.0
    w += 1.5 if a.birth_place == b.birth_place else -2.5
    w += -5.0 if a.sex != b.sex else 0.0
    if a.kk_hash == b.kk_hash:
        w += 3.5
    elif a.village == b.village and a.address == b.address:
        w += 2.0
    else:
        w -= 2.0
    if a.occupation and b.occupation:  # pekerjaan, as declared: weak evidence either way
        w += 1.5 if a.occupation == b.occupation else -1.5
    return w


def weight_of(a: Person, b: Person, name: float | None = None) -> float:
    """The log2-odds sum of the agreement of each field (see the module docstring)."""
    return name_weight(name_similarity(a.name, b.name) if name is None else name) + other_weight(a, b)


def compare(a: Person, b: Person) -> Comparison:
    sim = name_similarity(a.name, b.name)
    w = weight_of(a, b, sim)
    return Comparison(score=score_of(w), weight=w, name=sim)


def score_of(weight: float) -> float:
    """The logistic of a log2-odds weight, shifted so that ``THRESHOLD`` falls at weight 12: a name
    written otherwise in the same household with the same birth date, or the same name, birth date,
    birth place and occupation in another household (14), are above; the same name, birth date and
    place in another household with another occupation (11) is below."""
    return round(1.0 / (1.0 + math.pow(2.0, -(weight - THRESHOLD_WEIGHT + math.log2(THRESHOLD / (1 - THRESHOLD))))), 9)


def name_keys(name: str) -> tuple[str, str, str]:
    """The name's parts of the birth-date blocking keys: its phonetic key, first word, last word."""
    words = name.split() or [""]
    return phonetic(name), words[0], words[-1]


def blocking_keys(p: Person) -> tuple[str, ...]:
    """Keys under which candidate pairs are formed (a pair must share at least one): the birth date
    with the name's phonetic key, with its first word, with its last word, and the household (KK)
    with the name's first letter (a slipped birth date in the same household)."""
    born = p.birth_date.isoformat()
    sound, first, last = name_keys(p.name)
    return (f"d{born}|{sound}", f"f{born}|{first}", f"l{born}|{last}", f"k{p.kk_hash}|{p.name[:1]}")


# --- the match across kab/kota, on keyed hashes only ---------------------------------------------

@dataclass(frozen=True, slots=True)
class HashedVoter:
    """What one kab/kota exports of one voter for the match across kab/kota: an opaque reference
    the exporting office can resolve, and keyed hashes — no NIK, name or birth date in clear."""

    region: str  # the exporting kab/kota's code
    ref: int  # the voter's row id there (meaningless elsewhere)
    nik: str  # HMAC of the normalised NIK (= the stored nik_hash)
    name_birth: str  # HMAC of normalised name | birth date | sex
    phonetic_birth: str  # HMAC of the phonetic key | birth date | sex
    place: str  # HMAC of the normalised birth place
    work: str = ""  # HMAC of the occupation ('' when none declared)


def match_key(hash_key: bytes) -> bytes:
    """The subkey for the match hashes, derived from the voter key's hash subkey (``crypto.keys``)."""
    return hmac.new(hash_key, b"pemilu-voters:match", hashlib.sha256).digest()


def _h(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def hashed(p: Person, *, region: str, key: bytes) -> HashedVoter:
    """``p`` as exported for the match across kab/kota (``key`` from ``match_key``)."""
    born = p.birth_date.isoformat()
    return HashedVoter(region=region, ref=p.id, nik=p.nik_hash, name_birth=_h(key, f"n|{p.name}|{born}|{p.sex}"),
                       phonetic_birth=_h(key, f"p|{phonetic(p.name)}|{born}|{p.sex}"),
                       place=_h(key, f"t|{p.birth_place}"), work=_h(key, f"w|{p.occupation}") if p.occupation else "")


@dataclass(frozen=True, slots=True)
class HashedMatch:
    a: HashedVoter
    b: HashedVoter
    kind: str  # "identik" (same NIK) or "potensi"
    score: float


def hashed_score(a: HashedVoter, b: HashedVoter) -> float:
    """1.0 for the same NIK; else the agreement of the hashed name, birth date, sex and place."""
    if a.nik and a.nik == b.nik:
        return 1.0
    # The birth date agrees (+6, it is in both keys); the KK never does (another kab/kota, -2).
    # Only the phonetic key agreeing (Pohan/Pane share it) stays below the threshold: a review lead,
    # not a candidate (it made 788 of 2,383 pairs false at 1 M, docs/benchmarks.md).
    weight = 4.0 + (7.0 if a.name_birth == b.name_birth else 3.0 if a.phonetic_birth == b.phonetic_birth else -6.0)
    weight += 1.5 if a.place == b.place else -2.5
    if a.work and b.work:
        weight += 1.5 if a.work == b.work else -1.5
    return score_of(weight)
