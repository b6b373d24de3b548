"""API keys: shape, lookup prefix, stored hash, constant-time check, scopes."""

from __future__ import annotations

import hashlib
import re

import pytest

from shopbridge.security import api_keys
from shopbridge.security.api_keys import Scope


def test_generated_key_shape() -> None:
    plaintext, prefix, key_hash = api_keys.generate_key()
    match = re.fullmatch(r"sbk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})", plaintext)
    assert match is not None, plaintext
    assert match.group(1) == prefix
    assert key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    # Fits the api_keys table: prefix String(32), key_hash String(128).
    assert len(prefix) <= 32
    assert len(key_hash) <= 128


def test_plaintext_is_not_in_the_stored_hash() -> None:
    plaintext, _, key_hash = api_keys.generate_key()
    secret = plaintext.split("_", 2)[2]
    assert secret not in key_hash


def test_keys_are_unique() -> None:
    keys = [api_keys.generate_key() for _ in range(200)]
    assert len({k[0] for k in keys}) == 200
    assert len({k[2] for k in keys}) == 200


def test_parse_returns_the_lookup_prefix() -> None:
    plaintext, prefix, _ = api_keys.generate_key()
    assert api_keys.parse_key(plaintext) == prefix


def test_secret_part_may_contain_the_separator() -> None:
    key = "sbk_abcd1234_" + "a_b-" * 11
    assert api_keys.parse_key(key) == "abcd1234"


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "sbk_",
        "sbk_abcd1234",
        "sbk_abcd1234_short",
        "sbk_ABCD1234_" + "x" * 43,  # id is lower-case
        "sbk_abc_" + "x" * 43,  # id too short
        "sbk_abcd12345_" + "x" * 43,  # id too long
        "sbx_abcd1234_" + "x" * 43,
        " sbk_abcd1234_" + "x" * 43,
        "sbk_abcd1234_" + "x" * 42 + "=",
        "sbk_abcd1234_" + "x" * 42 + "\n",
        "Bearer sbk_abcd1234_" + "x" * 43,
    ],
)
def test_parse_rejects_malformed(presented: str) -> None:
    assert api_keys.parse_key(presented) is None


def test_verify() -> None:
    plaintext, _, key_hash = api_keys.generate_key()
    other, _, other_hash = api_keys.generate_key()
    assert api_keys.verify(plaintext, key_hash)
    assert not api_keys.verify(other, key_hash)
    assert not api_keys.verify(plaintext, other_hash)
    assert not api_keys.verify(plaintext[:-1], key_hash)
    assert not api_keys.verify(plaintext, "")
    assert not api_keys.verify(plaintext, "ü" * 64)  # a corrupt record is a no, not an error


def test_hash_key_is_stable() -> None:
    assert api_keys.hash_key("sbk_abcd1234_x") == api_keys.hash_key("sbk_abcd1234_x")


def test_scope_values_are_what_is_stored() -> None:
    assert Scope.EVENTS_WRITE.value == "events:write"
    assert Scope.ADMIN.value == "admin"
    assert str(Scope.ADMIN) == "admin"
    assert Scope("events:write") is Scope.EVENTS_WRITE


@pytest.mark.parametrize(
    ("granted", "needed", "allowed"),
    [
        (("events:write",), Scope.EVENTS_WRITE, True),
        (("events:write",), Scope.ADMIN, False),
        (("admin",), Scope.EVENTS_WRITE, True),
        (("admin",), Scope.ADMIN, True),
        ((), Scope.EVENTS_WRITE, False),
        ((), Scope.ADMIN, False),
        (("events:read",), Scope.EVENTS_WRITE, False),
        (("admin",), "some:future_scope", True),
        ((Scope.EVENTS_WRITE,), "events:write", True),
        (("EVENTS:WRITE",), Scope.EVENTS_WRITE, False),
    ],
)
def test_has_scope(granted: tuple[str, ...], needed: Scope | str, allowed: bool) -> None:
    assert api_keys.has_scope(granted, needed) is allowed
