"""Outreach of neutrality: signed pledges (pakta netralitas) and socialisation events with their
attendance lists. Each action checks permission and audits in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.exceptions import ConflictError, DomainError, ImportFailed, RowError
from pemilu.core.matching import usable
from pemilu.core.tabular import read_table
from pemilu.elections.models import Election
from pemilu.neutrality.models import Attendee, Pledge, SocialisationEvent
from pemilu.neutrality.uploads import PLEDGES
from pemilu.regions.queries import region_to_act_in


@transaction.atomic
def do_record_pledge(election: Election, employee: AsnEmployee, signed_on: datetime.date, *, actor: User,
                     document: tuple[str, bytes] | None = None) -> Pledge:
    ensure_can(actor, "neutrality.pledge", employee)
    checked = PLEDGES.check(*document) if document else None
    if Pledge.objects.filter(election=election, employee=employee).exists():
        raise ConflictError(_("{name} sudah menandatangani ikrar untuk pemilu ini.").format(name=employee.name))
    pledge = Pledge(election=election, employee=employee, signed_on=signed_on, recorded_by=actor)
    pledge.set_scope_columns(employee.region_id)
    if checked:
        pledge.document.name = PLEDGES.store(checked)
        pledge.document_sha256 = checked.sha256
    pledge.save()
    record_event("neutrality.pledge_recorded", actor=actor, region_code=employee.region_id, target=pledge,
                 after={"employee": employee.nip or employee.name, "signed_on": signed_on.isoformat(),
                        "document_sha256": pledge.document_sha256})
    return pledge


@dataclass
class EventData:
    election: Election
    region_code: str
    held_on: datetime.date
    place: str
    organiser: str
    audience: str
    materials: str = ""


@transaction.atomic
def do_create_event(data: EventData, *, actor: User) -> SocialisationEvent:
    region = region_to_act_in(data.region_code, actor=actor, action="neutrality.event")
    if not (data.place.strip() and data.organiser.strip() and data.audience.strip()):
        raise DomainError(_("tempat, penyelenggara dan peserta sasaran wajib diisi"))
    event = SocialisationEvent(election=data.election, region=region, held_on=data.held_on, place=data.place.strip(),
                               organiser=data.organiser.strip(), audience=data.audience.strip(),
                               materials=data.materials.strip())
    event.set_scope_columns(region.code)
    event.save()
    record_event("neutrality.event_created", actor=actor, region_code=region.code, target=event,
                 after=snapshot(event))
    return event


ATTENDANCE_COLUMNS = ("nama",)


def import_attendance(event: SocialisationEvent, source: str | Path | bytes, *, actor: User,
                      filename: str = "") -> int:
    """Attendance list (CSV/XLSX: ``nama`` required; ``nip``, ``instansi`` optional). Atomic:
    any bad row → ImportFailed naming it; the event's list is replaced as a whole."""
    ensure_can(actor, "neutrality.event", event)
    table = read_table(source, filename=filename, required=ATTENDANCE_COLUMNS)
    errors: list[RowError] = []
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    for line, row in table:
        name, nip, agency = row["nama"].strip(), normalise_nip(row.get("nip", "")), row.get("instansi", "").strip()
        if not name:
            errors.append(RowError(line, _("nama wajib diisi"), "nama"))
        if nip and not is_ascii_digits(nip, 18):
            errors.append(RowError(line, _("NIP harus 18 digit: {v!r}").format(v=nip), "nip"))
        elif nip in seen:
            errors.append(RowError(line, _("NIP ganda (juga di baris {n})").format(n=seen[nip]), "nip"))
        if nip:
            seen[nip] = line
        rows.append((name, nip, agency))
    if errors:
        raise ImportFailed(errors)
    return _write_attendance(event, rows, actor=actor, filename=filename)


@transaction.atomic
def _write_attendance(event: SocialisationEvent, rows: list[tuple[str, str, str]], *, actor: User,
                      filename: str) -> int:
    # Only the register the actor manages is linked (and lends its agency); a NIP of another kab/kota
    # stays a plain attendee, so the list reveals nothing about that employee.
    employees = usable(actor, "asn.view", {e.nip: e for e in AsnEmployee.objects.filter(
        nip__in=[n for _a, n, _b in rows if n])})
    before = event.attendees.count()
    event.attendees.all().delete()
    Attendee.objects.bulk_create([Attendee(event=event, name=name, nip=nip, agency=agency or (
        employees[nip].agency if nip in employees else ""), employee=employees.get(nip)) for name, nip, agency in rows])
    record_event("neutrality.attendance_imported", actor=actor, region_code=event.region_id, target=event,
                 before={"attendees": before}, after={"attendees": len(rows), "file": filename,
                                                      "matched_register": sum(1 for r in rows if r[1] in employees)})
    return len(rows)
