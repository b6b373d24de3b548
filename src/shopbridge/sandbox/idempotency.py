"""The ``@idempotent(key:)`` directive, as Shopify's inventory and refund mutations honour it.

From API 2026-04 these mutations refuse to run without the directive: a top-level
error "The @idempotent directive is required for this mutation but was not
provided." with ``extensions.code`` ``BAD_REQUEST`` (the wording and code reported by
several integrators from live stores, 2026). With a key (changelogs 2025-12-12 and
"making idempotency mandatory"):

* the first request runs and its payload is kept, with a fingerprint of the
  mutation's name and arguments, per app;
* a replay with the same key and arguments returns the kept payload and changes
  nothing, even when the first answer carried ``userErrors``;
* the same key with other arguments answers ``IDEMPOTENCY_KEY_PARAMETER_MISMATCH``;
* a key whose first request failed (an error, not ``userErrors``) answers
  ``IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED``.

Keys are kept for the life of the store (Shopify documents a retention window but its
length was not found). ``IDEMPOTENCY_CONCURRENT_REQUEST`` cannot happen: the sandbox
runs one mutation at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from graphql import get_directive_values

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.errors import bad_request
from shopbridge.sandbox.payloads import user_error

__all__ = ["REQUIRED_FROM_VERSION", "idempotency_key", "require_idempotency_key", "run_idempotent"]

REQUIRED_FROM_VERSION: Final = "2026-04"
_KIND: Final = "_IdempotencyKey"

Payload = dict[str, Any]


def idempotency_key(info: Info) -> str | None:
    """The key given with ``@idempotent(key:)`` on the field being resolved, if any."""
    directive = info.schema.get_directive("idempotent")
    if directive is None:
        return None
    for node in info.field_nodes:
        values = get_directive_values(directive, node, info.variable_values)
        if values is not None:
            return str(values["key"])
    return None


def _required(version: str) -> bool:
    return version == "unstable" or version >= REQUIRED_FROM_VERSION


def _fingerprint(field_name: str, arguments: Mapping[str, Any]) -> str:
    text = json.dumps([field_name, arguments], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def require_idempotency_key(info: Info) -> str | None:
    """The key; raise Shopify's error when it is missing (2026-04+) or blank."""
    key = idempotency_key(info)
    if key is None and _required(context_of(info).version):
        raise bad_request(
            "The @idempotent directive is required for this mutation but was not provided."
        )
    if key is not None and not key.strip():
        raise bad_request("The idempotency key cannot be an empty string or whitespace only.")
    return key


def run_idempotent(
    info: Info,
    arguments: Mapping[str, Any],
    action: Callable[[], Payload],
    failed: Callable[[list[dict[str, Any]]], Payload],
) -> Payload:
    """Run ``action`` once per idempotency key; ``failed(errors)`` builds an error payload."""
    ctx = context_of(info)
    key = require_idempotency_key(info)
    if key is None:
        return action()
    record_key = f"{ctx.app}\x00{key}"
    fingerprint = _fingerprint(info.field_name, arguments)
    record = ctx.state.get(_KIND, record_key)
    if record is not None:
        if record["fingerprint"] != fingerprint:
            return failed([user_error(info, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", None)])
        if record["status"] != "completed":
            return failed([user_error(info, "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED", None)])
        return dict(record["result"])
    base = {"key": key, "app": ctx.app, "mutation": info.field_name, "fingerprint": fingerprint}

    def remember_failure() -> None:
        failure = {**base, "status": "failed", "createdAt": ctx.state.now(), "result": None}
        ctx.state.put(_KIND, record_key, failure)

    ctx.after_rollback.append(remember_failure)
    result = action()
    record = {**base, "status": "completed", "createdAt": ctx.state.now(), "result": result}
    ctx.state.put(_KIND, record_key, record)
    return result
