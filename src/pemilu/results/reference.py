"""Reference data of an election's contests: the five ballot kinds, dapil and their regions,
parties, paslon and candidates. Imported atomically (validate everything, then write in one
transaction), and the contests' cached choice lists rebuilt."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core import cache
from pemilu.core.exceptions import ImportFailed, NotFoundError, RowError
from pemilu.core.levels import ancestor_codes, dotted_from_flat
from pemilu.core.tabular import parse_int, read_table
from pemilu.elections.models import Election
from pemilu.results import rules
from pemilu.results.models import (
    SECTIONS,
    Candidate,
    ChoiceKind,
    Contest,
    ContestKind,
    Dapil,
    DapilArea,
    DistrictKind,
    Party,
    Paslon,
    ResultConfig,
)

ALL_SECTIONS = list(SECTIONS)
# The five ballots and their plano forms (KPT 66/2024). Variants (e.g. C.HASIL-DPRA in Aceh)
# are further rows with their own sections.
CONTEST_KINDS: list[dict[str, Any]] = [
    {"code": "ppwp", "name": "Presiden dan Wakil Presiden", "form_name": "C.HASIL-PPWP", "colour": "abu-abu",
     "district": DistrictKind.NATIONAL, "choice_kind": ChoiceKind.PASLON, "order": 1},
    {"code": "dpr", "name": "DPR", "form_name": "C.HASIL-DPR", "colour": "kuning",
     "district": DistrictKind.DAPIL_DPR, "choice_kind": ChoiceKind.PARTY, "order": 2},
    {"code": "dpd", "name": "DPD", "form_name": "C.HASIL-DPD", "colour": "merah",
     "district": DistrictKind.PROVINCE, "choice_kind": ChoiceKind.CANDIDATE, "order": 3},
    {"code": "dprd_prov", "name": "DPRD Provinsi", "form_name": "C.HASIL-DPRD-PROV", "colour": "biru",
     "district": DistrictKind.DAPIL_PROV, "choice_kind": ChoiceKind.PARTY, "order": 4},
    {"code": "dprd_kab", "name": "DPRD Kabupaten/Kota", "form_name": "C.HASIL-DPRD-KAB/KOTA", "colour": "hijau",
     "district": DistrictKind.DAPIL_KAB, "choice_kind": ChoiceKind.PARTY, "order": 5},
]
PASLON_2024 = [(1, "H. Anies Rasyid Baswedan, Ph.D. – Dr. (H.C.) H. A. Muhaimin Iskandar"),
               (2, "H. Prabowo Subianto – Gibran Rakabuming Raka"),
               (3, "H. Ganjar Pranowo, S.H., M.I.P. – Prof. Dr. H. M. Mahfud MD")]
# Aceh's local parties, ballot numbers 18–23 (Keputusan KIP Aceh 2023); DPRA/DPRK only.
ACEH_LOCAL_PARTIES = [(18, "PNA", "Partai Nanggroe Aceh"),
                      (19, "GABTHAT", "Partai Generasi Atjeh Beusaboh Thaat dan Taqwa"),
                      (20, "PDA", "Partai Darul Aceh"), (21, "PA", "Partai Aceh"),
                      (22, "PAS ACEH", "Partai Adil Sejahtera Aceh"),
                      (23, "SIRA", "Partai Soliditas Independen Rakyat Aceh")]
DISTRICT_OF_JENIS: dict[str, str] = {"DPR RI": DistrictKind.DAPIL_DPR, "DPRD PROVINSI": DistrictKind.DAPIL_PROV,
                     "DPRD KABUPATEN/KOTA": DistrictKind.DAPIL_KAB}
KIND_OF_DISTRICT: dict[str, str] = {DistrictKind.DAPIL_DPR: "dpr", DistrictKind.DAPIL_PROV: "dprd_prov",
                    DistrictKind.DAPIL_KAB: "dprd_kab"}


def ensure_contest_kinds() -> None:
    for row in CONTEST_KINDS:
        ContestKind.objects.get_or_create(code=row["code"], defaults={**row, "sections": ALL_SECTIONS})


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


@transaction.atomic
def do_setup_ppwp(election: Election, *, actor: Any) -> Contest:
    """PPWP 2024: one national contest with the three paslon (KPU 2023 ballot numbers)."""
    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    config_for(election)
    for number, name in PASLON_2024:
        Paslon.objects.get_or_create(election=election, number=number, defaults={"name": name})
    contest, created = Contest.objects.get_or_create(
        election=election, code="ppwp",
        defaults={"kind": ContestKind.objects.get(code="ppwp"), "name": "PPWP"})
    contest.choices = [{"key": str(p.number), "label": p.name} for p in Paslon.objects.filter(election=election)]
    contest.save(update_fields=["choices"])
    if created:
        record_event("results.contest_created", actor=actor, target=contest, after={"choices": contest.choices})
    return contest


def _read(source: str | Path | bytes, filename: str, required: list[str]) -> Any:
    return read_table(source, filename=filename, required=required)


@transaction.atomic
def do_import_reference(election: Election, *, dapil_file: str | Path | bytes, parties_file: str | Path | bytes,
                        candidates_file: str | Path | bytes | None = None, actor: Any) -> ReferenceImportResult:
    """Dapil + areas, parties (national + Aceh local), DPR candidates, and the contests
    (DPR/DPRD per dapil, DPD per province). All rows are validated before anything is written."""
    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    config_for(election)
    errors: list[RowError] = []
    dapil_rows: dict[tuple[str, str], str] = {}
    dapil_seats: dict[tuple[str, str], tuple[int, int]] = {}  # (district, code) → (seats, first line)
    areas: list[tuple[str, str, str, str, bool]] = []
    table = _read(dapil_file, "dapil.csv", ["jenis_dapil", "kode_dapil", "nama_dapil", "kode_wilayah",
                                            "tingkatan_wilayah", "nama_wilayah", "is_pecah"])
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
    ptable = _read(parties_file, "parties.csv", ["ballot_no", "party", "party_name"])
    for line, row in ptable:
        try:
            parties.append((parse_int(row["ballot_no"]), row["party"], row["party_name"], ""))
        except ValueError as exc:
            errors.append(RowError(line, str(exc), "ballot_no"))
    parties += [(n, a, name, "11") for n, a, name in ACEH_LOCAL_PARTIES]
    cand_rows: list[tuple[str, int, int, str, str]] = []
    if candidates_file is not None:
        ctable = _read(candidates_file, "candidates.csv",
                       ["kode_dapil", "party_ballot_no", "nomor_urut", "nama", "jenis_kelamin"])
        known_dpr = {code for (d, code) in dapil_rows if d == DistrictKind.DAPIL_DPR}
        ballot_nos = {p[0] for p in parties}
        for line, row in ctable:
            try:
                party_no, number = parse_int(row["party_ballot_no"]), parse_int(row["nomor_urut"])
            except ValueError as exc:
                errors.append(RowError(line, str(exc)))
                continue
            if row["kode_dapil"] not in known_dpr:
                errors.append(RowError(line, _("dapil DPR tidak dikenal"), "kode_dapil"))
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
    Candidate.objects.filter(election=election, dapil__district=DistrictKind.DAPIL_DPR).delete()
    Candidate.objects.bulk_create(
        [Candidate(election=election, dapil=dapil_objs[(DistrictKind.DAPIL_DPR, dc)], party=party_objs[pn],
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


def _party_choices(parties: list[Party], prov_code: str, candidates: list[Candidate]) -> list[dict[str, Any]]:
    by_party: dict[int, list[Candidate]] = defaultdict(list)
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
    cands: dict[int, list[Candidate]] = defaultdict(list)
    for cand in Candidate.objects.filter(election=election):
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
            defaults={"kind": kinds[KIND_OF_DISTRICT[district]], "name": f"{kinds[KIND_OF_DISTRICT[district]].name} "
                      f"{dapil.name}", "dapil": dapil, "prov_code": prov,
                      "choices": _party_choices(parties, prov, cands.get(dapil.pk, []))})
        count += 1
    for prov in sorted(provinces):
        # DPD candidates are not in the shared data; the contest exists, its choices are added
        # when a candidate list is imported.
        Contest.objects.get_or_create(election=election, code=f"dpd-{prov}",
                                      defaults={"kind": kinds["dpd"], "name": f"DPD {prov}", "prov_code": prov})
        count += 1
    return count


# --- DPD and DPRD candidate lists ----------------------------------------------------------

CANDIDATE_KIND: dict[str, str] = {"DPD": DistrictKind.PROVINCE, "DPRD PROVINSI": DistrictKind.DAPIL_PROV,
                                  "DPRD KABUPATEN/KOTA": DistrictKind.DAPIL_KAB}
CANDIDATE_COLUMNS = ["jenis", "kode_dapil", "party_ballot_no", "nomor_urut", "nama", "jenis_kelamin"]


@dataclass
class CandidateImportResult:
    candidates: int = 0
    contests: list[str] | None = None


def _contest_code(district: str, dapil_code: str) -> str:
    return f"dpd-{dapil_code}" if district == DistrictKind.PROVINCE else f"{KIND_OF_DISTRICT[district]}-{dapil_code}"


@transaction.atomic
def do_import_candidates(election: Election, source: str | Path | bytes, *, actor: Any,
                         filename: str = "calon.csv") -> CandidateImportResult:
    """DPD candidates per province and DPRD Provinsi / DPRD Kab/Kota party lists per dapil
    (``docs/apps/results.md`` "Candidate lists"). Each dapil or province in the file gets exactly
    the file's list (its earlier list is replaced) and its contest's ballot is rebuilt. Every row
    is checked first; one bad row names its line and nothing is written. A contest that already
    has C.Hasil forms keeps its ballot (changing it would orphan typed votes)."""
    from pemilu.regions.models import Region
    from pemilu.results.models import Result

    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    table = _read(source, filename, CANDIDATE_COLUMNS)
    dapils = {(d.district, d.code): d for d in Dapil.objects.filter(election=election)}
    provinces = dict(Region.objects.filter(level=1).values_list("code", "name"))
    parties = {p.ballot_no: p for p in Party.objects.filter(election=election)}
    errors: list[RowError] = []
    rows: list[tuple[str, str, int | None, int, str, str]] = []
    seen: dict[tuple[str, str, int | None, int], int] = {}
    first_line: dict[tuple[str, str], int] = {}
    for line, row in table:
        district = CANDIDATE_KIND.get(row["jenis"].strip().upper())
        code = row["kode_dapil"].strip()
        if district is None:
            errors.append(RowError(line, _("jenis tidak dikenal (DPD, DPRD PROVINSI, DPRD KABUPATEN/KOTA)"), "jenis"))
            continue
        party_no: int | None = None
        if district == DistrictKind.PROVINCE:
            if code not in provinces:
                errors.append(RowError(line, _("kode provinsi tidak dikenal"), "kode_dapil"))
                continue
            if row["party_ballot_no"].strip():
                errors.append(RowError(line, _("calon DPD adalah perseorangan, tanpa partai"), "party_ballot_no"))
                continue
        else:
            if (district, code) not in dapils:
                errors.append(RowError(line, _("dapil tidak dikenal (impor dapil dulu)"), "kode_dapil"))
                continue
            try:
                party_no = parse_int(row["party_ballot_no"])
            except ValueError as exc:
                errors.append(RowError(line, str(exc), "party_ballot_no"))
                continue
            party = parties.get(party_no)
            if party is None:
                errors.append(RowError(line, _("nomor partai tidak dikenal"), "party_ballot_no"))
                continue
            if party.only_prov_code and not code.startswith(party.only_prov_code):
                errors.append(RowError(line, _("partai lokal {abbr} hanya di provinsi {prov}")
                                       .format(abbr=party.abbr, prov=party.only_prov_code), "party_ballot_no"))
                continue
        try:
            number = parse_int(row["nomor_urut"])
        except ValueError as exc:
            errors.append(RowError(line, str(exc), "nomor_urut"))
            continue
        if number < 1:
            errors.append(RowError(line, _("nomor urut harus 1 atau lebih"), "nomor_urut"))
            continue
        name, sex = row["nama"].strip(), row["jenis_kelamin"].strip().upper()
        if not name:
            errors.append(RowError(line, _("nama wajib diisi"), "nama"))
            continue
        if sex not in ("L", "P"):
            errors.append(RowError(line, _("jenis kelamin harus L atau P"), "jenis_kelamin"))
            continue
        key = (district, code, party_no, number)
        if key in seen:
            errors.append(RowError(line, _("nomor urut ganda (sama dengan baris {other})").format(other=seen[key]),
                                   "nomor_urut"))
            continue
        seen[key] = line
        first_line.setdefault((district, code), line)
        rows.append((district, code, party_no, number, name, sex))
    used = dict(Result.objects.filter(contest__election=election,
                                      contest__code__in=[_contest_code(d, c) for d, c in first_line])
                .values_list("contest__code").annotate(n=Count("id")).values_list("contest__code", "n"))
    for (district, code), line in first_line.items():
        n = used.get(_contest_code(district, code))
        if n:
            errors.append(RowError(line, _("pemilihan {contest} sudah memiliki {n} C.Hasil; daftar calonnya tidak "
                                           "dapat diganti").format(contest=_contest_code(district, code), n=n),
                                   "kode_dapil"))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))

    kinds = {k.code: k for k in ContestKind.objects.all()}
    for district, code in first_line:
        if district == DistrictKind.PROVINCE and (district, code) not in dapils:
            dapils[(district, code)] = Dapil.objects.create(election=election, district=district, code=code,
                                                            name=provinces[code])
    touched = [dapils[k] for k in first_line]
    Candidate.objects.filter(dapil__in=touched).delete()
    Candidate.objects.bulk_create([
        Candidate(election=election, dapil=dapils[(d, c)], party=parties[p] if p is not None else None,
                  number=n, name=name, sex=sex) for d, c, p, n, name, sex in rows], batch_size=2000)
    every = sorted(parties.values(), key=lambda p: p.ballot_no)
    by_dapil: dict[int, list[Candidate]] = defaultdict(list)
    for cand in Candidate.objects.filter(dapil__in=touched).order_by("number"):
        by_dapil[cand.dapil_id].append(cand)
    codes: list[str] = []
    for dapil in touched:
        contest_code = _contest_code(dapil.district, dapil.code)
        if dapil.district == DistrictKind.PROVINCE:
            choices = [{"key": str(c.number), "label": c.name} for c in by_dapil[dapil.pk]]
            Contest.objects.update_or_create(election=election, code=contest_code, defaults={
                "kind": kinds["dpd"], "name": f"DPD {dapil.name}", "prov_code": dapil.code, "dapil": dapil,
                "choices": choices})
        else:
            kind = kinds[KIND_OF_DISTRICT[dapil.district]]
            Contest.objects.update_or_create(election=election, code=contest_code, defaults={
                "kind": kind, "name": f"{kind.name} {dapil.name}", "dapil": dapil, "prov_code": dapil.code[:2],
                "choices": _party_choices(every, dapil.code[:2], by_dapil[dapil.pk])})
        codes.append(contest_code)
    result = CandidateImportResult(candidates=len(rows), contests=sorted(codes))
    record_event("results.candidates_imported", actor=actor,
                 after={"file": filename, "candidates": result.candidates, "contests": result.contests})
    return result


AREA_SECONDS = 300.0  # like the contests: the dapil map changes with them, by an import


def area_map(election_id: int) -> dict[str, dict[str, str]]:
    """district → {region code → dapil code} for non-split areas (core/cache.py, namespace
    "results": an import in any process drops it)."""

    def load() -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = defaultdict(dict)
        for district, region, code in DapilArea.objects.filter(dapil__election_id=election_id, is_split=False) \
                .values_list("district", "region_code", "dapil__code"):
            out[district][region] = code
        return dict(out)

    return cache.remember("results", ("area_map", election_id), load, AREA_SECONDS)


def contest_codes_for_tps(election: Election, tps_code: str) -> list[str]:
    """Codes of the contests a TPS votes in (PPWP, DPR/DPRD by dapil, DPD by province)."""
    codes = ["ppwp"]
    maps = area_map(election.pk)
    for district, kind in KIND_OF_DISTRICT.items():
        dapil = rules.resolve_dapil(maps.get(district, {}), tps_code)
        if dapil:
            codes.append(f"{kind}-{dapil}")
    codes.append(f"dpd-{ancestor_codes(tps_code)[1]}")
    return codes


def tps_in_contest(election: Election, contest: Contest, tps_code: str) -> bool:
    kind = contest.code.split("-", 1)[0]
    if kind == "ppwp":
        return True
    if kind == "dpd":
        return tps_code.startswith(contest.prov_code + ".")
    district = {v: k for k, v in KIND_OF_DISTRICT.items()}[kind]
    return rules.resolve_dapil(area_map(election.pk).get(district, {}), tps_code) == contest.code.split("-", 1)[1]


def get_election(code: str | None = None) -> Election:
    qs = Election.objects.all()
    election = qs.filter(code=code).first() if code else qs.order_by("-voting_day").first()
    if election is None:
        raise NotFoundError(_("Pemilu tidak ditemukan."))
    return election
