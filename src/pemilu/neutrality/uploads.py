"""Neutrality's uploads (evidence of a report or finding, signed pledges): the shared files
module (``core.files``) with neutrality's own size setting, kept apart from every other use."""

from __future__ import annotations

from pemilu.core.files import CheckedFile, FileUse, UploadRejected

__all__ = ["EVIDENCE", "PLEDGES", "CheckedFile", "UploadRejected"]

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
EVIDENCE = FileUse("neutrality/evidence", max_bytes=DEFAULT_MAX_UPLOAD, setting="PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES")
PLEDGES = FileUse("neutrality/pledges", max_bytes=DEFAULT_MAX_UPLOAD, setting="PEMILU_NEUTRALITY_MAX_UPLOAD_BYTES")
