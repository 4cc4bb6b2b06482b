"""A deterministic generator of synthetic voters with seeded defects and their ground truth
(issue 22 item 8). Never real personal data: names are combinations of common given names and
family names written here; NIK/KK numbers are built from the real kecamatan/desa codes of Kota
Tebing Tinggi (12.76, Kemendagri 2025) with the Dukcapil layout (see ``rules.py``).

Families share a KK, an address, an RT/RW and a desa; each NIK's birth-date part agrees with the
voter's tanggal_lahir and jenis_kelamin. Seeded defects, recorded in :class:`Truth`:

* exact duplicates (the same row again: same NIK, ``ganda identik``);
* the same person under a new NIK (``potensi ganda``), in one of the ways a second registration
  differs from the first (``VARIANTS``): a typing slip in the name; a title, case or punctuation
  change (``H. AHMAD SIREGAR``); the old spelling (``oe``/``dj``/``tj``); a slipped birth day; or
  moved to another desa with a new KK and address (same name, birth date and birth place);
* junk NIKs and KKs, an equal share of every check code of ``rules.py``; each junk row carries
  exactly the code listed for it.

The same seed always gives the same file, byte for byte.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from pemilu.core.exports import CsvWriter, Workbook, csv_bytes
from pemilu.voters.rules import ALL_CODES, compose_nik

COLUMNS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin",
           "alamat", "rt", "rw", "kode_desa", "disabilitas", "pekerjaan")
VOTING_DAY = datetime.date(2024, 2, 14)  # Pemilu 2024
UNKNOWN_KECAMATAN = "127699"  # not a kecamatan of Tebing Tinggi nor of Kemendagri's 2025 list

MALE = ("Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irwan", "Joko", "Rizki", "Rudi", "Agus", "Bambang",
        "Dani", "Fikri", "Hadi", "Iqbal", "Made", "Putra", "Rahmat", "Surya", "Taufik", "Wahyu", "Yusuf", "Zainal",
        "Andi", "Arif", "Bayu", "Dimas", "Gilang", "Hasan", "Ilham", "Kurniawan", "Lukman", "Muhammad", "Nanda")
FEMALE = ("Ani", "Dewi", "Fitri", "Indah", "Lestari", "Maya", "Nur", "Putri", "Rina", "Sari", "Siti", "Wulan",
          "Yuni", "Ayu", "Citra", "Dian", "Eka", "Intan", "Kartika", "Lina", "Mega", "Nia", "Ratna", "Rosmawati",
          "Sri", "Tika", "Utami", "Vina", "Wati", "Yanti", "Zahra", "Nurhayati", "Febri", "Melati", "Rahma")
FAMILY = ("Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Simanjuntak", "Tarigan", "Ginting", "Sembiring",
          "Hasibuan", "Pohan", "Daulay", "Saragih", "Purba", "Damanik", "Pane", "Rangkuti", "Batubara", "Hutagalung",
          "Pardede", "Situmorang", "Manurung", "Sitorus", "Panjaitan", "Pasaribu", "Tambunan", "Marpaung", "Sihombing",
          "Saputra", "Wijaya", "Santoso", "Hidayat", "Rahman", "Setiawan", "Pratama", "", "", "", "", "")
PLACES = ("Tebing Tinggi", "Tebing Tinggi", "Tebing Tinggi", "Medan", "Pematang Siantar", "Binjai", "Sei Rampah",
          "Kisaran", "Tanjung Balai", "Perbaungan", "Lubuk Pakam", "Rantau Prapat", "Padang Sidempuan", "Jakarta")
STREETS = ("Jl. Sudirman", "Jl. Imam Bonjol", "Jl. Gatot Subroto", "Jl. Diponegoro", "Jl. Ahmad Yani",
           "Jl. Thamrin", "Jl. Pahlawan", "Jl. Kartini", "Jl. Merdeka", "Jl. Sisingamangaraja", "Jl. Kenanga",
           "Jl. Melati", "Jl. Mawar", "Jl. Cemara", "Jl. Bakti", "Jl. Pendidikan", "Jl. Veteran", "Gg. Rukun")
JOBS = ("PETANI/PEKEBUN", "WIRASWASTA", "KARYAWAN SWASTA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA",
        "PEDAGANG", "BURUH HARIAN LEPAS", "PEGAWAI NEGERI SIPIL", "GURU", "BELUM/TIDAK BEKERJA", "PENSIUNAN",
        "SOPIR", "NELAYAN/PERIKANAN", "PERANGKAT DESA")
DISABILITIES = ("fisik", "intelektual", "mental", "sensorik netra", "sensorik rungu", "sensorik wicara")


@dataclass(frozen=True)
class Desa:
    code: str  # dotted, 12.76.01.1001
    kecamatan: str  # flat, 127601


@dataclass
class Truth:
    """Ground truth of a generated file; indexes are 0-based data rows (line = index + 2)."""

    junk: dict[int, str] = field(default_factory=dict)  # row index → the one check code it carries
    exact_duplicates: list[tuple[int, int]] = field(default_factory=list)  # (original, copy)
    new_nik_duplicates: list[tuple[int, int]] = field(default_factory=list)  # (original, typo'd copy)

    def junk_lines(self) -> dict[int, str]:
        return {index + 2: code for index, code in self.junk.items()}

    def to_csv(self) -> str:
        rows: list[list[object]] = [[index + 2, "junk", code, ""] for index, code in sorted(self.junk.items())]
        for kind, pairs in (("ganda_identik", self.exact_duplicates), ("potensi_ganda", self.new_nik_duplicates)):
            rows += [[b + 2, kind, "", a + 2] for a, b in pairs]
        return csv_bytes(["line", "kind", "code", "other_line"], rows).decode("utf-8")


def tebingtinggi_desa() -> list[Desa]:
    text = files("pemilu.voters").joinpath("data/tebingtinggi_wilayah.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return [Desa(r["kode"], r["kode_flat"][:6]) for r in reader if r["level"] == "desa_kelurahan"]


def known_kecamatan() -> frozenset[str]:
    """The 7,285 kecamatan codes of Kemendagri's 2025 list (flat, 6 digits)."""
    text = files("pemilu.voters").joinpath("data/kecamatan_2025.txt").read_text(encoding="ascii")
    return frozenset(text.split())


class _Numbers:
    """Serials per prefix, so that no two people share a NIK and no two families a KK."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, prefix: str) -> int:
        n = self.next.get(prefix, 0) + 1
        self.next[prefix] = n
        return n


def _birth(rng: random.Random, youngest: int, oldest: int) -> datetime.date:
    """A birth date so the voter is between ``youngest`` and ``oldest`` years old on voting day."""
    latest = VOTING_DAY.replace(year=VOTING_DAY.year - youngest)
    earliest = VOTING_DAY.replace(year=VOTING_DAY.year - oldest)
    return earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days))


def _typo(rng: random.Random, name: str) -> str:
    """One keyboard-style slip: a dropped, doubled, swapped or replaced letter."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters[1:] or letters)
    kind = rng.randrange(4)
    if kind == 0 and len(name) > 3:
        return name[:i] + name[i + 1:]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    if kind == 2 and i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != name[i]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    vowels = "aiueo"
    new = rng.choice([v for v in vowels if v != name[i].lower()]) if name[i].lower() in vowels else "h"
    return name[:i] + (new.upper() if name[i].isupper() else new) + name[i + 1:]


VARIANTS = {"typo": 45, "title": 15, "spelling": 10, "birth_day": 10, "moved": 20}  # weights
TITLES = ("H. {}", "Hj. {}", "{}, S.Pd", "{}, S.E.", "Drs. {}", "{} S.H.")
OLD_SPELLING = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("kh", "ch"))


def _second_registration(rng: random.Random, row: dict[str, str], desa: list[Desa], nums: _Numbers
                         ) -> dict[str, str]:
    """The same person registered again under a new NIK, differing in one of ``VARIANTS``."""
    variant = rng.choices(list(VARIANTS), weights=list(VARIANTS.values()))[0]
    name = row["nama"]
    birth = datetime.date.fromisoformat(row["tanggal_lahir"])
    female = row["jenis_kelamin"] == "P"
    kecamatan = row["nik"][:6]
    if variant == "spelling" and any(new in name.lower() for new, _old in OLD_SPELLING):
        new, old = next(p for p in OLD_SPELLING if p[0] in name.lower())
        at = name.lower().index(new)
        written = old[0].upper() + old[1:] if name[at].isupper() else old
        name = name[:at] + written + name[at + len(new):]
    elif variant == "title":
        name = rng.choice(TITLES).format(name)
        name = name.upper() if rng.random() < 0.5 else name.replace(" ", "  ", 1)
    elif variant == "birth_day":
        birth = birth + datetime.timedelta(days=rng.choice((-2, -1, 1, 2)))
        row["tanggal_lahir"] = birth.isoformat()
    elif variant == "moved":
        place = rng.choice([d for d in desa if d.code != row["kode_desa"]])
        kecamatan = place.kecamatan
        moved = _family(rng, place, nums)[0]  # a household of the new desa; the person joins it
        row.update({k: moved[k] for k in ("no_kk", "alamat", "rt", "rw", "kode_desa")})
        name = name.upper() if rng.random() < 0.5 else name
    else:  # typo, and the spelling variant of a name without those letters
        given, _sep, rest = name.partition(" ")
        name = f"{_typo(rng, given)} {rest}".strip()
    row["nama"] = name
    prefix = compose_nik(kecamatan, birth, female, 0)[:12]
    row["nik"] = f"{prefix}{nums.take(prefix):04d}"
    return row


def _family(rng: random.Random, desa: Desa, nums: _Numbers) -> list[dict[str, str]]:
    family_name = rng.choice(FAMILY)
    issued = VOTING_DAY - datetime.timedelta(days=rng.randrange(30, 7000))
    kk_prefix = f"{desa.kecamatan}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}"
    kk = f"{kk_prefix}{nums.take(kk_prefix):04d}"
    address = f"{rng.choice(STREETS)} No. {rng.randrange(1, 200)}"
    rt, rw = f"{rng.randrange(1, 16):03d}", f"{rng.randrange(1, 8):03d}"
    members: list[tuple[str, datetime.date, bool, str]] = []  # (given, birth, female, status_kawin)
    size = rng.choices((1, 2, 3, 4, 5), weights=(18, 40, 22, 14, 6))[0]
    if size == 1:
        female = rng.random() < 0.5
        members.append((rng.choice(FEMALE if female else MALE), _birth(rng, 17, 90), female,
                        rng.choice("BBSP")))
    else:
        head = _birth(rng, 25, 85)
        members.append((rng.choice(MALE), head, False, "S"))
        spouse = head + datetime.timedelta(days=rng.randrange(-1500, 3000))
        if spouse > VOTING_DAY.replace(year=VOTING_DAY.year - 20):  # at least 20 (not all on one day)
            spouse = _birth(rng, 20, 26)
        members.append((rng.choice(FEMALE), spouse, True, "S"))
        for _ in range(size - 2):
            female = rng.random() < 0.5
            members.append((rng.choice(FEMALE if female else MALE), _birth(rng, 17, 30), female,
                            rng.choice("BBBBS")))
    rows = []
    for given, birth, female, status in members:
        if rng.random() < 0.4:  # a second given name (Dewi Lestari, Muhammad Rizki)
            given = f"{given} {rng.choice(FEMALE if female else MALE)}"
            given = given if given.split()[0] != given.split()[1] else given.split()[0]
        prefix = compose_nik(desa.kecamatan, birth, female, 0)[:12]
        nik = f"{prefix}{nums.take(prefix):04d}"
        rows.append({
            "nik": nik, "no_kk": kk, "nama": f"{given} {family_name}".strip(),
            "tempat_lahir": rng.choice(PLACES), "tanggal_lahir": birth.isoformat(),
            "jenis_kelamin": "P" if female else "L", "status_kawin": status, "alamat": address,
            "rt": rt, "rw": rw, "kode_desa": desa.code,
            "disabilitas": rng.choice(DISABILITIES) if rng.random() < 0.01 else "",
            "pekerjaan": rng.choice(JOBS),
        })
    return rows


def _junk(rng: random.Random, row: dict[str, str], code: str, nums: _Numbers) -> dict[str, str]:
    """``row`` with its NIK or KK broken so that exactly ``code`` (and no other check) fails. A broken
    NIK that keeps a person's layout takes a fresh serial, so that it is nobody else's NIK (the
    truth's ganda identik are the seeded ones only)."""
    row = dict(row)
    nik, kk = row["nik"], row["no_kk"]
    if code == "N01":
        row["nik"] = rng.choice((nik[:15], nik + "1", nik[:15] + "X", "",
                                 nik[:15] + "\uff11",  # fullwidth one
                                 nik[:15] + "\u0661"))  # Arabic-Indic one
    elif code == "N02":
        prefix = UNKNOWN_KECAMATAN + nik[6:12]
        row["nik"] = f"{prefix}{nums.take(prefix):04d}"
    elif code == "N03":
        prefix = nik[:8] + "13" + nik[10:12]  # month 13
        row["nik"] = f"{prefix}{nums.take(prefix):04d}"
    elif code == "N04":
        birth = datetime.date.fromisoformat(row["tanggal_lahir"])
        if birth.month == 2 and birth.day == 29:
            birth = birth.replace(day=28)
        shifted = birth.replace(year=birth.year - 1)  # the NIK says a year earlier than the record
        prefix = compose_nik(nik[:6], shifted, row["jenis_kelamin"] == "P", 0)[:12]
        row["nik"] = f"{prefix}{nums.take(prefix):04d}"
    elif code == "N05":
        row["jenis_kelamin"] = "L" if row["jenis_kelamin"] == "P" else "P"
    elif code == "N06":
        row["nik"] = nik[:12] + "0000"
    elif code == "N07":
        row["nik"] = str(rng.randrange(10)) * 16
    elif code == "N08":
        start, step = rng.randrange(10), rng.choice((1, 9))
        row["nik"] = "".join(str((start + step * i) % 10) for i in range(16))
    elif code == "K01":
        row["no_kk"] = rng.choice((kk[:15], kk[:15] + "O", "", kk[:15] + "\uff10"))
    elif code == "K02":
        row["no_kk"] = UNKNOWN_KECAMATAN + kk[6:]
    elif code == "K03":
        row["no_kk"] = str(rng.randrange(10)) * 16 if rng.random() < 0.5 else "1234567890123456"
    else:  # pragma: no cover - ALL_CODES is the list we iterate
        raise ValueError(code)
    return row


def generate(count: int, *, seed: int = 22, junk_per_code: int = 10, exact_duplicates: int = 0,
             new_nik_duplicates: int = 0) -> tuple[list[dict[str, str]], Truth]:
    """``count`` voter rows of Kota Tebing Tinggi with the seeded defects (included in ``count``)."""
    defects = junk_per_code * len(ALL_CODES) + exact_duplicates + new_nik_duplicates
    if defects > count // 2:
        raise ValueError("too many defects for the row count")
    rng = random.Random(seed)
    desa = tebingtinggi_desa()
    nums = _Numbers()
    rows: list[dict[str, str]] = []
    base = count - exact_duplicates - new_nik_duplicates
    while len(rows) < base:
        rows.extend(_family(rng, rng.choice(desa), nums))
    del rows[base:]
    truth = Truth()
    # Defects go on distinct clean rows, chosen by the seed.
    chosen = rng.sample(range(base), junk_per_code * len(ALL_CODES) + exact_duplicates + new_nik_duplicates)
    pick = iter(chosen)
    for code in ALL_CODES:
        for _ in range(junk_per_code):
            index = next(pick)
            rows[index] = _junk(rng, rows[index], code, nums)
            truth.junk[index] = code
    copies: list[tuple[int, dict[str, str], str]] = []
    for _ in range(exact_duplicates):
        original = next(pick)
        copies.append((original, dict(rows[original]), "exact"))
    for _ in range(new_nik_duplicates):
        original = next(pick)
        copy = _second_registration(rng, dict(rows[original]), desa, nums)
        copies.append((original, copy, "new_nik"))
    # The copies go to seeded places among the rows, in one pass (indexes of the originals shift).
    total = len(rows) + len(copies)
    slots = sorted(rng.sample(range(total), len(copies)))
    final: list[dict[str, str]] = []
    new_index: list[int] = []  # old index → new index
    placed: list[int] = []
    source = iter(rows)
    slot_iter = iter(slots)
    next_slot = next(slot_iter, total)
    for position in range(total):
        if position == next_slot:
            placed.append(position)
            final.append(copies[len(placed) - 1][1])
            next_slot = next(slot_iter, total)
        else:
            new_index.append(position)
            final.append(next(source))
    truth.junk = {new_index[i]: c for i, c in truth.junk.items()}
    for (original, _copy, kind), at in zip(copies, placed, strict=True):
        pair = (new_index[original], at)
        (truth.exact_duplicates if kind == "exact" else truth.new_nik_duplicates).append(pair)
    rows = final
    return rows, truth


def iter_csv(rows: list[dict[str, str]]) -> Iterator[str]:
    """The file in chunks, through the project's one CSV writer (``core/exports.py``)."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(COLUMNS)
    for i, row in enumerate(rows):
        writer.writerow([row[c] for c in COLUMNS])
        if i % 10000 == 9999:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def write_csv(path: str | Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for chunk in iter_csv(rows):
            fh.write(chunk)


def write_xlsx(path: str | Path, rows: list[dict[str, str]]) -> None:
    book = Workbook()
    sheet = book.sheet("pemilih")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    Path(path).write_bytes(book.to_bytes())
