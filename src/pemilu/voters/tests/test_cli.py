"""`pemilu voters check`: the acceptance of issue 22 (seeded junk named exactly), rejections, exit codes."""

from __future__ import annotations

import collections
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.voters.generator import COLUMNS, generate, write_csv, write_xlsx
from pemilu.voters.rules import ALL_CODES, DUPLICATE_CODE

SRC = str(Path(__file__).resolve().parents[3])


def run_check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("voters", "check", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def flagged(stdout: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = collections.defaultdict(set)
    for line in stdout.splitlines():
        row, code, message = line.split("\t")
        assert f"baris {row}" in message
        found[int(row)].add(code)
    return found


def test_the_seeded_junk_is_named_exactly_and_no_valid_nik_is(tmp_path: Path) -> None:
    """Issue 22 acceptance: 20,000 voters, 30 junk rows of every check code, duplicates of both kinds.
    The exact duplicates are named too (D01 on the later of the two rows, naming the earlier); the
    same person under a new NIK is not a finding of the check (that is the matcher's work)."""
    rows, truth = generate(20000, seed=2022, junk_per_code=30, exact_duplicates=300, new_nik_duplicates=300)
    path = tmp_path / "dp4.csv"
    write_csv(path, rows)
    code, out, summary = run_check(path)
    assert code == 1
    junk = {line: {c} for line, c in truth.junk_lines().items()}
    copies = {max(a, b) + 2: min(a, b) + 2 for a, b in truth.exact_duplicates}
    assert flagged(out) == {**junk, **{line: {DUPLICATE_CODE} for line in copies}}
    assert collections.Counter(c for cs in junk.values() for c in cs) == {c: 30 for c in ALL_CODES}
    for line, earlier in copies.items():
        assert f"baris {line}: NIK sama dengan baris {earlier} " in out
    assert "20000 baris" in summary and f"{len(junk) + len(copies)} baris" in summary


def test_the_cli_end_to_end_with_exit_codes(tmp_path: Path) -> None:
    """The real console script: generate with a truth file, check → 1; a clean file → 0; rejected → 2."""
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "pemilu.settings"}
    data, truth = tmp_path / "v.csv", tmp_path / "truth.csv"

    def pemilu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pemilu", "voters", *args], env=env, capture_output=True,
                              text=True, timeout=300)

    gen = pemilu("generate", str(data), "--count", "3000", "--seed", "5", "--junk-per-code", "4",
                 "--truth", str(truth))
    assert gen.returncode == 0, gen.stderr
    proc = pemilu("check", str(data))
    assert proc.returncode == 1, proc.stderr
    lines = truth.read_text(encoding="utf-8").splitlines()[1:]
    expected = {int(line.split(",")[0]): {line.split(",")[2]} for line in lines}
    assert flagged(proc.stdout) == expected and len(expected) == 4 * len(ALL_CODES)
    clean = tmp_path / "clean.xlsx"
    assert pemilu("generate", str(clean), "--count", "300", "--junk-per-code", "0").returncode == 0
    ok = pemilu("check", str(clean))
    assert ok.returncode == 0 and ok.stdout.startswith("OK: 300 baris, 0 temuan"), ok.stdout + ok.stderr
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"nik,nama\n1276012301900001,Andi\n")
    rejected = pemilu("check", str(bad))
    assert rejected.returncode == 2 and "kolom wajib tidak ada" in rejected.stderr and "baris 1" in rejected.stderr


def test_xlsx_is_read_with_the_same_line_numbers(tmp_path: Path) -> None:
    rows, truth = generate(600, seed=11, junk_per_code=2)
    path = tmp_path / "dp4.xlsx"
    write_xlsx(path, rows)
    code, out, _summary = run_check(path)
    assert code == 1
    assert flagged(out) == {line: {c} for line, c in truth.junk_lines().items()}


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    write_csv(path, rows)


@pytest.mark.parametrize(("column", "value", "needle"), [
    ("tanggal_lahir", "14-02-1990", "tanggal lahir tidak sah"),
    ("tanggal_lahir", "1990-02-30", "tanggal lahir tidak sah"),
    ("tanggal_lahir", "19900214", "tanggal lahir tidak sah"),
    ("jenis_kelamin", "X", "jenis kelamin harus L atau P"),
    ("status_kawin", "K", "status kawin harus B, S atau P"),
])
def test_a_format_error_rejects_the_file_naming_the_row(tmp_path: Path, column: str, value: str,
                                                        needle: str) -> None:
    rows, _truth = generate(200, seed=1, junk_per_code=1)
    rows[57] = {**rows[57], column: value}
    path = tmp_path / "v.csv"
    write_rows(path, rows)
    code, out, message = run_check(path)
    assert code == 2 and out == ""
    assert needle in message and f"baris 59, kolom {column}" in message


def test_a_missing_column_and_a_wrong_encoding_reject_the_file(tmp_path: Path) -> None:
    rows, _truth = generate(100, seed=1, junk_per_code=0)
    path = tmp_path / "v.csv"
    write_csv(path, rows)
    text = path.read_text(encoding="utf-8")
    no_kk = tmp_path / "no_kk.csv"
    no_kk.write_text(text.replace("nik,no_kk,", "nik,nokk,", 1), encoding="utf-8")
    code, _out, message = run_check(no_kk)
    assert code == 2 and "no_kk" in message and "baris 1" in message
    latin = tmp_path / "latin.csv"
    lines = text.splitlines(keepends=True)
    lines[30] = lines[30].replace(rows[29]["nama"], "Andi Simanjuntak Ö")
    latin.write_bytes("".join(lines).encode("latin-1"))
    code, _out, message = run_check(latin)
    assert code == 2 and "UTF-8" in message and "baris 31" in message


def test_further_columns_are_allowed_and_nothing_is_written(tmp_path: Path) -> None:
    """No database access is allowed in this module (no django_db mark: pytest-django would fail the
    test on any query), and no file appears beside the checked one."""
    rows, truth = generate(300, seed=9, junk_per_code=1)
    path = tmp_path / "v.csv"
    write_csv(path, rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",catatan"] + [line + ",x" for line in lines[1:]]) + "\n",
                    encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, _summary = run_check(path)
    assert code == 1 and flagged(out) == {line: {c} for line, c in truth.junk_lines().items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert COLUMNS[0] == "nik"
