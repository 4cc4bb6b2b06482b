"""The bad-input corpus (issue 17 items 4 and 8): every class of bad input, for every import, API
write and form that takes it, gets a clear error naming the row or field, and nothing is written.

Each case is one test. ``expect`` is the HTTP status (a 4xx) or ``ImportFailed``/``DomainError``
for an import or action called directly; ``names`` are strings the error must contain (the row,
the column or field); every row count of every pemilu model is the same before and after.
The valid base input of each importer is accepted (``test_the_base_inputs_are_accepted``), so a
case fails only because of the one thing it changes.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from pemilu.core.exceptions import DomainError, ImportFailed
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for

pytestmark = pytest.mark.django_db

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HUGE = "100000000000000000000"  # 10^20: overflowed the database driver before
FUTURE = (datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=400)).isoformat()


@dataclass
class World:
    cast: Cast
    token: str = ""
    ids: dict[str, int] = field(default_factory=dict)

    def api(self) -> Client:
        return Client(headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Any) -> World:
    from pemilu.accounts.actions import do_create_token, get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.secretariats.actions import do_form_secretariats
    from pemilu.secretariats.models import Secretariat

    settings.MEDIA_ROOT = tmp_path / "media"
    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    import_employees(b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
                     b"198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01\n",
                     actor=cast.kpu_admin_a, filename="asn.csv")
    do_form_secretariats(election, "12.76", actor=cast.kpu_admin_a)
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_staff_a)
    rec = adhoc.do_open_registration(rec, actor=cast.kpu_staff_a, start=datetime.date(2022, 12, 18),
                                     end=datetime.date(2022, 12, 27))
    _t, secret = do_create_token(cast.kpu_admin_a, "corpus", actor=cast.kpu_admin_a)
    sec = Secretariat.objects.filter(region_id="12.76.01").first()
    assert sec is not None
    return World(cast, secret, {"rec": rec.pk, "sec": sec.pk})


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m.__module__.startswith("pemilu.") and m._meta.managed}


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


# --- API writes ----------------------------------------------------------------------------------

def _run_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"election": "pemilu-2024", "contest_kind": "DPRD_KABKOTA", "region_code": "12.76",
                            "dapils": [{"code": "X", "seats": 3, "votes": {"A": 10, "B": 7}}]}
    body.update(over)
    return body


def _dapil(**over: Any) -> dict[str, Any]:
    return _run_body(dapils=[{"code": "X", "seats": 3, "votes": {"A": 10, "B": 7}, **over}])


FORM = {"dpt_l": 118, "dpt_p": 115, "dpt_j": 233, "suara_sah": 172, "votes": {"1": 47, "2": 85, "3": 40}}
RESULT_URL = "/api/v1/results/12.76.01.1006.001/ppwp"
MB = "x" * 1_000_000

# (id, method, url (may use {sec}/{rec}/{emp}), JSON body, expected status, strings the answer names)
API_CASES: list[tuple[str, str, dict[str, Any] | list[Any], int, tuple[str, ...]]] = [
    ("seats-zero", "/api/v1/seats/runs", _dapil(seats=0), 422, ("seats",)),
    ("seats-huge", "/api/v1/seats/runs", _dapil(seats=int(HUGE)), 422, ("seats",)),
    ("seats-below-statute", "/api/v1/seats/runs", _dapil(seats=2), 400, ("seats",)),
    ("seats-above-statute", "/api/v1/seats/runs", _dapil(seats=13), 400, ("seats",)),
    ("seats-string", "/api/v1/seats/runs", _dapil(seats="tiga"), 422, ("seats",)),
    ("threshold-150", "/api/v1/seats/runs", _run_body(threshold=150), 422, ("threshold",)),
    ("threshold-negative", "/api/v1/seats/runs", _run_body(threshold=-1), 422, ("threshold",)),
    ("threshold-huge", "/api/v1/seats/runs", _run_body(threshold=HUGE), 422, ("threshold",)),
    ("threshold-nan", "/api/v1/seats/runs", _run_body(threshold="NaN"), 422, ("threshold",)),
    ("votes-negative", "/api/v1/seats/runs", _dapil(votes={"A": -1, "B": 7}), 422, ("votes",)),
    ("votes-huge", "/api/v1/seats/runs", _dapil(votes={"A": int(HUGE), "B": 7}), 422, ("votes",)),
    ("votes-too-many-parties", "/api/v1/seats/runs", _dapil(votes={f"P{i}": 1 for i in range(101)}), 422, ("votes",)),
    ("national-votes-huge", "/api/v1/seats/runs", _run_body(national_votes={"A": int(HUGE), "B": 1}), 422,
     ("national_votes",)),
    ("dapils-empty", "/api/v1/seats/runs", _run_body(dapils=[]), 422, ("dapils",)),
    ("dapil-code-empty", "/api/v1/seats/runs", _dapil(code=""), 422, ("code",)),
    ("dapil-name-long", "/api/v1/seats/runs", _dapil(name="N" * 201), 422, ("name",)),
    ("reason-1mb", "/api/v1/seats/runs", _run_body(reason=MB), 422, ("reason",)),
    ("candidate-ballot-zero", "/api/v1/seats/runs",
     _run_body(candidates=[{"dapil": "X", "party": "A", "name": "C", "ballot_no": 0, "votes": 1}]), 422,
     ("ballot_no",)),
    ("resolution-seat-huge", "/api/v1/seats/runs",
     _run_body(resolutions=[{"dapil": "X", "seat": int(HUGE), "order": ["A"]}]), 422, ("seat",)),
    ("chasil-dpt-1e19", RESULT_URL, {**FORM, "dpt_l": 10**19}, 422, ("dpt_l",)),
    ("chasil-sah-1001", RESULT_URL, {**FORM, "suara_sah": 1001}, 422, ("suara_sah",)),
    ("chasil-negative", RESULT_URL, {**FORM, "ss_rusak": -1}, 422, ("ss_rusak",)),
    ("chasil-votes-1e19", RESULT_URL, {**FORM, "votes": {"1": 47 * 10**19, "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-votes-negative", RESULT_URL, {**FORM, "votes": {"1": -47, "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-votes-string", RESULT_URL, {**FORM, "votes": {"1": "empat", "2": 85, "3": 40}}, 422, ("votes",)),
    ("chasil-ack-1mb", RESULT_URL, {**FORM, "acknowledgements": {"W1": MB}}, 422, ("acknowledgements",)),
    ("chasil-unknown-choice", RESULT_URL, {**FORM, "votes": {"1": 47, "2": 85, "3": 40, "9": 1}}, 400, ("9",)),
    ("batch-figure-1e19", "/api/v1/results/batch",
     {"submissions": [{"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k1",
                       **FORM, "dpt_l": 10**19}]}, 200, ("dpt_l",)),
    ("batch-figure-1001", "/api/v1/results/batch",
     {"submissions": [{"tps": "12.76.01.1006.001", "contest": "ppwp", "idempotency_key": "k2",
                       **FORM, "suara_sah": 1001}]}, 200, ("suara_sah",)),
    ("keputusan-id-overflow", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "1/2023", "date": "2023-01-05", "candidate_ids": [int(HUGE)]}, 422, ("candidate_ids",)),
    ("keputusan-number-long", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "N" * 101, "date": "2023-01-05", "candidate_ids": []}, 422, ("number",)),
    ("keputusan-date-invalid", "/api/v1/secretariats/{sec}/keputusan",
     {"number": "1/2023", "date": "2023-02-30", "candidate_ids": []}, 422, ("date",)),
    ("candidate-employee-overflow", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": int(HUGE)}, 422, ("employee_id",)),
    ("candidate-employee-zero", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": 0}, 422, ("employee_id",)),
    ("candidate-letter-long", "/api/v1/secretariats/{sec}/candidates",
     {"kind": "sekretaris", "employee_id": 1, "letter_number": "L" * 101}, 422, ("letter_number",)),
    ("form-kab-code-long", "/api/v1/secretariats/form", {"kab_code": "1" * 21}, 422, ("kab_code",)),
    ("step-action-long", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "a" * 31}, 422, ("action",)),
    ("step-sk-number-long", "/api/v1/adhoc/recruitments/{rec}/step",
     {"action": "appoint", "sk_number": "S" * 101, "sk_date": "2023-01-01"}, 422, ("sk_number",)),
    ("step-close-reason-1mb", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "close", "reason": MB}, 422,
     ("reason",)),
    ("step-date-invalid", "/api/v1/adhoc/recruitments/{rec}/step", {"action": "open", "start": "2023-13-01"}, 422,
     ("start",)),
    ("work-extension-reason-long", "/api/v1/adhoc/recruitments/{rec}/work-extensions",
     {"kind": "psu", "new_end": "2024-03-01", "reason": "r" * 2001}, 422, ("reason",)),
    ("follow-up-1mb", "/api/v1/adhoc/comments/1/follow-up", {"follow_up": MB}, 422, ("follow_up",)),
    ("neutrality-note-1mb", "/api/v1/neutrality/cases/1/transition", {"action": "register", "note": MB}, 422,
     ("note",)),
    ("neutrality-action-long", "/api/v1/neutrality/cases/1/transition", {"action": "x" * 21}, 422, ("action",)),
]


@pytest.mark.parametrize(("url", "body", "status", "names"),
                         [pytest.param(*case[1:], id=f"api-{case[0]}") for case in API_CASES])
def test_a_bad_api_write_is_a_4xx_naming_the_field(world: World, url: str, body: Any, status: int,
                                                   names: tuple[str, ...]) -> None:
    before = counts()
    target = url.format(sec=world.ids["sec"], rec=world.ids["rec"])
    response = world.api().post(target, json.dumps(body), content_type="application/json",
                                headers={"Idempotency-Key": "corpus-1"})
    assert response.status_code == status, response.content[:500]
    text = response.content.decode()
    for name in names:
        assert name in text, text[:500]
    if target.endswith("/batch"):  # one answer per item: the item is refused, naming the field
        assert json.loads(text)["results"][0]["status"] in (400, 422)
    assert counts() == before


@pytest.mark.parametrize(("url", "query", "body", "names"), [
    pytest.param("/api/v1/asn", {"region": "12\x0076"}, None, ("region", "NUL"), id="api-query-nul"),
    pytest.param("/api/v1/regions", {"\x00": "x"}, None, ("NUL",), id="api-query-key-nul"),
    pytest.param("/api/v1/secretariats/", {"election": "pemilu\x002024"}, None, ("election", "NUL"),
                 id="api-query-election-nul"),
    pytest.param("/api/v1/secretariats/form", {}, {"kab_code": "12\x0076"}, ("body", "NUL"), id="api-json-nul"),
    pytest.param("/api/v1/seats/runs", {}, _dapil(code="X\x00"), ("body", "NUL"), id="api-json-dapil-nul"),
])
def test_a_nul_anywhere_in_a_request_is_a_400_naming_where(world: World, url: str, query: dict[str, str],
                                                            body: Any, names: tuple[str, ...]) -> None:
    before = counts()
    client = world.api()
    if body is None:
        response = client.get(url, query)
    else:
        response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    for name in names:
        assert name in response.json()["detail"]
    assert counts() == before


def test_an_api_import_with_a_bad_row_names_it(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = counts()
    raw = _csv(IMPORTERS["asn"].header, [["19900101201503100３", "Maya", "Kec", "Staf", "PNS", "12.76.01"]])
    response = world.api().post("/api/v1/asn/import", {"file": SimpleUploadedFile("asn.csv", raw)})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["row"] == 2 and errors[0]["column"] == "nip"
    assert counts() == before


# --- pages (forms) and the actions behind them ---------------------------------------------------

def _office(w: World, **over: str) -> Any:
    data = {"office_name": "Sekretariat PPK Padang Hulu", "address": "Jl. Sudirman 1", "phone": "0621 21000",
            "email": "ppk@example.id", **over}
    return client_for(w.cast, "kpu_admin_a").post(f"/sekretariat/{w.ids['sec']}/aksi/office/", data, follow=True)


def _report(w: World, **over: str) -> Any:
    from django.core.cache import cache

    cache.clear()
    data = {"election": "1", "region": "12.76.01", "category": "asn_neutrality",
            "description": "Lurah ikut kampanye terbuka.", "event_date": "2024-01-10", "known_on": "2024-01-11",
            "place": "Lapangan Merdeka", "is_anonymous": "on", **over}
    from pemilu.elections.models import Election

    data["election"] = str(Election.objects.get(code="pemilu-2024").pk)
    return Client().post("/netralitas/lapor/", data)


def _register(w: World, **over: Any) -> Any:
    from pemilu.adhoc import actions
    from pemilu.adhoc.models import Recruitment

    values: dict[str, Any] = dict(area_code="12.76.01.1006", nik="1276010101900001", name="Siti Lubis", gender="P",
                                  birth_date=datetime.date(1990, 5, 1), domicile_code="12.76.01.1006", education=3,
                                  sentence_years=0, phone="081200001111", address="Jl. Sudirman 1")
    values.update(over)
    return actions.do_register(Recruitment.objects.get(pk=w.ids["rec"]), actions.ApplicantData(**values),
                               actor=w.cast.kpu_staff_a)


# (id, callable → response or raises, expected: HTTP status or exception type, strings named)
FORM_CASES: list[tuple[str, Callable[[World], Any], int | type[Exception], tuple[str, ...]]] = [
    ("office-email-a@b.c", lambda w: _office(w, email="a@b.c"), 400, ("email",)),
    ("office-email-no-at", lambda w: _office(w, email="ppk.example.id"), 400, ("email",)),
    ("office-phone-fullwidth", lambda w: _office(w, phone="０６２１ ２１０００"), 400, ("phone",)),
    ("office-phone-letters", lambda w: _office(w, phone="call me"), 400, ("phone",)),
    ("office-name-5000", lambda w: _office(w, office_name="S" * 5000), 400, ("office_name",)),
    ("office-name-nul", lambda w: _office(w, office_name="Sekretariat\x00PPK"), 400, ("office_name", "NUL")),
    ("office-address-1mb", lambda w: _office(w, address=MB), 400, ("address",)),
    ("report-description-1mb", lambda w: _report(w, description=MB), 400, ("5000",)),
    ("report-place-nul", lambda w: _report(w, place="Lapangan\x00Merdeka"), 400, ("place", "NUL")),
    ("report-description-nul", lambda w: _report(w, description="Lurah ikut\x00kampanye terbuka."), 400,
     ("description", "NUL")),
    ("report-nip-fullwidth", lambda w: _report(w, suspect_nip="１９８１０４２３２００６０４２０１１"), 400, ("NIP",)),
    ("report-nip-arabic", lambda w: _report(w, suspect_nip="198104232006042011".translate(ARABIC_INDIC)), 400,
     ("NIP",)),
    ("report-future-date", lambda w: _report(w, event_date=FUTURE, known_on=FUTURE), 400, ("tanggal",)),
    ("report-links-too-many", lambda w: _report(w, links="\n".join(f"https://e.id/{i}" for i in range(21))), 400,
     ("tautan",)),
    ("register-birth-2030", lambda w: _register(w, birth_date=datetime.date(2030, 1, 1)), DomainError,
     ("tanggal lahir",)),
    ("register-sentence-1e20", lambda w: _register(w, sentence_years=int(HUGE)), DomainError, ("pidana_tahun",)),
    ("register-nik-fullwidth", lambda w: _register(w, nik="1276010101900001".translate(FULLWIDTH)), DomainError,
     ("NIK",)),
    ("register-nik-arabic", lambda w: _register(w, nik="1276010101900001".translate(ARABIC_INDIC)), DomainError,
     ("NIK",)),
    ("register-spouse-nik-fullwidth",
     lambda w: _register(w, spouse_nik="1276010101900002".translate(FULLWIDTH)), DomainError, ("NIK pasangan",)),
    ("register-phone-arabic", lambda w: _register(w, phone="081200001111".translate(ARABIC_INDIC)), DomainError,
     ("telepon",)),
    ("register-email-invalid", lambda w: _register(w, email="a@b.c"), DomainError, ("surel",)),
    ("register-name-nul", lambda w: _register(w, name="Siti\x00Lubis"), DomainError, ("nama",)),
    ("register-domicile-fullwidth", lambda w: _register(w, domicile_code="１２.76.01.1006"), DomainError,
     ("domisili",)),
]


def _form_valid(form_cls: Any, data: dict[str, Any]) -> Any:
    form = form_cls(data)
    assert not form.is_valid()
    raise DomainError(str(dict(form.errors)))


def _forms_cases() -> list[tuple[str, Callable[[World], Any], int | type[Exception], tuple[str, ...]]]:
    from pemilu.adhoc import forms

    base = {"area": "12.76.01.1006", "nik": "1276010101900001", "name": "Siti", "gender": "P",
            "birth_date": "1990-05-01", "domicile_code": "12.76.01.1006", "education": "3"}
    return [
        ("form-score-150", lambda w: _form_valid(forms.ScoreForm, {"which": "written", "value": "150"}), DomainError,
         ("value",)),
        ("form-score-negative", lambda w: _form_valid(forms.ScoreForm, {"which": "written", "value": "-1"}),
         DomainError, ("value",)),
        ("form-sentence-1e20", lambda w: _form_valid(forms.ApplicantForm, {**base, "sentence_years": HUGE}),
         DomainError, ("sentence_years",)),
        ("form-profile-sentence-101", lambda w: _form_valid(forms.ProfileForm, {"education": "3",
                                                                                 "sentence_years": "101"}),
         DomainError, ("sentence_years",)),
        ("form-close-reason-long", lambda w: _form_valid(forms.CloseForm, {"early_reason": "r" * 501}), DomainError,
         ("early_reason",)),
    ]


@pytest.mark.parametrize(("run", "expect", "names"), [
    pytest.param(*case[1:], id=f"form-{case[0]}") for case in FORM_CASES + _forms_cases()])
def test_a_bad_form_or_action_input_names_the_field_and_writes_nothing(
        world: World, run: Callable[[World], Any], expect: Any, names: tuple[str, ...]) -> None:
    before = counts()
    if isinstance(expect, int):
        response = run(world)
        assert response.status_code == expect
        text = response.content.decode()
        if response.status_code == 200:  # a page that redirects back with the error as a message
            assert "Tersimpan" not in text
    else:
        with pytest.raises(expect) as exc:
            run(world)
        assert exc.value.status < 500
        text = str(exc.value)
    for name in names:
        assert name in text, text[:800]
    assert counts() == before


def test_a_png_header_followed_by_garbage_is_not_a_plano_photo(world: World) -> None:
    from pemilu.core.files import UploadRejected
    from pemilu.neutrality.uploads import EVIDENCE
    from pemilu.results.photos import store_photo

    garbage = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200
    before = counts()
    with pytest.raises(DomainError, match="rusak"):
        store_photo(None, garbage, filename="plano.png", actor=world.cast.kpps_a1, max_bytes=10**7)  # type: ignore[arg-type]
    with pytest.raises(UploadRejected, match="rusak"):
        EVIDENCE.check("bukti.png", garbage)
    assert counts() == before
