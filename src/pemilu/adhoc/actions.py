"""State changes of adhoc: configuration, the recruitment pipeline, imports, uploads, PAW.

Every action checks permission first, changes state, and records an audit event in the same
transaction. Audit rows carry masked NIKs only: the trail is readable by observers, the identity
data is not.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.permissions import can, ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.models import (
    AdminResult,
    Announcement,
    Applicant,
    ApplicantDocument,
    ApplicantStatus,
    Area,
    AreaExtension,
    BodyRules,
    CommentStatus,
    DocumentState,
    EligibilityRule,
    ExtensionKind,
    LeaveReason,
    Outcome,
    PartyMembership,
    PublicComment,
    Recruitment,
    Replacement,
    Revote,
    Selection,
    ServiceRecord,
    Source,
    Status,
    Step,
    WorkExtension,
)
from pemilu.audit.chain import canonical as canonical_json
from pemilu.audit.events import appended_at_end, record_event, snapshot
from pemilu.core.bounds import (
    LONG_TEXT_MAX,
    NAME_MAX,
    SHORT_TEXT_MAX,
    BoundError,
    check_text,
    int_problem,
    is_ascii_digits,
    phone_problem,
    text_problem,
)
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    RowError,
    TransitionBlocked,
)
from pemilu.core.jobs import enqueue_on_commit
from pemilu.core.levels import dotted_from_flat, is_valid_code
from pemilu.core.matching import foreign
from pemilu.core.tabular import parse_int, read_table
from pemilu.elections.models import Election
from pemilu.neutrality.actions import UploadRejected, check_upload
from pemilu.regions.models import Region, Tps

ALLOWED_UPLOADS = ("application/pdf", "image/jpeg")
EXT = {"application/pdf": "pdf", "image/jpeg": "jpg"}


# --- configuration -------------------------------------------------------------------------

@transaction.atomic
def do_set_body_rules(election: Election, body: str, *, actor: Any, **values: Any) -> BodyRules:
    ensure_can(actor, "adhoc.configure", "")
    config = queries.body_rules(election, body)
    before = snapshot(config) if config.pk else None
    for name, value in values.items():
        if name not in {f.name for f in BodyRules._meta.concrete_fields} or name in ("id", "election", "body"):
            raise DomainError(_("aturan tidak dikenal: {name}").format(name=name))
        setattr(config, name, value)
    try:
        config.chain  # noqa: B018 (validates the tie-break chain)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    if config.seats < 1 or config.min_registrants_factor < 1:
        raise DomainError(_("jumlah anggota dan faktor minimal pendaftar paling sedikit 1"))
    config.save()
    record_event("adhoc.rules_set", actor=actor, target=config, before=before, after=snapshot(config))
    return config


@transaction.atomic
def do_set_eligibility_rule(election: Election, body: str, kind: str, *, actor: Any,
                            params: dict[str, Any] | None = None, enabled: bool | None = None,
                            citation: str | None = None, name: str | None = None) -> EligibilityRule:
    """Change one rule's parameters (e.g. a later amendment's age limit) without a code change."""
    ensure_can(actor, "adhoc.configure", "")
    rows = queries.eligibility_rules(election, body)
    if not rows[0].pk:  # first change: store the whole default set so the rest stays visible
        for r in rows:
            r.save()
    rule = next((r for r in rows if r.kind == kind), None)
    if rule is None:
        raise NotFoundError(_("syarat tidak dikenal: {kind}").format(kind=kind))
    before = snapshot(rule)
    if params is not None:
        rule.params = {**rule.params, **params}
    if enabled is not None:
        rule.enabled = enabled
    if citation:
        rule.citation = citation
    if name:
        rule.name = name
    _check_params(rule)
    rule.save()
    record_event("adhoc.eligibility_rule_set", actor=actor, target=rule, before=before, after=snapshot(rule))
    return rule


def _check_params(rule: EligibilityRule) -> None:
    p = rule.params
    try:
        for key in ("years", "min", "level", "max_periods"):
            if key in p:
                int(p[key])
        if "reference" in p and p["reference"] not in ("voting_day", "registration_end"):
            datetime.date.fromisoformat(str(p["reference"]))
    except (TypeError, ValueError):
        raise DomainError(_("parameter syarat tidak sah: {p}").format(p=p)) from None


# --- formation plan and recruitment ------------------------------------------------------

@transaction.atomic
def do_create_recruitment(election: Election, body: str, region_code: str, *, actor: Any) -> Recruitment:
    """Create the recruitment of one body in one kab/kota with one Area per body to form."""
    region = Region.objects.filter(code=region_code, level=2).first()
    if region is None:
        raise NotFoundError(_("kabupaten/kota tidak dikenal: {code}").format(code=region_code))
    ensure_can(actor, "adhoc.manage", region_code)
    if Recruitment.objects.filter(election=election, body=body, region=region).exists():
        raise ConflictError(_("rekrutmen {body} untuk {region} sudah ada").format(body=body.upper(), region=region))
    config = queries.body_rules(election, body)
    rec = Recruitment(election=election, body=body, region=region)
    rec.set_scope_columns(region_code)
    work = queries.stage_window(election, rules.WORK_STAGE[rules.Body(body)], region_code)
    rec.work_start, rec.work_end = work
    rec.save()
    areas: list[Area] = []
    if body == rules.Body.KPPS:
        for t in Tps.objects.filter(kab_code=region_code).select_related("village").order_by("code"):
            a = Area(recruitment=rec, code=t.code, name=f"TPS {t.number:03d} {t.village.name}", seats=config.seats)
            a.set_scope_columns(t.desa_code)
            areas.append(a)
    else:
        level = rules.AREA_LEVEL[rules.Body(body)]
        for r in Region.objects.filter(kab_code=region_code, level=level).order_by("code"):
            a = Area(recruitment=rec, code=r.code, name=r.name, seats=config.seats)
            a.set_scope_columns(r.code)
            areas.append(a)
    Area.objects.bulk_create(areas, batch_size=2000)
    record_event("adhoc.recruitment_created", actor=actor, region_code=region_code, target=rec,
                 after={**snapshot(rec), "areas": len(areas), "seats": config.seats})
    return rec


def _fresh(rec: Recruitment) -> Recruitment:
    """Re-read the recruitment: callers may hold a copy from before the last step."""
    return Recruitment.objects.select_related("election", "region").get(pk=rec.pk)


def _lock(rec: Recruitment) -> Recruitment:
    return Recruitment.objects.select_for_update().get(pk=rec.pk)


def _transition(rec: Recruitment, expected: str, to: str, blockers: list[Blocker]) -> None:
    if rec.status != expected:
        raise ConflictError(_("rekrutmen sedang pada tahap {now}, bukan {need}").format(
            now=rec.get_status_display(), need=Status(expected).label))
    if blockers:
        raise TransitionBlocked(blockers)
    rec.status = to


@transaction.atomic
def do_open_registration(rec: Recruitment, *, actor: Any, start: datetime.date | None = None,
                         end: datetime.date | None = None) -> Recruitment:
    """Open registration; the window defaults to the schedule's pendaftaran-<body> stage."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    stage = queries.stage_window(rec.election, rules.REGISTRATION_STAGE[rules.Body(rec.body)], rec.region_id)
    start, end = start or stage[0], end or stage[1]
    blockers = queries.blockers(rec, Status.REGISTRATION)
    if start is None or end is None:
        blockers.append(Blocker("no_window", _("jadwal pendaftaran belum ditetapkan")))
    elif end < start:
        blockers.append(Blocker("window", _("tanggal selesai sebelum tanggal mulai")))
    before = snapshot(rec)
    _transition(rec, Status.DRAFT, Status.REGISTRATION, blockers)
    rec.registration_start, rec.registration_end = start, end
    rec.save()
    rec.areas.update(registration_end=end)
    record_event("adhoc.registration_opened", actor=actor, region_code=rec.region_id, target=rec, before=before,
                 after={**snapshot(rec), "schedule_window": [str(d) if d else None for d in stage]})
    return rec


# --- registration ---------------------------------------------------------------------------

@dataclass
class ApplicantData:
    area_code: str
    nik: str
    name: str
    gender: str
    birth_date: datetime.date
    domicile_code: str
    education: int
    birth_place: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    is_citizen: bool = True
    sentence_years: int | None = None
    spouse_nik: str = ""
    health: str = ""


def _validate(data: ApplicantData) -> list[tuple[str, str]]:
    """Problems as (column, message); empty when the data is acceptable."""
    problems: list[tuple[str, str]] = []
    if not rules.valid_nik(data.nik):
        problems.append(("nik", _("NIK harus 16 angka")))
    if not data.name.strip():
        problems.append(("nama", _("nama wajib diisi")))
    for column, value, limit in (("nama", data.name, NAME_MAX), ("tempat_lahir", data.birth_place, NAME_MAX),
                                 ("alamat", data.address, SHORT_TEXT_MAX), ("surel", data.email, 254)):
        if (problem := text_problem(value, field=column, max_length=limit)) is not None:
            problems.append((column, problem))
    if (problem := phone_problem(data.phone)) is not None:
        problems.append(("telepon", problem))
    if data.email.strip() and not _valid_email(data.email.strip()):
        problems.append(("surel", _("surel: alamat surel tidak sah")))
    today = timezone.localdate()
    if not rules.EARLIEST_BIRTH_DATE <= data.birth_date <= today:
        problems.append(("tanggal_lahir", _("tanggal lahir harus antara {lo} dan hari ini").format(
            lo=rules.EARLIEST_BIRTH_DATE.strftime("%d-%m-%Y"))))
    if (problem := int_problem(data.sentence_years, field="pidana_tahun", minimum=0,
                               maximum=rules.MAX_SENTENCE_YEARS)) is not None:
        problems.append(("pidana_tahun", problem))
    if data.gender not in ("L", "P"):
        problems.append(("jenis_kelamin", _("jenis kelamin harus L atau P")))
    if not is_valid_code(data.domicile_code, 4):
        problems.append(("domisili", _("kode desa/kelurahan domisili tidak sah")))
    if data.education not in {int(e) for e in rules.Education}:
        problems.append(("pendidikan", _("pendidikan tidak dikenal")))
    if data.spouse_nik and not rules.valid_nik(data.spouse_nik):
        problems.append(("nik_pasangan", _("NIK pasangan harus 16 angka")))
    if data.spouse_nik and data.spouse_nik == data.nik:
        problems.append(("nik_pasangan", _("NIK pasangan sama dengan NIK pelamar")))
    if data.health not in ("", "fit", "unfit"):
        problems.append(("sehat", _("keterangan sehat harus kosong, fit atau unfit")))
    return problems


def _valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _new_applicant(rec: Recruitment, area: Area, data: ApplicantData, source: str, user: Any) -> Applicant:
    a = Applicant(recruitment=rec, area=area, election=rec.election, body=rec.body, user=user,
                  nik=data.nik, name=data.name.strip(), gender=data.gender, birth_place=data.birth_place,
                  birth_date=data.birth_date, address=data.address, phone=data.phone, email=data.email,
                  domicile_code=data.domicile_code, is_citizen=data.is_citizen, education=data.education,
                  health=data.health, sentence_years=data.sentence_years, spouse_nik=data.spouse_nik,
                  source=source, registered_at=timezone.now())
    a.desa_code, a.kec_code, a.kab_code, a.prov_code = area.desa_code, area.kec_code, area.kab_code, area.prov_code
    return a


def _existing_application(election: Election, nik: str) -> Applicant | None:
    return (Applicant.objects.filter(election=election, nik=nik).exclude(status=ApplicantStatus.WITHDRAWN)
            .select_related("area").first())


def _audit_applicant(a: Applicant) -> dict[str, Any]:
    return {"name": a.name, "nik": a.masked_nik, "area": a.area.code, "body": a.body, "source": a.source}


def registrable_codes(actor: Any, rec: Recruitment) -> set[str] | None:
    """Area codes the actor may enter registrations for: None = every area (the KPU office);
    for a KPPS recruitment a PPS member gets the TPS of their kelurahan; empty = none."""
    if can(actor, "adhoc.register", rec):
        return None
    if rec.body != rules.Body.KPPS:
        return set()
    return {a.code for a in Area.objects.visible_to(actor).filter(recruitment=rec)
            if can(actor, "adhoc.register_kpps", a)}


def _ensure_can_register(actor: Any, rec: Recruitment, area: Area | None = None) -> None:
    if can(actor, "adhoc.register", rec):
        return
    if rec.body != rules.Body.KPPS:
        ensure_can(actor, "adhoc.register", rec)
    else:
        ensure_can(actor, "adhoc.register_kpps", area if area is not None else rec)


@transaction.atomic
def do_register(rec: Recruitment, data: ApplicantData, *, actor: Any, portal: bool = False) -> Applicant:
    """Register one applicant: from the portal (``portal=True``: the actor owns the record and the
    area's window must be open today) or by an officer entering a paper registration."""
    if portal:
        if not getattr(actor, "is_authenticated", False):
            raise NotFoundError(_("masuk terlebih dahulu"))
    elif rec.body != rules.Body.KPPS:
        ensure_can(actor, "adhoc.register", rec)
    rec = _fresh(rec)
    if rec.status != Status.REGISTRATION:
        raise ConflictError(_("pendaftaran {rec} tidak sedang dibuka").format(rec=rec))
    area = rec.areas.filter(code=data.area_code).first()
    if area is None:
        raise DomainError(_("wilayah {code} bukan bagian dari rekrutmen ini").format(code=data.area_code))
    if not portal:
        _ensure_can_register(actor, rec, area)  # a PPS member: the TPS of their kelurahan only (else 404)
    if portal:
        today = queries.today(rec.election, area.code)   # registration closes on the area's own clock
        if rec.registration_start and today < rec.registration_start:
            raise ConflictError(_("pendaftaran belum dibuka"))
        if area.registration_end and today > area.registration_end:
            raise ConflictError(_("pendaftaran untuk {area} sudah ditutup pada {day}").format(
                area=area.name, day=area.registration_end.strftime("%d-%m-%Y")))
        if Applicant.objects.filter(user=actor, election=rec.election).exclude(
                status=ApplicantStatus.WITHDRAWN).exists():
            raise ConflictError(_("akun ini sudah memiliki pendaftaran untuk pemilu ini"))
    problems = _validate(data)
    if problems:
        raise DomainError("; ".join(m for _c, m in problems))
    if (old := _existing_application(rec.election, data.nik)) is not None:
        # Where, only to whoever may see that application (its own region's office, or the
        # applicant himself); a PPS member, another kab/kota or the public learn nothing of it.
        if (not portal and not can(actor, "adhoc.register", rec)) or (
                foreign(actor, "adhoc.view", old) and old.user_id != getattr(actor, "pk", None)):
            raise ConflictError(_("NIK ini sudah terdaftar"))
        raise ConflictError(_("NIK ini sudah terdaftar sebagai pelamar {body} di {area}; satu orang hanya "
                              "boleh mendaftar pada satu badan").format(body=old.body.upper(), area=old.area.name))
    a = _new_applicant(rec, area, data, Source.PORTAL if portal else Source.OFFICER, actor if portal else None)
    try:
        with transaction.atomic():
            a.save()
    except IntegrityError:  # a concurrent registration of the same NIK won the race
        raise ConflictError(_("NIK ini sudah terdaftar")) from None
    refresh_eligibility(a)
    record_event("adhoc.applicant_registered", actor=actor, region_code=area.scope_code, target=a,
                 after=_audit_applicant(a))
    return a


IMPORT_COLUMNS = ("kode_wilayah", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "domisili", "pendidikan")
EDUCATION_NAMES = {"sd": 1, "smp": 2, "sma": 3, "smk": 3, "ma": 3, "sederajat": 3, "d1": 4, "d2": 4, "d3": 4,
                   "diploma": 4, "d4": 5, "s1": 5, "s2": 6, "s3": 7}


def _code(value: str) -> str:
    v = value.strip()
    return dotted_from_flat(v) if is_ascii_digits(v) else v


def _parse_row(row: dict[str, str]) -> tuple[ApplicantData | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    try:
        birth = datetime.date.fromisoformat(row["tanggal_lahir"])
    except ValueError:
        problems.append(("tanggal_lahir", _("tanggal lahir harus TTTT-BB-HH")))
        birth = datetime.date(1900, 1, 1)
    edu = EDUCATION_NAMES.get(row["pendidikan"].strip().lower())
    if edu is None:
        problems.append(("pendidikan", _("pendidikan tidak dikenal: {v}").format(v=row["pendidikan"])))
    sentence: int | None = None
    if row.get("pidana_tahun", "").strip():
        try:
            sentence = parse_int(row["pidana_tahun"])
        except ValueError as exc:
            problems.append(("pidana_tahun", str(exc)))
    try:
        area_code, domicile = _code(row["kode_wilayah"]), _code(row["domisili"])
    except ValueError:
        problems.append(("kode_wilayah", _("kode wilayah tidak sah")))
        area_code = domicile = ""
    data = ApplicantData(
        area_code=area_code, nik=row["nik"].strip(), name=row["nama"], gender=row["jenis_kelamin"].strip().upper(),
        birth_date=birth, domicile_code=domicile, education=edu or 0, birth_place=row.get("tempat_lahir", ""),
        address=row.get("alamat", ""), phone=row.get("telepon", ""), email=row.get("surel", ""),
        is_citizen=row.get("wni", "ya").strip().lower() not in ("tidak", "no", "0"),
        sentence_years=sentence, spouse_nik=row.get("nik_pasangan", "").strip(),
        health=row.get("sehat", "").strip().lower())
    problems += [p for p in _validate(data) if p[0] not in {q[0] for q in problems}]
    return (None if problems else data), problems


@transaction.atomic
def do_import_applicants(rec: Recruitment, raw: bytes, *, actor: Any, filename: str = "") -> int:
    """Paper registrations from XLSX/CSV: every row validated first; one bad row rejects the file.
    A PPS member (KPPS recruitment) may import rows for the TPS of their kelurahan only."""
    allowed = registrable_codes(actor, rec)
    if allowed is not None and not allowed:
        _ensure_can_register(actor, rec)
    rec = _fresh(rec)
    if rec.status != Status.REGISTRATION:
        raise ConflictError(_("pendaftaran {rec} tidak sedang dibuka").format(rec=rec))
    table = read_table(raw, filename=filename, required=IMPORT_COLUMNS)
    # Outside the PPS member's kelurahan reads as "not part of this recruitment": nothing is revealed.
    areas = {a.code: a for a in rec.areas.all() if allowed is None or a.code in allowed}
    taken = {nik: (area, desa or kec or kab) for nik, area, desa, kec, kab in Applicant.objects.filter(
        election=rec.election).exclude(status=ApplicantStatus.WITHDRAWN).values_list(
        "nik", "area__name", "desa_code", "kec_code", "kab_code")}
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    new: list[Applicant] = []
    for line, row in table:
        data, problems = _parse_row(row)
        errors += [RowError(line, msg, col) for col, msg in problems]
        if data is None:
            continue
        if data.area_code not in areas:
            errors.append(RowError(line, _("wilayah {code} bukan bagian dari rekrutmen ini").format(
                code=data.area_code), "kode_wilayah"))
            continue
        if data.nik in taken:  # where, only to the KPU office of that area (nobody else learns its data)
            area_name, scope = taken[data.nik]
            errors.append(RowError(line, _("NIK sudah terdaftar (di {area})").format(area=area_name)
                                   if allowed is None and not foreign(actor, "adhoc.view", scope)
                                   else _("NIK sudah terdaftar"), "nik"))
            continue
        if data.nik in seen:
            errors.append(RowError(line, _("NIK sama dengan baris {row}").format(row=seen[data.nik]), "nik"))
            continue
        seen[data.nik] = line
        new.append(_new_applicant(rec, areas[data.area_code], data, Source.IMPORT, None))
    if errors:
        raise ImportFailed(errors)
    Applicant.objects.bulk_create(new, batch_size=2000)
    from pemilu.adhoc import bulk

    bulk.ensure_outcomes(rec)
    bulk.evaluate_eligibility(rec)
    record_event("adhoc.applicants_imported", actor=actor, region_code=rec.region_id, target=rec,
                 after={"file": filename, "rows": len(new), "areas": sorted({a.area.code for a in new}),
                        "sha256": hashlib.sha256(raw).hexdigest()})
    return len(new)


def _store(checked: Any) -> str:
    path = f"adhoc/documents/{checked.sha256[:2]}/{checked.sha256}.{EXT[checked.content_type]}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.raw))
    return path


def can_edit_applicant(actor: Any, a: Applicant) -> bool:
    owner = a.user_id is not None and getattr(actor, "pk", None) == a.user_id
    return owner or can(actor, "adhoc.register", a)


@transaction.atomic
def do_upload_document(applicant: Applicant, kind: str, name: str, raw: bytes, *, actor: Any) -> ApplicantDocument:
    """PDF or JPEG only (recognised by content, via neutrality's check), within the election's size
    limit; stored byte for byte under its SHA-256. A new upload of the same kind replaces the old."""
    if not can_edit_applicant(actor, applicant):
        # The PPS member entering a KPPS paper registration uploads its scans (write only).
        ensure_can(actor, "adhoc.register_kpps" if applicant.body == rules.Body.KPPS else "adhoc.register",
                   applicant)
    if kind not in {d.value for d in rules.Doc}:
        raise DomainError(_("jenis dokumen tidak dikenal: {kind}").format(kind=kind))
    if _fresh(applicant.recruitment).status not in (Status.REGISTRATION, Status.VERIFICATION):
        raise ConflictError(_("dokumen hanya dapat diunggah selama pendaftaran dan penelitian administrasi"))
    limit = queries.body_rules(applicant.election, applicant.body).max_upload_bytes
    if len(raw) > limit:
        raise UploadRejected(_("{name}: berkas terlalu besar ({size} KB; batas {limit} KB)").format(
            name=name, size=len(raw) // 1024, limit=limit // 1024))
    checked = check_upload(name, raw, allowed=ALLOWED_UPLOADS)
    if checked.content_type not in ALLOWED_UPLOADS:
        raise UploadRejected(_("{name}: hanya PDF atau JPEG").format(name=name))
    doc = ApplicantDocument.objects.filter(applicant=applicant, kind=kind).first() or ApplicantDocument(
        applicant=applicant, kind=kind)
    before = {"sha256": doc.sha256} if doc.pk else None
    doc.file.name = _store(checked)
    doc.original_name, doc.content_type = checked.name, checked.content_type
    doc.size, doc.sha256 = len(raw), checked.sha256
    doc.save()
    refresh_eligibility(applicant)
    record_event("adhoc.document_uploaded", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={"kind": kind, "sha256": checked.sha256, "size": len(raw)})
    return doc


PROFILE_FIELDS = ("name", "birth_place", "address", "phone", "email", "domicile_code", "education", "health",
                  "sentence_years", "spouse_nik", "is_citizen", "gender", "birth_date")


@transaction.atomic
def do_update_profile(applicant: Applicant, *, actor: Any, **values: Any) -> Applicant:
    if not can_edit_applicant(actor, applicant):
        ensure_can(actor, "adhoc.register", applicant)
    if _fresh(applicant.recruitment).status not in (Status.REGISTRATION, Status.VERIFICATION):
        raise ConflictError(_("profil hanya dapat diubah selama pendaftaran dan penelitian administrasi"))
    # The health finding is the officer's, from the certificate; the applicant cannot set it.
    if "health" in values and not can(actor, "adhoc.register", applicant):
        values.pop("health")
    before = {k: str(getattr(applicant, k)) for k in values if k in PROFILE_FIELDS and k not in ("address", "phone")}
    for k, v in values.items():
        if k not in PROFILE_FIELDS:
            raise DomainError(_("kolom tidak dikenal: {k}").format(k=k))
        setattr(applicant, k, v)
    problems = _validate(ApplicantData(
        area_code=applicant.area.code, nik=applicant.nik, name=applicant.name, gender=applicant.gender,
        birth_date=applicant.birth_date, domicile_code=applicant.domicile_code, education=applicant.education,
        spouse_nik=applicant.spouse_nik, health=applicant.health, birth_place=applicant.birth_place,
        address=applicant.address, phone=applicant.phone, email=applicant.email,
        sentence_years=applicant.sentence_years))
    if problems:
        raise DomainError("; ".join(m for _c, m in problems))
    applicant.save()
    refresh_eligibility(applicant)
    record_event("adhoc.profile_updated", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={k: str(getattr(applicant, k)) for k in before})
    return applicant


@transaction.atomic
def do_withdraw(applicant: Applicant, *, actor: Any, reason: str) -> Applicant:
    if not can_edit_applicant(actor, applicant):
        ensure_can(actor, "adhoc.register", applicant)
    if applicant.status != ApplicantStatus.ACTIVE or applicant.selection == Selection.MEMBER:
        raise ConflictError(_("hanya pelamar aktif yang belum menjadi anggota dapat mengundurkan diri"))
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    applicant.status = ApplicantStatus.WITHDRAWN
    applicant.save(update_fields=["status"])
    record_event("adhoc.applicant_withdrawn", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before={"status": "active"}, after={"status": "withdrawn"}, reason=reason)
    return applicant


def refresh_eligibility(a: Applicant) -> rules.Summary:
    """Re-evaluate one applicant (Python path) and store the compact outcome."""
    summary = queries.explain(a)
    Outcome.objects.update_or_create(applicant_id=a.pk, defaults={
        "recruitment_id": a.recruitment_id, "area_id": a.area_id, "elig_outcome": summary.outcome.value,
        "elig_not_met": summary.not_met, "elig_evidence": summary.evidence})
    if hasattr(a, "_state") and "outcome" in a._state.fields_cache:
        del a._state.fields_cache["outcome"]  # the next read sees the stored row
    return summary


# --- minimum registrants (KPT 534/2022) ----------------------------------------------------

@transaction.atomic
def do_extend(area: Area, *, actor: Any, new_end: datetime.date, reason: str,
              kind: str = ExtensionKind.EXTEND) -> AreaExtension:
    """Extend an area's registration (or re-open it after closing) to ``new_end``, with a reason."""
    ensure_can(actor, "adhoc.manage", area)
    rec = _lock(area.recruitment)
    area = Area.objects.select_for_update().get(pk=area.pk)
    config = queries.body_rules(rec.election, rec.body)
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    if kind not in (ExtensionKind.EXTEND, ExtensionKind.REOPEN):
        raise DomainError(_("jenis perpanjangan tidak dikenal"))
    if kind == ExtensionKind.EXTEND and rec.status != Status.REGISTRATION:
        raise ConflictError(_("perpanjangan hanya selama pendaftaran; gunakan buka kembali"))
    if kind == ExtensionKind.REOPEN and rec.status not in (Status.REGISTRATION, Status.VERIFICATION):
        raise ConflictError(_("pendaftaran hanya dapat dibuka kembali sebelum pengumuman hasil administrasi"))
    if area.extensions >= config.max_extensions:
        raise ConflictError(_("{area} sudah diperpanjang {n} kali (batas {max})").format(
            area=area.name, n=area.extensions, max=config.max_extensions))
    if area.registration_end and new_end <= area.registration_end:
        raise DomainError(_("batas baru harus setelah {day}").format(day=area.registration_end.strftime("%d-%m-%Y")))
    # KPT 534/2022 point d: a further extension after the first lasts ``extension_days`` (3).
    if area.extensions >= 1 and area.registration_end and \
            (new_end - max(area.registration_end, queries.today(rec.election, area.code))).days > config.extension_days:
        raise DomainError(_("perpanjangan berikutnya paling lama {n} hari (KPT 534/2022 huruf d)").format(
            n=config.extension_days))
    count = queries.registrant_count(area)
    ext = AreaExtension.objects.create(area=area, kind=kind, previous_end=area.registration_end, new_end=new_end,
                                       reason=reason, registrants=count, actor=actor)
    area.registration_end, area.extensions = new_end, area.extensions + 1
    area.continue_below_minimum = False
    area.save(update_fields=["registration_end", "extensions", "continue_below_minimum"])
    if kind == ExtensionKind.REOPEN and rec.status == Status.VERIFICATION:
        rec.status = Status.REGISTRATION
        rec.save(update_fields=["status"])
    record_event(f"adhoc.registration_{'extended' if kind == ExtensionKind.EXTEND else 'reopened'}", actor=actor,
                 region_code=area.scope_code, target=area, reason=reason,
                 before={"registration_end": str(ext.previous_end), "registrants": count},
                 after={"registration_end": str(new_end), "extensions": area.extensions})
    return ext


@transaction.atomic
def do_continue_below_minimum(area: Area, *, actor: Any, reason: str) -> AreaExtension:
    """KPT 534/2022 point c: after an extension, ≥ 1× seats registered → the office may continue."""
    ensure_can(actor, "adhoc.manage", area)
    area = Area.objects.select_for_update().select_related("recruitment").get(pk=area.pk)
    rec = area.recruitment
    config = queries.body_rules(rec.election, rec.body)
    count = queries.registrant_count(area)
    state = rules.shortfall(count, area.seats, config.min_registrants_factor, area.extensions)
    if state != rules.Shortfall.MAY_CONTINUE:
        raise ConflictError(_("{area}: {n} pendaftar; melanjutkan hanya boleh setelah perpanjangan dengan "
                              "pendaftar paling sedikit {seats} (KPT 534/2022 huruf c)").format(
            area=area.name, n=count, seats=area.seats))
    if not reason.strip():
        raise DomainError(_("alasan wajib diisi"))
    area.continue_below_minimum = True
    area.save(update_fields=["continue_below_minimum"])
    ext = AreaExtension.objects.create(area=area, kind=ExtensionKind.CONTINUE, previous_end=area.registration_end,
                                       new_end=area.registration_end, reason=reason, registrants=count, actor=actor)
    record_event("adhoc.continue_below_minimum", actor=actor, region_code=area.scope_code, target=area,
                 reason=reason, after={"registrants": count, "seats": area.seats})
    return ext


# --- the pipeline ------------------------------------------------------------------------

@transaction.atomic
def do_close_registration(rec: Recruitment, *, actor: Any, early_reason: str = "") -> Recruitment:
    """Close registration. Before the last area's deadline this cuts applicants off: it is refused
    unless a reason is given (kept in the audit row)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, Status.VERIFICATION)
    deadline = max((d for d in rec.areas.values_list("registration_end", flat=True) if d is not None),
                   default=rec.registration_end)
    early = deadline is not None and queries.today(rec.election) <= deadline
    if deadline is not None and early and not early_reason.strip():
        blockers.append(Blocker("deadline", _("pendaftaran masih berjalan sampai {day}; menutup lebih awal "
                                              "memerlukan alasan").format(day=deadline.strftime("%d-%m-%Y"))))
    check_text(early_reason, field=_("alasan"), max_length=SHORT_TEXT_MAX)
    _transition(rec, Status.REGISTRATION, Status.VERIFICATION, blockers)
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.evaluate_eligibility(rec)
    record_event("adhoc.registration_closed", actor=actor, region_code=rec.region_id, target=rec, before=before,
                 after={**snapshot(rec), "registrants": queries.active(rec).count(), "early": early},
                 reason=early_reason.strip())
    return rec


@transaction.atomic
def do_evaluate(rec: Recruitment, *, actor: Any) -> dict[str, int]:
    """Re-run every applicant's eligibility (set-based) after a rule or list change."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _fresh(rec)
    from pemilu.adhoc import bulk

    bulk.evaluate_eligibility(rec)
    counts = dict(queries.active(rec).values_list("outcome__elig_outcome").annotate(n=Count("id")).order_by())
    record_event("adhoc.eligibility_evaluated", actor=actor, region_code=rec.region_id, target=rec, after=counts)
    return counts


@transaction.atomic
def do_verify(applicant: Applicant, *, actor: Any, result: str, reason: str = "") -> Applicant:
    """Administrative verification (penelitian administrasi): MS needs every rule met; TMS a reason."""
    ensure_can(actor, "adhoc.manage", applicant)
    if _fresh(applicant.recruitment).status != Status.VERIFICATION:
        raise ConflictError(_("penelitian administrasi hanya setelah pendaftaran ditutup"))
    if applicant.status != ApplicantStatus.ACTIVE:
        raise ConflictError(_("pelamar tidak aktif"))
    summary = refresh_eligibility(applicant)
    if result == AdminResult.MS and summary.outcome != rules.Outcome.MET:
        open_rules = [v.reason for v in summary.verdicts if v.outcome != rules.Outcome.MET]
        raise DomainError(_("belum memenuhi syarat: {r}").format(r="; ".join(open_rules)))
    if result == AdminResult.TMS and not reason.strip():
        raise DomainError(_("alasan TMS wajib diisi"))
    if result not in (AdminResult.MS, AdminResult.TMS):
        raise DomainError(_("hasil harus MS atau TMS"))
    before = {"admin_result": applicant.admin_result}
    applicant.admin_result, applicant.admin_reason = result, reason.strip()
    applicant.save(update_fields=["admin_result", "admin_reason"])
    record_event("adhoc.applicant_verified", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={"admin_result": result}, reason=reason)
    return applicant


@transaction.atomic
def do_verify_eligible(rec: Recruitment, *, actor: Any) -> int:
    """Mark every still-unverified applicant whose eligibility is fully met MS (one audit row each)."""
    ensure_can(actor, "adhoc.manage", rec)
    n = 0
    ready = queries.active(rec).filter(admin_result="", outcome__elig_outcome=rules.Outcome.MET)
    # The audit rows are appended in one go at the end: the kab/kota chain head is locked for
    # the append only, not for thousands of checks (issue 17 item 6).
    with appended_at_end():
        for a in ready.select_related("area"):
            do_verify(a, actor=actor, result=AdminResult.MS)
            n += 1
    return n


def _announce(rec: Recruitment, step: str, actor: Any, replacement: Replacement | None = None) -> Announcement:
    """Number the announcement and store the rows it lists (their digest goes into the audit row);
    the PDF is rendered after commit by a background job (issue 17 item 6: WeasyPrint laid out
    Tebing Tinggi's 7,238-row KPPS final list in 79 s while this kab/kota's chain head was locked)."""
    from pemilu.adhoc import exports, tasks

    number = f"{Announcement.objects.filter(recruitment=rec).count() + 1}/PP.04-Pu/{rec.region_id}/" \
             f"{queries.today(rec.election).year}"
    content: dict[str, Any] = {"rows": [] if replacement is not None else exports.announced_rows(rec, step)}
    if replacement is not None:
        content["replacement"] = replacement.pk
    digest = hashlib.sha256(canonical_json(content).encode()).hexdigest()
    ann = Announcement.objects.create(recruitment=rec, step=step, number=number, content=content,
                                      state=DocumentState.PENDING, created_by=actor)
    record_event("adhoc.announced", actor=actor, region_code=rec.region_id, target=ann,
                 after={"step": step, "number": number, "rows": len(content["rows"]), "content_sha256": digest})
    enqueue_on_commit(tasks.render_announcement, ann.pk)
    return ann


@transaction.atomic
def do_announce_admin(rec: Recruitment, *, actor: Any) -> Announcement:
    """Announce the administrative results (→ written test). With ``written_pass_factor = 0`` (KPPS:
    KPT 1669/2023 has no CAT) there is no written test: every MS applicant goes on to the interview."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    no_test = queries.body_rules(rec.election, rec.body).written_pass_factor == 0
    _transition(rec, Status.VERIFICATION, Status.INTERVIEW if no_test else Status.WRITTEN,
                queries.blockers(rec, Status.WRITTEN))
    rec.save(update_fields=["status"])
    if no_test:
        from pemilu.adhoc import bulk

        bulk.rank_written(rec)  # factor 0: every MS applicant passes
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "written_test": not no_test})
        return _announce(rec, Step.ADMIN, actor)


def _score(value: str | Decimal | float | int) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValueError(value) from None
    if not Decimal(0) <= d <= rules.MAX_SCORE or d != d.quantize(Decimal("0.01")):
        raise ValueError(value)
    return d


@transaction.atomic
def do_set_score(applicant: Applicant, *, actor: Any, which: str, value: str | Decimal) -> Applicant:
    ensure_can(actor, "adhoc.manage", applicant)
    need = Status.WRITTEN if which == "written" else Status.INTERVIEW
    if _fresh(applicant.recruitment).status != need:
        raise ConflictError(_("nilai ini hanya dapat diisi pada tahap {s}").format(s=Status(need).label))
    if which == "written" and applicant.admin_result != AdminResult.MS:
        raise ConflictError(_("hanya pelamar MS yang mengikuti tes tertulis"))
    if which == "interview" and not applicant.passed_written:
        raise ConflictError(_("hanya pelamar yang lulus tes tertulis yang diwawancara"))
    try:
        score = _score(value)
    except ValueError:
        raise BoundError("nilai", _("nilai tidak sah: {v} (0–{max}, paling banyak 2 desimal)").format(
            v=str(value)[:20], max=rules.MAX_SCORE)) from None
    field = f"{which}_score"
    before = {field: str(getattr(applicant, field))}
    setattr(applicant, field, score)
    applicant.save(update_fields=[field])
    record_event(f"adhoc.{which}_score_set", actor=actor, region_code=applicant.scope_code, target=applicant,
                 before=before, after={field: str(score)})
    return applicant


@transaction.atomic
def do_import_scores(rec: Recruitment, raw: bytes, *, actor: Any, which: str, filename: str = "") -> int:
    """CAT result file (or interview sheet): columns ``nik,nilai``. Atomic; errors name the row."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _fresh(rec)
    need = Status.WRITTEN if which == "written" else Status.INTERVIEW
    if rec.status != need:
        raise ConflictError(_("nilai ini hanya dapat diimpor pada tahap {s}").format(s=Status(need).label))
    table = read_table(raw, filename=filename, required=("nik", "nilai"))
    pool = queries.active(rec).filter(admin_result=AdminResult.MS)
    if which == "interview":
        pool = pool.filter(outcome__passed_written=True)
    by_nik = {a.nik: a for a in pool}
    errors: list[RowError] = []
    updates: dict[int, Decimal] = {}
    seen: dict[str, int] = {}
    for line, row in table:
        nik = row["nik"].strip()
        if nik not in by_nik:
            errors.append(RowError(line, _("NIK {nik} bukan peserta tahap ini").format(nik=rules.mask_nik(nik)), "nik"))
            continue
        if nik in seen:
            errors.append(RowError(line, _("NIK sama dengan baris {row}").format(row=seen[nik]), "nik"))
            continue
        seen[nik] = line
        try:
            updates[by_nik[nik].pk] = _score(row["nilai"])
        except ValueError:
            errors.append(RowError(line, _("nilai tidak sah: {v} (0–{max}, paling banyak 2 desimal)").format(
                v=row["nilai"][:20], max=rules.MAX_SCORE), "nilai"))
    if errors:
        raise ImportFailed(errors)
    field = f"{which}_score"
    objs = []
    for a in by_nik.values():
        if a.pk in updates:
            setattr(a, field, updates[a.pk])
            objs.append(a)
    Applicant.objects.bulk_update(objs, [field], batch_size=2000)
    record_event(f"adhoc.{which}_scores_imported", actor=actor, region_code=rec.region_id, target=rec,
                 after={"file": filename, "rows": len(objs), "sha256": hashlib.sha256(raw).hexdigest()})
    return len(objs)


@transaction.atomic
def do_announce_written(rec: Recruitment, *, actor: Any) -> Announcement:
    """Rank the written test per area; 3× seats pass, ties at the cut-off all pass (→ interview)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    _transition(rec, Status.WRITTEN, Status.INTERVIEW, queries.blockers(rec, Status.INTERVIEW))
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.rank_written(rec)
    passed = queries.active(rec).filter(outcome__passed_written=True).count()
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "passed_written": passed})
        return _announce(rec, Step.WRITTEN, actor)


@transaction.atomic
def do_announce_final(rec: Recruitment, *, actor: Any) -> Announcement:
    """Final ranking by the interview score and the configured tie-breaks (→ ranked)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    _transition(rec, Status.INTERVIEW, Status.RANKED, queries.blockers(rec, Status.RANKED))
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.rank_final(rec)
    config = queries.body_rules(rec.election, rec.body)
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "tie_breaks": config.tie_breaks,
                            "members": queries.active(rec).filter(outcome__selection=Selection.MEMBER).count()})
        return _announce(rec, Step.FINAL, actor)


@transaction.atomic
def do_appoint(rec: Recruitment, *, actor: Any, sk_number: str, sk_date: datetime.date) -> Announcement:
    """Penetapan: the decree (SK) number and date; members are those ranked within the seats."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, Status.APPOINTED)
    if not sk_number.strip():
        blockers.append(Blocker("sk", _("nomor SK wajib diisi")))
    check_text(sk_number, field=_("nomor SK"), max_length=100)
    if sk_date > queries.today(rec.election):  # a decree cannot be dated after the day it is recorded
        blockers.append(Blocker("sk_date", _("tanggal SK tidak boleh setelah hari ini")))
    _transition(rec, Status.RANKED, Status.APPOINTED, blockers)
    rec.sk_number, rec.sk_date = sk_number.strip(), sk_date
    rec.save(update_fields=["status", "sk_number", "sk_date"])
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.appointed", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after=snapshot(rec))
        return _announce(rec, Step.APPOINTMENT, actor)


@transaction.atomic
def do_inaugurate(rec: Recruitment, *, actor: Any, on: datetime.date, place: str) -> Recruitment:
    ensure_can(actor, "adhoc.manage", rec)
    rec = _lock(rec)
    before = snapshot(rec)
    blockers = queries.blockers(rec, Status.INAUGURATED)
    if not place.strip():
        blockers.append(Blocker("place", _("tempat pelantikan wajib diisi")))
    if rec.sk_date and on < rec.sk_date:
        blockers.append(Blocker("date", _("pelantikan tidak boleh sebelum tanggal SK")))
    _transition(rec, Status.APPOINTED, Status.INAUGURATED, blockers)
    rec.inaugurated_on, rec.inauguration_place = on, place.strip()
    rec.save(update_fields=["status", "inaugurated_on", "inauguration_place"])
    record_event("adhoc.inaugurated", actor=actor, region_code=rec.region_id, target=rec, before=before,
                 after=snapshot(rec))
    return rec


# --- work period extended by a re-vote -------------------------------------------------------

@transaction.atomic
def do_extend_work(rec: Recruitment, *, actor: Any, kind: str, new_end: datetime.date, reason: str,
                   area: Area | None = None) -> WorkExtension:
    """Extend the work period for a re-vote (PSU/susulan/lanjutan; UU 7/2017 Pasal 51, PKPU 8/2022
    Pasal 27): of one area (its PPK/PPS/KPPS) or of the whole recruitment. KPPS: at most one month
    past the planned end (``queries.revote_months``)."""
    ensure_can(actor, "adhoc.manage", area if area is not None else rec)
    rec = _lock(rec)
    if area is not None:
        area = Area.objects.select_for_update().get(pk=area.pk, recruitment=rec)
    if rec.status not in (Status.APPOINTED, Status.INAUGURATED):
        raise ConflictError(_("masa kerja hanya dapat diperpanjang setelah anggota ditetapkan"))
    if kind not in Revote.values:
        raise DomainError(_("jenis pemungutan suara tidak dikenal"))
    current = (area.work_end or rec.work_end) if area is not None else rec.work_end
    limit = rules.revote_end_limit(queries.planned_work_end(rec), queries.revote_months(rec.body))
    problems = rules.revote_extension_problems(current, new_end, limit, reason)
    if problems:
        raise DomainError("; ".join(problems))
    ext = WorkExtension.objects.create(recruitment=rec, area=area, kind=kind, previous_end=current, new_end=new_end,
                                       reason=reason.strip(), actor=actor)
    reset = 0
    if area is not None:
        area.work_end = new_end
        area.save(update_fields=["work_end"])
    else:
        rec.work_end = new_end
        rec.save(update_fields=["work_end"])
        # Areas extended earlier beyond the new end keep theirs; the others follow the recruitment.
        reset = rec.areas.filter(work_end__lte=new_end).update(work_end=None)
    record_event("adhoc.work_extended", actor=actor, region_code=area.scope_code if area else rec.region_id,
                 target=area if area is not None else rec, reason=reason.strip(),
                 before={"work_end": str(current) if current else None},
                 after={"work_end": str(new_end), "kind": kind, "area": area.code if area else None,
                        "limit": str(limit) if limit else None, "areas_following": reset})
    return ext


# --- replacement (PAW) -------------------------------------------------------------------

@transaction.atomic
def do_replace(member: Applicant, *, actor: Any, reason: str, detail: str, decided_on: datetime.date,
               sk_number: str = "") -> Replacement:
    """A member leaves (PKPU 8/2022 Pasal 43); the best-ranked active reserve of the area takes the seat."""
    ensure_can(actor, "adhoc.manage", member)
    member = (Applicant.objects.select_for_update(of=("self",)).select_related("area", "recruitment", "outcome")
              .get(pk=member.pk))
    if member.recruitment.status not in (Status.APPOINTED, Status.INAUGURATED):
        raise ConflictError(_("penggantian antarwaktu hanya setelah penetapan"))
    if member.selection != Selection.MEMBER or member.status != ApplicantStatus.ACTIVE:
        raise ConflictError(_("{name} bukan anggota aktif").format(name=member.name))
    if reason not in LeaveReason.values:
        raise DomainError(_("alasan berhenti tidak dikenal"))
    if not detail.strip():
        raise DomainError(_("keterangan wajib diisi"))
    check_text(detail, field=_("keterangan"), max_length=LONG_TEXT_MAX, multiline=True)
    check_text(sk_number, field=_("nomor SK PAW"), max_length=100)
    # A member can only leave after being appointed, and not on a future date.
    appointed_on = member.recruitment.sk_date
    if appointed_on is not None and decided_on < appointed_on:
        raise BoundError("decided_on", _("tanggal PAW tidak boleh sebelum tanggal SK penetapan ({day})").format(
            day=appointed_on.strftime("%d-%m-%Y")))
    if decided_on > queries.today(member.recruitment.election):
        raise BoundError("decided_on", _("tanggal PAW tidak boleh setelah hari ini"))
    incoming = queries.next_reserve(member.area)
    if incoming is not None and queries.open_comments(incoming):
        # KPT 476/2022 step 7: an open tanggapan masyarakat is resolved (with its follow-up) first.
        raise ConflictError(_("{name} ({nik}) masih memiliki tanggapan masyarakat yang belum ditindaklanjuti; "
                              "tindak lanjuti dulu sebelum ditetapkan sebagai pengganti")
                            .format(name=incoming.name, nik=incoming.masked_nik))
    member.status, member.left_reason = ApplicantStatus.LEFT, reason
    member.save(update_fields=["status", "left_reason"])
    if incoming is not None:
        Outcome.objects.filter(applicant=incoming).update(selection=Selection.MEMBER)
    rep = Replacement.objects.create(area=member.area, outgoing=member, incoming=incoming, reason=reason,
                                     detail=detail, sk_number=sk_number, decided_on=decided_on, actor=actor)
    record_event("adhoc.member_replaced", actor=actor, region_code=member.scope_code, target=rep, reason=detail,
                 before={"member": member.name, "nik": member.masked_nik, "reason": reason},
                 after={"member": incoming.name if incoming else None,
                        "final_rank": incoming.final_rank if incoming else None})
    # The PAW is announced like every other step (PDF, masked NIK).
    rep.announcement = _announce(member.recruitment, Step.REPLACEMENT, actor, replacement=rep)
    rep.save(update_fields=["announcement"])
    return rep


# --- public comments (tanggapan masyarakat, KPT 476/2022 step 7) -----------------------------

PUBLIC_COMMENTS = "system:public-comments"  # the audit actor of comments from the public (no account)


def commentable(ann: Announcement) -> list[Applicant]:
    """The candidates an announcement names (a PAW announcement: the incoming member)."""
    from pemilu.adhoc import exports

    if ann.step == Step.REPLACEMENT:
        rep = ann.replacements.select_related("incoming").first()
        return [rep.incoming] if rep is not None and rep.incoming is not None else []
    return exports.announced(ann.recruitment, ann.step)


@transaction.atomic
def submit_comment(ann: Announcement, applicant_id: int, text: str, *, sender_name: str = "",
                   sender_contact: str = "") -> PublicComment:
    """A comment from the public (no account) on a candidate named in ``ann``. Stored for the KPU
    office handling the area; the audit row keeps the candidate's masked NIK and the text's digest only."""
    text = text.strip()
    if len(text) < 10:
        raise DomainError(_("tanggapan terlalu pendek (paling sedikit 10 huruf)"))
    if len(text) > 5000:
        raise DomainError(_("tanggapan terlalu panjang (paling banyak 5000 huruf)"))
    a = next((c for c in commentable(ann) if c.pk == applicant_id), None)
    if a is None:
        raise DomainError(_("pilih calon yang tercantum dalam pengumuman ini"))
    c = PublicComment(recruitment=ann.recruitment, applicant=a, announcement=ann, text=text,
                      sender_name=sender_name.strip()[:200], sender_contact=sender_contact.strip()[:200])
    c.desa_code, c.kec_code, c.kab_code, c.prov_code = a.desa_code, a.kec_code, a.kab_code, a.prov_code
    c.save()
    record_event("adhoc.comment_received", actor=get_system_user(PUBLIC_COMMENTS), region_code=a.scope_code,
                 target=c,
                 after={"applicant": a.masked_nik, "announcement": ann.number, "length": len(text),
                        "sha256": hashlib.sha256(text.encode()).hexdigest(), "named_sender": bool(sender_name.strip())})
    return c


@transaction.atomic
def do_follow_up_comment(comment: PublicComment, *, actor: Any, follow_up: str) -> PublicComment:
    """The KPU office records what it did about a public comment (clarification, verification …)."""
    ensure_can(actor, "adhoc.pii", comment)
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    if not follow_up.strip():
        raise DomainError(_("tindak lanjut wajib diisi"))
    before = {"status": comment.status, "follow_up": comment.follow_up}
    comment.status, comment.follow_up = CommentStatus.FOLLOWED_UP, follow_up.strip()
    comment.followed_up_by, comment.followed_up_at = actor, timezone.now()
    comment.save()
    record_event("adhoc.comment_followed_up", actor=actor, region_code=comment.scope_code, target=comment,
                 before=before, after={"status": comment.status, "follow_up": comment.follow_up})
    return comment


# --- reference lists ---------------------------------------------------------------------

@transaction.atomic
def do_import_party_members(raw: bytes, *, actor: Any, filename: str = "", source: str = "") -> int:
    """Party-membership list (columns ``nik,partai`` and optional ``nama,tanggal_keluar``)."""
    ensure_can(actor, "adhoc.configure", "")
    table = read_table(raw, filename=filename, required=("nik", "partai"))
    rows: list[PartyMembership] = []
    errors: list[RowError] = []
    for line, row in table:
        nik = row["nik"].strip()
        if not rules.valid_nik(nik):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        left: datetime.date | None = None
        if row.get("tanggal_keluar", "").strip():
            try:
                left = datetime.date.fromisoformat(row["tanggal_keluar"].strip())
            except ValueError:
                errors.append(RowError(line, _("tanggal harus TTTT-BB-HH"), "tanggal_keluar"))
        if not row["partai"].strip():
            errors.append(RowError(line, _("partai wajib diisi"), "partai"))
        rows.append(PartyMembership(nik=nik, name=row.get("nama", ""), party=row["partai"].strip(), left_on=left,
                                    source=source or filename))
    if errors:
        raise ImportFailed(errors)
    PartyMembership.objects.bulk_create(rows, batch_size=5000)
    record_event("adhoc.party_list_imported", actor=actor, target_type="adhoc.partymembership",
                 after={"file": filename, "rows": len(rows), "sha256": hashlib.sha256(raw).hexdigest()})
    return len(rows)


@transaction.atomic
def do_import_service_history(raw: bytes, *, actor: Any, filename: str = "") -> int:
    """Service history (columns ``nik,badan,periode`` and optional ``kode_wilayah``)."""
    ensure_can(actor, "adhoc.configure", "")
    table = read_table(raw, filename=filename, required=("nik", "badan", "periode"))
    rows: list[ServiceRecord] = []
    errors: list[RowError] = []
    seen: set[tuple[str, str, str]] = set(ServiceRecord.objects.values_list("nik", "body", "period"))
    for line, row in table:
        nik, body, period = row["nik"].strip(), row["badan"].strip().lower(), row["periode"].strip()
        if not rules.valid_nik(nik):
            errors.append(RowError(line, _("NIK harus 16 angka"), "nik"))
        if body not in {b.value for b in rules.Body}:
            errors.append(RowError(line, _("badan harus ppk, pps atau kpps"), "badan"))
        if (nik, body, period) in seen:
            errors.append(RowError(line, _("riwayat ini sudah tercatat"), "periode"))
        seen.add((nik, body, period))
        rows.append(ServiceRecord(nik=nik, body=body, period=period, region_code=row.get("kode_wilayah", "")))
    if errors:
        raise ImportFailed(errors)
    ServiceRecord.objects.bulk_create(rows, batch_size=5000)
    record_event("adhoc.service_history_imported", actor=actor, target_type="adhoc.servicerecord",
                 after={"file": filename, "rows": len(rows), "sha256": hashlib.sha256(raw).hexdigest()})
    return len(rows)


def area_counts(rec: Recruitment) -> dict[int, int]:
    return dict(queries.active(rec).values_list("area_id").annotate(n=Count("id")).order_by())

