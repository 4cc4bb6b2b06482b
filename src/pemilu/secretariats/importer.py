"""The bulk import of assignments already decided on paper: every row checked first, then one write."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_holds
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.audit.events import appended_at_end, record_event
from pemilu.core.exceptions import DomainError, ImportFailed, RowError
from pemilu.core.matching import usable
from pemilu.core.tabular import read_table
from pemilu.elections.models import Election

# The upload checks (type by content, Pillow decode, size limit) are neutrality's, reused as they are.
from pemilu.secretariats import rules
from pemilu.secretariats.actions import (
    assign,
    checks_for,
    composition_for,
    default_issuer,
    vacant_positions,
    window_check,
    window_warning_for,
)
from pemilu.secretariats.models import (
    Decision,
    DecisionKind,
    Position,
    Secretariat,
)
from pemilu.secretariats.rules import PositionKind

COLUMNS = ("kode_wilayah", "jabatan", "nip", "nomor_keputusan", "tanggal_keputusan", "ditetapkan_oleh")


@dataclass
class ImportResult:
    assigned: int
    decisions: int


def import_assignments(election: Election, source: str | Path | bytes, *, actor: User,
                       filename: str = "") -> ImportResult:
    """Assignments already decided on paper (CSV UTF-8 or XLSX, columns ``COLUMNS``). Every row is
    checked first — secretariat formed and in the actor's scope, seat of that kind vacant (counting
    earlier rows), NIP in the register, the workplace rule, the person not in another secretariat —
    and any bad row rejects the whole file, naming it; nothing is written."""
    ensure_holds(actor, "secretariats.manage")
    table = read_table(source, filename=filename, required=COLUMNS)
    codes = {row["kode_wilayah"].strip() for _l, row in table}
    secs = {s.region_id: s for s in Secretariat.objects.filter(election=election, region_id__in=codes)
            .select_related("region", "election")}
    nips = {normalise_nip(row["nip"]) for _l, row in table}
    # Someone registered in another kab/kota reads as not in the register: nothing of him is shown.
    people = usable(actor, "asn.view", {e.nip: e for e in AsnEmployee.objects.filter(nip__in=nips - {""})})
    vacancy: dict[int, list[Position]] = {}
    seen_people: dict[int, int] = {}
    errors: list[RowError] = []
    planned: list[tuple[Secretariat, Position, AsnEmployee, str, datetime.date, str]] = []
    for line, row in table:
        code, kind, nip = row["kode_wilayah"].strip(), row["jabatan"].strip().lower(), normalise_nip(row["nip"])
        sec = secs.get(code)
        if sec is None:
            errors.append(RowError(line, _("belum ada sekretariat untuk wilayah {code} (bentuk dulu)").format(
                code=code), "kode_wilayah"))
            continue
        if not can(actor, "secretariats.manage", sec):
            errors.append(RowError(line, _("wilayah {code} di luar wewenang Anda").format(code=code), "kode_wilayah"))
            continue
        if kind not in PositionKind.values:
            errors.append(RowError(line, _("jabatan harus sekretaris atau staf: {v!r}").format(v=kind), "jabatan"))
            continue
        employee = people.get(nip)
        if employee is None:
            errors.append(RowError(line, _("NIP {nip} tidak ada di register ASN wilayah Anda").format(nip=nip or "—"),
                                   "nip"))
            continue
        date = parse_date(row["tanggal_keputusan"].strip()) if row["tanggal_keputusan"].strip() else None
        if not row["nomor_keputusan"].strip() or date is None:
            errors.append(RowError(line, _("nomor dan tanggal keputusan (YYYY-MM-DD) wajib diisi"),
                                   "tanggal_keputusan" if row["nomor_keputusan"].strip() else "nomor_keputusan"))
            continue
        for check in checks_for(sec, employee):
            if not check.ok:
                errors.append(RowError(line, f"{employee.name}: {check.message}", "nip"))
        if employee.pk in seen_people:
            errors.append(RowError(line, _("{name} juga di baris {n}").format(name=employee.name,
                                                                            n=seen_people[employee.pk]), "nip"))
        seen_people[employee.pk] = line
        free = vacancy.setdefault(sec.pk, vacant_positions(sec))
        position = next((p for p in free if p.kind == kind), None)
        if position is None:
            errors.append(RowError(line, _("tidak ada kursi {kind} yang kosong di {sec}").format(kind=kind, sec=sec),
                                   "jabatan"))
            continue
        window = window_check(sec, date)
        if not window.ok and composition_for(election, sec.body_kind).window_policy == "refuse":
            errors.append(RowError(line, str(window.message), "tanggal_keputusan"))
            continue
        free.remove(position)
        planned.append((sec, position, employee, row["nomor_keputusan"].strip(), date,
                        row["ditetapkan_oleh"].strip()))
    if errors:
        raise ImportFailed(errors)
    if not planned:
        raise DomainError(_("Berkas tidak berisi baris penugasan."))
    return _write_import(election, planned, actor=actor, filename=filename)


@transaction.atomic
def _write_import(election: Election, planned: list[tuple[Secretariat, Position, AsnEmployee, str, datetime.date, str]],
                  *, actor: User, filename: str) -> ImportResult:
    decisions: dict[tuple[int, str, datetime.date], Decision] = {}
    # One append at the end: the kab/kota chain head is not locked for the whole loop (issue 17 item 6).
    with appended_at_end():
        for sec, position, employee, number, date, issued_by in planned:
            key = (sec.pk, number, date)
            if key not in decisions:
                decisions[key] = Decision.objects.create(secretariat=sec, kind=DecisionKind.KEPUTUSAN, number=number,
                                                         date=date, issued_by=issued_by or default_issuer(sec),
                                                         created_by=actor, window_warning=window_warning_for(sec, date))
            a = assign(sec, position, employee, decisions[key], None)
            record_event("secretariats.assigned", actor=actor, region_code=sec.region_id, target=a,
                         after={"position": position.order, "kind": position.kind, "employee": employee.nip,
                                "keputusan": number, "date": date.isoformat(), "source": filename or "import",
                                "window_warning": decisions[key].window_warning})
    kabs = sorted({rules.kab_of(s.region_id) for s, *_rest in planned})
    record_event("secretariats.imported", actor=actor, region_code=kabs[0] if len(kabs) == 1 else "",
                 target_type="secretariats.assignment", object_repr=filename or "import",
                 after={"election": election.code, "rows": len(planned), "decisions": len(decisions)})
    return ImportResult(len(planned), len(decisions))
