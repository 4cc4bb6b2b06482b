"""NIK and KK at rest (issue 22 item 6): a keyed hash for equality lookups and an authenticated
encryption of the number, both under a key from the environment that is never in the database.

The key is ``PEMILU_VOTER_KEY`` (or the file named by ``PEMILU_VOTER_KEY_FILE``; at least 32
characters), read when a number is sealed or opened and held only by this process — not in a
setting, a table or a log. Whoever copies the database gets the hashes and ciphertexts, no number.

Two subkeys are derived from it with HMAC-SHA256 under fixed labels: one for the hash, one for the
cipher. The hash is HMAC-SHA256 of the normalised number: the same NIK gives the same hash in every
kab/kota (cross-region duplicate matching compares hashes only).

The cipher is AES-256-GCM (``cryptography``'s ``AESGCM``) with a random 96-bit nonce per number and
the version byte as associated data. The sealed form is version ‖ nonce ‖ ciphertext ‖ 16-byte tag,
URL-safe base64 (60 characters for a 16-digit number). Version 2 is AES-GCM; version 1 (an earlier
stdlib construction) is gone with its code: no data sealed under it was kept.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from pemilu.core.env import env_secret
from pemilu.core.exceptions import DomainError

KEY_ENV = "PEMILU_VOTER_KEY"
MIN_KEY_LENGTH = 32
VERSION = b"\x02"
NONCE = 12
TAG = 16


class VoterKeyMissing(DomainError):
    status = 503


@dataclass(frozen=True)
class Keys:
    hash: bytes
    enc: bytes
    aead: AESGCM = field(repr=False, compare=False)


@functools.cache
def _derive(secret: str) -> Keys:
    root = secret.encode("utf-8")

    def sub(label: bytes) -> bytes:
        return hmac.new(root, b"pemilu-voters:" + label, hashlib.sha256).digest()

    enc = sub(b"aes-gcm")
    return Keys(sub(b"hash"), enc, AESGCM(enc))


def keys() -> Keys:
    secret = env_secret(KEY_ENV, "")
    if len(secret) < MIN_KEY_LENGTH:
        raise VoterKeyMissing(_("Kunci data pemilih (PEMILU_VOTER_KEY, paling sedikit {n} karakter) belum diatur; "
                                "NIK tidak dapat disimpan atau dibaca").format(n=MIN_KEY_LENGTH))
    return _derive(secret)


def number_hash(number: str, k: Keys | None = None) -> str:
    """Keyed hash (hex) of a NIK or KK number, stripped of surrounding blanks."""
    k = k or keys()
    return hmac.new(k.hash, number.strip().encode("utf-8"), hashlib.sha256).hexdigest()


def seal(number: str, k: Keys | None = None) -> str:
    """The number encrypted and authenticated (AES-256-GCM), as URL-safe base64 text."""
    k = k or keys()
    nonce = os.urandom(NONCE)
    body = k.aead.encrypt(nonce, number.strip().encode("utf-8"), VERSION)
    return base64.urlsafe_b64encode(VERSION + nonce + body).decode("ascii")


def open_sealed(text: str, k: Keys | None = None) -> str:
    """The number back; a ValueError when the text was not sealed under this key or was altered."""
    k = k or keys()
    raw = base64.urlsafe_b64decode(text.encode("ascii"))
    if len(raw) < 1 + NONCE + TAG or raw[:1] != VERSION:
        raise ValueError("not a sealed number")
    try:
        return k.aead.decrypt(raw[1:1 + NONCE], raw[1 + NONCE:], VERSION).decode("utf-8")
    except InvalidTag:
        raise ValueError("sealed number altered or sealed under another key") from None


def mask(number: str) -> str:
    """``1276040101900020`` → ``127604********20`` (the first six and the last two digits; printed and
    exported lists carry only this). Anything that is not 16 characters is masked whole."""
    if len(number) != 16:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[-2:]
