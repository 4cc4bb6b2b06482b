"""State changes on the ASN register (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.permissions import can, ensure_can
from pemilu.asn import rules
from pemilu.asn.models import AsnEmployee
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import NAME_MAX, text_problem
from pemilu.core.exceptions import DomainError, ImportFailed, RowError
from pemilu.core.matching import foreign, foreign_row
from pemilu.core.tabular import read_table
from pemilu.regions.models import Region

COLUMNS = ("nip", "nama", "instansi", "jabatan", "jenis_kepegawaian", "kode_wilayah")


@dataclass
class EmployeeData:
    nip: str
    name: str
    agency: str
    position: str
    employment_type: str
    region_code: str
    nik: str = ""  # optional column "nik" of the import


def _check(data: EmployeeData) -> list[tuple[str, str]]:
    """(column, message) problems of one row."""
    problems: list[tuple[str, str]] = []
    if not data.name.strip():
        problems.append(("nama", _("nama wajib diisi")))
    if not data.agency.strip():
        problems.append(("instansi", _("instansi wajib diisi")))
    for column, value in (("nama", data.name), ("instansi", data.agency), ("jabatan", data.position)):
        if (problem := text_problem(value, field=column, max_length=NAME_MAX)) is not None:
            problems.append((column, problem))
    etype = rules.parse_employment_type(data.employment_type)
    if etype is None:
        problems.append(("jenis_kepegawaian", _("jenis kepegawaian tidak dikenal: {v!r} (PNS, PPPK, "
                                                "non_asn_apbn, non_asn_apbd)").format(v=data.employment_type)))
    elif data.nip and not rules.is_valid_nip(data.nip):
        problems.append(("nip", _("NIP harus 18 digit: {v!r}").format(v=data.nip)))
    elif not data.nip and rules.nip_required(etype):
        problems.append(("nip", _("NIP wajib untuk PNS dan PPPK")))
    return problems


@transaction.atomic
def do_create_employee(data: EmployeeData, *, actor: Any) -> AsnEmployee:
    region = Region.objects.filter(code=data.region_code).first()
    if region is None:
        raise DomainError(_("wilayah tidak dikenal: {code}").format(code=data.region_code))
    ensure_can(actor, "asn.manage", region)
    data.nip = rules.normalise_nip(data.nip)
    problems = _check(data)
    if problems:
        raise DomainError("; ".join(m for _c, m in problems))
    if data.nip and AsnEmployee.objects.filter(nip=data.nip).exists():
        raise DomainError(_("NIP {nip} sudah terdaftar").format(nip=data.nip))
    employee = AsnEmployee(nip=data.nip, name=data.name.strip(), agency=data.agency.strip(),
                           position=data.position.strip(),
                           employment_type=rules.parse_employment_type(data.employment_type) or "",
                           region=region)
    employee.set_scope_columns()
    employee.save()
    record_event("asn.employee_created", actor=actor, region_code=region.code, target=employee,
                 after=snapshot(employee))
    return employee


@dataclass
class ImportResult:
    created: int
    updated: int


def import_employees(source: str | Path | bytes, *, actor: Any, filename: str = "") -> ImportResult:
    """Atomic import (CSV/XLSX): every row is checked first (region known and inside the
    actor's scope, NIP, type); any bad row → ImportFailed naming it and nothing is written.
    Rows are matched on NIP (or, without NIP, on name + agency + region) and updated."""
    table = read_table(source, filename=filename, required=COLUMNS)
    errors: list[RowError] = []
    parsed: list[tuple[int, EmployeeData]] = []
    codes = {row["kode_wilayah"] for _line, row in table}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    # A NIP names the person in every kab/kota: the row may change a registered employee only
    # where the actor may manage him (his region now, not only the one in the file).
    registered = {e.nip: e for e in AsnEmployee.objects.filter(
        nip__in={rules.normalise_nip(row["nip"]) for _line, row in table} - {""})}
    seen: dict[str, int] = {}
    for line, row in table:
        data = EmployeeData(nip=rules.normalise_nip(row["nip"]), name=row["nama"], agency=row["instansi"],
                            position=row["jabatan"], employment_type=row["jenis_kepegawaian"],
                            region_code=row["kode_wilayah"], nik=row.get("nik", "").strip())
        if data.nik and not (len(data.nik) == 16 and data.nik.isdigit()):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        errors += [RowError(line, msg, col) for col, msg in _check(data)]
        region = regions.get(data.region_code)
        if region is None:
            errors.append(RowError(line, _("wilayah tidak dikenal: {code}").format(code=data.region_code),
                                   "kode_wilayah"))
        elif not can(actor, "asn.manage", region):
            errors.append(RowError(line, _("wilayah {code} di luar wewenang Anda").format(code=data.region_code),
                                   "kode_wilayah"))
        if data.nip and foreign(actor, "asn.manage", registered.get(data.nip)):
            errors.append(foreign_row(line, "nip"))
        if data.nip:
            if data.nip in seen:
                errors.append(RowError(line, _("NIP ganda (juga di baris {n})").format(n=seen[data.nip]), "nip"))
            seen[data.nip] = line
        parsed.append((line, data))
    if errors:
        raise ImportFailed(errors)
    return _write(parsed, regions, actor=actor, filename=filename)


@transaction.atomic
def _write(parsed: list[tuple[int, EmployeeData]], regions: dict[str, Region], *, actor: Any,
           filename: str) -> ImportResult:
    existing = {e.nip: e for e in AsnEmployee.objects.filter(nip__in=[d.nip for _l, d in parsed if d.nip])}
    created = updated = 0
    for _line, d in parsed:
        etype = rules.parse_employment_type(d.employment_type) or ""
        employee = existing.get(d.nip) if d.nip else AsnEmployee.objects.filter(
            nip="", name=d.name.strip(), agency=d.agency.strip(), region_id=d.region_code).first()
        if employee is None:
            employee = AsnEmployee(nip=d.nip)
            created += 1
        else:
            updated += 1
        employee.name, employee.agency, employee.position = d.name.strip(), d.agency.strip(), d.position.strip()
        employee.employment_type, employee.region, employee.is_active = etype, regions[d.region_code], True
        if d.nik:
            employee.nik = d.nik
        employee.set_scope_columns()
        employee.save()
    top = sorted({d.region_code for _l, d in parsed})
    record_event("asn.imported", actor=actor, region_code=top[0] if len(top) == 1 else _common_prefix(top),
                 target_type="asn.asnemployee", object_repr=filename or "import",
                 after={"created": created, "updated": updated, "rows": len(parsed), "file": filename})
    return ImportResult(created, updated)


def _common_prefix(codes: list[str]) -> str:
    parts = [c.split(".") for c in codes]
    common: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return ".".join(common)
