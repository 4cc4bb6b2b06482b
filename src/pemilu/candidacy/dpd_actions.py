"""DPD support actions (issue 23 item 6): the province's DPT, bakal calon, the supporter-list import
(atomic, NIK as keyed hash + sealed), the support check, the seeded factual-verification sample and
its outcomes. Every action checks the permission and writes its audit row in its transaction."""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.candidacy import dpd_rules
from pemilu.candidacy.dpd_rules import Occupation
from pemilu.candidacy.models import (
    DpdCandidate,
    DpdProvince,
    DpdStatus,
    Office,
    SupportContest,
    SupportContestStatus,
    Supporter,
    SupportOutcome,
)
from pemilu.core.bounds import is_ascii_digits
from pemilu.core.exceptions import ConflictError, DomainError, ImportFailed, RowError
from pemilu.core.levels import Level
from pemilu.core.tabular import read_table
from pemilu.elections.models import Election
from pemilu.regions.models import Region
from pemilu.voters import crypto
from pemilu.voters.rules import is_pattern, nik_birth_part

MANAGE = "candidacy.dpd_manage"
VERIFY = "candidacy.dpd_verify"
COLUMNS = ("nik", "nama", "kode_wilayah", "tanggal_lahir", "jenis_kelamin", "status_perkawinan")


def _province_code(region: Region) -> str:
    if region.level != Level.PROVINSI:
        raise DomainError(_("Pemilihan DPD diselenggarakan per provinsi; {code} bukan provinsi")
                          .format(code=region.code))
    return region.code


@transaction.atomic
def do_set_dpd_province(election: Election, region: Region, *, dpt: int, dpt_source: str, actor: User) -> DpdProvince:
    """Record (or correct) the DPT count of a province's DPD contest, which sets the minimum support."""
    code = _province_code(region)
    ensure_can(actor, MANAGE, code)
    if dpt < 1 or not dpt_source.strip():
        raise DomainError(_("Jumlah DPT dan sumbernya wajib diisi"))
    prov, created = DpdProvince.objects.get_or_create(
        election=election, region=region, defaults={"dpt": dpt, "dpt_source": dpt_source, "prov_code": code})
    before = None if created else {"dpt": prov.dpt, "dpt_source": prov.dpt_source}
    prov.dpt, prov.dpt_source = dpt, dpt_source
    prov.set_scope_columns(code)
    prov.save()
    record_event("candidacy.dpd_province_set", actor=actor, region_code=code, target=prov, before=before,
                 after={"dpt": dpt, "dpt_source": dpt_source})
    return prov


def candidate_problems(*, name: str, nik: str, sex: str, office: str = "") -> list[tuple[str, str]]:
    """(column, message) of each malformed field of a bakal calon DPD; the import names them per row."""
    out = []
    if not name.strip() or len(name.strip()) > 200:
        out.append(("nama", _("nama wajib diisi (paling panjang 200 karakter)")))
    if not is_ascii_digits(nik.strip(), 16):
        out.append(("nik", _("NIK harus 16 digit angka 0-9")))
    if sex not in ("L", "P"):
        out.append(("jenis_kelamin", _("jenis kelamin harus L atau P")))
    if office not in Office.values:
        out.append(("jabatan", _("jabatan tidak dikenal; pilih salah satu: {values}").format(
            values=", ".join(v for v in Office.values if v))))
    return out


@transaction.atomic
def do_register_dpd_candidate(province: DpdProvince, *, name: str, nik: str, sex: str, birth_date: datetime.date,
                              office: str = "", actor: User) -> DpdCandidate:
    """Register one bakal calon DPD (the page, the API and ``pemilu candidates import --contest dpd``)."""
    code = province.region_id
    ensure_can(actor, MANAGE, code)
    nik = nik.strip()
    if candidate_problems(name=name, nik=nik, sex=sex, office=office):
        raise DomainError(_("Nama, NIK (16 digit) dan jenis kelamin (L/P) wajib diisi dengan benar"))
    digest = crypto.number_hash(nik)
    if DpdCandidate.objects.filter(province=province, nik_hash=digest).exists():
        raise ConflictError(_("NIK ini sudah terdaftar sebagai bakal calon DPD di provinsi ini"))
    cand = DpdCandidate(province=province, name=name.strip(), sex=sex, nik_hash=digest, nik_sealed=crypto.seal(nik),
                        birth_date=birth_date, office=office)
    cand.set_scope_columns(code)
    cand.save()
    record_event("candidacy.dpd_candidate_registered", actor=actor, region_code=code, target=cand,
                 after={"name": cand.name, "office": office})
    return cand


# --- the supporter list -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    rows: int
    batch: int
    check: dict[str, Any]


def _parse_rows(source: str | Path | bytes, filename: str, province: str) -> list[dict[str, Any]]:
    """Every row validated; any format error names its row and column and nothing is written.
    Eligibility (age, domicile, occupation, duplicates) is not a format error: such rows are kept
    with their finding code, as SILON keeps them, and do not count."""
    table = read_table(source, filename=filename, required=COLUMNS)
    codes = {r["kode_wilayah"].strip() for _line, r in table}
    known = set(Region.objects.filter(code__in=codes, level__gte=Level.KABKOTA).values_list("code", flat=True))
    errors: list[RowError] = []
    out: list[dict[str, Any]] = []
    for line, row in table:
        nik, name, region = row["nik"].strip(), row["nama"].strip(), row["kode_wilayah"].strip()
        if not is_ascii_digits(nik, 16):
            errors.append(RowError(line, _("NIK harus 16 digit angka 0-9"), "nik"))
        if not name or len(name) > 200:
            errors.append(RowError(line, _("nama wajib diisi (paling panjang 200 karakter)"), "nama"))
        if region not in known:
            errors.append(RowError(line, _("kode wilayah tidak dikenal (kode kabupaten/kota atau desa/kelurahan)"),
                                   "kode_wilayah"))
        try:
            born = datetime.date.fromisoformat(row["tanggal_lahir"].strip())
        except ValueError:
            errors.append(RowError(line, _("tanggal lahir harus YYYY-MM-DD"), "tanggal_lahir"))
            born = None
        sex, marital = row["jenis_kelamin"].strip().upper(), row["status_perkawinan"].strip().upper()
        if sex not in ("L", "P"):
            errors.append(RowError(line, _("jenis kelamin harus L atau P"), "jenis_kelamin"))
        if marital not in ("B", "S", "P"):
            errors.append(RowError(line, _("status perkawinan harus B (belum), S (sudah) atau P (pernah)"),
                                   "status_perkawinan"))
        occupation = (row.get("pekerjaan") or "").strip().lower() or Occupation.OTHER
        if occupation not in {o.value for o in Occupation}:
            errors.append(RowError(line, _("pekerjaan tidak dikenal; pilih salah satu: {values}").format(
                values=", ".join(o.value for o in Occupation)), "pekerjaan"))
        if errors and errors[-1].row == line:
            continue
        assert born is not None
        problem = ""
        birth = nik_birth_part(nik)
        if is_pattern(nik) or birth is None:
            problem = _("baris {row}: NIK bukan NIK yang sah (pola angka atau tanpa tanggal lahir)").format(row=line)
        elif (birth[0], birth[1], birth[2], birth[3]) != (born.day, born.month, born.year % 100, sex == "P"):
            problem = _("baris {row}: tanggal lahir atau jenis kelamin dalam NIK berbeda dengan data").format(row=line)
        out.append({"line": line, "nik": nik, "name": name, "domicile_code": region, "birth_date": born, "sex": sex,
                    "marital": marital, "occupation": occupation, "nik_problem": problem,
                    "inside": region.split(".")[0] == province})
    if errors:
        raise ImportFailed(errors)
    return out


@transaction.atomic
def do_import_supporters(candidate: DpdCandidate, source: str | Path | bytes, *, actor: User,
                         filename: str = "") -> ImportSummary:
    """Add a supporter list (a new batch) to a bakal calon, atomically, then check the province's
    support again (a new list can make another candidate's supporters duplicates)."""
    code = candidate.province.region_id
    ensure_can(actor, MANAGE, code)
    if candidate.sample_seed is not None:
        raise ConflictError(_("Sampel verifikasi faktual sudah ditarik; daftar pendukung tidak dapat diubah"))
    rows = _parse_rows(source, filename, code)
    keys = crypto.keys()
    batch = 1 + max(candidate.supporters.values_list("batch", flat=True), default=0)
    objs = []
    for r in rows:
        s = Supporter(candidate=candidate, batch=batch, line=r["line"], nik_hash=crypto.number_hash(r["nik"], keys),
                      nik_sealed=crypto.seal(r["nik"], keys), name=r["name"], domicile_code=r["domicile_code"],
                      birth_date=r["birth_date"], sex=r["sex"], marital=r["marital"], occupation=r["occupation"],
                      nik_problem=r["nik_problem"])
        s.set_scope_columns(r["domicile_code"] if r["inside"] else code)
        objs.append(s)
    Supporter.objects.bulk_create(objs, batch_size=2000)
    checks = _check_province(candidate.province, actor)
    record_event("candidacy.dpd_supporters_imported", actor=actor, region_code=code, target=candidate,
                 after={"batch": batch, "rows": len(objs), "file": filename, **checks[candidate.pk]})
    return ImportSummary(len(objs), batch, checks[candidate.pk])


def _supporter(s: Supporter, in_register: str = "", *, denied: bool = False) -> dpd_rules.Supporter:
    return dpd_rules.Supporter(
        row=s.pk, nik_hash=s.nik_hash, name=s.name, domicile_code=s.domicile_code, birth_date=s.birth_date,
        marital=s.marital, occupation=Occupation(s.occupation),
        nik_problem=s.nik_problem,
        in_register=in_register, denied=denied, line=s.line)


def _check_province(province: DpdProvince, actor: User) -> dict[int, dict[str, Any]]:
    """Check every candidate of the province against the rules in force on voting day; store each
    supporter's code and each candidate's figures. The caller audits."""
    from pemilu.candidacy.registers import supporters_in_registers

    election = province.election
    rules = dpd_rules.rules_on(election.voting_day)
    rows = list(Supporter.objects.filter(candidate__province=province).order_by("candidate_id", "batch", "line"))
    registered = supporters_in_registers(rows, election)
    # A contest upheld strikes every row of that person on that candidate's list.
    denied = set(SupportContest.objects.filter(candidate__province=province, status=SupportContestStatus.UPHELD)
                 .values_list("candidate_id", "nik_hash"))
    lists: dict[str, list[dpd_rules.Supporter]] = defaultdict(list)
    for s in rows:
        lists[str(s.candidate_id)].append(_supporter(s, registered.get(s.pk, ""),
                                                     denied=(s.candidate_id, s.nik_hash) in denied))
    candidates = list(province.candidates.all())
    for c in candidates:
        lists.setdefault(str(c.pk), [])
    kabkota = list(Region.objects.filter(parent__code=province.region_id, level=Level.KABKOTA)
                   .values_list("code", flat=True))
    results = dpd_rules.check_support(lists, province=province.region_id, dpt=province.dpt, kabkota=kabkota,
                                      voting_day=election.voting_day, rules=rules)
    found = {f.row: f for r in results.values() for f in r.findings}
    changed = []
    for s in rows:
        f = found.get(s.pk)
        new = (str(f.code), f.message[:300]) if f else ("", "")
        if (s.code, s.message) != new:
            s.code, s.message = new
            changed.append(s)
    Supporter.objects.bulk_update(changed, ["code", "message"], batch_size=2000)
    now = timezone.now()
    out: dict[int, dict[str, Any]] = {}
    for c in candidates:
        r = results[str(c.pk)]
        figures = {"rules": rules.codes(), "submitted": r.submitted, "valid": r.valid,
                   "duplicates_across": r.duplicates_across, "duplicates_within": r.duplicates_within,
                   "denied": r.denied, "penalty": r.penalty, "counted": r.counted,
                   "required": r.required, "kabkota_with_support": len(r.kabkota_with_support),
                   "kabkota_total": r.kabkota_total, "kabkota_needed": r.kabkota_needed,
                   "meets_minimum": r.meets_minimum, "meets_spread": r.meets_spread}
        c.support, c.checked_at = figures, now
        c.status = DpdStatus.SUPPORT_MET if r.ok else DpdStatus.SUPPORT_NOT_MET
        out[c.pk] = figures
    DpdCandidate.objects.bulk_update(candidates, ["support", "checked_at", "status"])
    return out


@transaction.atomic
def do_check_dpd_support(province: DpdProvince, *, actor: User) -> dict[int, dict[str, Any]]:
    """Check the province's support again (after a register changed, or the DPT was corrected)."""
    ensure_can(actor, MANAGE, province.region_id)
    out = _check_province(province, actor)
    record_event("candidacy.dpd_support_checked", actor=actor, region_code=province.region_id, target=province,
                 after={str(k): {"counted": v["counted"], "required": v["required"]} for k, v in out.items()})
    return out


# --- the factual verification sample ------------------------------------------------------------------

def sample_order(s: Supporter) -> tuple[str, str, datetime.date, int, int]:
    """The order the regulation sorts a kab/kota's supporters in before sampling: address, sex, age."""
    return (s.domicile_code, s.sex, s.birth_date, s.batch, s.line)


def draw(candidate: DpdCandidate, seed: int) -> dict[str, list[Supporter]]:
    """The sample of ``candidate`` for ``seed`` (pure reading: anyone can draw it again)."""
    rules = dpd_rules.rules_on(candidate.province.election.voting_day)
    strata: dict[str, list[Supporter]] = defaultdict(list)
    for s in sorted(candidate.supporters.filter(code=""), key=sample_order):
        strata[".".join(s.domicile_code.split(".")[:2])].append(s)
    return dpd_rules.draw_sample(strata, seed, rules.sample)


@transaction.atomic
def do_draw_sample(candidate: DpdCandidate, *, actor: User, seed: int | None = None) -> dict[str, int]:
    """Draw the factual verification sample once, from ``seed`` (a fresh random one by default),
    and record the seed with the rule used so the draw can be repeated and checked."""
    code = candidate.province.region_id
    ensure_can(actor, MANAGE, code)
    candidate = DpdCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.sample_seed is not None:
        raise ConflictError(_("Sampel bakal calon ini sudah ditarik dengan benih {seed}").format(
            seed=candidate.sample_seed))
    if candidate.checked_at is None:
        raise ConflictError(_("Periksa dukungan lebih dahulu"))
    seed = secrets.randbits(62) if seed is None else seed
    if not 0 <= seed < 2**63:
        raise DomainError(_("Benih sampel harus bilangan bulat 0 sampai 2^63-1"))
    sample = draw(candidate, seed)
    ids = [s.pk for picked in sample.values() for s in picked]
    Supporter.objects.filter(pk__in=ids).update(in_sample=True)
    rule = dpd_rules.rules_on(candidate.province.election.voting_day).sample
    candidate.sample_seed, candidate.sample_rule, candidate.sample_drawn_at = seed, rule.code, timezone.now()
    candidate.save(update_fields=["sample_seed", "sample_rule", "sample_drawn_at"])
    sizes = {kab: len(picked) for kab, picked in sample.items()}
    record_event("candidacy.dpd_sample_drawn", actor=actor, region_code=code, target=candidate,
                 after={"seed": seed, "rule": rule.code, "per_kabkota": sizes, "total": len(ids)})
    return sizes


@transaction.atomic
def do_record_verification(supporter: Supporter, *, outcome: str, note: str = "", actor: User) -> Supporter:
    """The factual verification of one sampled supporter, by the KPU of the supporter's kab/kota."""
    ensure_can(actor, VERIFY, supporter)
    if not supporter.in_sample:
        raise ConflictError(_("Pendukung ini tidak termasuk sampel verifikasi faktual"))
    if outcome not in (SupportOutcome.MS, SupportOutcome.TMS):
        raise DomainError(_("Hasil verifikasi harus ms atau tms"))
    if outcome == SupportOutcome.TMS and not note.strip():
        raise DomainError(_("Alasan tidak memenuhi syarat wajib diisi"))
    before = {"outcome": supporter.outcome}
    supporter.outcome, supporter.outcome_note = outcome, note.strip()[:300]
    supporter.verified_by, supporter.verified_at = actor, timezone.now()
    supporter.save(update_fields=["outcome", "outcome_note", "verified_by", "verified_at"])
    record_event("candidacy.dpd_supporter_verified", actor=actor, region_code=supporter.scope_code, target=supporter,
                 before=before, after={"outcome": outcome, "note": supporter.outcome_note})
    return supporter


def sample_summary(candidate: DpdCandidate) -> dict[str, dict[str, int]]:
    """Per kab/kota: sampled, verified MS, TMS, pending."""
    out: dict[str, dict[str, int]] = {}
    for kab, outcome in candidate.supporters.filter(in_sample=True).values_list("kab_code", "outcome"):
        row = out.setdefault(kab, {"sampled": 0, "ms": 0, "tms": 0, "pending": 0})
        row["sampled"] += 1
        row[outcome or "pending"] += 1
    return dict(sorted(out.items()))

