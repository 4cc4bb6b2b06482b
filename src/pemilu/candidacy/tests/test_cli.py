"""``pemilu candidates check``: the 2024 DCS regression (issue 23 acceptance), output, bad input."""

import csv
import io
import math
import os
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# The app ships a copy of the 2024 DCS (identical to ../shared/data's), so the regression never skips;
# the shared copy, when present (PEMILU_SHARED_DATA or ../shared/data beside the clone), is checked too.
PACKAGED = Path(str(files("pemilu.candidacy") / "data" / "dcs_dpr2024_candidates.csv"))
REPO = Path(__file__).resolve().parents[4]
SHARED = Path(os.environ.get("PEMILU_SHARED_DATA", REPO.parent / "shared" / "data"))
HEADER = "kode_dapil,party_ballot_no,party_name,nomor_urut,nama,jenis_kelamin,alamat_kabko\n"


def run(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("candidates", "check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return out.getvalue(), err.getvalue(), code


def independent_counts(path: Path) -> dict[str, int]:
    """Failing lists per rounding, computed straight from the CSV (no pemilu code)."""
    lists: dict[tuple[str, str], list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lists[(r["kode_dapil"], r["party_ballot_no"])].append(r["jenis_kelamin"])
    women = {k: v.count("P") for k, v in lists.items()}
    return {"up": sum(women[k] < math.ceil(3 * len(v) / 10) for k, v in lists.items()),
            "nearest": sum(women[k] < math.floor(3 * len(v) / 10 + 0.5) for k, v in lists.items()),
            "down": sum(women[k] < math.floor(3 * len(v) / 10) for k, v in lists.items()),
            "lists": len(lists)}


def failing(path: Path, rounding: str) -> tuple[list[dict[str, str]], int]:
    out, _, code = run(str(path), "--rounding", rounding, "--format", "csv")
    return list(csv.DictReader(io.StringIO(out))), code


def check_dcs_2024(path: Path) -> None:
    oracle = independent_counts(path)
    assert oracle == {"up": 286, "nearest": 0, "down": 0, "lists": 1512}  # shared/data README §12
    up, code = failing(path, "up")
    assert code == 1 and len(up) == 286
    assert all(int(r["women"]) < int(r["women_needed"]) == math.ceil(3 * int(r["candidates"]) / 10) for r in up)
    assert {r["rule"] for r in up} == {"women_30_up_ma_2023"}  # no list breaks one-in-three or the seats cap
    assert Counter(r["candidates"] + "/" + r["women"] for r in up)["7/2"] > 0  # 2 of 7 = 2.1 → 3 needed
    nearest, code = failing(path, "nearest")
    assert (len(nearest), code) == (0, 0)  # every list met the annulled PKPU 10/2023 Pasal 8(2) rounding
    down, code = failing(path, "down")
    assert (len(down), code) == (0, 0)


def test_the_2024_dcs_fails_286_lists_rounded_up_and_none_to_nearest() -> None:
    check_dcs_2024(PACKAGED)


def test_the_shared_copy_of_the_dcs_gives_the_same_counts() -> None:
    path = SHARED / "dcs_dpr2024_candidates.csv"
    if not path.exists():
        pytest.skip(f"shared data not found at {SHARED} (set PEMILU_SHARED_DATA); the packaged copy is tested above")
    assert path.read_bytes() == PACKAGED.read_bytes()
    check_dcs_2024(path)


def test_the_default_is_the_rule_in_force_on_the_day() -> None:
    out, err, code = run(str(PACKAGED))  # today: round up (MA 24 P/HUM/2023)
    assert code == 1 and "286 dari 1512 daftar" in err and "women_30_up_ma_2023" in out
    assert "PKPU 20/2018 Pasal 6 ayat (2)" in err  # the rules used are printed with their sources
    _, err, code = run(str(PACKAGED), "--on", "2023-08-28")  # the day before the ruling: the annulled rule
    assert code == 0 and "women_30_nearest_2023" in err and "0 dari 1512 daftar" in err


def test_names_on_more_than_one_list_are_a_warning(tmp_path: Path) -> None:
    out, err, code = run(str(PACKAGED), "--names", "--format", "csv", "--rounding", "nearest")
    rows = list(csv.DictReader(io.StringIO(out)))
    keys = {r["name_key"] for r in rows}
    assert len(keys) == 177 and "PERINGATAN: 177 nama" in err  # issue 23 item 3
    assert code == 0  # a warning, not a failure
    by_key: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        by_key[r["name_key"]].add((r["dapil"], r["party"]))
    assert all(len(v) > 1 for v in by_key.values())


def write(tmp_path: Path, body: str, name: str = "dcs.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_a_small_file_names_each_broken_rule(tmp_path: Path) -> None:
    seats = tmp_path / "seats.csv"
    seats.write_text("dapil_code,seats\n9901,3\n9902,4\n", encoding="utf-8")
    body = ("9901,1,Partai A,3,C,P,X\n9901,1,Partai A,1,A,L,X\n9901,1,Partai A,2,B,L,X\n"  # out of order: fine
            "9901,2,Partai B,1,D,L,X\n9901,2,Partai B,2,E,L,X\n9901,2,Partai B,3,F,L,X\n9901,2,Partai B,4,G,P,X\n"
            "9902,1,Partai A,1,H,P,X\n9902,1,Partai A,2,I,L,X\n9902,1,Partai A,3,J,L,X\n9902,1,Partai A,4,K,L,X\n")
    out, err, code = run(write(tmp_path, body), "--seats", str(seats), "--format", "csv")
    rows = {(r["dapil"], r["party"]): r for r in csv.DictReader(io.StringIO(out))}
    assert code == 1 and set(rows) == {("9901", "Partai B"), ("9902", "Partai A")}
    b = rows[("9901", "Partai B")]
    assert b["rule"] == "max_candidates_100; women_30_up_ma_2023; one_in_three"
    assert (b["seats"], b["candidates"], b["women"], b["women_needed"]) == ("3", "4", "1", "2")
    assert "nomor urut 1–3" in b["message"] and "Dapil 9901, Partai B (3 kursi, 4 calon)" in b["message"]
    assert rows[("9902", "Partai A")]["rule"] == "women_30_up_ma_2023"  # 1 of 4: 2 needed rounded up
    table, _, _ = run(write(tmp_path, body), "--seats", str(seats))
    assert "Partai B" in table and "one_in_three" in table
    _, _, code = run(write(tmp_path, body), "--seats", str(seats), "--rounding", "nearest")
    assert code == 1  # the 9901 Partai B list breaks the seat cap and one-in-three under any rounding


@pytest.mark.parametrize(("body", "where", "what"), [
    ("1101,1,Partai A,1,NAMA,X,KOTA\n", "baris 2, kolom jenis_kelamin", "L atau P"),
    ("1101,1,Partai A,1,NAMA,L,KOTA\n1101,1,Partai A,satu,NAMA2,P,KOTA\n", "baris 3, kolom nomor_urut",
     "bukan bilangan bulat"),
    ("1101,1,Partai A,1,NAMA,L,KOTA\n9999,1,Partai A,1,NAMA,L,KOTA\n", "baris 3, kolom kode_dapil",
     "dapil tidak dikenal"),
    ("1101,1,Partai A,1,NAMA,L,KOTA\n1101,1,Partai A,1,LAIN,P,KOTA\n", "baris 3, kolom nomor_urut", "sudah dipakai"),
    ("1101,1,Partai A,1,,L,KOTA\n", "baris 2, kolom nama", "nama kosong"),
])
def test_bad_input_names_the_row_and_exits_2(tmp_path: Path, body: str, where: str, what: str) -> None:
    with pytest.raises(CommandError) as info:
        run(write(tmp_path, body))
    assert info.value.returncode == 2
    assert where in str(info.value) and what in str(info.value) and "dcs.csv" in str(info.value)


def test_a_missing_column_or_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "dcs.csv"
    path.write_text("kode_dapil,party_ballot_no,party_name,nomor_urut,nama\n1101,1,A,1,NAMA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolom wajib tidak ada: jenis_kelamin") as info:
        run(str(path))
    assert info.value.returncode == 2
    with pytest.raises(CommandError, match="nope.csv") as info:
        run(str(tmp_path / "nope.csv"))
    assert info.value.returncode == 2
    seats = tmp_path / "seats.csv"
    seats.write_text("dapil_code,seats\n1101,tujuh\n", encoding="utf-8")
    with pytest.raises(CommandError, match="baris 2, kolom seats") as info:
        run(write(tmp_path, "1101,1,Partai A,1,NAMA,L,KOTA\n"), "--seats", str(seats))
    assert info.value.returncode == 2
    with pytest.raises(CommandError, match="--on") as info:
        run(str(PACKAGED), "--on", "kemarin")
    assert info.value.returncode == 2


def test_names_that_look_like_formulas_are_neutralised_in_csv(tmp_path: Path) -> None:
    out, _, code = run(write(tmp_path, "1101,1,=HYPERLINK(1),1,NAMA,L,KOTA\n"), "--format", "csv")
    assert code == 1 and "'=HYPERLINK(1)" in out
