"""The synthetic voter generator: deterministic, consistent families, truthful ground truth."""

from __future__ import annotations

import collections
import datetime

import pytest

from pemilu.voters.generator import COLUMNS, VOTING_DAY, Truth, generate, known_kecamatan, tebingtinggi_desa
from pemilu.voters.rules import ALL_CODES, kk_findings, nik_findings

Generated = tuple[list[dict[str, str]], Truth]


@pytest.fixture(scope="module")
def generated() -> Generated:
    return generate(5000, seed=7, junk_per_code=5, exact_duplicates=40, new_nik_duplicates=40)


def test_the_same_seed_gives_the_same_rows() -> None:
    a = generate(800, seed=3, junk_per_code=2, exact_duplicates=5, new_nik_duplicates=5)
    b = generate(800, seed=3, junk_per_code=2, exact_duplicates=5, new_nik_duplicates=5)
    c = generate(800, seed=4, junk_per_code=2, exact_duplicates=5, new_nik_duplicates=5)
    assert a[0] == b[0] and a[1] == b[1]
    assert a[0] != c[0]


def test_regions_are_tebing_tinggi_2025() -> None:
    desa = tebingtinggi_desa()
    assert len(desa) == 35 and {d.kecamatan for d in desa} == {f"12760{i}" for i in range(1, 6)}
    kec = known_kecamatan()
    assert len(kec) == 7285 and "127601" in kec and "127699" not in kec


def test_clean_rows_are_consistent(generated: Generated) -> None:
    rows, truth = generated
    kec = known_kecamatan()
    desa = {d.code: d.kecamatan for d in tebingtinggi_desa()}
    assert len(rows) == 5000 and all(tuple(r) == COLUMNS for r in rows)
    for index, row in enumerate(rows):
        if index in truth.junk:
            continue
        birth = datetime.date.fromisoformat(row["tanggal_lahir"])
        assert nik_findings(index + 2, row["nik"], birth_date=birth, female=row["jenis_kelamin"] == "P",
                            kecamatan=kec) == []
        assert kk_findings(index + 2, row["no_kk"], kecamatan=kec) == []
        assert row["nik"][:6] == row["no_kk"][:6] == desa[row["kode_desa"]]
        age = (VOTING_DAY - birth).days // 365
        assert 17 <= age <= 91 and row["status_kawin"] in "BSP" and row["nama"]


def test_families_share_kk_and_address(generated: Generated) -> None:
    rows, truth = generated
    families = collections.defaultdict(set)
    for index, row in enumerate(rows):
        if index not in truth.junk:
            families[row["no_kk"]].add((row["alamat"], row["rt"], row["rw"], row["kode_desa"]))
    assert all(len(places) == 1 for places in families.values())
    sizes = collections.Counter(r["no_kk"] for r in rows)
    assert max(sizes.values()) >= 4 and len(families) < len(rows) * 0.7


def test_every_code_is_seeded_and_duplicates_are_true(generated: Generated) -> None:
    rows, truth = generated
    assert collections.Counter(truth.junk.values()) == {code: 5 for code in ALL_CODES}
    assert len(truth.exact_duplicates) == 40
    for a, b in truth.exact_duplicates:
        assert a != b and rows[a] == rows[b]
    moved = 0
    for a, b in truth.new_nik_duplicates:
        x, y = rows[a], rows[b]
        assert x["nik"] != y["nik"] and x["tanggal_lahir"][:4] == y["tanggal_lahir"][:4]
        assert x["tempat_lahir"] == y["tempat_lahir"] and x["jenis_kelamin"] == y["jenis_kelamin"]
        same = {k for k in COLUMNS if x[k] == y[k]}
        if x["no_kk"] != y["no_kk"]:  # moved: a new desa, KK and address; the same name
            moved += 1
            assert x["kode_desa"] != y["kode_desa"] and x["nama"].lower() == y["nama"].lower()
        elif x["tanggal_lahir"] != y["tanggal_lahir"]:  # a slipped birth day, the same name
            assert x["nama"] == y["nama"] and same == set(COLUMNS) - {"nik", "tanggal_lahir"}
        else:  # the name written otherwise
            assert x["nama"] != y["nama"] and same == set(COLUMNS) - {"nik", "nama"}
    assert 0 < moved < len(truth.new_nik_duplicates) / 2
    niks = collections.Counter(r["nik"] for r in rows)
    seeded = {rows[b]["nik"] for _a, b in truth.exact_duplicates}
    repeated = {n for n, c in niks.items() if c > 1 and n[:4] == "1276"}
    assert seeded <= repeated


def test_only_the_seeded_pairs_share_a_nik() -> None:
    """The truth is complete: apart from the seeded exact duplicates and the junk that is no person's
    number (empty, one digit repeated, a sequence), no two rows carry the same NIK."""
    rows, truth = generate(20000, seed=2022, junk_per_code=60, exact_duplicates=100, new_nik_duplicates=100)
    no_number = {i for i, code in truth.junk.items() if code in ("N01", "N07", "N08")}
    by_nik: dict[str, list[int]] = collections.defaultdict(list)
    for index, row in enumerate(rows):
        if index not in no_number:
            by_nik[row["nik"]].append(index)
    shared = {tuple(sorted(v)) for v in by_nik.values() if len(v) > 1}
    assert shared == {tuple(sorted(p)) for p in truth.exact_duplicates}
