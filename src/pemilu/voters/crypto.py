"""NIK and KK at rest (issue 22 item 6): a keyed hash for equality lookups and an authenticated
encryption of the number, both under a key from the environment that is never in the database.

The key is ``PEMILU_VOTER_KEY`` (or the file named by ``PEMILU_VOTER_KEY_FILE``; at least 32
characters), read when a number is sealed or opened and held only by this process — not in a
setting, a table or a log. Whoever copies the database gets the hashes and ciphertexts, no number.

Three subkeys are derived from it with HMAC-SHA256 under fixed labels: one for the hash, one for
the keystream, one for the tag. The hash is HMAC-SHA256 of the normalised number: the same NIK
gives the same hash in every kab/kota (cross-region duplicate matching compares hashes only).

The cipher uses only the standard library, because the environment has no AES package
(``cryptography`` is not installed): the keystream is SHAKE-256(enc key ‖ random 16-byte nonce),
XORed with the number; the tag is HMAC-SHA256(mac key, version ‖ nonce ‖ ciphertext), truncated to
16 bytes and checked in constant time (encrypt-then-MAC). SHAKE-256 with a secret prefix is a PRF
(the construction KMAC standardises). The sealed form starts with a version byte, so a later AES-GCM
can replace it row by row.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pemilu.core.env import env_secret
from pemilu.core.exceptions import DomainError

KEY_ENV = "PEMILU_VOTER_KEY"
MIN_KEY_LENGTH = 32
VERSION = b"\x01"
NONCE = 16
TAG = 16


class VoterKeyMissing(DomainError):
    status = 503


@dataclass(frozen=True)
class Keys:
    hash: bytes
    enc: bytes
    mac: bytes


@functools.cache
def _derive(secret: str) -> Keys:
    root = secret.encode("utf-8")

    def sub(label: bytes) -> bytes:
        return hmac.new(root, b"pemilu-voters:" + label, hashlib.sha256).digest()

    return Keys(sub(b"hash"), sub(b"enc"), sub(b"mac"))


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
    """The number encrypted and authenticated, as URL-safe base64 text."""
    k = k or keys()
    plain = number.strip().encode("utf-8")
    nonce = os.urandom(NONCE)
    stream = hashlib.shake_256(k.enc + nonce).digest(len(plain))
    body = _xor(plain, stream)
    tag = hmac.new(k.mac, VERSION + nonce + body, hashlib.sha256).digest()[:TAG]
    return base64.urlsafe_b64encode(VERSION + nonce + body + tag).decode("ascii")


def open_sealed(text: str, k: Keys | None = None) -> str:
    """The number back; a ValueError when the text was not sealed under this key or was altered."""
    k = k or keys()
    raw = base64.urlsafe_b64decode(text.encode("ascii"))
    if len(raw) < 1 + NONCE + TAG or raw[:1] != VERSION:
        raise ValueError("not a sealed number")
    nonce, body, tag = raw[1:1 + NONCE], raw[1 + NONCE:-TAG], raw[-TAG:]
    if not hmac.compare_digest(tag, hmac.new(k.mac, raw[:-TAG], hashlib.sha256).digest()[:TAG]):
        raise ValueError("sealed number altered or sealed under another key")
    stream = hashlib.shake_256(k.enc + nonce).digest(len(body))
    return _xor(body, stream).decode("utf-8")


def _xor(data: bytes, stream: bytes) -> bytes:
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def mask(number: str) -> str:
    """``1276040101900020`` → ``127604********20`` (the first six and the last two digits; printed and
    exported lists carry only this). Anything that is not 16 characters is masked whole."""
    if len(number) != 16:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[-2:]
