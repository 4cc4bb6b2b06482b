"""Public comments on announced candidates (tanggapan masyarakat, KPT 476/2022 step 7)."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pemilu.accounts.actions import get_system_user
from pemilu.accounts.models import User
from pemilu.accounts.permissions import ensure_can
from pemilu.adhoc.models import (
    Announcement,
    Applicant,
    CommentStatus,
    PublicComment,
    Step,
)
from pemilu.audit.events import record_event
from pemilu.core.exceptions import (
    DomainError,
)

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
def do_follow_up_comment(comment: PublicComment, *, actor: User, follow_up: str) -> PublicComment:
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
