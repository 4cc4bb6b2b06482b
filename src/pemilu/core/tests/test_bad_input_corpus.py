"""The bad-input corpus (issue 17 items 4 and 8): every class of bad input, for every import, API
write and form that takes it, gets a clear error naming the row or field, and nothing is written.

Each case is one test. ``expect`` is the HTTP status (a 4xx) or ``ImportFailed``/``DomainError``
for an import or action called directly; ``names`` are strings the error must contain (the row,
the column or field); every row count of every pemilu model is the same before and after.
The valid base input of each importer is accepted (``test_the_base_inputs_are_accepted``), so a
case fails only because of the one thing it changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from pemilu.core.exceptions import ImportFailed
from pemilu.core.tests import bad_input_world
from pemilu.core.tests.bad_input_world import (
    ARABIC_INDIC,
    FULLWIDTH,
    HUGE,
    World,
    counts,
)

pytestmark = pytest.mark.django_db

world = bad_input_world.world  # the fixture, shared by both corpus modules


# --- importers: a valid base row, and the column each class of bad input goes into ----------------

@dataclass(frozen=True)
class Importer:
    header: tuple[str, ...]
    row: tuple[str, ...]
    digits: str  # a column of digits (a code, an NIK/NIP)
    name: str  # a column of text (a name)
    number: str | None  # a numeric column, if any
    run: Callable[[World, bytes, str], Any]


def _regions(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_regions

    return import_regions(raw, actor=get_system_user(), filename=filename)


def _tps(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.accounts.actions import get_system_user
    from pemilu.regions.importers import import_tps

    return import_tps(raw, actor=get_system_user(), filename=filename)


def _asn(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.asn.actions import import_employees

    return import_employees(raw, actor=w.cast.kpu_admin_a, filename=filename)


def _applicants(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.adhoc.actions import do_import_applicants
    from pemilu.adhoc.models import Recruitment

    return do_import_applicants(Recruitment.objects.get(pk=w.ids["rec"]), raw, actor=w.cast.kpu_staff_a,
                                filename=filename)


def _dapil_votes(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.seats.inputs import read_dapil_votes

    return read_dapil_votes(raw, filename=filename)


def _candidate_lists(w: World, raw: bytes, filename: str) -> Any:
    from pemilu.candidacy.inputs import default_seats_file, read_lists, read_seats

    return read_lists(raw, read_seats(default_seats_file(), filename="seats.csv"), filename=filename)


IMPORTERS: dict[str, Importer] = {
    "regions": Importer(("kode", "nama", "level", "parent_kode", "jenis"),
                        ("12.76.09", "Kecamatan Baru", "kecamatan", "12.76", ""), "kode", "nama", None, _regions),
    "tps": Importer(("kode_desa", "provinsi", "kabkota", "kecamatan", "desa_kelurahan", "tps_count", "tps_max_no",
                     "ext_tps_from", "ext_tps_to"),
                    ("1276011006", "SUMATERA UTARA", "KOTA TEBING TINGGI", "PADANG HULU", "PERSIAKAN", "4", "4", "",
                     ""), "kode_desa", "desa_kelurahan", "tps_count", _tps),
    "asn": Importer(("nip", "nama", "instansi", "jabatan", "jenis_kepegawaian", "kode_wilayah"),
                    ("199001012015031003", "Maya Lubis", "Kecamatan Padang Hulu", "Kepala Seksi", "PNS", "12.76.01"),
                    "nip", "nama", None, _asn),
    "applicants": Importer(("kode_wilayah", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "domisili",
                            "pendidikan", "telepon", "pidana_tahun"),
                           ("1276011006", "1276010101900001", "Ani Lubis", "P", "1990-01-01", "1276011006", "SMA",
                            "081234567890", "0"), "nik", "nama", "pidana_tahun", _applicants),
    "dapil_votes": Importer(("dapil_code", "dapil", "seats", "A", "B"),
                            ("1276-1", "Tebing Tinggi 1", "3", "1000", "600"), "seats", "dapil", "a", _dapil_votes),
    "candidate_lists": Importer(("kode_dapil", "party_ballot_no", "party_name", "nomor_urut", "nama", "jenis_kelamin",
                                 "alamat_kabko"), ("1201", "1", "Partai A", "1", "Ani Lubis", "P", "KOTA MEDAN"),
                                "kode_dapil", "nama", "nomor_urut", _candidate_lists),
}


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode()


def _xlsx(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header))
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with(imp: Importer, column: str, value: str) -> list[str]:
    row = list(imp.row)
    row[[h.lower() for h in imp.header].index(column)] = value
    return row


def _digit_value(imp: Importer) -> str:
    return imp.row[[h.lower() for h in imp.header].index(imp.digits)]


# (class id, builder → (raw, filename), strings the error names); {digits}/{name}/{number} = the column.
Builder = Callable[[Importer], tuple[bytes, str]]
CLASSES: list[tuple[str, Builder, tuple[str, ...], Callable[[Importer], bool]]] = [
    ("cell-over-csv-field-limit", lambda i: (_csv(i.header, [_with(i, i.name, "x" * 140_000)]), "f.csv"),
     ("baris 2",), lambda i: True),
    ("cell-over-2000-characters", lambda i: (_csv(i.header, [_with(i, i.name, "y" * 5000)]), "f.csv"),
     ("baris 2", "{name}"), lambda i: True),
    ("nul-in-cell", lambda i: (_csv(i.header, [_with(i, i.name, "Ani\x00Lubis")]), "f.csv"),
     ("baris 2", "{name}"), lambda i: True),
    ("escape-in-cell", lambda i: (_csv(i.header, [_with(i, i.name, "Ani\x1b[31m")]), "f.csv"),
     ("baris 2", "{name}"), lambda i: True),
    ("extra-csv-column", lambda i: (_csv(i.header, [[*i.row, "lebih"]]), "f.csv"), ("baris 2", "kolom"),
     lambda i: True),
    ("extra-xlsx-column", lambda i: (_xlsx(i.header, [[*i.row, "lebih"]]), "f.xlsx"), ("baris 2", "kolom"),
     lambda i: True),
    ("fullwidth-digits", lambda i: (_csv(i.header, [_with(i, i.digits, _digit_value(i).translate(FULLWIDTH))]),
                                    "f.csv"), ("baris 2",), lambda i: True),
    ("arabic-indic-digits", lambda i: (_csv(i.header, [_with(i, i.digits,
                                                             _digit_value(i).translate(ARABIC_INDIC))]), "f.csv"),
     ("baris 2",), lambda i: True),
    ("fullwidth-digits-xlsx", lambda i: (_xlsx(i.header, [_with(i, i.digits,
                                                                _digit_value(i).translate(FULLWIDTH))]), "f.xlsx"),
     ("baris 2",), lambda i: True),
    # A quoted cell over two lines: the row is named by the line it ends on.
    ("digits-with-newline", lambda i: (_csv(i.header, [_with(i, i.digits, _digit_value(i) + "\n1")]), "f.csv"),
     ("baris 3",), lambda i: True),
    ("not-utf8", lambda i: (_csv(i.header, [_with(i, i.name, "Ani")]).replace(b"Ani", b"An\xe9"), "f.csv"),
     ("baris 2", "UTF-8"), lambda i: True),
    ("empty-file", lambda i: (b"", "f.csv"), ("baris 1",), lambda i: True),
    ("header-only", lambda i: (_csv(i.header, []), "f.csv"), ("baris 2",), lambda i: True),
    ("damaged-xlsx", lambda i: (b"PK\x03\x04" + b"\x00" * 64, "f.xlsx"), ("baris 1", "XLSX"), lambda i: True),
    ("huge-number", lambda i: (_csv(i.header, [_with(i, i.number or "", HUGE)]), "f.csv"), ("baris 2",),
     lambda i: i.number is not None),
    ("negative-number", lambda i: (_csv(i.header, [_with(i, i.number or "", "-5")]), "f.csv"), ("baris 2",),
     lambda i: i.number is not None),
    ("fullwidth-number", lambda i: (_csv(i.header, [_with(i, i.number or "", "４")]), "f.csv"), ("baris 2",),
     lambda i: i.number is not None),
    ("decimal-number", lambda i: (_csv(i.header, [_with(i, i.number or "", "4.5")]), "f.csv"), ("baris 2",),
     lambda i: i.number is not None),
]
IMPORT_CASES = [pytest.param(name, cls, id=f"import-{name}-{cls[0]}")
                for name, imp in IMPORTERS.items() for cls in CLASSES if cls[3](imp)]


def test_the_base_inputs_are_accepted(world: World) -> None:
    """The control: each importer's base row, as CSV and as XLSX, is valid."""
    from django.db import transaction

    for imp in IMPORTERS.values():
        for raw, filename in ((_csv(imp.header, [list(imp.row)]), "base.csv"),
                              (_xlsx(imp.header, [list(imp.row)]), "base.xlsx")):
            with transaction.atomic():
                imp.run(world, raw, filename)
                transaction.set_rollback(True)


@pytest.mark.parametrize(("importer", "cls"), IMPORT_CASES)
def test_a_bad_import_names_the_row_and_writes_nothing(world: World, importer: str, cls: Any) -> None:
    imp = IMPORTERS[importer]
    _id, build, names, _applies = cls
    raw, filename = build(imp)
    before = counts()
    with pytest.raises(ImportFailed) as exc:
        imp.run(world, raw, filename)
    text = str(exc.value)
    for name in names:
        assert name.format(name=imp.name, digits=imp.digits, number=imp.number) in text, text[:500]
    assert counts() == before


# --- import cases of one importer's own rules ---------------------------------------------------

SPECIFIC_IMPORTS: list[Any] = [
    ("tps", ["9901010001", "LUAR NEGERI", "BRUNEI DARUSSALAM", "KBRI BANDAR SERI BEGAWAN", "TPS", "3", "3", "", ""],
     ("baris 2", "create-missing")),
    ("tps", ["1276011006", "SUMATERA UTARA", "KOTA TEBING TINGGI", "PADANG HULU", "PERSIAKAN", "1000", "1000", "",
             ""], ("baris 2", "tps_count")),
    ("tps", ["1276011006", "SUMATERA UTARA", "KOTA TEBING TINGGI", "PADANG HULU", "PERSIAKAN", "4", HUGE, "", ""],
     ("baris 2", "tps_max_no")),
    ("tps", ["1276011006", "SUMATERA UTARA", "KOTA TEBING TINGGI", "PADANG HULU", "PERSIAKAN", "5", "4", "901",
             "1900"], ("baris 2", "900")),
    ("regions", ["12.76.09", "K" * 201, "kecamatan", "12.76", ""], ("baris 2", "nama", "200")),
    ("regions", ["12.76.09a", "Kecamatan Baru", "kecamatan", "12.76", ""], ("baris 2", "kode")),
    ("regions", ["１２.７６.09", "Kecamatan Baru", "kecamatan", "12.76", ""], ("baris 2", "kode")),
    ("asn", ["19900101201503100３", "Maya", "Kec", "Staf", "PNS", "12.76.01"], ("baris 2", "nip")),
    ("asn", ["199001012015031003", "M" * 201, "Kec", "Staf", "PNS", "12.76.01"], ("baris 2", "nama")),
    ("asn", ["199001012015031003", "Maya", "I" * 201, "Staf", "PNS", "12.76.01"], ("baris 2", "instansi")),
    ("asn", ["199001012015031003", "Maya", "Kec", "J" * 201, "PNS", "12.76.01"], ("baris 2", "jabatan")),
    ("asn", ["199001012015031003", "Maya", "Kec", "Staf", "PNS", "١٢.٧٦.٠١"], ("baris 2", "kode_wilayah")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "2030-01-01", "1276011006", "SMA", "", "0"],
     ("baris 2", "tanggal_lahir")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1899-12-31", "1276011006", "SMA", "", "0"],
     ("baris 2", "tanggal_lahir")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1990-01-01", "1276011006", "SMA",
                    "０８１２３４５６７８９０", "0"], ("baris 2", "telepon")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1990-01-01", "1276011006", "SMA", "0812", "0"],
     ("baris 2", "telepon")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1990-01-01", "1276011006", "SMA",
                    "0812-3456-7890 ext", "0"], ("baris 2", "telepon")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1990-01-01", "1276011006", "SMA", "", "101"],
     ("baris 2", "pidana_tahun")),
    ("applicants", ["1276011006", "1276010101900001", "Ani", "P", "1990-01-01", "١٢٧٦٠١١٠٠٦", "SMA", "", "0"],
     ("baris 2", "domisili")),
    ("applicants", ["127601100６", "1276010101900001", "Ani", "P", "1990-01-01", "1276011006", "SMA", "", "0"],
     ("baris 2", "kode_wilayah")),
    ("dapil_votes", ["1276-1", "Tebing Tinggi 1", "3", "1000", "300000001"], ("baris 2", "b")),
    ("dapil_votes", ["1276-1", "Tebing Tinggi 1", "0", "1000", "600"], ("baris 2", "seats")),
]


@pytest.mark.parametrize(("importer", "row", "names"), [
    pytest.param(*case, id=f"import-{case[0]}-rule-{i}") for i, case in enumerate(SPECIFIC_IMPORTS)])
def test_an_import_rule_names_the_row_and_writes_nothing(world: World, importer: str, row: list[str],
                                                          names: tuple[str, ...]) -> None:
    imp = IMPORTERS[importer]
    before = counts()
    with pytest.raises(ImportFailed) as exc:
        imp.run(world, _csv(imp.header, [row]), "f.csv")
    text = str(exc.value)
    for name in names:
        assert name in text, text[:500]
    assert counts() == before
