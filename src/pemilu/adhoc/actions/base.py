"""Helpers the adhoc actions share: re-reading and locking a recruitment, its status
transition, an applicant's stored eligibility, and numbering an announcement."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.adhoc import queries, rules
from pemilu.adhoc.models import (
    Announcement,
    Applicant,
    DocumentState,
    Outcome,
    Recruitment,
    RecruitmentStatus,
    Replacement,
)
from pemilu.audit.chain import canonical as canonical_json
from pemilu.audit.events import record_event
from pemilu.core.exceptions import (
    Blocker,
    ConflictError,
    TransitionBlocked,
)
from pemilu.core.jobs import enqueue_on_commit


def fresh(rec: Recruitment) -> Recruitment:
    """Re-read the recruitment: callers may hold a copy from before the last step."""
    return Recruitment.objects.select_related("election", "region").get(pk=rec.pk)


def lock(rec: Recruitment) -> Recruitment:
    return Recruitment.objects.select_for_update().get(pk=rec.pk)


def transition(rec: Recruitment, expected: str, to: str, blockers: list[Blocker]) -> None:
    if rec.status != expected:
        raise ConflictError(_("rekrutmen sedang pada tahap {now}, bukan {need}").format(
            now=rec.get_status_display(), need=RecruitmentStatus(expected).label))
    if blockers:
        raise TransitionBlocked(blockers)
    rec.status = to

def refresh_eligibility(a: Applicant) -> rules.Summary:
    """Re-evaluate one applicant (Python path) and store the compact outcome."""
    summary = queries.explain(a)
    Outcome.objects.update_or_create(applicant_id=a.pk, defaults={
        "recruitment_id": a.recruitment_id, "area_id": a.area_id, "elig_outcome": summary.outcome.value,
        "elig_not_met": summary.not_met, "elig_evidence": summary.evidence})
    if hasattr(a, "_state") and "outcome" in a._state.fields_cache:
        del a._state.fields_cache["outcome"]  # the next read sees the stored row
    return summary

def announce(rec: Recruitment, step: str, actor: User, replacement: Replacement | None = None) -> Announcement:
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
