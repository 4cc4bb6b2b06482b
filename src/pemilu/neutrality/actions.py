"""State changes of neutrality: intake and the case workflow (pledges and
socialisation events: ``outreach.py``).

Every action checks permission first, changes state, and records an audit event in the same
transaction. Public intake has no permission to check: it acts as the named system user
``system:public-intake`` so the audit trail still names an actor.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.asn.models import AsnEmployee
from pemilu.asn.rules import normalise_nip
from pemilu.audit.events import record_event, snapshot
from pemilu.core.bounds import (
    LONG_TEXT_MAX,
    NAME_MAX,
    SHORT_TEXT_MAX,
    is_ascii_digits,
    text_problem,
)
from pemilu.core.exceptions import Blocker, ConflictError, DomainError, NotFoundError, TransitionBlocked
from pemilu.elections.models import Election
from pemilu.elections.queries import current
from pemilu.neutrality import rules, sanctions
from pemilu.neutrality.intake import FindingIn, IntakeIn, ReportIn
from pemilu.neutrality.models import (
    Case,
    CaseDecision,
    CaseRules,
    CaseStatus,
    Category,
    Evidence,
    Holiday,
    RejectionReason,
    Report,
)
from pemilu.neutrality.uploads import EVIDENCE, CheckedFile, UploadRejected
from pemilu.regions import timezones
from pemilu.regions.models import Region

PUBLIC_INTAKE = "system:public-intake"
DEFAULT_MAX_FILES = 5


def rules_for(election: Election) -> rules.DeadlineRules:
    """The election's deadline rules, working days skipping the national holiday calendar."""
    config = CaseRules.objects.filter(election=election).first()
    if config is None:
        return rules.DeadlineRules(holidays=Holiday.off_days())
    return config.to_rules(Holiday.off_days(joint_leave=config.joint_leave_off))


def today_for(election: Election, region_code: str = "") -> datetime.date:
    """Today on the clock of the region concerned (WIB/WITA/WIT, ``regions.timezones``): a report
    filed at 23:30 WIT is filed on that day in Jayapura, not on the next one in Jakarta."""
    return timezones.local_day(region_code, None, default=election.time_zone)


def _case_today(case: Case) -> datetime.date:
    return today_for(case.election, case.region_id)


def deadline_of(case: Case, config: rules.DeadlineRules) -> datetime.date | None:
    """The date the case's current step must be done by (None once decided or rejected)."""
    if case.status == CaseStatus.RECEIVED:
        return rules.review_deadline(case.received_on, config)
    if case.status in (CaseStatus.REGISTERED, CaseStatus.EXAMINED) and case.registered_on:
        return rules.decision_deadline(case.registered_on, config, extended=case.extended)
    return None


@transaction.atomic
def do_set_case_rules(election: Election, *, actor: User, **values: object) -> CaseRules:
    ensure_can(actor, "neutrality.configure", "")
    config, _created = CaseRules.objects.get_or_create(election=election)
    before = snapshot(config)
    for name, value in values.items():
        if name not in {f.name for f in CaseRules._meta.concrete_fields} or name in ("id", "election"):
            raise DomainError(_("aturan tidak dikenal: {name}").format(name=name))
        setattr(config, name, value)
    try:
        config.to_rules()
    except ValueError as exc:
        raise DomainError(_("aturan tidak sah: {err}").format(err=exc)) from None
    config.full_clean()
    config.save()
    record_event("neutrality.rules_set", actor=actor, target=config, before=before, after=snapshot(config))
    return config


# --- intake --------------------------------------------------------------------------------

@dataclass
class IntakeResult:
    report: Report
    tracking_code: str
    linked: bool


def employment_of(data: IntakeIn) -> str:
    """What the sender says the suspect is ("" when unknown)."""
    return data.suspect_employment.value if data.suspect_employment else ""


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


MAX_LINKS = 20


def election_of(data: IntakeIn) -> Election:
    """The intake's election by its code (``elections.queries.current``, the one way to pick it);
    an unknown or empty one is a 404: an intake never falls back to the latest election."""
    if not data.election.strip():
        raise NotFoundError(_("Pemilu tidak ditemukan."))
    return current(code=data.election)


def _validate_intake(data: ReportIn | FindingIn, today: datetime.date) -> Region:
    """The domain's checks of either intake (a finding has no reporter: it is the office's own)."""
    problems: list[str] = []
    report, known_on = (data, data.known_on) if isinstance(data, ReportIn) else (None, data.found_on)
    region = Region.objects.filter(code=data.region_code, level__gte=2).first()
    if region is None:
        problems.append(_("wilayah kejadian tidak dikenal"))
    if data.category not in Category.values:
        problems.append(_("kategori tidak dikenal"))
    if data.suspect_employment and data.suspect_employment not in sanctions.Employment.values:
        problems.append(_("jenis kepegawaian terlapor tidak dikenal"))
    if data.suspect_role and data.suspect_role not in sanctions.OrganiserRole.values:
        problems.append(_("peran terlapor tidak dikenal"))
    if not data.description.strip():
        problems.append(_("uraian kejadian wajib diisi"))
    if not data.place.strip():
        problems.append(_("tempat kejadian wajib diisi"))
    # Bounded texts: a public, anonymous form must not store megabytes (issue 17 item 8).
    for label, value, limit, multiline in (
            (_("uraian"), data.description, LONG_TEXT_MAX, True), (_("tempat"), data.place, SHORT_TEXT_MAX, False),
            (_("nama terlapor"), data.suspect_name, NAME_MAX, False),
            (_("instansi terlapor"), data.suspect_agency, NAME_MAX, False),
            (_("nama pelapor"), report.reporter_name if report else "", NAME_MAX, False),
            (_("kontak pelapor"), report.reporter_contact if report else "", NAME_MAX, False),
            (_("alamat pelapor"), report.reporter_address if report else "", SHORT_TEXT_MAX, True)):
        if (problem := text_problem(value, field=label, max_length=limit, multiline=multiline)) is not None:
            problems.append(problem)
    if len(data.links) > MAX_LINKS or any(len(link) > 2000 for link in data.links):
        problems.append(_("tautan: paling banyak {n}, masing-masing paling panjang 2000 karakter").format(n=MAX_LINKS))
    if data.event_date > today or known_on > today:
        problems.append(_("tanggal tidak boleh di masa depan"))
    if known_on < data.event_date:
        problems.append(_("tanggal diketahui tidak boleh sebelum tanggal kejadian"))
    nip = normalise_nip(data.suspect_nip)
    if nip and not is_ascii_digits(nip, 18):
        problems.append(_("NIP terlapor harus 18 digit"))
    for link in data.links:
        if not link.startswith(("http://", "https://")):
            problems.append(_("tautan harus diawali http:// atau https://: {link}").format(link=link[:80]))
    if report and not report.is_anonymous and not report.reporter_name.strip():
        problems.append(_("nama pelapor wajib diisi, atau pilih lapor tanpa nama"))
    if problems:
        raise DomainError("; ".join(problems))
    assert region is not None
    return region


def find_duplicate(election: Election, region: Region, nip: str, name_norm: str, event_date: datetime.date,
                   config: rules.DeadlineRules) -> Case | None:
    """The oldest open case about the same person (NIP or normalised name) in the same kab/kota
    with an event date inside the window; rejected cases are not matched."""
    if not nip and not name_norm:
        return None
    window = datetime.timedelta(days=config.duplicate_window_days)
    near = Case.objects.filter(election=election, kab_code=region.kab_code, event_date__gte=event_date - window,
                               event_date__lte=event_date + window).exclude(status=CaseStatus.REJECTED)
    # One indexed query per identifier (an OR across both lets the planner fall back to a scan).
    candidates: list[Case] = []
    if nip:
        candidates += near.filter(suspect_nip=nip)
    if name_norm:
        candidates += near.filter(suspect_name_norm=name_norm)
    probe = rules.Suspect(nip, name_norm, region.kab_code, event_date)
    for case in sorted(candidates, key=lambda c: c.pk):
        if rules.is_duplicate(probe, rules.Suspect(case.suspect_nip, case.suspect_name_norm, case.kab_code,
                                                   case.event_date), config.duplicate_window_days):
            return case
    return None


def submit_report(data: ReportIn, evidence: list[tuple[str, bytes]], *,
                  received_on: datetime.date | None = None) -> IntakeResult:
    """Public intake. Uploads are checked before anything is written; a report about the same
    person/event as an open case is linked to it instead of opening a new case."""
    election = election_of(data)
    max_files: int = getattr(settings, "PEMILU_NEUTRALITY_MAX_FILES", DEFAULT_MAX_FILES)
    if len(evidence) > max_files:
        raise UploadRejected(_("paling banyak {n} berkas bukti").format(n=max_files))
    checked = [EVIDENCE.check(name, raw) for name, raw in evidence]
    today = received_on or today_for(election, data.region_code)
    region = _validate_intake(data, today)
    return _write_report(data, election, region, checked, today)


@transaction.atomic
def _write_report(data: ReportIn, election: Election, region: Region, checked: list[CheckedFile],
                  today: datetime.date) -> IntakeResult:
    actor = get_system_user(PUBLIC_INTAKE)
    config = rules_for(election)
    nip = normalise_nip(data.suspect_nip)
    name_norm = rules.normalise_name(data.suspect_name)
    case = find_duplicate(election, region, nip, name_norm, data.event_date, config)
    linked = case is not None
    if case is None:
        employee = AsnEmployee.objects.filter(nip=nip).first() if nip else None
        case = Case(election=election, region=region, category=data.category.value,
                    suspect_name=data.suspect_name.strip(), suspect_name_norm=name_norm, suspect_nip=nip,
                    suspect_agency=data.suspect_agency.strip(), suspect=employee,
                    suspect_employment=employee.employment_type if employee else employment_of(data),
                    suspect_role=data.suspect_role.value if data.suspect_role else "", event_date=data.event_date,
                    known_on=data.known_on, received_on=today)
        case.set_scope_columns(region.code)
        case.save()
        record_event("neutrality.case_received", actor=actor, region_code=region.code, target=case,
                     after={"status": case.status, "category": case.category, "received_on": str(today),
                            "late": rules.is_late(case.known_on, today, config)})
    code = secrets.token_urlsafe(12).upper().replace("-", "X").replace("_", "Y")
    anonymous = data.is_anonymous
    report = Report(case=case, region=region, category=data.category.value, description=data.description.strip(),
                    suspect_name=data.suspect_name.strip(), suspect_nip=nip,
                    suspect_agency=data.suspect_agency.strip(), event_date=data.event_date, known_on=data.known_on,
                    place=data.place.strip(), links="\n".join(data.links), is_anonymous=anonymous,
                    reporter_name="" if anonymous else data.reporter_name.strip(),
                    reporter_contact="" if anonymous else data.reporter_contact.strip(),
                    reporter_address="" if anonymous else data.reporter_address.strip(),
                    tracking_hash=hash_code(code), is_duplicate=linked)
    store_report(report, checked)
    # The reporter's identity is never written to the audit trail (it is readable more widely).
    record_event("neutrality.report_linked" if linked else "neutrality.report_filed", actor=actor,
                 region_code=region.code, target=report,
                 after={"case": case.pk, "duplicate": linked, "anonymous": anonymous,
                        "evidence": [c.sha256 for c in checked]})
    return IntakeResult(report, code, linked)


def store_report(report: Report, checked: list[CheckedFile]) -> None:
    """Save an intake's report (a public report's or a finding's) with its checked evidence files;
    the files are removed again if the transaction rolls back (``core.files``)."""
    report.set_scope_columns(report.region_id)
    report.save()
    for item in checked:
        evidence = Evidence(report=report)
        evidence.set_content(EVIDENCE, item)
        evidence.save()


def find_by_tracking_code(code: str) -> Report | None:
    return Report.objects.select_related("case").filter(tracking_hash=hash_code(code)).first()


# --- the case workflow ---------------------------------------------------------------------

FIELDS = ["status", "registered_on", "rejection_reason", "examined_on", "extended", "decided_on", "decision",
          "breach", "referred_on", "referred_to", "outcome_on", "sanction_track", "sanction_level", "sanction_type",
          "suspect_employment", "suspect_role", "last_note"]


def _transition(case: Case, *, actor: User, allowed: tuple[str, ...], event: str, reason: str = "",
                **changes: object) -> Case:
    ensure_can(actor, "neutrality.handle", case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status not in allowed:
        raise ConflictError(_("Kasus berstatus {status}; tindakan ini tidak tersedia.").format(
            status=locked.get_status_display()))
    before = snapshot(locked, FIELDS)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save()
    record_event(event, actor=actor, region_code=locked.region_id, target=locked, before=before,
                 after=snapshot(locked, FIELDS), reason=reason)
    return locked


@transaction.atomic
def do_register_case(case: Case, *, actor: User, note: str = "", on: datetime.date | None = None) -> Case:
    """Kajian awal passed: register. A late report cannot be registered (UU 7/2017 Pasal 454 ayat (6);
    Perbawaslu 7/2022 Pasal 8)."""
    ensure_can(actor, "neutrality.handle", case)
    config = rules_for(case.election)
    if rules.is_late(case.known_on, case.received_on, config):
        deadline = rules.report_deadline(case.known_on, config)
        raise TransitionBlocked([Blocker("late", _(
            "Laporan terlambat: diketahui {known}, batas pelaporan {deadline}, diterima {received} "
            "(UU 7/2017 Pasal 454 ayat (6)). Tolak dengan alasan terlambat.").format(
                known=case.known_on.isoformat(), deadline=deadline.isoformat(),
                received=case.received_on.isoformat()))])
    return _transition(case, actor=actor, allowed=(CaseStatus.RECEIVED,), event="neutrality.case_registered",
                       status=CaseStatus.REGISTERED, registered_on=on or _case_today(case), last_note=note)


@transaction.atomic
def do_reject_case(case: Case, reason: str, *, actor: User, note: str = "") -> Case:
    if reason not in RejectionReason.values:
        raise DomainError(_("alasan penolakan tidak dikenal"))
    return _transition(case, actor=actor, allowed=(CaseStatus.RECEIVED,), event="neutrality.case_rejected",
                       reason=reason, status=CaseStatus.REJECTED, rejection_reason=reason, last_note=note)


@transaction.atomic
def do_examine_case(case: Case, *, actor: User, note: str = "", on: datetime.date | None = None) -> Case:
    return _transition(case, actor=actor, allowed=(CaseStatus.REGISTERED,), event="neutrality.case_examined",
                       status=CaseStatus.EXAMINED, examined_on=on or _case_today(case), last_note=note)


@transaction.atomic
def do_extend_case(case: Case, *, actor: User, reason: str) -> Case:
    """More information needed: the decision deadline moves (UU 7/2017 Pasal 454(8))."""
    if not reason.strip():
        raise DomainError(_("alasan perpanjangan wajib diisi"))
    if case.extended:
        raise ConflictError(_("Batas waktu kasus ini sudah diperpanjang."))
    return _transition(case, actor=actor, allowed=(CaseStatus.REGISTERED, CaseStatus.EXAMINED),
                       event="neutrality.case_extended", reason=reason, extended=True, last_note=reason)


@transaction.atomic
def do_set_suspect(case: Case, *, actor: User, employment: str, role: str = "", note: str = "") -> Case:
    """Record who the suspect is for sanctioning: employment type (PNS, PPPK, non-ASN, none) and
    whether an election organiser. A suspect linked to the ASN register keeps the register's type."""
    if employment not in sanctions.Employment.values:
        raise DomainError(_("jenis kepegawaian terlapor tidak dikenal: {v}").format(v=employment))
    if role not in sanctions.OrganiserRole.values:
        raise DomainError(_("peran terlapor tidak dikenal: {v}").format(v=role))
    ensure_can(actor, "neutrality.handle", case)
    if case.suspect_id is not None:
        employee = AsnEmployee.objects.get(pk=case.suspect_id)
        if employee.employment_type != employment:
            raise DomainError(_("Register ASN mencatat {name} sebagai {etype}; ubah register bila keliru.").format(
                name=employee.name, etype=employee.get_employment_type_display()))
    return _transition(case, actor=actor, allowed=(CaseStatus.RECEIVED, CaseStatus.REGISTERED, CaseStatus.EXAMINED,
                                                   CaseStatus.DECIDED, CaseStatus.REFERRED),
                       event="neutrality.suspect_set", reason=note, suspect_employment=employment,
                       suspect_role=role, last_note=note or case.last_note)


@transaction.atomic
def do_decide_case(case: Case, decision: str, *, actor: User, note: str = "", breach: str = "",
                   on: datetime.date | None = None) -> Case:
    """Decide; a proven case records which breach was proven (it sets the sanction levels)."""
    if decision not in CaseDecision.values:
        raise DomainError(_("putusan tidak dikenal"))
    if breach and breach not in sanctions.Breach.values:
        raise DomainError(_("jenis pelanggaran tidak dikenal: {v}").format(v=breach))
    return _transition(case, actor=actor, allowed=(CaseStatus.EXAMINED,), event="neutrality.case_decided",
                       status=CaseStatus.DECIDED, decision=decision, decided_on=on or _case_today(case),
                       breach=breach if decision == CaseDecision.PROVEN else "", last_note=note)


@transaction.atomic
def do_refer_case(case: Case, referred_to: str, *, actor: User, note: str = "",
                  on: datetime.date | None = None) -> Case:
    """Send a proven case on: ASN to BKN and the employing official, non-ASN staff to their
    employer, organisers to DKPP, ad hoc members to KPU (rules.referral_routes). KASN is refused:
    dissolved by UU 20/2023."""
    if referred_to not in sanctions.Destination.values:
        raise DomainError(_("tujuan penerusan tidak dikenal"))
    ensure_can(actor, "neutrality.handle", case)
    if case.decision != CaseDecision.PROVEN:
        raise TransitionBlocked([Blocker("not_proven", _("Hanya kasus yang terbukti yang diteruskan."))])
    refusal = rules.check_referral(case.suspect_employment, case.suspect_role, referred_to)
    if refusal is not None:
        raise TransitionBlocked([Blocker(refusal.code, str(refusal))])
    return _transition(case, actor=actor, allowed=(CaseStatus.DECIDED,), event="neutrality.case_referred",
                       status=CaseStatus.REFERRED, referred_to=referred_to, referred_on=on or _case_today(case),
                       last_note=note)


@transaction.atomic
def do_record_outcome(case: Case, *, actor: User, sanction_level: str = "", sanction_type: str = "", note: str = "",
                      track: str = sanctions.Track.DISCIPLINE, breach: str = "",
                      on: datetime.date | None = None) -> Case:
    """The sanctioning body's outcome, or a note without one. A sanction must fit the suspect's
    employment (PNS: PP 94/2021; PPPK: PP 49/2018; ethics: PP 42/2004; non-ASN: none) and the levels
    the proven breach carries (rules.check_sanction, the table in sanctions.py)."""
    ensure_can(actor, "neutrality.handle", case)
    breach = breach or case.breach
    if breach and breach not in sanctions.Breach.values:
        raise DomainError(_("jenis pelanggaran tidak dikenal: {v}").format(v=breach))
    if sanction_level or sanction_type:
        refusal = rules.check_sanction(case.suspect_employment, track, breach, sanction_level, sanction_type)
        if refusal is not None:
            raise TransitionBlocked([Blocker(refusal.code, str(refusal))])
    elif not note.strip():
        raise DomainError(_("isi jenis sanksi atau catatan hasil"))
    return _transition(case, actor=actor, allowed=(CaseStatus.REFERRED,), event="neutrality.outcome_recorded",
                       status=CaseStatus.CLOSED, sanction_track=track if sanction_type else "", breach=breach,
                       sanction_level=sanction_level, sanction_type=sanction_type,
                       outcome_on=on or _case_today(case), last_note=note)
