"""Personal data at rest: AES-256-GCM encryption and an HMAC blind index for exact lookups.

Keys come from GZ_FIELD_KEY (or, for a demo, are derived from SECRET_KEY); the encryption key and
the index key are derived separately, so the index reveals nothing about the ciphertext key.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongzhi.core.normalize import fold
from gongzhi.core.personal import PersonalValue, reveal

PREFIX = "gz1:"


@dataclass(frozen=True)
class _Keys:
    """The key objects built from one master key: building an AES key schedule or an HMAC
    state costs more than sealing or hashing a phone number, so each is built once per key."""

    aead: AESGCM
    index: "hmac.HMAC"


@lru_cache(maxsize=4)
def _keys(master: str, secret: str) -> _Keys:
    seed = base64.b64decode(master) if master else secret.encode()

    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(seed)

    return _Keys(
        aead=AESGCM(derive(b"gongzhi field encryption")),
        index=hmac.new(derive(b"gongzhi blind index"), digestmod=hashlib.sha256),
    )


def _current_keys() -> _Keys:
    master = settings.GZ_FIELD_KEY
    if not master and not settings.DEBUG:
        raise ImproperlyConfigured("GZ_FIELD_KEY is required when DEBUG is off.")
    return _keys(master, "" if master else settings.SECRET_KEY)


def field_key_problem(value: str) -> str:
    """Why a GZ_FIELD_KEY value cannot serve as the key ("" when it can)."""
    try:
        key = base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        return "GZ_FIELD_KEY is not base64."
    return "" if len(key) == 32 else f"GZ_FIELD_KEY decodes to {len(key)} bytes, not 32."


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)  # a fresh random nonce for every value
    sealed = _current_keys().aead.encrypt(nonce, plain.encode(), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.b64decode(stored[len(PREFIX) :])
    return _current_keys().aead.decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (empty for empty), taken of
    its canonical form, so 1３８… and 138… find the same row. A PersonalValue remembers its
    index (per key), so assigning, validating and saving it hash it once."""
    keys = _current_keys()
    if isinstance(value, PersonalValue):
        return value.memo(keys, _index_of)
    return _index_of(value, keys)


def _index_of(value, keys: _Keys) -> str:
    text = fold(reveal(value))
    if not text:
        return ""
    digest = keys.index.copy()
    digest.update(text.encode())
    return digest.hexdigest()
