"""The customers document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{"identify", "system", "fields",
"email_marketing"?, "sms_marketing"?, "ignored", "version"}]}``
(:class:`shopbridge.sources.customers.document.StoredItem`). A customer change is the
whole item: the newest version per customer (as identified) replaces a pending one.
A bad item becomes a :class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, parse_document

__all__ = ["CONSENT_STATES", "FIELDS", "IDENTIFIERS", "CustomerChange", "read_customers"]

IDENTIFIERS: Final = frozenset({"id", "custom_id", "email", "phone"})
FIELDS: Final = frozenset(
    {"email", "phone", "first_name", "last_name", "note", "locale", "tags", "addresses"}
)
CONSENT_STATES: Final = frozenset({"SUBSCRIBED", "UNSUBSCRIBED", "PENDING"})
_ITEM_KEYS: Final = frozenset(
    {"identify", "system", "fields", "email_marketing", "sms_marketing", "ignored", "version"}
)


@dataclass(frozen=True, slots=True)
class CustomerChange:
    """A customer's upsert: how to find it, what to write, and which system wrote it."""

    identify: Mapping[str, str]
    system: str | None
    fields: Mapping[str, Any]
    email_marketing: Mapping[str, str] | None
    sms_marketing: Mapping[str, str] | None
    ignored: tuple[str, ...]
    version: float

    @property
    def key(self) -> str:
        by, value = self.identify["by"], self.identify["value"]
        if by == "custom_id":
            value = f"{self.identify.get('namespace')}.{self.identify.get('key')}={value}"
        return f"customer:{by}:{value.casefold() if by == 'email' else value}"

    def as_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "identify": dict(self.identify),
            "system": self.system,
            "fields": dict(self.fields),
            "ignored": list(self.ignored),
            "version": self.version,
        }
        if self.email_marketing is not None:
            item["email_marketing"] = dict(self.email_marketing)
        if self.sms_marketing is not None:
            item["sms_marketing"] = dict(self.sms_marketing)
        return item


def _consent(raw: Any, name: str) -> Mapping[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or raw.get("state") not in CONSENT_STATES:
        raise ValueError(f"'{name}.state' must be one of {', '.join(sorted(CONSENT_STATES))}")
    if not all(isinstance(value, str) for value in raw.values()):
        raise ValueError(f"'{name}' must hold strings")
    return dict(raw)


def _read_item(raw: Any) -> CustomerChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    unknown = raw.keys() - _ITEM_KEYS
    if unknown:
        return BadItem(raw, f"unknown fields: {', '.join(sorted(unknown))}")
    identify = raw.get("identify")
    if (
        not isinstance(identify, Mapping)
        or identify.get("by") not in IDENTIFIERS
        or not all(isinstance(value, str) and value for value in identify.values())
    ):
        return BadItem(raw, "'identify' must say how to find the customer ('by' and 'value')")
    if not identify.keys() <= {"by", "value", "namespace", "key", "email", "phone"}:
        return BadItem(raw, "'identify' has unknown fields")
    if identify["by"] == "custom_id" and not (identify.get("namespace") and identify.get("key")):
        return BadItem(raw, "a custom id needs its 'namespace' and 'key'")
    system, fields = raw.get("system"), raw.get("fields")
    if system is not None and not isinstance(system, str):
        return BadItem(raw, "'system' must be a string or null")
    if not isinstance(fields, Mapping) or not fields.keys() <= FIELDS:
        return BadItem(raw, f"'fields' must be an object of {', '.join(sorted(FIELDS))}")
    try:
        email = _consent(raw.get("email_marketing"), "email_marketing")
        sms = _consent(raw.get("sms_marketing"), "sms_marketing")
    except ValueError as exc:
        return BadItem(raw, str(exc))
    ignored = raw.get("ignored", [])
    if not isinstance(ignored, list) or not all(isinstance(name, str) for name in ignored):
        return BadItem(raw, "'ignored' must be a list of field names")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    return CustomerChange(
        dict(identify), system, dict(fields), email, sms, tuple(ignored), float(version)
    )


def read_customers(body: bytes) -> ItemDocument:
    """Read a customers job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
