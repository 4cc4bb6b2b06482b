"""Stored files (uploads kept byte for byte): one content check, one storage rule, one scoped
download. docs/architecture.md, "Stored files", says how a new use plugs in.

* ``FileUse`` names one use (folder, allowed types, size limit): each use has its own limits,
  so a neutrality setting never caps a secretariat upload.
* ``FileUse.check`` accepts JPEG/PNG/PDF by content (magic bytes; images are decoded whole by
  Pillow, so a valid header followed by garbage is refused), within the size limit.
* ``FileUse.store`` writes under a content-addressed name (same bytes → same file) and ties the
  file to the transaction: kept when it commits, removed when it rolls back (at any depth).
* ``StoredFile`` is the abstract model of a stored file's row; ``serve`` is the only way a
  stored file leaves the server, after checking the user's scope (404 outside it).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pemilu.accounts.types import ScopeTarget, Viewer
from pemilu.core.bounds import image_decodes
from pemilu.core.exceptions import DomainError

logger = logging.getLogger(__name__)

# Recognised by content (magic bytes), never by the file name.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
MB = 1024 * 1024


def sniff(raw: bytes) -> str | None:
    """The content type of ``raw`` by its first bytes, or None if it is none of ours."""
    for magic, mime in SIGNATURES:
        if raw.startswith(magic):
            return mime
    return None


class UploadRejected(DomainError):
    """An upload is not an allowed type, is damaged or is too large; nothing is stored."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    raw: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.raw)


def _megabytes(n: int) -> str:
    return f"{round(n / MB, 1)} MB" if n >= 100 * 1024 else f"{max(1, round(n / 1024))} KB"


@dataclass(frozen=True)
class FileUse:
    """One use of uploads: where its files live and what it accepts.

    ``max_bytes`` is the default limit; ``setting`` names a Django setting that overrides it
    (read at each check); a caller with a limit kept in the database passes ``max_bytes=``."""

    folder: str
    allowed: tuple[str, ...] = ("image/jpeg", "image/png", "application/pdf")
    max_bytes: int = 10 * MB
    setting: str = ""

    def limit(self) -> int:
        return int(getattr(settings, self.setting, self.max_bytes)) if self.setting else self.max_bytes

    def check(self, name: str, raw: bytes, *, max_bytes: int | None = None) -> CheckedFile:
        limit = self.limit() if max_bytes is None else max_bytes
        if len(raw) > limit:
            raise UploadRejected(_("{name}: berkas terlalu besar ({size}; batas {limit})").format(
                name=name, size=_megabytes(len(raw)), limit=_megabytes(limit)))
        if not raw:
            raise UploadRejected(_("{name}: berkas kosong").format(name=name))
        mime = sniff(raw)
        if mime is None or mime not in self.allowed:
            raise UploadRejected(_("{name}: jenis berkas tidak diizinkan (hanya {types}, dikenali dari isinya, "
                                   "bukan nama berkas)").format(name=name, types=self.type_names()))
        if mime.startswith("image/") and not image_decodes(raw):  # decoded whole: a header then garbage fails
            raise UploadRejected(_("{name}: gambar rusak atau tidak dapat dibaca").format(name=name))
        return CheckedFile(name[:200], mime, raw, hashlib.sha256(raw).hexdigest())

    def type_names(self) -> str:
        names = [TYPE_NAMES[t] for t in self.allowed]
        return names[0] if len(names) == 1 else _("{first} atau {last}").format(first=", ".join(names[:-1]),
                                                                                 last=names[-1])

    def path_of(self, checked: CheckedFile) -> str:
        return f"{self.folder}/{checked.sha256[:2]}/{checked.sha256}.{EXTENSIONS[checked.content_type]}"

    def store(self, checked: CheckedFile, *, using: str = DEFAULT_DB_ALIAS) -> str:
        """Write the file now and tie it to the current transaction (see ``_PendingFile``)."""
        path = self.path_of(checked)
        created = not default_storage.exists(path)
        if created:
            path = default_storage.save(path, ContentFile(checked.raw))
        transaction.on_commit(_PendingFile(default_storage, path, checked.raw, created), using=using)
        return path


class _PendingFile:
    """The commit hook of one stored file. Django drops the hooks of a transaction (or savepoint)
    that rolls back without calling them; dropped uncalled, this hook removes the file it wrote,
    so a rolled-back action leaves nothing on disk. Called (committed), it re-writes the file if
    a concurrent rolled-back upload of the same bytes removed it meanwhile. It must not sit in a
    reference cycle: CPython then frees it the moment Django drops it."""

    def __init__(self, storage: Storage, path: str, raw: bytes, created: bool) -> None:
        self.storage, self.path, self.raw, self.created = storage, path, raw, created
        self.committed = False

    def __call__(self) -> None:
        self.committed = True
        if not self.storage.exists(self.path):
            self.storage.save(self.path, ContentFile(self.raw))

    def __del__(self) -> None:
        if self.committed or not self.created:
            return
        try:
            self.storage.delete(self.path)
        except Exception:  # noqa: BLE001 — a leftover file is harmless; never mask the rollback's cause
            logger.warning("could not remove %s after a rollback", self.path, exc_info=True)


class StoredFile(models.Model):
    """The abstract row of a stored file. A subclass adds its owner (a foreign key) and says
    which scoped row decides who may download it (``scope_owner``)."""

    file = models.FileField(gettext_lazy("berkas"))
    original_name = models.CharField(gettext_lazy("nama asli"), max_length=200, blank=True)
    content_type = models.CharField(gettext_lazy("jenis"), max_length=40)
    size = models.PositiveIntegerField(gettext_lazy("ukuran (byte)"))
    sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        # What ``FileUse.check`` can accept, kept by the database too: one rule for every use. A
        # subclass's Meta extends this one (``class Meta(StoredFile.Meta)``) and keeps its constraints.
        constraints = [models.CheckConstraint(condition=models.Q(content_type__in=list(EXTENSIONS)),
                                              name="%(app_label)s_%(class)s_type_allowed")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    @property
    def scope_owner(self) -> ScopeTarget:
        raise NotImplementedError

    def set_content(self, use: FileUse, checked: CheckedFile) -> None:
        """Store ``checked`` (tied to the transaction) and fill the columns that describe it."""
        self.file.name = use.store(checked)
        self.original_name, self.content_type = checked.name, checked.content_type
        self.size, self.sha256 = checked.size, checked.sha256


def serve(user: Viewer | None, item: StoredFile | None, *, action: str | None, inline: bool = False) -> FileResponse:
    """Answer with a stored file's row: see ``serve_file``; the row's ``scope_owner`` decides."""
    if item is None:
        raise Http404
    return serve_file(user, item.file, owner=item.scope_owner, action=action, inline=inline,
                      filename=getattr(item, "original_name", ""), content_type=item.content_type)


def serve_file(user: Viewer | None, file: FieldFile | None, *, owner: ScopeTarget, action: str | None,
               inline: bool = False, filename: str = "", content_type: str | None = None) -> FileResponse:
    """The one way a stored file leaves the server: 404 when there is no file or ``owner`` is
    outside the user's scope, 403 in scope without ``action``'s role (``action=None``: public).
    Sent byte for byte, as an attachment unless ``inline``, never sniffed by the browser."""
    if not file:
        raise Http404
    if action is not None:
        from pemilu.accounts.permissions import ensure_can

        ensure_can(user, action, owner)
    response = FileResponse(file.open("rb"), as_attachment=not inline,
                            filename=filename or (file.name or "").rsplit("/", 1)[-1], content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
