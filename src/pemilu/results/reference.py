"""Reference data of an election's contests: the five ballot kinds, dapil and their regions,
parties, paslon and candidates. Imported atomically (validate everything, then write in one
transaction), and the contests' cached choice lists rebuilt."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
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
    areas: list[tuple[str, str, str, str, bool]] = []
    table = _read(dapil_file, "dapil.csv", ["jenis_dapil", "kode_dapil", "nama_dapil", "kode_wilayah",
                                            "tingkatan_wilayah", "nama_wilayah", "is_pecah"])
    for line, row in table:
        district = DISTRICT_OF_JENIS.get(row["jenis_dapil"].upper())
        if district is None:
            errors.append(RowError(line, _("jenis dapil tidak dikenal"), "jenis_dapil"))
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
        dapil_objs[(district, code)], _c = Dapil.objects.update_or_create(
            election=election, district=district, code=code, defaults={"name": name})
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
    area_map.cache_clear()
    record_event("results.reference_imported", actor=actor, after=result.__dict__)
    return result


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


@lru_cache(maxsize=8)
def area_map(election_id: int) -> dict[str, dict[str, str]]:
    """district → {region code → dapil code} for non-split areas (cached per process; cleared
    on import)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for district, region, code in DapilArea.objects.filter(dapil__election_id=election_id, is_split=False) \
            .values_list("district", "region_code", "dapil__code"):
        out[district][region] = code
    return dict(out)


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
