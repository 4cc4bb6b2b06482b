"""``pemilu candidates import FILE --contest dpr|dprd-prov|dprd-kabkota`` (issue 23 item 8): the
party lists of one contest kind as the parties submitted them (SILON's export), into their lists
as BCS — the same checks as the liaison officer's page (``actions.build_candidates``). Atomic:
every row is checked first; one bad row names its line and column and nothing is written."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can, ensure_holds
from pemilu.audit.events import record_event
from pemilu.candidacy.actions import CandidateIn, build_candidates, list_scope
from pemilu.candidacy.models import LEVEL_DISTRICT, Candidate, CandidateList, ListStatus
from pemilu.core.exceptions import ImportFailed, NotFoundError, PermissionDeniedError, RowError
from pemilu.core.levels import common_ancestor
from pemilu.core.tabular import read_table, row_int
from pemilu.elections.models import Election
from pemilu.results.models import Dapil, Party
from pemilu.voters import crypto

COLUMNS = ["kode_dapil", "party_ballot_no", "nomor_urut", "nama", "jenis_kelamin", "nik", "tanggal_lahir"]
OPTIONAL = ["kode_domisili", "domisili", "jabatan", "nomor_sk_berhenti", "tanggal_sk_berhenti"]


@dataclass
class ImportResult:
    lists: int
    candidates: int


def _date(row: dict[str, str], column: str, line: int, errors: list[RowError], *,
          required: bool) -> datetime.date | None:
    raw = row.get(column, "").strip()
    if not raw:
        if required:
            errors.append(RowError(line, _("wajib diisi (YYYY-MM-DD)"), column))
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors.append(RowError(line, _("bukan tanggal (YYYY-MM-DD)"), column))
        return None


@transaction.atomic
def do_import_lists(election: Election, source: str | Path | bytes, *, level: str, actor: User,
                    filename: str = "calon.csv") -> ImportResult:
    ensure_holds(actor, "candidacy.import")
    table = read_table(source, filename=filename, required=COLUMNS)
    district = LEVEL_DISTRICT[level]
    dapils = {d.code: d for d in Dapil.objects.filter(election=election, district=district)}
    parties = {p.ballot_no: p for p in Party.objects.filter(election=election)}
    existing = {(lst.dapil_id, lst.party_id): lst for lst in CandidateList.objects.select_for_update().filter(
        election=election, level=level)}
    errors: list[RowError] = []
    grouped: dict[tuple[str, int], list[tuple[int, CandidateIn]]] = defaultdict(list)
    for line, row in table:
        bad = len(errors)
        dapil = dapils.get(row["kode_dapil"].strip())
        if dapil is None:
            errors.append(RowError(line, _("dapil tidak dikenal"), "kode_dapil"))
        party_no = row_int(row, "party_ballot_no", line, errors)
        party = parties.get(party_no) if party_no is not None else None
        if party_no is not None and party is None:
            errors.append(RowError(line, _("nomor partai tidak dikenal"), "party_ballot_no"))
        number = row_int(row, "nomor_urut", line, errors)
        birth = _date(row, "tanggal_lahir", line, errors, required=True)
        resigned = _date(row, "tanggal_sk_berhenti", line, errors, required=False)
        if dapil is not None and party is not None:
            if party.only_prov_code and not dapil.code.startswith(party.only_prov_code):
                errors.append(RowError(line, _("partai lokal {abbr} hanya di provinsi {prov}").format(
                    abbr=party.abbr, prov=party.only_prov_code), "party_ballot_no"))
            scope = list_scope(dapil)
            try:
                ensure_can(actor, "candidacy.import", scope)
            except (NotFoundError, PermissionDeniedError):
                errors.append(RowError(line, _("dapil di luar wilayah Anda"), "kode_dapil"))
                continue  # nothing more is said of a list outside the scope
            lst = existing.get((dapil.pk, party.pk))
            if lst is not None and lst.status not in (ListStatus.BCS, ListStatus.CORRECTION):
                errors.append(RowError(line, _("daftar {party} dapil {dapil} sudah {status}").format(
                    party=party.abbr, dapil=dapil.code, status=lst.get_status_display()), "kode_dapil"))
        if len(errors) > bad or dapil is None or party is None or number is None or birth is None:
            continue
        grouped[(dapil.code, party.ballot_no)].append((line, CandidateIn(
            number=number, name=row["nama"], sex=row["jenis_kelamin"].strip().upper(), nik=row["nik"],
            birth_date=birth, domicile_code=row.get("kode_domisili", ""), domicile=row.get("domisili", ""),
            office=row.get("jabatan", "").strip().lower(), resignation_decree_no=row.get("nomor_sk_berhenti", ""),
            resignation_decree_date=resigned)))
    built: dict[tuple[str, int], list[Candidate]] = {}
    lines_of_nik: dict[str, int] = {}
    for key, items in grouped.items():
        built[key], errs = build_candidates([i for _l, i in items], lines=[line for line, _i in items])
        errors.extend(errs)
        for line, item in items:  # one person on one list: across the file's lists too
            nik_hash = crypto.number_hash(item.nik.strip())
            if nik_hash in lines_of_nik and not any(e.row == line and e.column == "nik" for e in errs):
                errors.append(RowError(line, _("NIK sama dengan baris {other}").format(other=lines_of_nik[nik_hash]),
                                       "nik"))
            lines_of_nik.setdefault(nik_hash, line)
    if errors:
        raise ImportFailed(sorted(set(errors), key=lambda e: (e.row, e.column, e.message)))
    now = timezone.now()
    count = 0
    for (dapil_code, party_no), cands in built.items():
        dapil, party = dapils[dapil_code], parties[party_no]
        lst = existing.get((dapil.pk, party.pk)) or CandidateList(election=election, dapil=dapil, party=party,
                                                                   level=level)
        lst.set_scope_columns(list_scope(dapil))
        lst.status, lst.submitted_at, lst.submitted_by = ListStatus.BCS, now, actor
        lst.save()
        lst.candidates.all().delete()
        for c in cands:
            c.candidate_list = lst
        Candidate.objects.bulk_create(cands, batch_size=2000)
        count += len(cands)
    result = ImportResult(lists=len(built), candidates=count)
    record_event("candidacy.lists_imported", actor=actor,
                 region_code=common_ancestor([list_scope(dapils[d]) for d, _p in built]) if built else "",
                 after={"file": filename, "level": level, "lists": result.lists, "candidates": count})
    return result
