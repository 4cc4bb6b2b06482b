"""Plano photos: type sniffed from the bytes (JPEG/PNG/PDF), size-limited, SHA-256 and EXIF
kept, stored exactly as uploaded (never re-encoded, so the hash proves what was sent)."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from pemilu.core.bounds import image_decodes
from pemilu.core.exceptions import DomainError
from pemilu.results.models import Result, ResultPhoto

SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"%PDF-": "application/pdf"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def sniff(raw: bytes) -> str | None:
    for magic, kind in SIGNATURES.items():
        if raw.startswith(magic):
            return kind
    return None


def read_exif(raw: bytes, content_type: str) -> dict[str, Any]:
    """EXIF tags as text (only read; the file itself is not touched)."""
    if content_type != "image/jpeg":
        return {}
    try:
        from PIL import ExifTags, Image

        with Image.open(io.BytesIO(raw)) as img:
            exif = img.getexif()
            return {str(ExifTags.TAGS.get(k, k)): str(v)[:200] for k, v in exif.items()}
    except Exception:  # noqa: BLE001 — unreadable EXIF is not a reason to refuse the photo
        return {}


def store_photo(result: Result, raw: bytes, *, filename: str, actor: Any, max_bytes: int) -> ResultPhoto:
    if len(raw) > max_bytes:
        raise DomainError(_("Berkas terlalu besar ({size} bita; maksimal {max}).").format(size=len(raw), max=max_bytes))
    content_type = sniff(raw)
    if content_type is None:
        raise DomainError(_("Foto harus JPEG, PNG atau PDF."))
    if content_type.startswith("image/") and not image_decodes(raw):  # a valid header, then garbage
        raise DomainError(_("Foto rusak atau tidak dapat dibaca."))
    digest = hashlib.sha256(raw).hexdigest()
    photo = ResultPhoto(result=result, content_type=content_type, size=len(raw), sha256=digest,
                        exif=read_exif(raw, content_type), uploaded_by=actor)
    photo.file.save(f"{result.tps_id}-{digest[:16]}.{EXTENSIONS[content_type]}", ContentFile(raw), save=False)
    photo.save()
    return photo
