import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pemilu.schedule import parsing, rules
from pemilu.schedule.rules import Severity, StageRow, check_schedule, parse_day, parse_range, parse_text

D = datetime.date
DATA = Path(__file__).resolve().parent / "data"
VOTING = D(2024, 2, 14)
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))


def kinds(problems, severity=Severity.ERROR):
    return [(p.kind, p.number) for p in problems if p.severity == severity]


def good_rows() -> list[StageRow]:
    return [
        # PKPU 3/2022 starts exactly 20 months before voting (UU 7/2017 Pasal 167(6)).
        StageRow(1, "Perencanaan program dan anggaran", D(2022, 6, 14), D(2024, 6, 14), line=0),
        StageRow(10, "Masa Kampanye Pemilu", D(2023, 11, 28), D(2024, 2, 10), line=1),
        StageRow(11, "Masa Tenang", D(2024, 2, 11), D(2024, 2, 13), line=2),
        StageRow(12, "Pemungutan Suara", VOTING, VOTING, line=3),
        StageRow(13, "Rekapitulasi hasil penghitungan suara", D(2024, 2, 15), D(2024, 3, 20), line=4),
    ]


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(day=dates)
def test_it_reads_back_every_date_written_in_indonesian(day) -> None:
    assert parse_day(rules.format_date_id(day)) == day
    short = f"{day.day} {rules.MONTH_NAMES_ID[day.month - 1][:3]} {day.year}"
    assert parse_day(short) == day
    assert parse_day(day.isoformat()) == day
    assert parse_day(f"{day.day:02d}/{day.month:02d}/{day.year}") == day


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(a=dates, b=dates, sep=st.sampled_from([" – ", " — ", " - ", "-", " s.d. ", " s/d ", " sampai ",
                                               " sampai dengan ", " hingga "]))
def test_it_reads_any_range_with_any_separator(a, b, sep) -> None:
    start, end, rest = parse_range(f"{rules.format_date_id(a)}{sep}{rules.format_date_id(b)}: Tahapan X")
    assert (start, end) == (a, b)
    assert parsing._clean_name(rest) == "Tahapan X"


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(start=dates, length=st.integers(min_value=0, max_value=3000))
def test_it_flags_end_before_start_exactly_when_it_is(start, length) -> None:
    end = start + datetime.timedelta(days=length)
    ok = check_schedule([StageRow(1, "X", start, end, line=1)], voting_day=None)
    assert "end_before_start" not in [p.kind for p in ok]
    if length:
        bad = check_schedule([StageRow(1, "X", end, start, line=1)], voting_day=None)
        assert ("end_before_start", 1) in kinds(bad)


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(day=dates, voting=st.dates(min_value=D(2000, 1, 1), max_value=D(2080, 1, 1)))
def test_it_flags_a_date_outside_the_span_exactly_when_it_is(day, voting) -> None:
    span = rules.default_span(voting)
    problems = check_schedule([StageRow(3, "X", day, day, line=1)], voting_day=voting, span=span)
    assert (("outside_span", 3) in kinds(problems)) == (not span[0] <= day <= span[1])


@settings(deadline=None)  # the first call loads translations; the machine is shared
@given(offset=st.integers(min_value=-40, max_value=40))
def test_it_requires_the_quiet_period_to_end_on_the_eve_of_voting(offset) -> None:
    rows = good_rows()
    quiet_end = D(2024, 2, 13) + datetime.timedelta(days=offset)
    rows[2] = StageRow(11, "Masa Tenang", min(D(2024, 2, 11), quiet_end), quiet_end, line=2)
    problems = check_schedule(rows, voting_day=VOTING)
    assert (("quiet_not_eve", 11) in kinds(problems)) == (offset != 0)


def test_it_accepts_the_official_key_stages() -> None:
    problems = check_schedule(good_rows(), voting_day=VOTING, span=rules.default_span(VOTING))
    assert kinds(problems) == []


def test_it_names_each_broken_voting_rule() -> None:
    rows = good_rows()
    rows[1] = StageRow(10, "Masa Kampanye Pemilu", D(2023, 11, 28), D(2024, 2, 11), line=1)
    rows[3] = StageRow(12, "Pemungutan Suara", D(2024, 2, 15), D(2024, 2, 15), line=3)
    rows[4] = StageRow(13, "Rekapitulasi hasil penghitungan suara", D(2024, 2, 13), D(2024, 3, 20), line=4)
    problems = check_schedule([*rows, StageRow(14, "Masa Tenang", D(2024, 2, 11), D(2024, 2, 13), line=5)],
                              voting_day=VOTING)
    assert set(kinds(problems)) == {("campaign_into_quiet", 10), ("voting_day_outside", 12),
                                    ("recap_before_voting", 13), ("duplicate", 14)}


def test_it_warns_about_unusual_but_legal_things() -> None:
    rows = [
        StageRow(1, "Perencanaan", D(2022, 6, 14), D(2024, 8, 14), line=1),
        StageRow(1, "Pembentukan PPK", D(2022, 11, 20), D(2022, 12, 16), line=2, parent_path="1"),
        StageRow(2, "Pembentukan PPS", D(2022, 12, 10), D(2023, 1, 16), line=3, parent_path="1"),
        StageRow(5, "Rapat koordinasi", D(2022, 12, 14), D(2022, 12, 14), line=4),
        StageRow(6, "Tahapan tanpa tanggal", None, None, line=5),
        StageRow(7, "Penetapan Peserta Pemilu", D(2022, 12, 14), D(2022, 12, 14), line=6),
    ]
    problems = check_schedule(rows, voting_day=VOTING, span=rules.default_span(VOTING))
    assert kinds(problems) == []
    # Overlapping sub-stages (PPK and PPS formation) are normal; a one-day determination too.
    assert set(kinds(problems, Severity.WARNING)) == {("very_long", 1), ("one_day", 5),
                                                      ("no_dates", 6), ("no_voting_stage", None)}


def test_it_reads_a_realistic_list_and_names_stage_5_for_the_seed_typo() -> None:
    parsed = parse_text((DATA / "pkpu3_2022_kubu_raya.txt").read_text())
    assert parsed.problems == []
    assert [r.number for r in parsed.rows] == list(range(1, 19))
    assert parsed.rows[4].name == "Penetapan Peserta Pemilu"
    assert (parsed.rows[4].start, parsed.rows[4].end) == (D(2022, 12, 14), D(2022, 2, 14))
    oath = parsed.rows[14]
    assert (oath.start, oath.end, oath.key) == (None, None, "sumpah-dprd-kabkota")
    assert oath.depends_on.startswith("Disesuaikan dengan akhir masa jabatan")
    assert oath.name == "Pengucapan Sumpah/Janji Anggota DPRD Kabupaten/Kota"
    problems = check_schedule(parsed.rows, voting_day=None, span=rules.default_span(VOTING))
    assert set(kinds(problems)) == {("end_before_start", 5)}
    assert str(next(p for p in problems if p.kind == "end_before_start")).startswith(
        "KESALAHAN: tahapan 5 (Penetapan Peserta Pemilu), baris 8:")


@pytest.mark.parametrize(("line", "expected"), [
    ("11 – 13 Februari 2024: Masa Tenang", (D(2024, 2, 11), D(2024, 2, 13), "Masa Tenang")),
    ("15 Februari – 20 Maret 2024 Rekapitulasi", (D(2024, 2, 15), D(2024, 3, 20), "Rekapitulasi")),
    ("- 6 Des 2022 s.d. 25 Nov 2023: Pencalonan DPD", (D(2022, 12, 6), D(2023, 11, 25), "Pencalonan DPD")),
    ("• 17 Agt 2023 sampai 1 Okt 2023: X", (D(2023, 8, 17), D(2023, 10, 1), "X")),
    ("3) 1 Agu 2023 - 5 Agustus 2023 : Y", (D(2023, 8, 1), D(2023, 8, 5), "Y")),
    ("14 Februari 2024: Pemungutan Suara", (D(2024, 2, 14), D(2024, 2, 14), "Pemungutan Suara")),
    ("Masa Kampanye: 28 November 2023 – 10 Februari 2024", (D(2023, 11, 28), D(2024, 2, 10), "Masa Kampanye")),
    ("2. 1 Mei 2023 – 14 Mei 2023: Pendaftaran bakal calon", (D(2023, 5, 1), D(2023, 5, 14),
                                                              "Pendaftaran bakal calon")),
])
def test_it_reads_the_usual_line_shapes(line, expected) -> None:
    parsed = parse_text(line)
    assert parsed.problems == []
    (row,) = parsed.rows
    assert (row.start, row.end, row.name) == expected


@pytest.mark.parametrize("line", [
    "5. 14 Desmber 2022 – 14 Desember 2022: Penetapan Peserta Pemilu",
    "5. 31 Juni 2023: Penetapan",
    "5. Penetapan Peserta Pemilu: 14 Desember",
])
def test_it_names_the_line_of_an_unreadable_date(line) -> None:
    parsed = parse_text("Judul daftar\n\n" + line)
    assert parsed.rows == []
    (problem,) = parsed.problems
    assert (problem.kind, problem.number, problem.line, problem.severity) == ("unreadable_date", 5, 3,
                                                                              Severity.ERROR)
    assert "baris 3" in str(problem)


def test_it_reads_table_rows_with_sub_stages_and_undated_stages() -> None:
    parsed = rules.parse_rows([
        (2, {"no": "13", "stage": "Rekapitulasi", "start": "2024-02-15", "end": "2024-03-20"}),
        (3, {"no": "13.1", "stage": "Rekapitulasi di PPK", "start": "15 Februari 2024", "end": "2 Mar 2024"}),
        (4, {"no": "15", "stage": "Sumpah DPRD Provinsi", "start": "", "end": "",
             "keterangan": "disesuaikan dengan akhir masa jabatan"}),
        (5, {"no": "16", "stage": "Sumpah DPR", "start": "1 Oktober 2024", "end": ""}),
        (6, {"no": "x", "stage": "Rusak", "start": "", "end": ""}),
        (7, {"no": "17", "stage": "Rusak juga", "start": "32 Mei 2024", "end": ""}),
    ])
    assert [(r.number, r.parent_path, r.start, r.end) for r in parsed.rows] == [
        (13, None, D(2024, 2, 15), D(2024, 3, 20)), (1, "13", D(2024, 2, 15), D(2024, 3, 2)),
        (15, None, None, None), (16, None, D(2024, 10, 1), D(2024, 10, 1))]
    assert [(p.kind, p.line) for p in parsed.problems] == [("bad_number", 6), ("unreadable_date", 7)]


@pytest.mark.parametrize(("name", "code"), [
    ("Pemungutan dan Penghitungan Suara", "pemungutan-suara"),
    ("Penghitungan Suara", "penghitungan-suara"),
    ("Rekapitulasi Hasil Penghitungan Suara", "rekapitulasi"),
    ("Rekapitulasi di PPK (kecamatan)", "rekap-kecamatan"),
    ("Rekapitulasi di KPU Kabupaten/Kota", "rekap-kabkota"),
    ("Rekapitulasi di KPU Provinsi", "rekap-provinsi"),
    ("Rekapitulasi di KPU (nasional)", "rekap-nasional"),
    ("Rekapitulasi di PPLN (luar negeri)", "rekap-ppln"),
    ("Masa Kampanye Pemilu", "kampanye"),
    ("Pencalonan Anggota DPD", "pencalonan-dpd"),
    ("Pencalonan Anggota DPR, DPRD Provinsi dan DPRD Kabupaten/Kota", "pencalonan-dpr-dprd"),
    ("Pengucapan Sumpah/Janji Anggota DPRD Provinsi", "sumpah-dprd-provinsi"),
    ("Pengucapan Sumpah/Janji Anggota DPR dan DPD", "sumpah-dpr-dpd"),
    ("Sesuatu yang Baru", "sesuatu-yang-baru"),
])
def test_it_maps_names_to_stage_codes(name, code) -> None:
    assert rules.guess_code(name) == code
