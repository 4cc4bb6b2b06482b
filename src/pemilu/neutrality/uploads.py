"""Uploaded evidence and pledge documents: checked by content, stored content-addressed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from pemilu.core.bounds import image_decodes
from pemilu.core.exceptions import DomainError
from pemilu.neutrality import rules

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


class UploadRejected(DomainError):
    """An evidence or document upload is not an allowed type or is too large; nothing stored."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    raw: bytes
    sha256: str


def check_upload(name: str, raw: bytes, *, allowed: tuple[str, ...] = tuple(rules.EXTENSIONS)) -> CheckedFile:
    """Accept JPEG/PNG/PDF by content (magic bytes; images also decoded by Pillow), within the
    size limit. The bytes are kept as they are: EXIF stays, nothing is re-encoded."""
    limit: int = getattr(settings, "PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)
    if len(raw) > limit:
        raise UploadRejected(_("{name}: berkas terlalu besar ({size} MB; batas {limit} MB)").format(
            name=name, size=round(len(raw) / 1048576, 1), limit=round(limit / 1048576, 1)))
    if not raw:
        raise UploadRejected(_("{name}: berkas kosong").format(name=name))
    mime = rules.sniff(raw[:16])
    if mime is None or mime not in allowed:
        raise UploadRejected(_("{name}: jenis berkas tidak diizinkan (hanya JPEG, PNG atau PDF, dikenali dari "
                               "isinya, bukan nama berkas)").format(name=name))
    if mime.startswith("image/") and not image_decodes(raw):  # decoded whole: a header then garbage fails
        raise UploadRejected(_("{name}: gambar rusak atau tidak dapat dibaca").format(name=name))
    return CheckedFile(name[:200], mime, raw, hashlib.sha256(raw).hexdigest())


def store_file(folder: str, checked: CheckedFile) -> str:
    """Save under a content-addressed name (same bytes → same file)."""
    path = f"neutrality/{folder}/{checked.sha256[:2]}/{checked.sha256}.{rules.EXTENSIONS[checked.content_type]}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.raw))
    return path
