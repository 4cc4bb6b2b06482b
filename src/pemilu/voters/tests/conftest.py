from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from pemilu.elections.models import Election
from pemilu.voters.generator import COLUMNS, generate

KEY = "voters-test-key-0123456789abcdefghijklmnop"
# The cast's desa (testing/factories.py) and their TPS numbers.
CAST_DESA = {"12.76.01.1006": ("1", "2", "3"), "12.76.01.1007": ("1", "2"), "12.76.04.1002": ("1",)}


@pytest.fixture(autouse=True)
def voter_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every voters test runs with the key set, as a deployment does (the ladder's pages open sealed
    numbers to mask them); a test without it deletes it (``test_without_the_key_nothing_is_imported``)."""
    monkeypatch.setenv("PEMILU_VOTER_KEY", KEY)
    return KEY


@pytest.fixture
def election(db: None) -> Election:
    return Election.objects.create(code="pemilu-2024", name="Pemilu 2024", voting_day=datetime.date(2024, 2, 14))


def dp4_rows(count: int, *, seed: int = 7, junk_per_code: int = 0, exact_duplicates: int = 0,
             with_tps: bool = True) -> list[dict[str, str]]:
    """Generated voters moved into the cast's three desa (whole families together), with a TPS number."""
    rows, _truth = generate(count, seed=seed, junk_per_code=junk_per_code, exact_duplicates=exact_duplicates)
    desa = list(CAST_DESA)
    families: dict[str, str] = {}
    for row in rows:
        code = families.setdefault(row["no_kk"], desa[len(families) % len(desa)])
        row["kode_desa"] = code
        if with_tps:
            numbers = CAST_DESA[code]
            row["tps"] = numbers[int(row["rw"]) % len(numbers)]
    return rows


def dp4_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    columns = [*COLUMNS, *(["tps"] if "tps" in rows[0] else [])]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue().encode("utf-8")


def write_dp4(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_bytes(dp4_csv(rows))
    return path
