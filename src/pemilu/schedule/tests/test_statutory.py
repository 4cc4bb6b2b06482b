"""The statutory limits of a schedule: UU 7/2017 Pasal 167(6) (the stages start at the latest 20
months before voting), sub-stages inside their parents, and the recap deadlines of Pasal 413."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pemilu.schedule import rules
from pemilu.schedule.importers import builtin_rows, check_builtin
from pemilu.schedule.rules import Severity, StageRow, check_schedule

D = datetime.date
VOTING = D(2024, 2, 14)


def errors(problems):
    return [(p.kind, p.number) for p in problems if p.severity == Severity.ERROR]


def schedule_starting(start: datetime.date) -> list[StageRow]:
    return [
        StageRow(1, "Perencanaan program dan anggaran", start, D(2024, 6, 14), line=1),
        StageRow(2, "Masa Kampanye Pemilu", D(2023, 11, 28), D(2024, 2, 10), line=2),
        StageRow(3, "Masa Tenang", D(2024, 2, 11), D(2024, 2, 13), line=3),
        StageRow(4, "Pemungutan Suara", VOTING, VOTING, line=4),
    ]


def test_a_schedule_starting_14_months_before_voting_is_an_error_naming_pasal_167_6() -> None:
    problems = check_schedule(schedule_starting(D(2022, 12, 14)), voting_day=VOTING,
                              span=rules.default_span(VOTING))
    assert errors(problems) == [("late_start", 1)]
    (late,) = [p for p in problems if p.kind == "late_start"]
    assert "Pasal 167 ayat (6)" in str(late)
    assert "14 Juni 2022" in str(late)   # the latest allowed start: 20 months before 14 Feb 2024


def test_a_schedule_starting_25_months_before_voting_passes() -> None:
    problems = check_schedule(schedule_starting(D(2022, 1, 14)), voting_day=VOTING,
                              span=rules.default_span(VOTING))
    assert errors(problems) == []


@settings(deadline=None)  # the first call loads translations; the machine is shared
@example(voting=VOTING, months=0, days=3)
@given(voting=st.dates(min_value=D(2000, 1, 1), max_value=D(2080, 1, 1)),
       months=st.integers(min_value=0, max_value=35), days=st.integers(min_value=-15, max_value=15))
def test_it_flags_a_late_start_exactly_when_the_first_stage_starts_after_20_months_before(
        voting, months, days) -> None:
    start = rules.add_months(voting, -months) + datetime.timedelta(days=days)
    rows = [StageRow(1, "Perencanaan", start, start + datetime.timedelta(days=30), line=1),
            StageRow(2, "Pemungutan suara", voting, voting, line=2)]
    problems = check_schedule(rows, voting_day=voting)
    first = 1 if start <= voting else 2
    assert errors(problems) == ([("late_start", first)] if start > rules.add_months(voting, -20) else [])


def test_a_partial_file_does_not_start_late_when_the_kept_stages_start_in_time() -> None:
    rows = [StageRow(1, "Rekapitulasi", D(2024, 2, 15), D(2024, 3, 20), line=1)]
    assert "late_start" in [p.kind for p in check_schedule(rows, voting_day=VOTING)]
    assert errors(check_schedule(rows, voting_day=VOTING, kept_first_start=D(2022, 6, 14))) == []


def test_the_start_rule_is_configurable() -> None:
    rows = schedule_starting(D(2022, 12, 14))
    cfg = rules.CheckConfig(start_months_before=12)
    assert errors(check_schedule(rows, voting_day=VOTING, config=cfg)) == []


KAB_END = D(2024, 3, 5)


def recap(end_kab: datetime.date = KAB_END) -> list[StageRow]:
    return [
        StageRow(14, "Rekapitulasi hasil penghitungan suara", D(2024, 2, 15), D(2024, 3, 20), line=1),
        StageRow(1, "Rekapitulasi di PPK", D(2024, 2, 15), D(2024, 3, 2), line=2, code="rekap-kecamatan",
                 parent_path="14"),
        StageRow(2, "Rekapitulasi di KPU Kabupaten/Kota", D(2024, 2, 17), end_kab, line=3, code="rekap-kabkota",
                 parent_path="14"),
        StageRow(3, "Rekapitulasi di KPU Provinsi", D(2024, 2, 19), D(2024, 3, 10), line=4, code="rekap-provinsi",
                 parent_path="14"),
        StageRow(4, "Rekapitulasi di KPU (nasional)", D(2024, 2, 22), D(2024, 3, 20), line=5,
                 code="rekap-nasional", parent_path="14"),
    ]


def test_overlapping_recap_levels_of_one_chain_are_expected() -> None:
    problems = check_schedule(recap(), voting_day=VOTING, kept_first_start=D(2022, 6, 14))
    assert [p.kind for p in problems] == ["no_voting_stage"]   # no overlap warning


def test_a_recap_level_after_its_parent_and_the_statutory_deadline_is_an_error() -> None:
    # The case: rekap-kabkota ending 25 Mar 2024, after its parent stage (20 Mar) and after
    # the national determination deadline (35 days, UU 7/2017 Pasal 413(1)).
    problems = check_schedule(recap(D(2024, 3, 25)), voting_day=VOTING, kept_first_start=D(2022, 6, 14))
    assert set(errors(problems)) == {("outside_parent", 2), ("recap_deadline", 2), ("recap_order", 3)}
    by_kind = {p.kind: str(p) for p in problems}
    assert "Pasal 413(3)" in by_kind["recap_deadline"]   # kab/kota: 20 days, 5 Maret 2024
    assert "5 Maret 2024" in by_kind["recap_deadline"]
    assert "20 Maret 2024" in by_kind["outside_parent"]


@pytest.mark.parametrize(("code", "days", "ayat"), [
    ("rekap-kecamatan", 20, "413(3)"), ("rekap-kabkota", 20, "413(3)"), ("rekap-provinsi", 25, "413(2)"),
    ("rekap-nasional", 35, "413(1)"), ("rekapitulasi", 35, "413(1)"), ("rekap-luar-negeri", 35, "413(1)"),
])
def test_each_recap_level_ends_by_its_statutory_deadline(code, days, ayat) -> None:
    deadline = VOTING + datetime.timedelta(days=days)
    assert rules.recap_deadline_problem(code, deadline, VOTING) == ""
    late = rules.recap_deadline_problem(code, deadline + datetime.timedelta(days=1), VOTING)
    assert f"Pasal {ayat}" in late
    assert rules.recap_deadline_problem("kampanye", D(2030, 1, 1), VOTING) == ""


def test_the_recap_deadlines_are_configurable(settings) -> None:
    from pemilu.schedule.importers import check_config

    settings.PEMILU_RECAP_DEADLINE_DAYS = {"rekap-kecamatan": 17}
    cfg = check_config()
    assert cfg.recap_deadline("rekap-kecamatan") == 17
    assert cfg.recap_deadline("rekap-kabkota") == 20


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(ps=st.dates(min_value=D(2023, 1, 1), max_value=D(2024, 12, 31)),
       plen=st.integers(min_value=0, max_value=400),
       cs=st.dates(min_value=D(2023, 1, 1), max_value=D(2024, 12, 31)),
       clen=st.integers(min_value=0, max_value=400))
def test_a_sub_stage_is_an_error_exactly_when_it_leaves_its_parent(ps, plen, cs, clen) -> None:
    pe, ce = ps + datetime.timedelta(days=plen), cs + datetime.timedelta(days=clen)
    rows = [StageRow(1, "Induk", ps, pe, line=1), StageRow(1, "Anak", cs, ce, line=2, parent_path="1")]
    problems = check_schedule(rows, voting_day=None)
    assert (("outside_parent", 1) in errors(problems)) == (not (ps <= cs and ce <= pe))


def test_the_builtin_schedule_has_no_problem_at_all() -> None:
    report = check_builtin("pemilu-2024")
    assert report.problems == []
    assert len(report.rows) == len(builtin_rows("pemilu-2024"))


def test_schedule_check_prints_no_warning_for_the_builtin_schedule(capsys) -> None:
    call_command("schedule", "check", "--builtin", "pemilu-2024")
    out = capsys.readouterr().out
    assert "PERINGATAN" not in out and "KESALAHAN" not in out
    assert "0 kesalahan, 0 peringatan" in out


def test_schedule_check_of_the_exported_builtin_schedule_prints_no_warning(pemilu_2024, tmp_path: Path,
                                                                          capsys) -> None:
    path = tmp_path / "jadwal.csv"
    call_command("schedule", "export", str(path))
    capsys.readouterr()
    call_command("schedule", "check", str(path), "--election", "pemilu-2024")
    out = capsys.readouterr().out
    assert "PERINGATAN" not in out and "KESALAHAN" not in out


def test_schedule_check_fails_on_a_sub_stage_outside_its_parent(tmp_path: Path, capsys) -> None:
    path = tmp_path / "jadwal.csv"
    path.write_text(
        "no,code,stage,start,end\n"
        "1,perencanaan,Perencanaan,2022-06-14,2024-06-14\n"
        "14,rekapitulasi,Rekapitulasi hasil penghitungan suara,2024-02-15,2024-03-20\n"
        "14.2,rekap-kabkota,Rekapitulasi di KPU Kabupaten/Kota,2024-02-17,2024-03-25\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kesalahan"):
        call_command("schedule", "check", str(path), "--voting-day", "2024-02-14")
    out = capsys.readouterr().out
    assert "KESALAHAN: tahapan 2 (Rekapitulasi di KPU Kabupaten/Kota), baris 4: sub-tahapan" in out
    assert "Pasal 413(3)" in out
