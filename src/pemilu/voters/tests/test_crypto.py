"""NIK/KK at rest (issue 22 item 6): sealed numbers open only under their key, unaltered."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pemilu.voters import crypto

K = crypto._derive("k" * 40)
OTHER = crypto._derive("o" * 40)
numbers = st.text(alphabet="0123456789", min_size=16, max_size=16)


@given(numbers)
def test_a_sealed_number_opens_to_itself_and_does_not_contain_it(number: str) -> None:
    sealed = crypto.seal(number, K)
    assert crypto.open_sealed(sealed, K) == number
    assert number not in sealed and number.encode() not in base64.urlsafe_b64decode(sealed)
    assert crypto.seal(number, K) != sealed  # a fresh nonce each time: equal NIKs are not visible as equal text


@given(numbers, st.integers(min_value=0, max_value=48))
def test_an_altered_or_foreign_seal_is_refused(number: str, position: int) -> None:
    raw = bytearray(base64.urlsafe_b64decode(crypto.seal(number, K)))
    with pytest.raises(ValueError):
        crypto.open_sealed(crypto.seal(number, K), OTHER)
    raw[position % len(raw)] ^= 1
    with pytest.raises(ValueError):
        crypto.open_sealed(base64.urlsafe_b64encode(bytes(raw)).decode(), K)


def test_the_hash_is_keyed_and_stable() -> None:
    nik = "1276014502900003"
    assert crypto.number_hash(nik, K) == crypto.number_hash(f" {nik} ", K) != crypto.number_hash(nik, OTHER)
    assert len(crypto.number_hash(nik, K)) == 64


def test_the_mask_and_a_short_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert crypto.mask("1276040101900020") == "127604********20"
    assert crypto.mask("12345") == "*****"
    monkeypatch.setenv("PEMILU_VOTER_KEY", "short")
    with pytest.raises(crypto.VoterKeyMissing):
        crypto.keys()


def test_the_sealed_form_is_standard_aes_gcm_under_version_2() -> None:
    """Version ‖ 12-byte nonce ‖ AES-256-GCM(ciphertext ‖ tag) with the version as associated data:
    opened here with ``AESGCM`` itself and the derived key, so any AES-GCM implementation can read it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = crypto.seal("1276014502900003", K)
    raw = base64.urlsafe_b64decode(sealed)
    assert len(sealed) == 60 and raw[:1] == b"\x02" and len(raw) == 1 + 12 + 16 + 16
    assert AESGCM(K.enc).decrypt(raw[1:13], raw[13:], b"\x02") == b"1276014502900003"
    with pytest.raises(ValueError, match="not a sealed number"):
        crypto.open_sealed(base64.urlsafe_b64encode(b"\x01" + raw[1:]).decode(), K)
