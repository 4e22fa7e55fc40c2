"""Personal data at rest: AES-256-GCM encryption and an HMAC blind index for exact lookups.

Keys come from GZ_FIELD_KEY (or, for a demo, are derived from SECRET_KEY); the encryption key and
the index key are derived separately, so the index reveals nothing about the ciphertext key.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from gongzhi.core.normalize import fold
from gongzhi.core.personal import reveal

PREFIX = "gz1:"


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    seed = base64.b64decode(master) if master else settings.SECRET_KEY.encode()

    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(seed)

    return derive(b"gongzhi field encryption"), derive(b"gongzhi blind index")


def _encryption_key() -> bytes:
    return _keys(settings.GZ_FIELD_KEY)[0]


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plain.encode(), None)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.b64decode(stored[len(PREFIX) :])
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (empty for empty), taken of
    its canonical form, so 1３８… and 138… find the same row."""
    text = fold(reveal(value))
    if not text:
        return ""
    key = _keys(settings.GZ_FIELD_KEY)[1]
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
