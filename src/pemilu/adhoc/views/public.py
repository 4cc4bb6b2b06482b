"""Public pages: announcements (PDF) and comments from the public; the office's follow-up."""


from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemilu.accounts.permissions import ensure_can
from pemilu.accounts.types import AuthedRequest
from pemilu.adhoc import actions, forms
from pemilu.adhoc.models import (
    Announcement,
    DocumentState,
    PublicComment,
)
from pemilu.adhoc.views.base import (
    act,
    require_role,
    scoped_recruitment,
)
from pemilu.core import ratelimit
from pemilu.core.exceptions import DomainError
from pemilu.core.forms import cleaned

# --- public announcements ------------------------------------------------------------------

def announcements(request: HttpRequest) -> HttpResponse:
    """Public: every announcement (names with masked NIK only)."""
    rows = Announcement.objects.select_related("recruitment", "recruitment__region", "recruitment__election")
    return render(request, "adhoc/announcements.html", {"rows": rows.order_by("-created_at")[:200]})


def announcement_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    ann = get_object_or_404(Announcement, pk=pk)
    if ann.state != DocumentState.READY:
        # Rendered after the action's commit by a background job (issue 17 item 6).
        response = render(request, "adhoc/announcement_pending.html", {"a": ann},
                          status=202 if ann.state == DocumentState.PENDING else 503)
        response["Retry-After"] = "5"
        return response
    return FileResponse(ann.file.open("rb"), filename=f"pengumuman-{ann.step}-{ann.pk}.pdf",
                        content_type="application/pdf")


def announcement_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Public (like the PDF): the link once the PDF is ready, else "sedang disiapkan" (htmx polls)."""
    ann = get_object_or_404(Announcement, pk=pk)
    return render(request, "adhoc/_announcement_link.html", {"a": ann, "label": request.GET.get("label", "")[:40]})


# --- public comments (tanggapan masyarakat) ------------------------------------------------

DEFAULT_COMMENTS_PER_HOUR = 10


def _rate_limited(request: HttpRequest) -> bool:
    limit: int = getattr(settings, "PEMILU_ADHOC_COMMENTS_PER_HOUR", DEFAULT_COMMENTS_PER_HOUR)
    return ratelimit.hit(request, "adhoc:comment", limit)


def public_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Public, no login: a comment on a candidate named in an announcement (names, masked NIK)."""
    ann = get_object_or_404(Announcement.objects.select_related("recruitment", "recruitment__region",
                                                                "recruitment__election"), pk=pk)
    candidates = actions.commentable(ann)
    form = forms.CommentForm(request.POST or None, candidates=candidates)
    error, status = "", 200
    if request.method == "POST":
        if _rate_limited(request):
            error, status = _("Terlalu banyak tanggapan dari alamat ini; coba lagi dalam satu jam."), 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                actions.submit_comment(ann, int(d["candidate"]), d["text"], sender_name=d["sender_name"],
                                       sender_contact=d["sender_contact"])
            except DomainError as exc:
                error, status = exc.message, 400
            else:
                return render(request, "adhoc/comment_done.html", {"ann": ann})
        else:
            status = 400
    return render(request, "adhoc/comment.html", {"ann": ann, "form": form, "candidates": candidates,
                                                  "error": error}, status=status)


@login_required
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's public comments with their follow-up (KPU office handling the area only)."""
    rec, mine = scoped_recruitment(request, pk)
    require_role(request, "adhoc.pii", rec)
    rows = (PublicComment.objects.visible_to(request.user).filter(recruitment=rec, applicant__area__in=mine)
            .select_related("applicant", "applicant__area", "announcement", "followed_up_by"))
    return render(request, "adhoc/comments.html", {"rec": rec, "rows": rows, "form": forms.FollowUpForm()})


@login_required
@require_POST
def follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(PublicComment.objects.visible_to(request.user), pk=pk)
    ensure_can(request.user, "adhoc.pii", c)
    form = forms.FollowUpForm(request.POST)
    return act(request, f"/adhoc/{c.recruitment_id}/tanggapan/",
                lambda: actions.do_follow_up_comment(c, actor=request.user,
                                                     follow_up=cleaned(form)["follow_up"]),
                _("Tindak lanjut dicatat."))
