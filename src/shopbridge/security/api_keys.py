"""API keys for systems that send events in, and the scopes they carry.

A key looks like ``sbk_<id>_<secret>``. The 8-character id is stored in clear and
used to find the key's record; only a SHA-256 of the whole key is stored next to it,
so a database leak does not hand out working keys.

SHA-256 rather than bcrypt/argon2 on purpose: slow hashes exist to protect guessable
passwords. The secret part here is 32 random bytes (256 bits) from ``secrets``, which
no amount of hashing speed makes guessable, and a fast hash keeps per-request checks
cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
from collections.abc import Iterable
from enum import StrEnum
from typing import Final

__all__ = ["KEY_PREFIX", "Scope", "generate_key", "has_scope", "hash_key", "parse_key", "verify"]

KEY_PREFIX: Final = "sbk"
ID_CHARS: Final = 8
SECRET_BYTES: Final = 32
# Lower-case letters and digits only, so the id never contains the ``_`` separator and
# reads back unchanged from a case-folding terminal or log search.
_ID_ALPHABET: Final = string.ascii_lowercase + string.digits
# token_urlsafe(32) gives 43 characters; accept at least 32 so the format can change.
_KEY_SHAPE: Final = re.compile(
    rf"{KEY_PREFIX}_(?P<id>[a-z0-9]{{{ID_CHARS}}})_(?P<secret>[A-Za-z0-9_-]{{32,}})"
)


class Scope(StrEnum):
    """What a key may do. Stored as the string value, so new members are additive."""

    EVENTS_WRITE = "events:write"  # POST /v1/events/{source}
    SHOPIFY_WRITE = "shopify:write"  # POST /v1/inventory: changes that are written to Shopify
    ADMIN = "admin"  # the operator API: list, inspect, replay; implies every other scope


def generate_key() -> tuple[str, str, str]:
    """A new key as ``(plaintext, prefix, key_hash)``; show the plaintext once, store the rest."""
    key_id = "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_CHARS))
    plaintext = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return plaintext, key_id, hash_key(plaintext)


def hash_key(plaintext: str) -> str:
    """The stored form of a key: hex SHA-256 of the whole key."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def parse_key(plaintext: str) -> str | None:
    """The lookup prefix (the id part) of a well-formed key, else None."""
    match = _KEY_SHAPE.fullmatch(plaintext)
    return match.group("id") if match else None


def verify(plaintext: str, stored_hash: str) -> bool:
    """True when ``plaintext`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(hash_key(plaintext).encode(), stored_hash.encode())


def has_scope(granted: Iterable[str], needed: Scope | str) -> bool:
    """True when ``granted`` includes ``needed``, or ``admin``, which implies every scope."""
    held = set(granted)
    return Scope.ADMIN.value in held or str(needed) in held
