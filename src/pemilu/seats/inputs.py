"""Reading seat-allocation inputs (votes per dapil, national votes, candidates, tie resolutions).

Every file is read whole through ``core.tabular.read_table`` and validated row by row; any bad
row raises ``ImportFailed`` naming the row (line as the user sees it) before anything is used.
Party codes are upper-cased everywhere so that files written by different tools agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import parse_int, read_table
from pemilu.seats import rules

# Columns of the wide format that are not parties (dpr2024_dapil_votes.csv and similar).
NON_PARTY_COLUMNS = frozenset({"dapil", "dapil_code", "kode_dapil", "nama_dapil", "province_code", "province",
                               "seats", "kursi", "dpt", "total_valid_party_votes"})


@dataclass
class DapilVotes:
    """One dapil's input: seats to fill and valid votes per party (input order kept)."""

    code: str
    name: str
    seats: int
    votes: dict[str, int] = field(default_factory=dict)
    row: int = 0  # first line of the dapil in the file, for messages


@dataclass(frozen=True)
class CandidateVotes:
    dapil: str
    party: str
    name: str
    ballot_no: int
    votes: int
    sex: str = ""
    spread: rules.Spread | None = None


@dataclass(frozen=True)
class DapilTieResolution:
    dapil: str
    seat_number: int
    order: tuple[str, ...]
    note: str = ""


Source = str | Path | bytes


def _int(value: str, line: int, column: str, errors: list[RowError], minimum: int = 0) -> int:
    try:
        number = parse_int(value, minimum=minimum)
        if number > rules.MAX_VOTES:  # more than the national electorate: a typo, not a count
            raise ValueError(_("paling banyak {max}").format(max=rules.MAX_VOTES))
        return number
    except ValueError as exc:
        errors.append(RowError(line, str(exc), column))
        return 0


def read_dapil_votes(source: Source, *, filename: str = "") -> list[DapilVotes]:
    """Wide format (one row per dapil: ``dapil_code``/``dapil``, ``seats``, one column per party)
    or long format (``dapil,seats,party,votes``), chosen by the header."""
    table = read_table(source, filename=filename)
    cols = table.columns
    if "party" in cols or "votes" in cols:
        return _read_long(table.rows, cols)
    return _read_wide(table.rows, cols)


def _dapil_key(cols: list[str]) -> str:
    for c in ("dapil_code", "kode_dapil", "dapil"):
        if c in cols:
            return c
    raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols="dapil_code/dapil"))])


def _read_wide(rows: list[tuple[int, dict[str, str]]], cols: list[str]) -> list[DapilVotes]:
    key = _dapil_key(cols)
    if "seats" not in cols:
        raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols="seats"))])
    party_cols = [c for c in cols if c and c not in NON_PARTY_COLUMNS]
    if not party_cols:
        raise ImportFailed([RowError(1, _("tidak ada kolom partai"))])
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    result: list[DapilVotes] = []
    for line, row in rows:
        code = row[key].strip()
        if not code:
            errors.append(RowError(line, _("dapil kosong"), key))
            continue
        if code in seen:
            errors.append(RowError(line, _("dapil {code} ganda (juga di baris {other})")
                                   .format(code=code, other=seen[code]), key))
            continue
        seen[code] = line
        seats = _int(row["seats"], line, "seats", errors, minimum=1)
        votes = {c.upper(): _int(row[c], line, c, errors) for c in party_cols}
        name = row.get("dapil", "") if key != "dapil" else code
        result.append(DapilVotes(code, name or code, seats, votes, line))
    if errors:
        raise ImportFailed(errors)
    return result


def _read_long(rows: list[tuple[int, dict[str, str]]], cols: list[str]) -> list[DapilVotes]:
    key = _dapil_key(cols)
    missing = [c for c in ("seats", "party", "votes") if c not in cols]
    if missing:
        raise ImportFailed([RowError(1, _("kolom wajib tidak ada: {cols}").format(cols=", ".join(missing)))])
    errors: list[RowError] = []
    by_code: dict[str, DapilVotes] = {}
    for line, row in rows:
        code = row[key].strip()
        party = row["party"].strip().upper()
        if not code or not party:
            errors.append(RowError(line, _("dapil atau partai kosong"), key if not code else "party"))
            continue
        seats = _int(row["seats"], line, "seats", errors, minimum=1)
        votes = _int(row["votes"], line, "votes", errors)
        dapil = by_code.get(code)
        if dapil is None:
            name = row.get("dapil_name", "") or row.get("nama_dapil", "") or code
            dapil = by_code[code] = DapilVotes(code, name, seats, {}, line)
        elif seats and dapil.seats and seats != dapil.seats:
            errors.append(RowError(line, _("jumlah kursi {n} berbeda dengan baris {other} ({m})")
                                   .format(n=seats, other=dapil.row, m=dapil.seats), "seats"))
        if party in dapil.votes:
            errors.append(RowError(line, _("partai {party} ganda di dapil {code}").format(party=party, code=code),
                                   "party"))
        dapil.votes[party] = votes
    if errors:
        raise ImportFailed(errors)
    return list(by_code.values())


def magnitude_limits() -> dict[str, tuple[int, int]]:
    """Seats-per-dapil range per contest kind: ``rules.DAPIL_MAGNITUDE`` (UU 7/2017 Pasal 187, 189,
    192) with ``settings.PEMILU_DAPIL_MAGNITUDE`` applied over it."""
    from django.conf import settings

    limits = dict(rules.DAPIL_MAGNITUDE)
    for kind, (low, high) in getattr(settings, "PEMILU_DAPIL_MAGNITUDE", {}).items():
        limits[kind] = (int(low), int(high))
    return limits


def threshold_for(kind: str) -> Decimal:
    """The contest kind's parliamentary threshold in % (``rules.PARLIAMENTARY_THRESHOLD``, with
    ``settings.PEMILU_PARLIAMENTARY_THRESHOLD`` applied over it)."""
    from django.conf import settings

    limits = dict(rules.PARLIAMENTARY_THRESHOLD)
    for k, value in getattr(settings, "PEMILU_PARLIAMENTARY_THRESHOLD", {}).items():
        limits[k] = Decimal(str(value))
    return limits.get(kind, Decimal(0))


def magnitude_error(kind: str, code: str, seats: int, line: int, column: str = "seats") -> RowError | None:
    """The row error for a dapil whose seat count is outside its contest kind's range, or None."""
    bounds = magnitude_limits().get(kind)
    if not rules.magnitude_outside(seats, bounds):
        return None
    assert bounds is not None
    return RowError(line, _("dapil {code}: {n} kursi, di luar batas {low}–{high} kursi per dapil {kind} ({law})")
                    .format(code=code, n=seats, low=bounds[0], high=bounds[1], kind=kind.replace("_", " "),
                            law=rules.MAGNITUDE_CITATION.get(kind, "UU 7/2017")), column)


def check_magnitudes(dapils: list[DapilVotes] | tuple[DapilVotes, ...], kind: str) -> None:
    """Refuse (``ImportFailed``, every offending dapil named with its line) a dapil map whose seat
    counts break the statute's range for the contest kind."""
    errors = [e for i, d in enumerate(dapils, start=1)
              if (e := magnitude_error(kind, d.code, d.seats, d.row or i)) is not None]
    if errors:
        raise ImportFailed(errors, _("jumlah kursi dapil di luar batas undang-undang; tidak ada yang disimpan"))


def read_national_votes(source: Source, *, filename: str = "") -> dict[str, int]:
    """``party,votes`` — national valid votes per party, for the threshold."""
    table = read_table(source, filename=filename, required=("party", "votes"))
    errors: list[RowError] = []
    result: dict[str, int] = {}
    for line, row in table:
        party = row["party"].strip().upper()
        if not party:
            errors.append(RowError(line, _("partai kosong"), "party"))
            continue
        if party in result:
            errors.append(RowError(line, _("partai {party} ganda").format(party=party), "party"))
        result[party] = _int(row["votes"], line, "votes", errors)
    if errors:
        raise ImportFailed(errors)
    return result


def read_candidate_votes(source: Source, *, filename: str = "") -> list[CandidateVotes]:
    """``dapil_code,party,candidate_name,ballot_no,candidate_votes[,sex,spread]`` (the shape of
    dpr2024_elected_members.csv)."""
    table = read_table(source, filename=filename,
                       required=("dapil_code", "party", "candidate_name", "ballot_no", "candidate_votes"))
    errors: list[RowError] = []
    result: list[CandidateVotes] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, row in table:
        dapil, party = row["dapil_code"].strip(), row["party"].strip().upper()
        ballot = _int(row["ballot_no"], line, "ballot_no", errors, minimum=1)
        votes = _int(row["candidate_votes"], line, "candidate_votes", errors)
        sex = row.get("sex", "").strip().upper()
        if sex not in ("", "L", "P"):
            errors.append(RowError(line, _("jenis kelamin harus L atau P"), "sex"))
        spread_text = row.get("spread", "").strip()
        spread = _int(spread_text, line, "spread", errors) if spread_text else None
        key = (dapil, party, ballot)
        if key in seen:
            errors.append(RowError(line, _("calon ganda (juga di baris {other})").format(other=seen[key]),
                                   "ballot_no"))
        seen[key] = line
        result.append(CandidateVotes(dapil, party, row["candidate_name"].strip(), ballot, votes, sex, spread))
    if errors:
        raise ImportFailed(errors)
    return result


def read_tie_resolutions(source: Source, *, filename: str = "") -> list[DapilTieResolution]:
    """``dapil,seat,order,note``: ``order`` ranks the tied parties, separated by ``;`` or ``>``
    (e.g. the result of a drawing of lots); ``note`` names the record (berita acara)."""
    table = read_table(source, filename=filename, required=("dapil", "seat", "order"))
    errors: list[RowError] = []
    result: list[DapilTieResolution] = []
    for line, row in table:
        seat = _int(row["seat"], line, "seat", errors, minimum=1)
        order = tuple(p.strip().upper() for p in row["order"].replace(">", ";").split(";") if p.strip())
        if len(order) < 2:
            errors.append(RowError(line, _("urutan harus memuat paling sedikit dua partai"), "order"))
        result.append(DapilTieResolution(row["dapil"].strip(), seat, order, row.get("note", "").strip()))
    if errors:
        raise ImportFailed(errors)
    return result
