"""DPD candidates per province and DPRD Provinsi / DPRD Kab/Kota party lists per dapil: the
import (an action) that replaces a dapil's list and rebuilds its contest's ballot."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core import cache
from pemilu.core.exceptions import ImportFailed, RowError
from pemilu.core.tabular import read_table, row_int
from pemilu.elections.models import Election
from pemilu.results.dapil import KIND_OF_DISTRICT
from pemilu.results.models import BallotCandidate, Contest, ContestKind, Dapil, DistrictKind, Party
from pemilu.results.reference import contest_name, ensure_contest_kinds, party_choices

CANDIDATE_KIND: dict[str, str] = {"DPD": DistrictKind.PROVINCE, "DPRD PROVINSI": DistrictKind.DAPIL_PROV,
                                  "DPRD KABUPATEN/KOTA": DistrictKind.DAPIL_KAB}
CANDIDATE_COLUMNS = ["jenis", "kode_dapil", "party_ballot_no", "nomor_urut", "nama", "jenis_kelamin"]


@dataclass
class CandidateImportResult:
    candidates: int = 0
    contests: list[str] | None = None


@dataclass(frozen=True)
class BallotRow:
    """One name on a dapil's ballot: its party (None for DPD), nomor urut, name, L/P."""

    party: Party | None
    number: int
    name: str
    sex: str


def ballot_in_use(election: Election, dapils: list[Dapil]) -> dict[str, int]:
    """Contest code → C.Hasil forms already entered, for the contests of ``dapils`` that have some:
    their ballot cannot change (typed votes would be orphaned)."""
    from pemilu.results.models import Result

    wanted = [_contest_code(d.district, d.code) for d in dapils]
    return dict(Result.objects.filter(contest__election=election, contest__code__in=wanted)
                .values_list("contest__code").annotate(n=Count("id")).values_list("contest__code", "n"))


def write_ballots(election: Election, ballots: dict[Dapil, list[BallotRow]]) -> list[str]:
    """The one writer of candidates onto ballots (issue 23 item 7): each dapil gets exactly its
    rows (the earlier ones are replaced) and its contest's choices are rebuilt in party order and
    nomor urut. Called by the DCS import of this module (DPD, and DPRD dapil not yet managed by
    candidacy) and by ``candidacy``'s DCT. The caller checks ``ballot_in_use`` and writes the audit
    row; answers the contest codes, sorted."""
    ensure_contest_kinds()
    kinds = {k.code: k for k in ContestKind.objects.all()}
    touched = list(ballots)
    BallotCandidate.objects.filter(dapil__in=touched).delete()
    BallotCandidate.objects.bulk_create([
        BallotCandidate(election=election, dapil=dapil, party=r.party, number=r.number, name=r.name, sex=r.sex)
        for dapil, rows in ballots.items() for r in rows], batch_size=2000)
    every = sorted(Party.objects.filter(election=election), key=lambda p: p.ballot_no)
    national = [p for p in every if not p.only_prov_code]
    by_dapil: dict[int, list[BallotCandidate]] = defaultdict(list)
    for cand in BallotCandidate.objects.filter(dapil__in=touched).order_by("number"):
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
            # DPR has no local parties; DPRA/DPRK in Aceh do (UU 11/2006).
            parties = national if dapil.district == DistrictKind.DAPIL_DPR else every
            Contest.objects.update_or_create(election=election, code=contest_code, defaults={
                "kind": kind, "name": contest_name(kind.name, dapil.name), "dapil": dapil, "prov_code": dapil.code[:2],
                "choices": party_choices(parties, dapil.code[:2], by_dapil[dapil.pk])})
        codes.append(contest_code)
    cache.bump("results")  # every worker's contests
    return sorted(codes)


def contest_code_of(dapil: Dapil) -> str:
    return _contest_code(dapil.district, dapil.code)


def _contest_code(district: str, dapil_code: str) -> str:
    return f"dpd-{dapil_code}" if district == DistrictKind.PROVINCE else f"{KIND_OF_DISTRICT[district]}-{dapil_code}"


@transaction.atomic
def do_import_candidates(election: Election, source: str | Path | bytes, *, actor: User,
                         filename: str = "calon.csv") -> CandidateImportResult:
    """DPD candidates per province and DPRD Provinsi / DPRD Kab/Kota party lists per dapil
    (``docs/apps/results.md`` "Candidate lists"). Each dapil or province in the file gets exactly
    the file's list (its earlier list is replaced) and its contest's ballot is rebuilt. Every row
    is checked first; one bad row names its line and nothing is written. A contest that already
    has C.Hasil forms keeps its ballot (changing it would orphan typed votes)."""
    from pemilu.regions.models import Region

    ensure_can(actor, "results.configure", "")
    ensure_contest_kinds()
    table = read_table(source, filename=filename, required=CANDIDATE_COLUMNS)
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
            party_no = row_int(row, "party_ballot_no", line, errors)
            if party_no is None:
                continue
            party = parties.get(party_no)
            if party is None:
                errors.append(RowError(line, _("nomor partai tidak dikenal"), "party_ballot_no"))
                continue
            if party.only_prov_code and not code.startswith(party.only_prov_code):
                errors.append(RowError(line, _("partai lokal {abbr} hanya di provinsi {prov}")
                                       .format(abbr=party.abbr, prov=party.only_prov_code), "party_ballot_no"))
                continue
        number = row_int(row, "nomor_urut", line, errors)
        if number is None:
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
    used = ballot_in_use(election, [dapils[k] for k in first_line if k in dapils])
    for (district, code), line in first_line.items():
        n = used.get(_contest_code(district, code))
        if n:
            errors.append(RowError(line, _("pemilihan {contest} sudah memiliki {n} C.Hasil; daftar calonnya tidak "
                                           "dapat diganti").format(contest=_contest_code(district, code), n=n),
                                   "kode_dapil"))
    managed = set(Dapil.objects.filter(election=election, candidate_lists__isnull=False).distinct()
                  .values_list("district", "code"))
    for area, line in first_line.items():
        if area in managed:
            errors.append(RowError(line, _("daftar calon dapil {code} dikelola di pencalonan: DCT-nya menjadi surat "
                                           "suara (pemilu candidates)").format(code=area[1]), "kode_dapil"))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))

    for district, code in first_line:
        if district == DistrictKind.PROVINCE and (district, code) not in dapils:
            dapils[(district, code)] = Dapil.objects.create(election=election, district=district, code=code,
                                                            name=provinces[code])
    ballots: dict[tuple[str, str], list[BallotRow]] = {k: [] for k in first_line}
    for d, c, p, n, name, sex in rows:
        ballots[(d, c)].append(BallotRow(parties[p] if p is not None else None, n, name, sex))
    codes = write_ballots(election, {dapils[k]: v for k, v in ballots.items()})
    result = CandidateImportResult(candidates=len(rows), contests=codes)
    record_event("results.candidates_imported", actor=actor,
                 after={"file": filename, "candidates": result.candidates, "contests": result.contests})
    return result
