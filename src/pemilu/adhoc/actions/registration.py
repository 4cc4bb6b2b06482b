"""Registering applicants: one at a time (portal or officer) or a paper-registration file."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import can, ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.actions.base import fresh, refresh_eligibility
from pemilu.adhoc.models import (
    Applicant,
    ApplicantStatus,
    Area,
    Recruitment,
    RecruitmentStatus,
    Source,
)
from pemilu.audit.events import record_event
from pemilu.core import clock
from pemilu.core.bounds import (
    NAME_MAX,
    SHORT_TEXT_MAX,
    int_problem,
    is_ascii_digits,
    phone_problem,
    text_problem,
)
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
    ImportFailed,
    NotFoundError,
    RowError,
)
from pemilu.core.levels import dotted_from_flat, is_valid_code
from pemilu.core.matching import foreign
from pemilu.core.tabular import parse_int, read_table
from pemilu.elections.models import Election

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


def validate_applicant(data: ApplicantData) -> list[tuple[str, str]]:
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
    today = clock.today()
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


def _new_applicant(rec: Recruitment, area: Area, data: ApplicantData, source: str, user: User | None) -> Applicant:
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


def registrable_codes(actor: User, rec: Recruitment) -> set[str] | None:
    """Area codes the actor may enter registrations for: None = every area (the KPU office);
    for a KPPS recruitment a PPS member gets the TPS of their kelurahan; empty = none."""
    if can(actor, "adhoc.register", rec):
        return None
    if rec.body not in rules.FORMED_BY_PPS:
        return set()
    return {a.code for a in Area.objects.visible_to(actor).filter(recruitment=rec)
            if can(actor, "adhoc.register_kpps", a)}


def _ensure_can_register(actor: User, rec: Recruitment, area: Area | None = None) -> None:
    if can(actor, "adhoc.register", rec):
        return
    if rec.body not in rules.FORMED_BY_PPS:
        ensure_can(actor, "adhoc.register", rec)
    else:
        ensure_can(actor, "adhoc.register_kpps", area if area is not None else rec)


@transaction.atomic
def do_register(rec: Recruitment, data: ApplicantData, *, actor: User, portal: bool = False) -> Applicant:
    """Register one applicant: from the portal (``portal=True``: the actor owns the record and the
    area's window must be open today) or by an officer entering a paper registration."""
    if portal:
        if not getattr(actor, "is_authenticated", False):
            raise NotFoundError(_("masuk terlebih dahulu"))
    elif rec.body not in rules.FORMED_BY_PPS:
        ensure_can(actor, "adhoc.register", rec)
    rec = fresh(rec)
    if rec.status != RecruitmentStatus.REGISTRATION:
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
    problems = validate_applicant(data)
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
    problems += [p for p in validate_applicant(data) if p[0] not in {q[0] for q in problems}]
    return (None if problems else data), problems


@transaction.atomic
def do_import_applicants(rec: Recruitment, raw: bytes, *, actor: User, filename: str = "") -> int:
    """Paper registrations from XLSX/CSV: every row validated first; one bad row rejects the file.
    A PPS member (KPPS recruitment) may import rows for the TPS of their kelurahan only."""
    allowed = registrable_codes(actor, rec)
    if allowed is not None and not allowed:
        _ensure_can_register(actor, rec)
    rec = fresh(rec)
    if rec.status != RecruitmentStatus.REGISTRATION:
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
