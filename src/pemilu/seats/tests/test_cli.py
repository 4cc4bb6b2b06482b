import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pemilu.elections.demo import get_or_create_pemilu_2024
from pemilu.seats.models import AllocationRun

WIDE = "dapil_code,dapil,province_code,province,seats,dpt,PKB,GERINDRA,total_valid_party_votes\n"


def run_cli(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seats", "allocate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_prints_the_official_2024_result(shared_data: Path) -> None:
    out, _ = run_cli(str(shared_data / "dpr2024_dapil_votes.csv"), "--threshold", "4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    national = {r["party"]: int(r["seats_won"]) for r in rows if r["dapil"] == "NASIONAL"}
    assert national == {"PKB": 68, "GERINDRA": 86, "PDIP": 110, "GOLKAR": 102, "NASDEM": 69, "PKS": 53,
                        "PAN": 48, "DEMOKRAT": 44}
    per_dapil = [r for r in rows if r["dapil_code"]]
    assert len(per_dapil) == 84 * 8
    official = {r["dapil_code"]: r for r in csv.DictReader((shared_data / "dpr2024_dapil_seats.csv").open())}
    for r in per_dapil:
        assert int(r["seats_won"]) == int(official[r["dapil_code"]][r["party"]])
    table, _ = run_cli(str(shared_data / "dpr2024_dapil_votes.csv"), "--threshold", "4")
    assert "PDIP" in table and "580" in table
    assert not AllocationRun.objects.exists()  # without --save nothing is stored


@pytest.mark.django_db
def test_it_reads_the_long_format_and_a_national_votes_file(tmp_path: Path) -> None:
    votes = tmp_path / "long.csv"
    votes.write_text("dapil,seats,party,votes\nD1,3,A,1000\nD1,3,B,600\nD1,3,C,250\n")
    national = tmp_path / "nat.csv"
    national.write_text("party,votes\nA,1000\nB,600\nC,10\n")  # C under 4 % nationally
    out, _ = run_cli(str(votes), "--threshold", "4", "--national-votes", str(national), "--format", "json")
    data = json.loads(out)
    assert data["threshold"]["qualifying"] == ["A", "B"]
    assert data["national"]["seats"] == {"A": 2, "B": 1}
    assert [s["party"] for s in data["dapils"][0]["seat_order"]] == ["A", "B", "A"]


@pytest.mark.parametrize(("content", "needle"), [
    (WIDE + "1101,ACEH I,11,ACEH,7,100,10,20,30\n1102,ACEH II,11,ACEH,6,100,-5,20,15\n", "baris 3, kolom pkb"),
    (WIDE + "1101,ACEH I,11,ACEH,7,100,10,2.5,30\n", "baris 2, kolom gerindra"),
    (WIDE + "1101,ACEH I,11,ACEH,0,100,10,20,30\n", "baris 2, kolom seats"),
    (WIDE + "1101,ACEH I,11,ACEH,7,100,10,20,30\n1101,ACEH I,11,ACEH,7,100,10,20,30\n", "baris 3, kolom dapil_code"),
    ("dapil_code,dapil,PKB\n1101,ACEH I,10\n", "seats"),
    ("", "berkas kosong"),
    (WIDE, "tidak berisi baris data"),
])
@pytest.mark.django_db
def test_a_bad_file_fails_naming_the_row_and_stores_nothing(tmp_path: Path, content: str, needle: str) -> None:
    get_or_create_pemilu_2024()
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    with pytest.raises(CommandError) as exc:
        run_cli(str(bad), "--threshold", "4", "--save", "--election", "pemilu-2024")
    assert needle in str(exc.value)
    assert not AllocationRun.objects.exists()


@pytest.mark.django_db
def test_a_file_in_the_wrong_encoding_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((WIDE + "1101,ACEH Ü,11,ACEH,7,100,10,20,30\n").encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run_cli(str(bad))


@pytest.mark.django_db
def test_a_tie_exits_non_zero_and_names_the_tie_then_a_resolution_file_settles_it(tmp_path: Path) -> None:
    votes = tmp_path / "tie.csv"
    votes.write_text("dapil,seats,party,votes\nD1,2,A,500\nD1,2,B,300\nD1,2,C,300\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("seats", "allocate", str(votes), stdout=out, stderr=err)
    assert exc.value.code == 3
    assert "D1" in err.getvalue() and "B, C" in err.getvalue()
    resolution = tmp_path / "lots.csv"
    resolution.write_text("dapil,seat,order,note\nD1,2,C;B,BA undian 1\n")
    out_text, _ = run_cli(str(votes), "--resolutions", str(resolution), "--format", "json")
    assert json.loads(out_text)["national"]["seats"] == {"A": 1, "B": 0, "C": 1}


@pytest.mark.django_db
def test_save_stores_the_run_through_the_action_once(shared_data: Path) -> None:
    get_or_create_pemilu_2024()
    args = (str(shared_data / "dpr2024_dapil_votes.csv"), "--threshold", "4", "--save", "--election", "pemilu-2024",
            "--contest", "DPR", "--format", "csv")
    _, err = run_cli(*args)
    assert "disimpan" in err
    _, err = run_cli(*args)
    assert "sudah ada" in err
    run = AllocationRun.objects.get()
    assert run.national["seats"]["PDIP"] == 110 and run.created_by.username == "system:cli"
    with pytest.raises(CommandError, match="Pemilu tidak ditemukan"):
        run_cli(str(shared_data / "dpr2024_dapil_votes.csv"), "--save", "--election", "nope")


@pytest.mark.django_db
def test_a_dpr_run_without_the_4_percent_threshold_cannot_be_stored(shared_data: Path) -> None:
    """Issue 21 item 5: ``--save --contest DPR`` once stored the official votes with no threshold
    as a complete, public run (PDIP 103 instead of 110, PSI 5, PPP 12, Perindo 1)."""
    get_or_create_pemilu_2024()
    votes = str(shared_data / "dpr2024_dapil_votes.csv")
    with pytest.raises(CommandError, match="Ambang batas DPR RI adalah 4%"):
        run_cli(votes, "--threshold", "0", "--save", "--election", "pemilu-2024", "--contest", "DPR")
    assert not AllocationRun.objects.exists()
    preview, _ = run_cli(votes, "--threshold", "0", "--format", "json")  # a what-if prints, never stored
    assert json.loads(preview)["national"]["seats"]["PDIP"] == 103 and not AllocationRun.objects.exists()
    _, err = run_cli(votes, "--save", "--election", "pemilu-2024", "--contest", "DPR")  # the law's threshold
    run = AllocationRun.objects.get()
    assert "disimpan" in err and run.threshold_percent == 4 and run.national["seats"]["PDIP"] == 110
    assert "PSI" not in run.national["seats"] and run.source == "file"
