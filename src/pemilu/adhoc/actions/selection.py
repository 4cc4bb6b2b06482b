"""Selection: administrative verification, written test and interview scores, and the
announcements that move a recruitment from one stage to the next."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc import queries, rules
from pemilu.adhoc.actions.base import announce, fresh, lock, refresh_eligibility, transition
from pemilu.adhoc.models import (
    AdminResult,
    Announcement,
    Applicant,
    ApplicantStatus,
    Recruitment,
    RecruitmentStatus,
    Selection,
    Step,
)
from pemilu.audit.events import appended_at_end, record_event, snapshot
from pemilu.core.bounds import (
    BoundError,
)
from pemilu.core.exceptions import (
    ConflictError,
    DomainError,
    ImportFailed,
    RowError,
)
from pemilu.core.tabular import read_table


@transaction.atomic
def do_verify(applicant: Applicant, *, actor: User, result: str, reason: str = "") -> Applicant:
    """Administrative verification (penelitian administrasi): MS needs every rule met; TMS a reason."""
    ensure_can(actor, "adhoc.manage", applicant)
    if fresh(applicant.recruitment).status != RecruitmentStatus.VERIFICATION:
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
def do_verify_eligible(rec: Recruitment, *, actor: User) -> int:
    """Mark every still-unverified applicant whose eligibility is fully met MS, as one audited act.

    Set-based: eligibility is re-evaluated in one statement (``bulk.evaluate_eligibility``, the
    same facts as ``do_verify``'s per-applicant check, see test_bulk), the MS rows are written in
    one UPDATE and one audit row names every applicant verified (their ids and a digest), as
    ``do_import_applicants`` does for the rows it imports. One row per applicant held the
    kab/kota chain head for 6.7 s while 7,755 rows were appended (issue 17 item 6)."""
    from pemilu.adhoc import bulk

    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    if rec.status != RecruitmentStatus.VERIFICATION:
        raise ConflictError(_("penelitian administrasi hanya setelah pendaftaran ditutup"))
    bulk.evaluate_eligibility(rec)
    ready = sorted(queries.eligible_unverified(rec).values_list("pk", flat=True))
    Applicant.objects.filter(pk__in=ready).update(admin_result=AdminResult.MS, admin_reason="")
    record_event("adhoc.applicants_verified", actor=actor, region_code=rec.region_id, target=rec,
                 after={"admin_result": AdminResult.MS.value, "count": len(ready), "applicants": ready,
                        "sha256": hashlib.sha256(",".join(map(str, ready)).encode()).hexdigest()})
    return len(ready)


@transaction.atomic
def do_announce_admin(rec: Recruitment, *, actor: User) -> Announcement:
    """Announce the administrative results (→ written test). With ``written_pass_factor = 0`` (KPPS:
    KPT 1669/2023 has no CAT) there is no written test: every MS applicant goes on to the interview,
    or, without an interview either, to the final ranking after the public comments (``SELECTION``)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    config = queries.body_rules(rec.election, rec.body)
    no_test = config.written_pass_factor == 0
    after_test = RecruitmentStatus.INTERVIEW if config.interview else RecruitmentStatus.SELECTION
    transition(rec, RecruitmentStatus.VERIFICATION, after_test if no_test else RecruitmentStatus.WRITTEN,
               queries.blockers(rec, RecruitmentStatus.WRITTEN))
    rec.save(update_fields=["status"])
    if no_test:
        from pemilu.adhoc import bulk

        bulk.rank_written(rec)  # factor 0: every MS applicant passes
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "written_test": not no_test})
        return announce(rec, Step.ADMIN, actor)


def _score(value: str | Decimal | float | int) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValueError(value) from None
    if not Decimal(0) <= d <= rules.MAX_SCORE or d != d.quantize(Decimal("0.01")):
        raise ValueError(value)
    return d


@transaction.atomic
def do_set_score(applicant: Applicant, *, actor: User, which: str, value: str | Decimal) -> Applicant:
    ensure_can(actor, "adhoc.manage", applicant)
    need = RecruitmentStatus.WRITTEN if which == rules.ScoreKind.WRITTEN else RecruitmentStatus.INTERVIEW
    if fresh(applicant.recruitment).status != need:
        raise ConflictError(_("nilai ini hanya dapat diisi pada tahap {s}").format(s=RecruitmentStatus(need).label))
    if which == rules.ScoreKind.WRITTEN and applicant.admin_result != AdminResult.MS:
        raise ConflictError(_("hanya pelamar MS yang mengikuti tes tertulis"))
    if which == rules.ScoreKind.INTERVIEW and not applicant.passed_written:
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
def do_import_scores(rec: Recruitment, raw: bytes, *, actor: User, which: str, filename: str = "") -> int:
    """CAT result file (or interview sheet): columns ``nik,nilai``. Atomic; errors name the row."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = fresh(rec)
    need = RecruitmentStatus.WRITTEN if which == rules.ScoreKind.WRITTEN else RecruitmentStatus.INTERVIEW
    if rec.status != need:
        raise ConflictError(_("nilai ini hanya dapat diimpor pada tahap {s}").format(s=RecruitmentStatus(need).label))
    table = read_table(raw, filename=filename, required=("nik", "nilai"))
    pool = queries.active(rec).filter(admin_result=AdminResult.MS)
    if which == rules.ScoreKind.INTERVIEW:
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
def do_announce_written(rec: Recruitment, *, actor: User) -> Announcement:
    """Rank the written test per area; 3× seats pass, ties at the cut-off all pass (→ interview, or
    without one to the final ranking)."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    interview = queries.body_rules(rec.election, rec.body).interview
    transition(rec, RecruitmentStatus.WRITTEN,
               RecruitmentStatus.INTERVIEW if interview else RecruitmentStatus.SELECTION,
               queries.blockers(rec, RecruitmentStatus.INTERVIEW))
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.rank_written(rec)
    passed = queries.active(rec).filter(outcome__passed_written=True).count()
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "passed_written": passed})
        return announce(rec, Step.WRITTEN, actor)


@transaction.atomic
def do_announce_final(rec: Recruitment, *, actor: User) -> Announcement:
    """Final ranking by the interview score and the configured tie-breaks (→ ranked); without an
    interview (KPPS, KPT 1669/2023) by the tie-breaks alone, every MS applicant ranked."""
    ensure_can(actor, "adhoc.manage", rec)
    rec = lock(rec)
    before = snapshot(rec)
    config = queries.body_rules(rec.election, rec.body)
    transition(rec, RecruitmentStatus.INTERVIEW if config.interview else RecruitmentStatus.SELECTION,
               RecruitmentStatus.RANKED, queries.blockers(rec, RecruitmentStatus.RANKED))
    rec.save(update_fields=["status"])
    from pemilu.adhoc import bulk

    bulk.rank_final(rec)
    # Both events appended at the end: the announced rows are read before the lock (issue 17 item 6).
    with appended_at_end():
        record_event("adhoc.stage_advanced", actor=actor, region_code=rec.region_id, target=rec, before=before,
                     after={**snapshot(rec), "tie_breaks": config.tie_breaks,
                            "members": queries.active(rec).filter(outcome__selection=Selection.MEMBER).count()})
        return announce(rec, Step.FINAL, actor)
