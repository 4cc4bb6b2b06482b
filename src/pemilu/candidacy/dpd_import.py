"""``pemilu candidates import FILE --contest dpd`` (issue 23 item 8): the bakal calon DPD of one
election, per province, from a CSV or XLSX file, through the same action as the API and the desk
page (``dpd_actions.do_register_dpd_candidate``, which checks the permission and audits each one).

Columns (the header row names them, any order; extra columns are ignored):

* ``kode_provinsi`` — the province (``12``); its DPT must be recorded first (``do_set_dpd_province``);
* ``nama``; ``nik`` (16 digits, kept as keyed hash + sealed copy); ``jenis_kelamin`` (L/P);
* ``tanggal_lahir`` (YYYY-MM-DD);
* ``jabatan`` (optional): a post the candidate must resign from (``asn``, ``tni``, ``polri``,
  ``bumn``, ``kades``, ``adhoc``; empty for none).

Atomic: every row is checked, then written; one bad row names its line and column and nothing
is written (a province outside the actor's scope is a row error that says no more)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_holds
from pemilu.audit.events import record_event
from pemilu.candidacy.dpd_actions import MANAGE, candidate_problems, do_register_dpd_candidate
from pemilu.candidacy.models import DpdProvince
from pemilu.core.exceptions import DomainError, ImportFailed, NotFoundError, PermissionDeniedError, RowError
from pemilu.core.levels import common_ancestor
from pemilu.core.tabular import read_table
from pemilu.elections.models import Election
from pemilu.voters import crypto

DPD_COLUMNS = ("kode_provinsi", "nama", "nik", "jenis_kelamin", "tanggal_lahir")
DPD_OPTIONAL = ("jabatan",)


@dataclass(frozen=True)
class DpdImportResult:
    candidates: int
    provinces: int


@transaction.atomic
def do_import_dpd_candidates(election: Election, source: str | Path | bytes, *, actor: User,
                             filename: str = "calon_dpd.csv") -> DpdImportResult:
    ensure_holds(actor, MANAGE)  # a user with no DPD role is refused before the file is read (403)
    table = read_table(source, filename=filename, required=DPD_COLUMNS)
    provinces = {p.region_id: p for p in DpdProvince.objects.filter(election=election).select_related("region")}
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    codes: set[str] = set()
    count = 0
    for line, row in table:
        code, nik = row["kode_provinsi"].strip(), row["nik"].strip()
        name, sex = row["nama"].strip(), row["jenis_kelamin"].strip().upper()
        office = (row.get("jabatan") or "").strip().lower()
        bad = [RowError(line, message, column) for column, message in
               candidate_problems(name=name, nik=nik, sex=sex, office=office)]
        try:
            born = datetime.date.fromisoformat(row["tanggal_lahir"].strip())
        except ValueError:
            bad.append(RowError(line, _("tanggal lahir harus YYYY-MM-DD"), "tanggal_lahir"))
        province = provinces.get(code)
        if province is None:
            bad.append(RowError(line, _("provinsi tidak dikenal atau DPT-nya untuk pemilihan DPD belum dicatat"),
                                "kode_provinsi"))
        if not any(e.column == "nik" for e in bad):
            digest = crypto.number_hash(nik)
            if digest in first_line_of:
                bad.append(RowError(line, _("NIK sama dengan baris {other}").format(other=first_line_of[digest]),
                                    "nik"))
            first_line_of.setdefault(digest, line)
        if bad or province is None:
            errors.extend(bad)
            continue
        try:
            # The action itself: scope, permission, the NIK already registered, the audit row. A
            # failure rolls back its savepoint; the whole file rolls back below if any row failed.
            do_register_dpd_candidate(province, name=name, nik=nik, sex=sex, birth_date=born, office=office,
                                      actor=actor)
        except (NotFoundError, PermissionDeniedError):
            errors.append(RowError(line, _("provinsi di luar wilayah Anda"), "kode_provinsi"))
        except DomainError as exc:
            errors.append(RowError(line, exc.message, "nik"))
        else:
            count += 1
            codes.add(code)
    if errors:
        raise ImportFailed(errors)
    result = DpdImportResult(candidates=count, provinces=len(codes))
    record_event("candidacy.dpd_candidates_imported", actor=actor,
                 region_code=common_ancestor(sorted(codes)) if codes else "",
                 after={"file": filename, "candidates": count, "provinces": sorted(codes)})
    return result
