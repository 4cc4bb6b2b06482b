"""Reading a candidate-list file (the DCS form) and the seats per dapil, strictly.

Both files go through ``core.tabular.read_table``; every row is validated and every bad row is
named (line as the user sees it) in one ``ImportFailed`` before any list is checked.
"""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from django.utils.translation import gettext as _

from pemilu.candidacy.rules import Candidate, PartyList
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import parse_int, read_table, row_int

Source = str | Path | bytes

CANDIDATE_COLUMNS = ("kode_dapil", "party_ballot_no", "party_name", "nomor_urut", "nama", "jenis_kelamin")
SEXES = {"L": False, "P": True}  # laki-laki / perempuan
MAX_SEATS = 100  # no dapil of any level has more; a larger figure is a typo
MAX_NUMBER = 100  # a nomor urut or a party's ballot number: a list holds at most the dapil's seats


def default_seats_file() -> bytes:
    """The app's copy of the DPR 2024 seats per dapil (dapil_code, dapil, seats; from
    ``../shared/data/dpr2024_dapil_votes.csv``)."""
    return (files("pemilu.candidacy") / "data" / "dpr2024_dapil_seats.csv").read_bytes()


def read_seats(source: Source, filename: str = "") -> dict[str, int]:
    """dapil code → seats, from a file with ``dapil_code`` (or ``kode_dapil``) and ``seats`` (or ``kursi``)."""
    table = read_table(source, filename=filename)
    code_col = next((c for c in ("dapil_code", "kode_dapil") if c in table.columns), "")
    seats_col = next((c for c in ("seats", "kursi") if c in table.columns), "")
    if not code_col or not seats_col:
        missing = [n for n, c in (("dapil_code", code_col), ("seats", seats_col)) if not c]
        raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols=", ".join(missing)))])
    errors: list[RowError] = []
    seats: dict[str, int] = {}
    for line, row in table:
        code = row[code_col]
        if not code:
            errors.append(RowError(line, _("kode dapil kosong"), code_col))
            continue
        try:
            n = parse_int(row[seats_col], minimum=1)
            if n > MAX_SEATS:
                raise ValueError(_("paling banyak {max}").format(max=MAX_SEATS))
        except ValueError as exc:
            errors.append(RowError(line, str(exc), seats_col))
            continue
        if code in seats:
            errors.append(RowError(line, _("dapil {code} sudah ada di baris sebelumnya").format(code=code), code_col))
        seats[code] = n
    if errors:
        raise ImportFailed(errors)
    return seats


def _number(value: str) -> int:
    number = parse_int(value, minimum=1)
    if number > MAX_NUMBER:
        raise ValueError(_("paling banyak {max}").format(max=MAX_NUMBER))
    return number


def read_lists(source: Source, seats: dict[str, int], filename: str = "") -> list[PartyList]:
    """The party lists of a DCS/DCT file (one row per candidate), each ordered by nomor urut."""
    table = read_table(source, filename=filename, required=CANDIDATE_COLUMNS)
    errors: list[RowError] = []
    grouped: dict[tuple[str, int], list[Candidate]] = defaultdict(list)
    names: dict[tuple[str, int], str] = {}
    numbers: dict[tuple[str, int, int], int] = {}
    for line, row in table:
        dapil = row["kode_dapil"]
        if dapil not in seats:
            errors.append(RowError(line, _("dapil tidak dikenal: {code!r} (tidak ada di berkas kursi)")
                                   .format(code=dapil), "kode_dapil"))
        sex = row["jenis_kelamin"].upper()
        if sex not in SEXES:
            errors.append(RowError(line, _("jenis kelamin harus L atau P, diisi {v!r}")
                                   .format(v=row["jenis_kelamin"]), "jenis_kelamin"))
        if not row["nama"]:
            errors.append(RowError(line, _("nama kosong"), "nama"))
        if not row["party_name"]:
            errors.append(RowError(line, _("nama partai kosong"), "party_name"))
        party_no = row_int(row, "party_ballot_no", line, errors, _number)
        if party_no is None:
            continue
        no = row_int(row, "nomor_urut", line, errors, _number)
        if no is None:
            continue
        key = (dapil, party_no)
        earlier = numbers.setdefault((dapil, party_no, no), line)
        if earlier != line:
            message = _("nomor urut {no} sudah dipakai di baris {row} (dapil {dapil}, partai {party})")
            errors.append(RowError(line, message.format(no=no, row=earlier, dapil=dapil, party=party_no),
                                   "nomor_urut"))
        name = names.setdefault(key, row["party_name"])
        if name != row["party_name"] and row["party_name"]:
            errors.append(RowError(line, _("partai nomor {no} bernama {name!r} di baris sebelumnya")
                                   .format(no=party_no, name=name), "party_name"))
        grouped[key].append(Candidate(no, row["nama"], SEXES.get(sex, False), line))
    if errors:
        raise ImportFailed(errors)
    return [PartyList(dapil, names[(dapil, party_no)], seats[dapil],
                      tuple(sorted(cands, key=lambda c: c.nomor_urut)), party_no)
            for (dapil, party_no), cands in sorted(grouped.items())]
