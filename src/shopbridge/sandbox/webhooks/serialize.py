"""The JSON bytes of a webhook body, written once when the event fires.

The HMAC is computed over these exact bytes and retries resend them unchanged.
Keys keep the payload's order (REST's order); non-ASCII text is written as UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["encode"]


def encode(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
