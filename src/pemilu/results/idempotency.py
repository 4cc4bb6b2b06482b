"""Idempotent submissions (API and the entry page share it): the key row is inserted first, in
the submission's transaction, so a concurrent duplicate waits on the unique index and then
answers what the first stored; a different body under a used key is a conflict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pemilu.accounts.models import User
from pemilu.core.exceptions import ConflictError, DomainError
from pemilu.results.models import IdempotencyKey


def run_idempotent(user: User, key: str, fingerprint: str, submit: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    key = key.strip()
    if not key or len(key) > 100:
        raise DomainError(_("Kunci idempotensi wajib (maksimal 100 karakter)."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(user=user, key=key, body_hash=fingerprint)
        except IntegrityError:
            stored = IdempotencyKey.objects.get(user=user, key=key)
            if stored.body_hash != fingerprint:
                raise ConflictError(_("Kunci idempotensi ini sudah dipakai untuk isi yang lain.")) from None
            return dict(stored.response)
        answer = submit()
        IdempotencyKey.objects.filter(pk=row.pk).update(response=answer)
        return answer
