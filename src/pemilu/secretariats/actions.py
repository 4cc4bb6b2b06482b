"""State changes of the secretariats: formation, proposals, the keputusan, the KPU penetapan,
pakta integritas, signed documents and removal (the bulk import: ``importer.py``). Each checks permission and
writes its audit event in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.asn.models import AsnEmployee
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import NAME_MAX, SHORT_TEXT_MAX, BoundError, check_text, phone_problem
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.core.files import FileUse
from pemilu.core.levels import level_of
from pemilu.elections.models import Election
from pemilu.regions import timezones
from pemilu.regions.models import Region
from pemilu.secretariats import access as staff_access
from pemilu.secretariats import queries, rules
from pemilu.secretariats.models import (
    Assignment,
    CandidateStatus,
    CompositionRule,
    Decision,
    DecisionKind,
    Document,
    DocumentKind,
    Position,
    Secretariat,
    StaffCandidate,
)
from pemilu.secretariats.rules import BodyKind, EndReason, PositionKind

# Signed letters: PDF or a JPEG scan, up to PEMILU_SECRETARIATS_MAX_UPLOAD_BYTES (its own limit).
DOCUMENTS = FileUse("secretariats", allowed=("application/pdf", "image/jpeg"),
                    setting="PEMILU_SECRETARIATS_MAX_UPLOAD_BYTES")


def today_for(election: Election, region_code: str = "") -> datetime.date:
    """Today on the clock of the region concerned (WIB/WITA/WIT, ``regions.timezones``)."""
    return timezones.local_day(region_code, None, default=election.time_zone)


def composition_for(election: Election, body: str) -> rules.Composition:
    row = CompositionRule.objects.filter(election=election, body_kind=body).first()
    return row.to_rules() if row else rules.DEFAULT_COMPOSITION[rules.BodyKind(body)]


@transaction.atomic
def do_set_composition(election: Election, body: str, *, actor: User, secretary_seats: int, staff_duties: list[str],
                       max_secretary_candidates: int, max_staff_candidates: int,
                       enforce_workplace: bool = True, window_policy: str = "warn",
                       window_days: int = 7) -> CompositionRule:
    """Composition for secretariats formed from now on (existing seats are not rewritten)."""
    ensure_can(actor, "secretariats.configure", "")
    if body not in BodyKind.values:
        raise DomainError(_("badan tidak dikenal: {b}").format(b=body))
    duties = [d.strip() for d in staff_duties if d.strip()]
    if secretary_seats < 1 or max_secretary_candidates < secretary_seats or max_staff_candidates < len(duties):
        raise DomainError(_("Jumlah calon yang boleh diusulkan harus paling sedikit sama dengan jumlah kursi."))
    row, _created = CompositionRule.objects.get_or_create(
        election=election, body_kind=body, defaults={"staff_duties": ""})
    before = snapshot(row)
    row.secretary_seats, row.staff_duties = secretary_seats, "\n".join(duties)
    row.max_secretary_candidates, row.max_staff_candidates = max_secretary_candidates, max_staff_candidates
    if window_policy not in rules.WINDOW_POLICIES:
        raise DomainError(_("kebijakan jendela pembentukan harus warn atau refuse"))
    row.enforce_workplace, row.window_policy, row.window_days = enforce_workplace, window_policy, window_days
    row.save()
    record_event("secretariats.composition_set", actor=actor, target=row, before=before, after=snapshot(row))
    return row


# --- formation -----------------------------------------------------------------------------

def _kab(code: str) -> Region:
    region = Region.objects.filter(code=code, level=2).first()
    if region is None:
        raise DomainError(_("kabupaten/kota tidak dikenal: {code}").format(code=code))
    return region


def plan_for(election: Election, kab_code: str) -> list[rules.PlannedSecretariat]:
    areas = [rules.AreaNode(r.code, r.name, r.level, r.kind)
             for r in Region.objects.filter(kab_code=kab_code, level__in=(3, 4)).only("code", "name", "level", "kind")]
    existing = frozenset((rules.BodyKind(b), str(c)) for b, c in Secretariat.objects.filter(
        election=election, kab_code=kab_code).values_list("body_kind", "region_id"))
    comps = {b: composition_for(election, b.value) for b in rules.BodyKind}
    return rules.formation_plan(areas, comps, existing)


@dataclass
class FormResult:
    created: int
    existing: int
    positions: int


@transaction.atomic
def do_form_secretariats(election: Election, kab_code: str, *, actor: User) -> FormResult:
    """One secretariat per kecamatan and per desa/kelurahan of the kab/kota; idempotent (a second
    run creates nothing and records that it found everything in place)."""
    kab = _kab(kab_code)
    ensure_can(actor, "secretariats.manage", kab)
    plan = plan_for(election, kab_code)
    comps = {b: composition_for(election, b.value) for b in rules.BodyKind}
    positions = 0
    for item in plan:
        sec = Secretariat(election=election, body_kind=item.body.value, region_id=item.region_code,
                          office_name=item.office_name)
        sec.set_scope_columns(item.region_code)
        sec.save()
        rows = [Position(secretariat=sec, kind=kind.value, duty=duty, order=i)
                for i, (kind, duty) in enumerate(comps[item.body].positions(), start=1)]
        Position.objects.bulk_create(rows)
        positions += len(rows)
    existing = Secretariat.objects.filter(election=election, kab_code=kab_code).count() - len(plan)
    result = FormResult(len(plan), existing, positions)
    record_event("secretariats.formed", actor=actor, region_code=kab_code, target_type="secretariats.secretariat",
                 object_repr=f"{kab.name}", after={"election": election.code, "created": result.created,
                                                   "existing": result.existing, "positions": positions})
    return result


@transaction.atomic
def do_update_office(secretariat: Secretariat, *, actor: User, office_name: str, address: str, phone: str,
                     email: str) -> Secretariat:
    ensure_can(actor, "secretariats.manage", secretariat)
    if not office_name.strip():
        raise DomainError(_("Nama kantor wajib diisi."))
    before = snapshot(secretariat, ["office_name", "address", "phone", "email"])
    secretariat.office_name, secretariat.address = office_name.strip(), address.strip()
    secretariat.phone, secretariat.email = phone.strip(), email.strip()
    for field, value, limit in (("office_name", office_name, NAME_MAX), ("address", address, SHORT_TEXT_MAX)):
        check_text(value, field=field, max_length=limit)
    if (problem := phone_problem(phone, field="phone")) is not None:
        raise BoundError("phone", problem)
    try:
        secretariat.full_clean(exclude=["region", "election"])
    except ValidationError as exc:  # e.g. email=a@b.c: a 400 naming the field, never a 500
        field = next(iter(exc.message_dict), "")
        raise BoundError(field, "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
                         ) from None
    secretariat.save()
    record_event("secretariats.office_updated", actor=actor, region_code=secretariat.region_id, target=secretariat,
                 before=before, after=snapshot(secretariat, ["office_name", "address", "phone", "email"]))
    return secretariat


# --- who may serve -------------------------------------------------------------------------

def other_assignment(election: Election, employee: AsnEmployee, *, exclude: Secretariat | None = None
                     ) -> Assignment | None:
    qs = Assignment.objects.active().filter(election=election, employee=employee).select_related(
        "secretariat__region")
    if exclude is not None:
        qs = qs.exclude(secretariat=exclude)
    return qs.first()


def checks_for(secretariat: Secretariat, employee: AsnEmployee) -> list[rules.Check]:
    """Every rule for this person in this secretariat, with its explanation (shown on the page)."""
    comp = composition_for(secretariat.election, secretariat.body_kind)
    checks = [rules.workplace_check(rules.BodyKind(secretariat.body_kind), secretariat.region_id,
                                    employee.region_id, active=employee.is_active)]
    if not comp.enforce_workplace and not checks[0].ok:
        checks[0] = rules.Check("workplace", True, _("Pemeriksaan tempat kerja dimatikan untuk pemilu ini."))
    other = other_assignment(secretariat.election, employee, exclude=secretariat)
    if other is None:
        checks.append(rules.Check("one_secretariat", True, _("Tidak bertugas di sekretariat lain.")))
    else:
        checks.append(rules.Check("one_secretariat", False, _("Sudah bertugas di {sec} sejak {d}.").format(
            sec=other.secretariat, d=other.started_on.strftime("%d-%m-%Y"))))
    return checks


def _ensure_checks(secretariat: Secretariat, employee: AsnEmployee) -> None:
    failed = [c for c in checks_for(secretariat, employee) if not c.ok]
    if failed:
        raise DomainError(f"{employee.name}: " + " ".join(str(c.message) for c in failed))


# --- proposals and the keputusan -----------------------------------------------------------

@transaction.atomic
def do_propose(secretariat: Secretariat, kind: str, employee: AsnEmployee, *, actor: User,
               proposed_on: datetime.date | None = None, letter_number: str = "") -> StaffCandidate:
    ensure_can(actor, "secretariats.manage", secretariat)
    sec = Secretariat.objects.select_for_update().get(pk=secretariat.pk)
    if kind not in PositionKind.values:
        raise DomainError(_("jabatan tidak dikenal: {k}").format(k=kind))
    if not AsnEmployee.objects.filter(pk=employee.pk).exists():
        raise DomainError(_("pegawai tidak ada di register ASN"))
    if sec.candidates.filter(employee=employee, status=CandidateStatus.PROPOSED).exists():
        raise ConflictError(_("{name} sudah diusulkan untuk sekretariat ini.").format(name=employee.name))
    comp = composition_for(sec.election, sec.body_kind)
    open_n = sec.candidates.filter(kind=kind, status=CandidateStatus.PROPOSED).count()
    limit = rules.proposal_check(comp, rules.PositionKind(kind), open_n)
    if not limit.ok:
        raise ConflictError(str(limit.message))
    _ensure_checks(sec, employee)
    candidate = StaffCandidate.objects.create(secretariat=sec, kind=kind, employee=employee,
                                         proposed_on=proposed_on or today_for(sec.election, sec.region_id),
                                         letter_number=letter_number.strip(), created_by=actor)
    record_event("secretariats.candidate_proposed", actor=actor, region_code=sec.region_id, target=candidate,
                 after={"kind": kind, "employee": employee.nip or employee.name,
                        "proposed_on": candidate.proposed_on.isoformat(), "letter_number": candidate.letter_number})
    return candidate


@transaction.atomic
def do_withdraw(candidate: StaffCandidate, *, actor: User, reason: str) -> StaffCandidate:
    ensure_can(actor, "secretariats.manage", candidate.secretariat)
    candidate = StaffCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PROPOSED:
        raise ConflictError(_("Hanya calon yang masih diusulkan dapat ditarik."))
    if not reason.strip():
        raise DomainError(_("Alasan wajib diisi."))
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.save(update_fields=["status"])
    record_event("secretariats.candidate_withdrawn", actor=actor, region_code=candidate.secretariat.region_id,
                 target=candidate, reason=reason.strip(), after={"status": candidate.status})
    return candidate


@transaction.atomic
def do_forward(secretariat: Secretariat, *, actor: User, on: datetime.date | None = None) -> int:
    """PPS only: KPU Kab/Kota forwards the open proposal to the lurah/kepala desa."""
    ensure_can(actor, "secretariats.manage", secretariat)
    if secretariat.body_kind != BodyKind.PPS:
        raise DomainError(_("Usulan sekretariat PPK diajukan langsung kepada bupati/wali kota; tidak diteruskan."))
    day = on or today_for(secretariat.election, secretariat.region_id)
    n = secretariat.candidates.filter(status=CandidateStatus.PROPOSED, forwarded_on__isnull=True).update(
        forwarded_on=day)
    if n == 0:
        raise ConflictError(_("Tidak ada usulan yang belum diteruskan."))
    record_event("secretariats.proposal_forwarded", actor=actor, region_code=secretariat.region_id,
                 target=secretariat, after={"candidates": n, "forwarded_on": day.isoformat()})
    return n


def vacant_positions(secretariat: Secretariat) -> list[Position]:
    taken = set(Assignment.objects.active().filter(secretariat=secretariat).values_list("position_id", flat=True))
    return [p for p in secretariat.positions.order_by("order") if p.pk not in taken]


def window_check(sec: Secretariat, on: datetime.date) -> rules.Check:
    comp = composition_for(sec.election, sec.body_kind)
    return rules.formation_window_check(rules.BodyKind(sec.body_kind), queries.pps_oath_date(sec), on,
                                        comp.window_days)


def window_warning_for(sec: Secretariat, on: datetime.date) -> str:
    """'' inside the PPS formation window; the reason outside it (policy warn), or refuse."""
    check = window_check(sec, on)
    if check.ok:
        return ""
    if composition_for(sec.election, sec.body_kind).window_policy == "refuse":
        raise ConflictError(str(check.message))
    return str(check.message)


def _check_decision(number: str, date: datetime.date | None, issued_by: str | None = None) -> None:
    if not number.strip():
        raise DomainError(_("Nomor keputusan wajib diisi."))
    if date is None:
        raise DomainError(_("Tanggal keputusan wajib diisi."))
    if issued_by is not None and not issued_by.strip():
        raise DomainError(_("Pejabat yang menetapkan wajib diisi."))


def assign(sec: Secretariat, position: Position, employee: AsnEmployee, keputusan: Decision,
            candidate: StaffCandidate | None) -> Assignment:
    return Assignment.objects.create(position=position, secretariat=sec, election=sec.election, employee=employee,
                                     candidate=candidate, keputusan=keputusan, started_on=keputusan.date)


def default_issuer(sec: Secretariat) -> str:
    if sec.body_kind == BodyKind.PPK:
        return _("Bupati/Wali Kota")
    return _("Lurah {name}").format(name=sec.region.name) if sec.region.kind == "kelurahan" else _(
        "Kepala Desa {name}").format(name=sec.region.name)


@transaction.atomic
def do_pick(secretariat: Secretariat, candidate_ids: list[int], *, actor: User, number: str,
            date: datetime.date | None, issued_by: str = "") -> Decision:
    """Record the keputusan picking candidates into the vacant seats (1 + 2 by default)."""
    ensure_can(actor, "secretariats.manage", secretariat)
    sec = Secretariat.objects.select_for_update().select_related("election", "region").get(pk=secretariat.pk)
    _check_decision(number, date)
    assert date is not None
    candidates = list(sec.candidates.filter(pk__in=candidate_ids).select_related("employee"))
    if len(candidates) != len(set(candidate_ids)):
        raise DomainError(_("Calon tidak dikenal untuk sekretariat ini."))
    for c in candidates:
        if c.status != CandidateStatus.PROPOSED:
            raise ConflictError(_("{name} tidak lagi berstatus diusulkan.").format(name=c.employee.name))
    vacant = vacant_positions(sec)
    counts = {rules.PositionKind(k): sum(1 for p in vacant if p.kind == k) for k in PositionKind.values}
    check = rules.pick_check(counts, [rules.PositionKind(c.kind) for c in candidates])
    if not check.ok:
        raise ConflictError(str(check.message))
    if sec.body_kind == BodyKind.PPS and any(c.forwarded_on is None for c in candidates):
        raise ConflictError(_("Usulan PPS harus diteruskan ke lurah/kepala desa sebelum keputusan dicatat."))
    for c in candidates:
        _ensure_checks(sec, c.employee)
    warning = window_warning_for(sec, date)
    decision = Decision.objects.create(secretariat=sec, kind=DecisionKind.KEPUTUSAN, number=number.strip(), date=date,
                                       issued_by=issued_by.strip() or default_issuer(sec), created_by=actor,
                                       window_warning=warning)
    picked = []
    for c in sorted(candidates, key=lambda c: (c.kind != PositionKind.SEKRETARIS, c.pk)):
        position = next(p for p in vacant if p.kind == c.kind)
        vacant.remove(position)
        a = assign(sec, position, c.employee, decision, c)
        c.status = CandidateStatus.PICKED
        c.save(update_fields=["status"])
        picked.append({"position": position.order, "kind": c.kind, "employee": c.employee.nip or c.employee.name,
                       "assignment": a.pk})
    # Seats of a kind now full: the other open names of that kind were not picked.
    closed = 0
    for kind in PositionKind.values:
        if not any(p.kind == kind for p in vacant):
            closed += sec.candidates.filter(kind=kind, status=CandidateStatus.PROPOSED).update(
                status=CandidateStatus.NOT_PICKED)
    record_event("secretariats.picked", actor=actor, region_code=sec.region_id, target=decision,
                 after={"number": decision.number, "date": date.isoformat(), "issued_by": decision.issued_by,
                        "window_warning": warning,
                        "picked": picked, "not_picked": closed})
    return decision


@transaction.atomic
def do_set_penetapan(secretariat: Secretariat, *, actor: User, number: str, date: datetime.date | None,
                     issued_by: str = "") -> Decision:
    """KPU Kab/Kota sets (menetapkan) every active member not yet set."""
    ensure_can(actor, "secretariats.manage", secretariat)
    _check_decision(number, date)
    assert date is not None
    pending = Assignment.objects.active().select_for_update().filter(secretariat=secretariat, penetapan__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        raise ConflictError(_("Belum ada staf terpilih yang menunggu penetapan."))
    kab = Region.objects.filter(code=rules.kab_of(secretariat.region_id)).first()
    warning = window_warning_for(secretariat, date)
    decision = Decision.objects.create(secretariat=secretariat, kind=DecisionKind.PENETAPAN, number=number.strip(),
                                       date=date, created_by=actor, window_warning=warning,
                                       issued_by=issued_by.strip()
                                       or _("KPU {kab}").format(kab=kab.name if kab else ""))
    Assignment.objects.filter(pk__in=ids).update(penetapan=decision)
    record_event("secretariats.penetapan_set", actor=actor, region_code=secretariat.region_id, target=decision,
                 after={"number": decision.number, "date": date.isoformat(), "assignments": ids,
                        "window_warning": warning})
    # Each person set gets an account and the secretariat role (issue 20 item 2).
    staff_access.give(Assignment.objects.filter(pk__in=ids).select_related("employee", "secretariat__election")
                      .order_by("pk"), actor=actor,
                      reason=_("penetapan staf sekretariat ({number})").format(number=decision.number))
    return decision


# --- documents -----------------------------------------------------------------------------

def _document(sec: Secretariat, kind: str, upload: tuple[str, bytes], actor: User) -> Document:
    checked = DOCUMENTS.check(*upload)
    doc = Document(secretariat=sec, kind=kind, uploaded_by=actor)
    doc.set_content(DOCUMENTS, checked)  # removed again if the transaction rolls back
    doc.save()
    return doc


@transaction.atomic
def do_upload_document(secretariat: Secretariat, kind: str, upload: tuple[str, bytes], *, actor: User) -> Document:
    ensure_can(actor, "secretariats.manage", secretariat)
    if kind not in DocumentKind.values:
        raise DomainError(_("jenis dokumen tidak dikenal: {k}").format(k=kind))
    doc = _document(secretariat, kind, upload, actor)
    record_event("secretariats.document_uploaded", actor=actor, region_code=secretariat.region_id, target=doc,
                 after={"kind": kind, "name": doc.original_name, "sha256": doc.sha256, "size": doc.size})
    return doc


@transaction.atomic
def do_record_pakta(assignment: Assignment, *, actor: User, signed_on: datetime.date | None,
                    document: tuple[str, bytes] | None = None) -> Assignment:
    ensure_can(actor, "secretariats.manage", assignment.secretariat)
    a = Assignment.objects.select_for_update().select_related("secretariat").get(pk=assignment.pk)
    if a.ended_on is not None:
        raise ConflictError(_("Penugasan sudah berakhir."))
    if signed_on is None:
        raise DomainError(_("Tanggal penandatanganan wajib diisi."))
    if a.penetapan_id is None:
        raise ConflictError(_("Pakta integritas ditandatangani setelah penetapan KPU Kabupaten/Kota."))
    doc = _document(a.secretariat, DocumentKind.PAKTA, document, actor) if document else None
    a.pakta_signed_on = signed_on
    if doc:
        a.pakta_document = doc
    a.save(update_fields=["pakta_signed_on", "pakta_document"])
    record_event("secretariats.pakta_recorded", actor=actor, region_code=a.secretariat.region_id, target=a,
                 after={"signed_on": signed_on.isoformat(), "document_sha256": doc.sha256 if doc else ""})
    return a


@transaction.atomic
def do_remove(assignment: Assignment, *, actor: User, reason: str, on: datetime.date | None,
              note: str = "") -> Assignment:
    """End a seat holder's assignment (the row stays as history); the seat becomes vacant."""
    ensure_can(actor, "secretariats.manage", assignment.secretariat)
    a = Assignment.objects.select_for_update().select_related("secretariat", "employee").get(pk=assignment.pk)
    if a.ended_on is not None:
        raise ConflictError(_("Penugasan sudah berakhir."))
    if reason not in EndReason.values:
        raise DomainError(_("Alasan pemberhentian: meninggal dunia, berhalangan tetap, atau hasil evaluasi PPK."))
    if on is None:
        raise DomainError(_("Tanggal berakhir wajib diisi."))
    if on < a.started_on:
        raise DomainError(_("Tanggal berakhir sebelum tanggal mulai ({d}).").format(
            d=a.started_on.strftime("%d-%m-%Y")))
    if reason == EndReason.PPK_EVALUATION and not note.strip():
        raise DomainError(_("Evaluasi PPK: sebutkan dasar evaluasinya (mis. pelanggaran sumpah/kode etik, "
                            "tidak melaksanakan tugas)."))
    a.ended_on, a.end_reason, a.end_note = on, reason, note.strip()
    a.save(update_fields=["ended_on", "end_reason", "end_note"])
    staff_access.take(a, actor=actor, reason=_("pemberhentian staf sekretariat"))  # the role ends at once
    record_event("secretariats.removed", actor=actor, region_code=a.secretariat.region_id, target=a, reason=reason,
                 after={"employee": a.employee.nip or a.employee.name, "ended_on": on.isoformat(), "note": a.end_note})
    return a


def body_for_code(code: str) -> str:
    body = rules.body_of_level(level_of(code))
    if body is None:
        raise DomainError(_("kode {code} bukan kecamatan atau desa/kelurahan").format(code=code))
    return body.value
