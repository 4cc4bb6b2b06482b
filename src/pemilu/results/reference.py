"""An election's results configuration and reference data (actions): the ballot kinds and the
PPWP paslon from the ballot data file (``data/ballots2024.json``), and the import of dapil with
their areas, parties (national + the data file's local parties) and DPR candidates. Imported
atomically — validate everything, then write in one transaction — and the contests' cached choice
lists rebuilt. DPD/DPRD candidate lists: ``candidates.py``; which contests a TPS votes in:
``dapil.py``."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core import cache
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.levels import dotted_from_flat
from pemilu.core.tabular import parse_int, read_table
from pemilu.elections.models import Election
from pemilu.results.dapil import KIND_OF_DISTRICT
from pemilu.results.models import (
    SECTIONS,
    BallotCandidate,
    Contest,
    ContestKind,
    Dapil,
    DapilArea,
    DistrictKind,
    Party,
    Paslon,
    ResultConfig,
)

BALLOTS_FILE = Path(__file__).with_name("data") / "ballots2024.json"


class ContestKindRow(TypedDict):
    code: str
    name: str
    form_name: str
    colour: str
    district: str
    choice_kind: str
    order: int


class PaslonRow(TypedDict):
    number: int
    name: str


class LocalPartyRow(TypedDict):
    ballot_no: int
    abbr: str
    name: str
    only_prov_code: str


class Ballots(TypedDict):
    contest_kinds: list[ContestKindRow]
    paslon: list[PaslonRow]
    local_parties: list[LocalPartyRow]


def ballots(path: Path | None = None) -> Ballots:
    """The ballot data (ballot kinds and plano forms, paslon, local parties) from its file
    (``BALLOTS_FILE`` unless ``path`` is given)."""
    data: Ballots = json.loads((path or BALLOTS_FILE).read_text(encoding="utf-8"))
    return data


# The jenis_dapil column of a dapil map → the dapil's district.
DISTRICT_OF_JENIS: dict[str, str] = {"DPR RI": DistrictKind.DAPIL_DPR, "DPRD PROVINSI": DistrictKind.DAPIL_PROV,
                                     "DPRD KABUPATEN/KOTA": DistrictKind.DAPIL_KAB}


def ensure_contest_kinds() -> None:
    for row in ballots()["contest_kinds"]:
        ContestKind.objects.get_or_create(code=row["code"], defaults={**row, "sections": list(SECTIONS)})


def config_for(election: Election) -> ResultConfig:
    config, _ = ResultConfig.objects.get_or_create(
        election=election, defaults={"recap_levels": [3, 2, 1, 0]})
    return config


@dataclass
class ReferenceImportResult:
    dapil: int = 0
    areas: int = 0
    parties: int = 0
    candidates: int = 0
    contests: int = 0


def contest_name(kind_name: str, dapil_name: str) -> str:
    """A dapil contest's name for people: the ballot's name and the dapil's, without the region
    kind twice — "DPRD Kota Tebing Tinggi 1", not "DPRD Kabupaten/Kota KOTA TEBING TINGGI 1"
    (issue 20 item 8). KPU's dapil names are upper case; roman numerals stay upper case."""
    words = dapil_name.split()
    if kind_name.endswith("Kabupaten/Kota") and words and words[0].lower() in ("kota", "kabupaten"):
        titled = " ".join(w if re.fullmatch(r"[IVXL]+|\d+", w) else w.capitalize() for w in words)
        return f"{kind_name.removesuffix('Kabupaten/Kota').strip()} {titled}"
    return f"{kind_name} {dapil_name}"


@transaction.atomic
def do_setup_ppwp(election: Election, *, actor: User) -> Contest:
    """PPWP: one national contest with the paslon of the ballot data file (2024: the three pairs
    with their KPU 2023 ballot numbers)."""
    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    config_for(election)
    for paslon in ballots()["paslon"]:
        Paslon.objects.get_or_create(election=election, number=paslon["number"], defaults={"name": paslon["name"]})
    contest, created = Contest.objects.get_or_create(
        election=election, code="ppwp",
        defaults={"kind": ContestKind.objects.get(code="ppwp"), "name": "Pilpres"})
    contest.choices = [{"key": str(p.number), "label": p.name} for p in Paslon.objects.filter(election=election)]
    contest.save(update_fields=["choices"])
    if created:
        record_event("results.contest_created", actor=actor, target=contest, after={"choices": contest.choices})
    return contest


@transaction.atomic
def do_import_reference(election: Election, *, dapil_file: str | Path | bytes, parties_file: str | Path | bytes,
                        candidates_file: str | Path | bytes | None = None, actor: User) -> ReferenceImportResult:
    """Dapil + areas, parties (national + Aceh local), DPR candidates, and the contests
    (DPR/DPRD per dapil, DPD per province). All rows are validated before anything is written."""
    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    config_for(election)
    errors: list[RowError] = []
    dapil_rows: dict[tuple[str, str], str] = {}
    dapil_seats: dict[tuple[str, str], tuple[int, int]] = {}  # (district, code) → (seats, first line)
    areas: list[tuple[str, str, str, str, bool]] = []
    table = read_table(dapil_file, filename="dapil.csv",
                       required=["jenis_dapil", "kode_dapil", "nama_dapil", "kode_wilayah", "tingkatan_wilayah",
                                 "nama_wilayah", "is_pecah"])
    seats_column = next((c for c in SEATS_COLUMNS if c in table.columns), None)
    for line, row in table:
        district = DISTRICT_OF_JENIS.get(row["jenis_dapil"].upper())
        if district is None:
            errors.append(RowError(line, _("jenis dapil tidak dikenal"), "jenis_dapil"))
            continue
        if seats_column is not None and row[seats_column].strip():
            seat_error = _dapil_seats(district, row["kode_dapil"], row[seats_column], line, seats_column,
                                      dapil_seats)
            if seat_error is not None:
                errors.append(seat_error)
                continue
        try:
            region = dotted_from_flat(row["kode_wilayah"])
        except ValueError:
            errors.append(RowError(line, _("kode wilayah salah"), "kode_wilayah"))
            continue
        is_split = row["tingkatan_wilayah"].lower().startswith("pecahan")
        dapil_rows[(district, row["kode_dapil"])] = row["nama_dapil"]
        areas.append((district, row["kode_dapil"], region, row["nama_wilayah"], is_split))
    parties: list[tuple[int, str, str, str]] = []
    ptable = read_table(parties_file, filename="parties.csv", required=["ballot_no", "party", "party_name"])
    for line, row in ptable:
        try:
            parties.append((parse_int(row["ballot_no"]), row["party"], row["party_name"], ""))
        except ValueError as exc:
            errors.append(RowError(line, str(exc), "ballot_no"))
    parties += [(p["ballot_no"], p["abbr"], p["name"], p["only_prov_code"]) for p in ballots()["local_parties"]]
    cand_rows: list[tuple[str, int, int, str, str]] = []
    if candidates_file is not None:
        ctable = read_table(candidates_file, filename="candidates.csv",
                            required=["kode_dapil", "party_ballot_no", "nomor_urut", "nama", "jenis_kelamin"])
        known_dpr = {code for (d, code) in dapil_rows if d == DistrictKind.DAPIL_DPR}
        managed = set(Dapil.objects.filter(election=election, district=DistrictKind.DAPIL_DPR,
                                           candidate_lists__isnull=False).values_list("code", flat=True))
        ballot_nos = {p[0] for p in parties}
        for line, row in ctable:
            try:
                party_no, number = parse_int(row["party_ballot_no"]), parse_int(row["nomor_urut"])
            except ValueError as exc:
                errors.append(RowError(line, str(exc)))
                continue
            if row["kode_dapil"] not in known_dpr:
                errors.append(RowError(line, _("dapil DPR tidak dikenal"), "kode_dapil"))
            elif row["kode_dapil"] in managed:
                errors.append(RowError(line, _("daftar calon dapil {code} dikelola di pencalonan: DCT-nya menjadi "
                                               "surat suara (pemilu candidates)").format(code=row["kode_dapil"]),
                                       "kode_dapil"))
            elif party_no not in ballot_nos:
                errors.append(RowError(line, _("nomor partai tidak dikenal"), "party_ballot_no"))
            else:
                cand_rows.append((row["kode_dapil"], party_no, number, row["nama"], row["jenis_kelamin"][:1]))
    if errors:
        raise ImportFailed(errors)

    result = ReferenceImportResult()
    party_objs: dict[int, Party] = {}
    for number, abbr, name, only in parties:
        party_objs[number], _c = Party.objects.update_or_create(
            election=election, ballot_no=number, defaults={"abbr": abbr, "name": name, "only_prov_code": only})
    result.parties = len(party_objs)
    dapil_objs: dict[tuple[str, str], Dapil] = {}
    for (district, code), name in dapil_rows.items():
        seats = dapil_seats.get((district, code))
        dapil_objs[(district, code)], _c = Dapil.objects.update_or_create(
            election=election, district=district, code=code,
            defaults={"name": name, "seats": seats[0] if seats else None})
    result.dapil = len(dapil_objs)
    DapilArea.objects.filter(dapil__election=election).delete()
    DapilArea.objects.bulk_create(
        [DapilArea(dapil=dapil_objs[(d, c)], district=d, region_code=r, region_name=n, is_split=s)
         for d, c, r, n, s in areas], batch_size=2000, ignore_conflicts=True)
    result.areas = len(areas)
    # A dapil whose lists candidacy manages keeps the ballot its DCT wrote (issue 23 item 7).
    BallotCandidate.objects.filter(election=election, dapil__district=DistrictKind.DAPIL_DPR).exclude(
        dapil__candidate_lists__isnull=False).delete()
    BallotCandidate.objects.bulk_create(
        [BallotCandidate(election=election, dapil=dapil_objs[(DistrictKind.DAPIL_DPR, dc)], party=party_objs[pn],
                   number=num, name=name, sex=sex) for dc, pn, num, name, sex in cand_rows],
        batch_size=2000, ignore_conflicts=True)
    result.candidates = len(cand_rows)
    result.contests = _build_contests(election, dapil_objs, party_objs)
    cache.bump("results")  # every worker's contests and dapil map
    record_event("results.reference_imported", actor=actor, after=result.__dict__)
    return result


# The optional seats column of a dapil map (dapil2024_wilayah.csv has none; PKPU 6/2023 lists them).
SEATS_COLUMNS = ("kursi", "jumlah_kursi", "alokasi_kursi", "seats")
SEATS_KIND_OF_DISTRICT: dict[str, str] = {DistrictKind.DAPIL_DPR: "DPR", DistrictKind.DAPIL_PROV: "DPRD_PROV",
                                          DistrictKind.DAPIL_KAB: "DPRD_KABKOTA"}


def _dapil_seats(district: str, code: str, raw: str, line: int, column: str,
                 seen: dict[tuple[str, str], tuple[int, int]]) -> RowError | None:
    """Read a row's seat count: a whole number, the same on every row of the dapil, inside the
    statute's range for its contest (DPR 3–10, DPRD 3–12; UU 7/2017 Pasal 187, 189, 192)."""
    from pemilu.seats.inputs import magnitude_error

    try:
        seats = parse_int(raw, minimum=1)
    except ValueError as exc:
        return RowError(line, str(exc), column)
    first = seen.get((district, code))
    if first is not None:
        if first[0] != seats:
            return RowError(line, _("dapil {code}: {n} kursi, berbeda dengan baris {other} ({m} kursi)")
                            .format(code=code, n=seats, other=first[1], m=first[0]), column)
        return None
    seen[(district, code)] = (seats, line)
    return magnitude_error(SEATS_KIND_OF_DISTRICT[district], code, seats, line, column)


def party_choices(parties: list[Party], prov_code: str, candidates: list[BallotCandidate]) -> list[dict[str, Any]]:
    by_party: dict[int, list[BallotCandidate]] = defaultdict(list)
    for c in candidates:
        if c.party_id is not None:
            by_party[c.party_id].append(c)
    out: list[dict[str, Any]] = []
    for p in parties:
        if p.only_prov_code and p.only_prov_code != prov_code:
            continue
        out.append({"key": str(p.ballot_no), "label": p.abbr, "party": p.ballot_no})
        for c in sorted(by_party.get(p.pk, []), key=lambda c: c.number):
            out.append({"key": f"{p.ballot_no}.{c.number}", "label": c.name, "party": p.ballot_no})
    return out


def _build_contests(election: Election, dapil_objs: dict[tuple[str, str], Dapil],
                    party_objs: dict[int, Party]) -> int:
    kinds = {k.code: k for k in ContestKind.objects.all()}
    national = sorted((p for p in party_objs.values() if not p.only_prov_code), key=lambda p: p.ballot_no)
    every = sorted(party_objs.values(), key=lambda p: p.ballot_no)
    cands: dict[int, list[BallotCandidate]] = defaultdict(list)
    for cand in BallotCandidate.objects.filter(election=election):
        cands[cand.dapil_id].append(cand)
    count = 0
    provinces: set[str] = set()
    for (district, code), dapil in dapil_objs.items():
        prov = code[:2]
        provinces.add(prov)
        # DPR has no local parties; DPRA/DPRK in Aceh do (UU 11/2006).
        parties = national if district == DistrictKind.DAPIL_DPR else every
        Contest.objects.update_or_create(
            election=election, code=f"{KIND_OF_DISTRICT[district]}-{code}",
            defaults={"kind": kinds[KIND_OF_DISTRICT[district]],
                      "name": contest_name(kinds[KIND_OF_DISTRICT[district]].name, dapil.name), "dapil": dapil,
                      "prov_code": prov,
                      "choices": party_choices(parties, prov, cands.get(dapil.pk, []))})
        count += 1
    for prov in sorted(provinces):
        # DPD candidates are not in the shared data; the contest exists, its choices are added
        # when a candidate list is imported.
        Contest.objects.get_or_create(election=election, code=f"dpd-{prov}",
                                      defaults={"kind": kinds["dpd"], "name": f"DPD {prov}", "prov_code": prov})
        count += 1
    return count
