"""State changes on the ASN register (audited)."""

from __future__ import annotations

import heapq
import uuid
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_holds
from pemilu.asn import rules
from pemilu.asn.models import AsnEmployee, ImportJob
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import NAME_MAX, text_problem
from pemilu.core.exceptions import DomainError, ImportFailed, RowError
from pemilu.core.jobs import enqueue_on_commit
from pemilu.core.levels import common_ancestor
from pemilu.core.matching import foreign, foreign_row
from pemilu.core.tabular import ensure_upload_size, stream_table
from pemilu.regions.models import Region
from pemilu.regions.queries import region_to_act_in

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
def do_create_employee(data: EmployeeData, *, actor: User) -> AsnEmployee:
    region = region_to_act_in(data.region_code, actor=actor, action="asn.manage")
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
    employee.set_scope_columns(employee.region_id)
    employee.save()
    record_event("asn.employee_created", actor=actor, region_code=region.code, target=employee,
                 after=snapshot(employee))
    return employee


@dataclass
class ImportResult:
    created: int
    updated: int


Progress = Callable[[str, int, "int | None"], None]  # (phase "check"/"write", rows done, total if known)
CHUNK = 2000  # rows per database round trip while writing
MAX_ERRORS = 1000  # checking stops after this many problems (the first 50 are shown)


def import_employees(source: str | Path | bytes, *, actor: User, filename: str = "", max_rows: int | None = None,
                     progress: Progress | None = None) -> ImportResult:
    """Atomic import (CSV/XLSX): every row is checked first (region known and inside the
    actor's scope, NIP, type); any bad row → ImportFailed naming it and nothing is written.
    Rows are matched on NIP (or, without NIP, on name + agency + region) and updated.

    The file is streamed twice (check, then write in chunks of CHUNK rows in one transaction),
    so memory stays bounded whatever its size (issue 17 item 5: a 1,000,000-row XLSX)."""
    ensure_holds(actor, "asn.manage")
    total = _check_file(source, actor=actor, filename=filename, max_rows=max_rows, progress=progress)
    return _write(source, actor=actor, filename=filename, total=total, progress=progress)


def ensure_may_import(actor: User) -> None:
    """Only KPU administrators and staff import the register (page and API); each row is then
    checked against the importer's scope."""
    from pemilu.accounts.models import Role
    from pemilu.accounts.permissions import user_scopes
    from pemilu.core.exceptions import PermissionDeniedError

    if not actor.is_superuser and not any(s.role in (Role.KPU_ADMIN, Role.KPU_STAFF) for s in user_scopes(actor)):
        raise PermissionDeniedError(_("Peran Anda tidak mengizinkan tindakan ini di wilayah ini."))


def start_import_job(upload: UploadedFile, *, actor: User) -> ImportJob:
    """Store a large upload and queue its import (``asn/tasks.py``) after commit; nothing of the
    register changes until the job has checked every row."""
    from pemilu.asn.tasks import run_import

    ensure_may_import(actor)
    ensure_upload_size(upload.size or 0)
    name = upload.name or "berkas"
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with transaction.atomic():
        path = default_storage.save(f"imports/asn/{uuid.uuid4().hex}{suffix}", upload)
        job = ImportJob.objects.create(actor=actor, filename=name[:255], path=path, size=upload.size or 0)
        enqueue_on_commit(run_import, job.pk)
    return job


def _rows(source: str | Path | bytes, filename: str, max_rows: int | None) -> Iterator[tuple[int, EmployeeData]]:
    for line, row in stream_table(source, filename=filename, required=COLUMNS, max_rows=max_rows):
        yield line, EmployeeData(nip=rules.normalise_nip(row["nip"]), name=row["nama"], agency=row["instansi"],
                                 position=row["jabatan"], employment_type=row["jenis_kepegawaian"],
                                 region_code=row["kode_wilayah"], nik=row.get("nik", "").strip())


def _with_registered(rows: Iterator[tuple[int, EmployeeData]]
                     ) -> Iterator[tuple[int, EmployeeData, AsnEmployee | None]]:
    """Each row with the employee its NIP already names (looked up CHUNK rows at a time)."""
    while chunk := list(islice(rows, CHUNK)):
        registered = {e.nip: e for e in AsnEmployee.objects.filter(nip__in={d.nip for _l, d in chunk} - {""})}
        reset_queries()  # with DEBUG on, the query log would keep every chunk's SQL
        for line, data in chunk:
            yield line, data, registered.get(data.nip) if data.nip else None


def _check_file(source: str | Path | bytes, *, actor: User, filename: str, max_rows: int | None,
                progress: Progress | None) -> int:
    errors: list[RowError] = []
    regions: dict[str, bool | None] = {}  # code → may the actor manage it (None: unknown region)
    nips, nip_lines = array("q"), array("q")  # 16 bytes a row: duplicates found by sorting, not a dict
    count = 0
    for line, data, registered in _with_registered(_rows(source, filename, max_rows)):
        count += 1
        errors += [RowError(line, msg, col) for col, msg in _check(data)]
        if data.nik and not (len(data.nik) == 16 and data.nik.isdigit()):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        if data.region_code not in regions:
            region = Region.objects.filter(code=data.region_code).first()
            regions[data.region_code] = None if region is None else can(actor, "asn.manage", region)
        allowed = regions[data.region_code]
        if allowed is None:
            errors.append(RowError(line, _("wilayah tidak dikenal: {code}").format(code=data.region_code),
                                   "kode_wilayah"))
        elif not allowed:
            errors.append(RowError(line, _("wilayah {code} di luar wewenang Anda").format(code=data.region_code),
                                   "kode_wilayah"))
        # A NIP names the person in every kab/kota: the row may change a registered employee only
        # where the actor may manage him (his region now, not only the one in the file).
        if foreign(actor, "asn.manage", registered):
            errors.append(foreign_row(line, "nip"))
        if data.nip and rules.is_valid_nip(data.nip):
            nips.append(int(data.nip))
            nip_lines.append(line)
        if progress is not None and count % 10_000 == 0:
            progress("check", count, None)
        if len(errors) >= MAX_ERRORS:
            errors.append(RowError(line, _("pemeriksaan dihentikan setelah {n} kesalahan").format(n=MAX_ERRORS)))
            break
    for line, first in _repeated(nips, nip_lines):
        errors.append(RowError(line, _("NIP ganda (juga di baris {n})").format(n=first), "nip"))
    del nips, nip_lines
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportFailed(errors)
    if progress is not None:
        progress("check", count, count)
    return count


def _repeated(keys: array[int], lines: array[int], run: int = 100_000) -> Iterator[tuple[int, int]]:
    """(line, earlier line) of every key seen before, found by sorting runs of ``run`` keys and
    merging them lazily: sorting a million keys at once made a million Python ints twice over
    (≈ 75 MB at the peak of a 1,000,000-row check)."""
    runs: list[tuple[array[int], array[int]]] = []
    for start in range(0, len(keys), run):
        order = sorted(range(start, min(start + run, len(keys))), key=keys.__getitem__)
        runs.append((array("q", (keys[i] for i in order)), array("q", (lines[i] for i in order))))
    # Equal keys come out in line order, so each repeat names the key's first line.
    first: tuple[int, int] | None = None
    for key, line in heapq.merge(*(zip(k, ln, strict=True) for k, ln in runs)):
        if first is not None and first[0] == key:
            yield line, first[1]
        else:
            first = (key, line)


@transaction.atomic
def _write(source: str | Path | bytes, *, actor: User, filename: str, total: int,
           progress: Progress | None) -> ImportResult:
    created = updated = done = 0
    codes: set[str] = set()
    regions: dict[str, Region] = {}
    rows = _rows(source, filename, None)
    while chunk := [d for _line, d in islice(rows, CHUNK)]:
        for code in {d.region_code for d in chunk} - regions.keys():
            regions[code] = Region.objects.get(code=code)
        by_nip = {e.nip: e for e in AsnEmployee.objects.filter(nip__in=[d.nip for d in chunk if d.nip])}
        no_nip = {(e.name, e.agency, e.region_id): e for e in AsnEmployee.objects.filter(
            nip="", name__in={d.name.strip() for d in chunk if not d.nip},
            region_id__in={d.region_code for d in chunk if not d.nip})}
        new: dict[int, AsnEmployee] = {}  # id() → row, so a row repeated in the chunk is written once
        changed: dict[int, AsnEmployee] = {}
        now = timezone.now()
        for d in chunk:
            key = (d.name.strip(), d.agency.strip(), d.region_code)
            employee = by_nip.get(d.nip) if d.nip else no_nip.get(key)
            if employee is None:
                employee = AsnEmployee(nip=d.nip)
                created += 1
                (by_nip.__setitem__(d.nip, employee) if d.nip else no_nip.__setitem__(key, employee))
                new[id(employee)] = employee
            else:
                updated += 1
                if employee.pk is not None:
                    changed[id(employee)] = employee
            employee.name, employee.agency, employee.position = d.name.strip(), d.agency.strip(), d.position.strip()
            employee.employment_type = rules.parse_employment_type(d.employment_type) or ""
            employee.region, employee.is_active, employee.updated_at = regions[d.region_code], True, now
            if d.nik:
                employee.nik = d.nik
            employee.set_scope_columns(employee.region_id)
            codes.add(d.region_code)
        AsnEmployee.objects.bulk_create(list(new.values()), batch_size=CHUNK)
        _update_rows(list(changed.values()))
        done += len(chunk)
        reset_queries()  # with DEBUG on, the SQL of a million rows would stay in the query log
        if progress is not None:
            progress("write", done, total)
    top = sorted(codes)
    record_event("asn.imported", actor=actor, region_code=top[0] if len(top) == 1 else common_ancestor(top),
                 target_type="asn.asnemployee", object_repr=filename or "import",
                 after={"created": created, "updated": updated, "rows": done, "file": filename})
    return ImportResult(created, updated)


WRITTEN_FIELDS = ["name", "agency", "position", "employment_type", "region", "is_active", "updated_at", "nik",
                  "prov_code", "kab_code", "kec_code", "desa_code"]


def _update_rows(employees: list[AsnEmployee]) -> None:
    """One parameterised UPDATE per row, sent with executemany: Django's bulk_update builds a
    CASE … WHEN per field and row, which took 3.8 ms a row (34 s for 9,000 rows) in the profile."""
    if not employees:
        return
    fields = [f for f in AsnEmployee._meta.concrete_fields if f.name in WRITTEN_FIELDS]
    table, ops = AsnEmployee._meta.db_table, connection.ops
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (identifiers from the model, values bound)
        ops.quote_name(table), ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields),
        ops.quote_name("id"))
    params = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] + [e.pk]
              for e in employees]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

