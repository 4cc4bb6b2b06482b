"""``pemilu results import`` and ``recap`` on the real Sirekap sample of Kota Tebing Tinggi."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from pemilu.audit.models import AuditEvent
from pemilu.results import queries
from pemilu.results.models import Contest, KecamatanTotal, Result, ResultStatus, ResultVersion

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "tps2024_pilpres_tebingtinggi_sample.csv"
SHARED = Path(os.environ.get("PEMILU_SHARED_DATA", Path(__file__).resolve().parents[5] / "shared" / "data")) \
    / "tps2024_pilpres_tebingtinggi_sample.csv"


@pytest.fixture
def tebingtinggi(db: None) -> None:
    """Kota Tebing Tinggi's real regions and 517 TPS, without the results demo."""
    from pemilu.accounts.actions import get_system_user
    from pemilu.core.demo import load_election, load_regions

    with transaction.atomic():
        load_regions(get_system_user(), lambda _msg: None)
        load_election(get_system_user(), lambda _msg: None)


def _recap_csv(region: str) -> dict[str, dict[str, str]]:
    out = io.StringIO()
    call_command("results", "recap", region, "--contest", "ppwp", "--format", "csv", stdout=out)
    return {row["name"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}


def test_it_ships_the_same_sample_as_the_shared_data() -> None:
    if not SHARED.exists():
        pytest.skip("shared/data is not beside the repository")
    assert SAMPLE.read_bytes() == SHARED.read_bytes()


def _complete_sums() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    with SAMPLE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["suara_sah"]:
                continue
            sums = out.setdefault(row["desa_kelurahan"].title(), [0, 0, 0, 0])
            for i, col in enumerate(("pas1_anies", "pas2_prabowo", "pas3_ganjar", "suara_sah")):
                sums[i] += int(row[col])
    return out


def test_it_imports_the_sample_and_recaps_persiakan_and_bandar_sono(tebingtinggi: None) -> None:
    out = io.StringIO()
    call_command("results", "import", str(SAMPLE), stdout=out)
    assert "34 C.Hasil" in out.getvalue() and "9 tidak lengkap" in out.getvalue()
    rows = _recap_csv("12.76.01")
    # The 9 TPS whose administration page Sirekap did not digitise carry votes but no suara sah:
    # flagged incomplete and not summed, so every row's paslon votes add up to its suara sah
    # (issue 21). The expected sums are read from the file independently.
    expected = _complete_sums()
    for name in ("Persiakan", "Bandar Sono"):
        assert [int(rows[name][k]) for k in "123"] == expected[name][:3]
        assert int(rows[name]["suara_sah"]) == expected[name][3] == sum(expected[name][:3])
    assert int(rows["Persiakan"]["incomplete"]) + int(rows["Bandar Sono"]["incomplete"]) == 9
    assert int(rows["Persiakan"]["counted"]) + int(rows["Bandar Sono"]["counted"]) == 25
    assert rows["Persiakan"]["accepted"] == "21" and rows["Bandar Sono"]["accepted"] == "13"
    # Every check holds on the 25 TPS with administration data.
    complete = Result.objects.filter(is_incomplete=False)
    assert complete.count() == 25 and all(r.codes == [] for r in complete)
    assert AuditEvent.objects.filter(event_type="results.imported").count() == 34
    # Re-importing the same file changes nothing.
    call_command("results", "import", str(SAMPLE), stdout=io.StringIO())
    assert ResultVersion.objects.count() == 34


def test_it_sums_the_same_by_roll_up_and_by_group_by(tebingtinggi: None) -> None:
    call_command("results", "import", str(SAMPLE), stdout=io.StringIO())
    contest = Contest.objects.get(code="ppwp")
    for region in ("", "12", "12.76"):
        assert queries.recap_children(contest, region, "rollup") == queries.recap_children(contest, region, "groupby")
    expected = _complete_sums()
    assert KecamatanTotal.objects.get(kec_code="12.76.01").totals["2"] == expected["Persiakan"][1] + \
        expected["Bandar Sono"][1]


def test_it_dry_runs_without_writing(tebingtinggi: None) -> None:
    out = io.StringIO()
    call_command("results", "import", str(SAMPLE), "--dry-run", stdout=out)
    assert "UJI" in out.getvalue() and "12.76.01.1006.004 ppwp: - (tidak lengkap)" in out.getvalue()
    assert Result.objects.count() == 0 and KecamatanTotal.objects.count() == 0


def _variant(tmp_path: Path, edit: str, replacement: str) -> Path:
    text = SAMPLE.read_text()
    assert edit in text
    path = tmp_path / "sample.csv"
    path.write_text(text.replace(edit, replacement, 1))
    return path


def test_it_keeps_a_misread_as_a_finding_named_per_tps(tebingtinggi: None, tmp_path: Path) -> None:
    path = _variant(tmp_path, "1276011006001,1276011006,PERSIAKAN,PADANG HULU,KOTA TEBING TINGGI,1,47,85,",
                    "1276011006001,1276011006,PERSIAKAN,PADANG HULU,KOTA TEBING TINGGI,1,47,885,")
    out = io.StringIO()
    call_command("results", "import", str(path), stdout=out)
    assert "12.76.01.1006.001 ppwp: E4 E10 W1" in out.getvalue()
    result = Result.objects.get(tps_id="12.76.01.1006.001")
    assert result.status == ResultStatus.ERROR and result.codes == ["E4", "E10", "W1"]
    assert result.current is not None and result.current.votes["2"] == 885  # what the paper says
    assert _recap_csv("12.76.01")["Persiakan"]["2"] == str(_complete_sums()["Persiakan"][1] - 85)  # not counted


@pytest.mark.parametrize(("edit", "replacement", "message"), [
    ("1276011006001,", "1276011006999,", "TPS tidak dikenal"),
    (",47,85,40,", ",47,8x5,40,", "bukan bilangan bulat"),
    (",47,85,40,", ",47,-85,40,", "tidak boleh kurang"),
    ("1276011007013,", "1276011007012,", "muncul dua kali"),
])
def test_it_rejects_a_bad_file_whole_naming_the_row(tebingtinggi: None, tmp_path: Path, edit: str,
                                                     replacement: str, message: str) -> None:
    with pytest.raises(CommandError, match=message) as info:
        call_command("results", "import", str(_variant(tmp_path, edit, replacement)), stdout=io.StringIO())
    assert "baris" in str(info.value)
    assert Result.objects.count() == 0


def test_it_rejects_a_file_that_is_not_utf8(tebingtinggi: None, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(SAMPLE.read_text().replace("PERSIAKAN", "PERSIAKÄN").encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("results", "import", str(path), stdout=io.StringIO())


def test_it_reads_the_long_format(tebingtinggi: None, tmp_path: Path) -> None:
    lines = ["tps_code,contest,field,value"]
    for key, value in {"votes.1": 10, "votes.2": 20, "votes.3": 5, "suara_sah": 35, "suara_tidak_sah": 1,
                       "suara_total": 36}.items():
        lines.append(f"12.76.01.1010.001,ppwp,{key},{value}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    call_command("results", "import", str(path), stdout=io.StringIO())
    assert _recap_csv("12.76.01")["Tualang"]["2"] == "20"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(CommandError, match="baris ganda"):
        call_command("results", "import", str(path), stdout=io.StringIO())
