"""Personal data at rest: authenticated encryption under a named key, and an HMAC blind index.

A value is stored as `gz2:<key id>:<base64>`. The key id is `<cipher>-<fingerprint>`: the cipher
(`aes`: AES-256-GCM; `sm4`: SM4-GCM, GB/T 32907; `sm4cbc`: SM4-CBC then HMAC-SHA256 where this
OpenSSL has no SM4-GCM) and eight hex digits derived from the master key. Values are sealed with
GZ_FIELD_KEY under GZ_FIELD_CIPHER and opened with whichever configured key (GZ_FIELD_KEY or one
of GZ_FIELD_KEYS_OLD) the id names, so a rotation reads both while `rotate_field_key` runs.
Values of the first format (`gz1:`, AES-256-GCM, no id) open with whichever configured key's
tag verifies.

The blind index has its own key, GZ_INDEX_KEY (by default derived from GZ_FIELD_KEY): it does not
rotate with the field key, because a changed index key makes every stored index miss (lookups by
phone, and the uniqueness of a phone within a unit) until every row is rewritten. Rotate it on its
own, in a maintenance window, with `rotate_field_key --reindex`.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from gongzhi.core.normalize import fold
from gongzhi.core.personal import PersonalValue, reveal

PREFIX = "gz2:"
LEGACY_PREFIX = "gz1:"
CIPHER_CHOICES = ("aes", "sm4")  # what GZ_FIELD_CIPHER may name


class UnknownKey(ValueError):
    """A value sealed with a key that is not configured (neither current nor old)."""


def _derive(seed: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(seed)


class _AesGcm:
    name = "aes"

    def __init__(self, seed: bytes):
        self._aead = AESGCM(_derive(seed, b"gongzhi field encryption"))

    def seal(self, plain: bytes, aad: bytes | None) -> bytes:
        nonce = os.urandom(12)  # a fresh random nonce for every value
        return nonce + self._aead.encrypt(nonce, plain, aad)

    def open(self, raw: bytes, aad: bytes | None) -> bytes:
        return self._aead.decrypt(raw[:12], raw[12:], aad)


class _Sm4Gcm:
    name = "sm4"

    def __init__(self, seed: bytes):
        self._key = _derive(seed, b"gongzhi field encryption sm4", 16)

    def seal(self, plain: bytes, aad: bytes | None) -> bytes:
        nonce = os.urandom(12)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad or b"")
        sealed = encryptor.update(plain) + encryptor.finalize()
        return nonce + sealed + encryptor.tag

    def open(self, raw: bytes, aad: bytes | None) -> bytes:
        nonce, sealed, tag = raw[:12], raw[12:-16], raw[-16:]
        decryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad or b"")
        return decryptor.update(sealed) + decryptor.finalize()


class _Sm4CbcHmac:
    """SM4-CBC, then HMAC-SHA256 over the key id, IV and ciphertext (encrypt-then-MAC)."""

    name = "sm4cbc"

    def __init__(self, seed: bytes):
        self._key = _derive(seed, b"gongzhi field encryption sm4-cbc", 16)
        self._mac_key = _derive(seed, b"gongzhi field mac sm4-cbc")

    def _tag(self, body: bytes, aad: bytes | None) -> bytes:
        return hmac.new(self._mac_key, (aad or b"") + body, hashlib.sha256).digest()

    def seal(self, plain: bytes, aad: bytes | None) -> bytes:
        iv = os.urandom(16)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plain) + padder.finalize()
        encryptor = Cipher(algorithms.SM4(self._key), modes.CBC(iv)).encryptor()
        body = iv + encryptor.update(padded) + encryptor.finalize()
        return body + self._tag(body, aad)

    def open(self, raw: bytes, aad: bytes | None) -> bytes:
        body, tag = raw[:-32], raw[-32:]
        if not hmac.compare_digest(tag, self._tag(body, aad)):
            raise InvalidTag()
        decryptor = Cipher(algorithms.SM4(self._key), modes.CBC(body[:16])).decryptor()
        padded = decryptor.update(body[16:]) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()


_CIPHERS = {cipher.name: cipher for cipher in (_AesGcm, _Sm4Gcm, _Sm4CbcHmac)}


@cache
def sm4_gcm_available() -> bool:
    """Whether this OpenSSL does SM4 in GCM mode (else SM4 falls back to CBC + HMAC)."""
    try:
        probe = _Sm4Gcm(b"probe")
        return probe.open(probe.seal(b"probe", b"id"), b"id") == b"probe"
    except (UnsupportedAlgorithm, AttributeError, ValueError):
        return False


def cipher_for(setting: str) -> str:
    """The cipher name a GZ_FIELD_CIPHER value stands for on this machine."""
    if setting == "sm4":
        return "sm4" if sm4_gcm_available() else "sm4cbc"
    return "aes"


@dataclass(frozen=True)
class FieldKey:
    """One master key, sealing with one cipher; its id goes into every value it seals."""

    seed: bytes
    cipher_name: str

    @cached_property
    def fingerprint(self) -> str:
        return _derive(self.seed, b"gongzhi key id", 4).hex()

    @cached_property
    def key_id(self) -> str:
        return f"{self.cipher_name}-{self.fingerprint}"

    def cipher(self, name: str | None = None):
        return _cipher(self.seed, name or self.cipher_name)


@lru_cache(maxsize=32)
def _cipher(seed: bytes, name: str):
    """Building a key schedule costs more than sealing a phone number: once per key."""
    return _CIPHERS[name](seed)


@dataclass(frozen=True)
class Keyring:
    current: FieldKey
    old: tuple[FieldKey, ...]
    index: "hmac.HMAC"

    @property
    def all(self) -> tuple[FieldKey, ...]:
        return (self.current, *self.old)

    def by_fingerprint(self, fingerprint: str) -> FieldKey:
        for key in self.all:
            if key.fingerprint == fingerprint:
                return key
        raise UnknownKey(f"no configured key has the id {fingerprint}")


def _seed(master: str) -> bytes:
    return base64.b64decode(master)


@lru_cache(maxsize=8)
def _keyring(master: str, old: tuple, cipher: str, index_master: str, secret: str) -> Keyring:
    seed = _seed(master) if master else secret.encode()
    index_seed = _seed(index_master) if index_master else seed
    return Keyring(
        current=FieldKey(seed, cipher),
        old=tuple(FieldKey(_seed(value), "aes") for value in old if value),
        index=hmac.new(_derive(index_seed, b"gongzhi blind index"), digestmod=hashlib.sha256),
    )


KEY_SETTINGS = frozenset(
    {"GZ_FIELD_KEY", "GZ_FIELD_KEYS_OLD", "GZ_FIELD_CIPHER", "GZ_INDEX_KEY", "SECRET_KEY", "DEBUG"}
)


@cache
def keyring() -> Keyring:
    """The configured keys, read from the settings once (an import of 100,000 rows asks for
    them for every value it seals or indexes) and again after a key setting changes."""
    master = settings.GZ_FIELD_KEY
    if not master and not settings.DEBUG:
        raise ImproperlyConfigured("GZ_FIELD_KEY is required when DEBUG is off.")
    return _keyring(
        master,
        tuple(settings.GZ_FIELD_KEYS_OLD),
        cipher_for(settings.GZ_FIELD_CIPHER),
        settings.GZ_INDEX_KEY,
        "" if master else settings.SECRET_KEY,
    )


@receiver(setting_changed)
def _forget_keyring(*, setting, **_kwargs) -> None:
    if setting in KEY_SETTINGS:
        keyring.cache_clear()


def key_problem(name: str, value: str) -> str:
    """Why a key setting's value cannot serve as a key ("" when it can)."""
    try:
        key = base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        return f"{name} is not base64."
    return "" if len(key) == 32 else f"{name} decodes to {len(key)} bytes, not 32."


def current_prefix() -> str:
    """What every value sealed now begins with (a value under another key does not)."""
    return f"{PREFIX}{keyring().current.key_id}:"


def key_id_of(stored: str) -> str:
    """The id of the key that sealed a stored value ("gz1" for the first format)."""
    if stored.startswith(LEGACY_PREFIX):
        return "gz1"
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    return stored[len(PREFIX) :].split(":", 1)[0]


def encrypt(plain: str) -> str:
    prefix = current_prefix()
    sealed = keyring().current.cipher().seal(plain.encode(), prefix.encode())
    return prefix + base64.b64encode(sealed).decode()


def decrypt(stored: str) -> str:
    if stored.startswith(LEGACY_PREFIX):
        return _decrypt_legacy(base64.b64decode(stored[len(LEGACY_PREFIX) :]))
    key_id = key_id_of(stored)
    cipher_name, _, fingerprint = key_id.partition("-")
    if cipher_name not in _CIPHERS:
        raise UnknownKey(f"unknown cipher {cipher_name!r}")
    prefix = f"{PREFIX}{key_id}:"
    raw = base64.b64decode(stored[len(prefix) :])
    key = keyring().by_fingerprint(fingerprint)
    return key.cipher(cipher_name).open(raw, prefix.encode()).decode()


def _decrypt_legacy(raw: bytes) -> str:
    """A `gz1:` value names no key: the configured key whose GCM tag verifies sealed it."""
    for key in keyring().all:
        try:
            return key.cipher("aes").open(raw, None).decode()
        except InvalidTag:
            continue
    raise InvalidTag()


def blind_index(value) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (empty for empty), taken of
    its canonical form, so 1３８… and 138… find the same row. A PersonalValue remembers its
    index (per key), so assigning, validating and saving it hash it once."""
    index = keyring().index
    if isinstance(value, PersonalValue):
        return value.memo(index, _index_of)
    return _index_of(value, index)


def _index_of(value, index) -> str:
    text = fold(reveal(value))
    if not text:
        return ""
    digest = index.copy()
    digest.update(text.encode())
    return digest.hexdigest()
