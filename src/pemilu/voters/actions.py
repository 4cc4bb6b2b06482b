"""State changes on the voter list (issue 22 item 1), each audited in its transaction.

* A DP4 file (CSV/XLSX) into a region is ``importer.import_dp4`` — every
  row checked (format, desa inside the region and the actor's scope, TPS number if given), nothing
  written on a bad row; NIK/KK findings are imported with the voter (flagged for the coklit).
  ``start_import_job`` queues a big upload for ``tasks.run_import``.
* ``do_record_coklit``: sesuai / ubah (with the fields) / tidak memenuhi syarat (with the
  regulation's reason and evidence) for one voter; ``do_add_new_voter``: a new voter (baru).
  Append-only: a record per outcome, nothing deleted.
* ``do_compile_list``: DPHP → DPS → DPSHP → DPSHP Akhir → DPT of one desa, with counts by sex and TPS.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.audit.events import record_event
from pemilu.core.exceptions import DomainError, NotFoundError
from pemilu.core.jobs import enqueue_on_commit
from pemilu.core.levels import Level
from pemilu.core.tabular import ensure_upload_size
from pemilu.elections.models import Election
from pemilu.regions.models import Region, Tps
from pemilu.regions.queries import region_to_act_in
from pemilu.voters import crypto
from pemilu.voters.checks import format_errors
from pemilu.voters.generator import known_kecamatan
from pemilu.voters.importer import CHUNK, EXISTING_CODE
from pemilu.voters.models import (
    STAGE_ORDER,
    Coklit,
    CoklitRecord,
    ListStage,
    NotEligibleReason,
    Origin,
    Voter,
    VoterImport,
    VoterList,
    VoterListEntry,
    VoterTps,
)
from pemilu.voters.rules import kk_findings, nik_findings, old_enough


def start_import_job(upload: UploadedFile, *, election: Election, region_code: str, actor: User) -> VoterImport:
    """Store a big DP4 upload and queue its import (``tasks.run_import``) after commit; nothing of
    the list changes until the job has checked every row."""
    from pemilu.voters.tasks import run_import

    region = region_to_act_in(region_code, actor=actor, action="voters.import", unknown=NotFoundError)
    crypto.keys()  # refuse now, not in the worker, when the key is missing
    ensure_upload_size(upload.size or 0)
    name = upload.name or "dp4"
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with transaction.atomic():
        path = default_storage.save(f"imports/voters/{uuid.uuid4().hex}{suffix}", upload)
        job = VoterImport(election=election, region=region, actor=actor, filename=name[:255], path=path,
                          size=upload.size or 0)
        job.set_scope_columns(region.code)
        job.save()
        enqueue_on_commit(run_import, job.pk)
    return job


@transaction.atomic
def do_reveal_numbers(voter: Voter, *, actor: User, reason: str) -> tuple[str, str]:
    """The voter's full NIK and KK for KPU staff in scope (``voters.view_nik``), with a reason;
    every view is an audit row (which voter, who, why — never the numbers themselves)."""
    ensure_can(actor, "voters.view_nik", voter)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("alasan melihat NIK lengkap wajib diisi"))
    k = crypto.keys()
    nik, kk = crypto.open_sealed(voter.nik_sealed, k), crypto.open_sealed(voter.kk_sealed, k)
    record_event("voters.nik_viewed", actor=actor, region_code=voter.village_id, target=voter,
                 after={"nik": crypto.mask(nik), "no_kk": crypto.mask(kk)}, reason=reason[:500])
    return nik, kk


# --- coklit -------------------------------------------------------------------------------------

# The fields a Pantarlih may change (ubah), by their file column: model attribute, stored length.
EDITABLE = {"nama": ("name", 200), "tempat_lahir": ("birth_place", 100), "tanggal_lahir": ("birth_date", 10),
            "jenis_kelamin": ("sex", 1), "status_kawin": ("marital", 1), "alamat": ("address", 300),
            "rt": ("rt", 5), "rw": ("rw", 5), "disabilitas": ("disability", 100), "pekerjaan": ("occupation", 100),
            "nik": ("nik", 16), "no_kk": ("no_kk", 16)}


def coklit_scope(voter: Voter) -> str:
    """What a coklit of ``voter`` is checked against: their TPS area once mapped (a Pantarlih's
    role is held at one TPS), else their desa — the PPS and KPU above cover both."""
    code = VoterTps.objects.filter(voter_id=voter.pk, tps__isnull=False).values_list("tps__code", flat=True).first()
    return str(code) if code else str(voter.village_id)


def _ensure_open_for_coklit(voter: Voter) -> None:
    if VoterList.objects.filter(election_id=voter.election_id, village=voter.village).exists():
        raise DomainError(_("DPHP desa ini sudah disusun: perubahan data pemilih melalui tanggapan masyarakat"))


def _as_row(voter: Voter, nik: str, kk: str) -> dict[str, str]:
    return {"nik": nik, "no_kk": kk, "nama": voter.name, "tempat_lahir": voter.birth_place,
            "tanggal_lahir": voter.birth_date.isoformat(), "jenis_kelamin": voter.sex, "status_kawin": voter.marital,
            "alamat": voter.address, "rt": voter.rt, "rw": voter.rw, "disabilitas": voter.disability,
            "pekerjaan": voter.occupation}


def _validated(row: dict[str, str]) -> tuple[Any, bool, list[str]]:
    """(birth date, female, NIK/KK finding codes) of a voter's fields, or DomainError naming the field."""
    errors, birth, female = format_errors(0, row)
    if errors or birth is None or female is None:
        raise DomainError("; ".join(f"{e.column}: {e.message}" for e in errors))
    kecamatan = known_kecamatan()
    codes = [f.code for f in nik_findings(0, row["nik"], birth_date=birth, female=female, kecamatan=kecamatan)]
    codes += [f.code for f in kk_findings(0, row["no_kk"], kecamatan=kecamatan)]
    return birth, female, codes


@transaction.atomic
def do_record_coklit(voter: Voter, *, outcome: str, actor: User, reason: str = "",
                     changes: dict[str, str] | None = None, evidence: str = "") -> CoklitRecord:
    """One coklit outcome: ``sesuai`` (no change), ``ubah`` (``changes``: column → new value), or
    ``tms`` (``reason`` one of ``NotEligibleReason``, with ``evidence``). The voter is never removed.
    A Pantarlih records only voters of their TPS area (``coklit_scope``)."""
    ensure_can(actor, "voters.coklit", coklit_scope(voter))
    voter = Voter.objects.select_for_update().select_related("election").get(pk=voter.pk)
    _ensure_open_for_coklit(voter)
    evidence = evidence.strip()
    changes = {c: v.strip() for c, v in (changes or {}).items()}
    before = {"coklit": voter.coklit, "reason": voter.not_eligible_reason}
    diff: dict[str, list[str]] = {}
    if outcome == Coklit.MATCHED:
        if changes or reason:
            raise DomainError(_("hasil 'sesuai' tidak membawa perubahan atau alasan"))
        if not old_enough(voter.birth_date, voter.marital, voter.election.voting_day):
            raise DomainError(_("pemilih belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin: "
                                "catat sebagai tidak memenuhi syarat (di bawah umur)"))
        voter.not_eligible_reason = ""
    elif outcome == Coklit.CHANGED:
        diff = _apply_changes(voter, changes)
        voter.not_eligible_reason = ""
    elif outcome == Coklit.NOT_ELIGIBLE:
        if reason not in NotEligibleReason.values:
            raise DomainError(_("alasan tidak memenuhi syarat harus salah satu dari: {r}")
                              .format(r=", ".join(NotEligibleReason.values)))
        if not evidence:
            raise DomainError(_("bukti/keterangan wajib diisi untuk pemilih yang tidak memenuhi syarat"))
        if changes:
            raise DomainError(_("hasil 'tms' tidak mengubah data pemilih"))
        voter.not_eligible_reason = reason
    else:
        raise DomainError(_("hasil coklit harus sesuai, ubah atau tms (pemilih baru: tambah pemilih)"))
    if len(evidence) > 2000:
        raise DomainError(_("bukti/keterangan paling panjang 2000 karakter"))
    voter.coklit = outcome
    voter.save()
    record = CoklitRecord.objects.create(voter=voter, outcome=outcome, reason=voter.not_eligible_reason,
                                         changes=diff, evidence=evidence, actor=actor)
    record_event("voters.coklit_recorded", actor=actor, region_code=voter.village_id, target=voter,
                 before=before, after={"coklit": outcome, "reason": voter.not_eligible_reason, "changes": diff,
                                       "record": record.pk}, reason=evidence)
    return record


def _apply_changes(voter: Voter, changes: dict[str, str]) -> dict[str, list[str]]:
    if not changes:
        raise DomainError(_("hasil 'ubah' membutuhkan paling sedikit satu perubahan data"))
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise DomainError(_("kolom tidak dapat diubah: {c}").format(c=", ".join(unknown)))
    k = crypto.keys()
    nik, kk = crypto.open_sealed(voter.nik_sealed, k), crypto.open_sealed(voter.kk_sealed, k)
    old = _as_row(voter, nik, kk)
    new = {**old, **changes}
    birth, female, codes = _validated(new)
    diff: dict[str, list[str]] = {}
    for column in changes:
        if old[column] != new[column]:
            shown = crypto.mask if column in ("nik", "no_kk") else str
            diff[column] = [shown(old[column]), shown(new[column])]
    if not diff:
        raise DomainError(_("tidak ada data yang berubah: catat sebagai 'sesuai'"))
    voter.name, voter.birth_place, voter.birth_date = new["nama"], new["tempat_lahir"], birth
    voter.sex, voter.marital = ("P" if female else "L"), new["status_kawin"].upper()
    voter.address, voter.rt, voter.rw = new["alamat"], new["rt"], new["rw"]
    voter.disability, voter.occupation = new["disabilitas"], new["pekerjaan"]
    if "nik" in diff:
        voter.nik_hash, voter.nik_sealed = crypto.number_hash(new["nik"], k), crypto.seal(new["nik"], k)
    if "no_kk" in diff:
        voter.kk_hash, voter.kk_sealed = crypto.number_hash(new["no_kk"], k), crypto.seal(new["no_kk"], k)
    voter.findings = " ".join(codes)
    if not old_enough(voter.birth_date, voter.marital, voter.election.voting_day):
        raise DomainError(_("pemilih belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin"))
    return diff


@transaction.atomic
def do_add_new_voter(election: Election, fields: dict[str, str], *, actor: User, evidence: str = "",
                     tps_code: str = "") -> Voter:
    """A voter the Pantarlih found who is not on the DP4 (baru): the same fields as a file row; with
    ``tps_code``, in that TPS area of the desa (a Pantarlih adds voters to their own area only)."""
    code = fields.get("kode_desa", "").strip()
    village = Region.objects.filter(code=code, level=Level.DESA).first()
    if village is None:
        raise NotFoundError(_("desa tidak dikenal: {code}").format(code=code))
    tps = Tps.objects.filter(code=tps_code, village=village).first() if tps_code else None
    if tps_code and tps is None:
        raise NotFoundError(_("TPS {tps} tidak ada di desa {code}").format(tps=tps_code, code=code))
    ensure_can(actor, "voters.coklit", tps.code if tps is not None else village)
    if VoterList.objects.filter(election=election, village=village).exists():
        raise DomainError(_("DPHP desa ini sudah disusun: perubahan data pemilih melalui tanggapan masyarakat"))
    return insert_new_voter(election, village, fields, actor=actor, evidence=evidence, tps=tps)


def insert_new_voter(election: Election, village: Region, fields: dict[str, str], *, actor: User, evidence: str,
                     response: int | None = None, tps: Tps | None = None) -> Voter:
    """The new voter's row (origin baru), in TPS area ``tps`` when given, its coklit record and audit
    row; the caller checked the permission and the stage (the coklit, or an accepted DPS response)."""
    row = {c: fields.get(c, "").strip() for c in (*EDITABLE, "kode_desa")}
    birth, female, codes = _validated(row)
    if not old_enough(birth, row["status_kawin"].upper(), election.voting_day):
        raise DomainError(_("pemilih belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin"))
    k = crypto.keys()
    nik_hash = crypto.number_hash(row["nik"], k)
    if Voter.objects.filter(election=election, nik_hash=nik_hash).exists():
        codes.append(EXISTING_CODE)  # flagged for the duplicates queue, not refused (never says where)
    voter = Voter(election=election, village=village, nik_hash=nik_hash, nik_sealed=crypto.seal(row["nik"], k),
                  kk_hash=crypto.number_hash(row["no_kk"], k), kk_sealed=crypto.seal(row["no_kk"], k),
                  name=row["nama"], birth_place=row["tempat_lahir"], birth_date=birth, sex="P" if female else "L",
                  marital=row["status_kawin"].upper(), address=row["alamat"], rt=row["rt"], rw=row["rw"],
                  disability=row["disabilitas"], occupation=row["pekerjaan"], findings=" ".join(codes),
                  origin=Origin.NEW, coklit=Coklit.NEW)
    voter.set_scope_columns(village.code)
    voter.save()
    if tps is not None:
        VoterTps.objects.create(voter=voter, tps=tps)
    record = CoklitRecord.objects.create(voter=voter, outcome=Coklit.NEW, evidence=evidence.strip(), actor=actor)
    after: dict[str, Any] = {"coklit": Coklit.NEW, "findings": voter.findings, "record": record.pk}
    if response is not None:
        after["response"] = response
    record_event("voters.voter_added", actor=actor, region_code=village.code, target=voter, after=after,
                 reason=evidence.strip())
    return voter


# --- compiling the lists ------------------------------------------------------------------------

@transaction.atomic
def do_compile_list(election: Election, village_code: str, stage: str, *, actor: User) -> VoterList:
    """Compile one desa's list of ``stage`` from its voters whose latest coklit outcome is eligible
    (sesuai, ubah, baru), with counts by sex and by TPS. Stages follow their order; the DPHP needs
    every voter coklit'd; the DPT is set by KPU Kab/Kota. A stage is compiled once."""
    village = Region.objects.filter(code=village_code, level=Level.DESA).first()
    if village is None:
        raise NotFoundError(_("desa tidak dikenal: {code}").format(code=village_code))
    if stage not in STAGE_ORDER:
        raise DomainError(_("tahap tidak dikenal: {s} ({all})").format(s=stage, all=", ".join(STAGE_ORDER)))
    ensure_can(actor, "voters.set_dpt" if stage == ListStage.DPT else "voters.compile", village)
    if stage == ListStage.DPT:
        raise DomainError(_("DPT ditetapkan dalam rapat pleno KPU Kabupaten/Kota (penetapan DPT)"))
    return compile_stage(election, village, stage, actor=actor)


def compile_stage(election: Election, village: Region, stage: str, *, actor: User) -> VoterList:
    """One desa's list of ``stage`` (the caller checked the permission): the order of the stages,
    the coklit finished, the DPS's responses settled before the DPSHP (``responses.py``)."""
    from pemilu.voters.responses import ensure_responses_settled

    lists = VoterList.objects.select_for_update().filter(election=election, village=village)
    done = set(lists.values_list("stage", flat=True))
    if stage in done:
        raise DomainError(_("{stage} desa {code} sudah disusun").format(stage=ListStage(stage).label,
                                                                       code=village.code))
    position = STAGE_ORDER.index(stage)
    if position > 0 and STAGE_ORDER[position - 1] not in done:
        previous = ListStage(STAGE_ORDER[position - 1])
        raise DomainError(_("{prev} desa {code} harus disusun lebih dahulu").format(prev=previous.label,
                                                                                   code=village.code))
    ensure_responses_settled(election, village, stage)
    voters = Voter.objects.filter(election=election, village=village)
    pending = voters.filter(coklit=Coklit.PENDING).count()
    if pending:
        raise DomainError(_("{n} pemilih belum dicoklit di desa ini").format(n=pending))
    members = list(voters.exclude(coklit=Coklit.NOT_ELIGIBLE).values_list("id", "sex", "placement__tps",
                                                                          "placement__tps__code"))
    by_sex = Counter(sex for _id, sex, _t, _c in members)
    by_tps: dict[str, dict[str, int]] = {}
    for _id, sex, _tps, code in members:
        counts = by_tps.setdefault(code or "", {"L": 0, "P": 0})
        counts[sex] += 1
    voter_list = VoterList(election=election, village=village, stage=stage, total=len(members),
                           male=by_sex["L"], female=by_sex["P"], by_tps=dict(sorted(by_tps.items())),
                           compiled_by=actor)
    voter_list.set_scope_columns(village.code)
    voter_list.save()
    VoterListEntry.objects.bulk_create([VoterListEntry(voter_list=voter_list, voter_id=pk, tps_id=tps)
                                        for pk, _sex, tps, _code in members], batch_size=CHUNK)
    removed = voters.filter(coklit=Coklit.NOT_ELIGIBLE).values_list("not_eligible_reason")
    record_event("voters.list_compiled", actor=actor, region_code=village.code, target=voter_list,
                 after={"election": election.code, "stage": stage, "total": voter_list.total, "L": voter_list.male,
                        "P": voter_list.female, "by_tps": voter_list.by_tps,
                        "not_eligible": dict(sorted(Counter(r for (r,) in removed).items()))})
    return voter_list
