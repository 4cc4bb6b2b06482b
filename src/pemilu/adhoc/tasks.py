"""Background jobs of adhoc (``pemilu worker`` runs them; core/jobs.py)."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

JOBS_ACTOR = "system:jobs"  # the audit actor of what background jobs record


@task()
def render_announcement(announcement_id: int) -> str:
    """Render a stored announcement to PDF (outside any action's transaction), store it, and
    record its digest in the audit trail. Runs once: a ready announcement is left alone."""
    from pemilu.accounts.actions import get_system_user
    from pemilu.adhoc import exports
    from pemilu.adhoc.models import Announcement, DocumentState
    from pemilu.audit.events import record_event

    ann = Announcement.objects.select_related("recruitment__region", "recruitment__election").get(pk=announcement_id)
    if ann.state == DocumentState.READY:
        return ann.sha256
    try:
        pdf = exports.announcement_pdf(ann)
    except Exception:
        Announcement.objects.filter(pk=ann.pk).update(state=DocumentState.FAILED)
        logger.exception("announcement %s could not be rendered", ann.pk)
        raise
    digest = hashlib.sha256(pdf).hexdigest()
    rec = ann.recruitment
    path = default_storage.save(f"adhoc/announcements/{rec.pk}-{ann.step}-{digest[:12]}.pdf", ContentFile(pdf))
    with transaction.atomic():
        Announcement.objects.filter(pk=ann.pk).update(file=path, sha256=digest, state=DocumentState.READY,
                                                      ready_at=timezone.now())
        record_event("adhoc.announcement_rendered", actor=get_system_user(JOBS_ACTOR), region_code=rec.region_id,
                     target=ann, after={"number": ann.number, "sha256": digest, "bytes": len(pdf)})
    return digest
