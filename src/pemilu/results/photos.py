"""Plano photos: checked and stored by the shared files module (JPEG/PNG/PDF by content, the
election's size limit, removed again on rollback), kept exactly as uploaded (never re-encoded,
so the hash proves what was sent) with their EXIF read out as text."""

from __future__ import annotations

import io
from typing import Any

from pemilu.accounts.models import User
from pemilu.core.files import FileUse
from pemilu.results.models import Result, ResultPhoto

PHOTOS = FileUse("plano")


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


def store_photo(result: Result, raw: bytes, *, filename: str, actor: User, max_bytes: int) -> ResultPhoto:
    checked = PHOTOS.check(filename or "foto", raw, max_bytes=max_bytes)
    photo = ResultPhoto(result=result, exif=read_exif(raw, checked.content_type), uploaded_by=actor)
    photo.set_content(PHOTOS, checked)
    photo.save()
    return photo
