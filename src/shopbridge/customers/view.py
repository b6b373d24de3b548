"""A customer as the echo guard compares it: id, ``updated_at`` and a content fingerprint.

The same customer reaches shopbridge in two shapes: the Admin API's answer to a write
(GraphQL, camelCase, GIDs) and the webhook that write causes (REST, snake_case).
Both are reduced here to the fields a ``customers/*`` webhook carries and a system
syncs (email, phone, names, note, addresses), normalised alike (emails in lower case,
blanks as null, addresses as a sorted list), then hashed. Equal fingerprints mean the
webhook shows exactly the customer the write left. Tags and consents are not in the
fingerprint: Shopify's ``customers/update`` example payload carries neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

__all__ = ["CustomerView", "from_admin", "from_webhook"]

_ADDRESS_FIELDS: Final = (
    "address1",
    "address2",
    "city",
    "company",
    "country_code",
    "first_name",
    "last_name",
    "phone",
    "province_code",
    "zip",
)
_ADMIN_ADDRESS: Final = {
    "country_code": "countryCodeV2",
    "first_name": "firstName",
    "last_name": "lastName",
    "province_code": "provinceCode",
}


@dataclass(frozen=True, slots=True)
class CustomerView:
    """One customer at one moment: its GID, ``updated_at`` (epoch seconds), fingerprint."""

    gid: str
    updated_at: float
    fingerprint: str


def from_webhook(payload: Any) -> CustomerView | None:
    """The view of a ``customers/create|update`` payload; None if it is not one."""
    if not isinstance(payload, Mapping):
        return None
    gid = payload.get("admin_graphql_api_id")
    if not isinstance(gid, str):
        number = payload.get("id")
        gid = f"gid://shopify/Customer/{number}" if isinstance(number, int) else None
    moment = _epoch(payload.get("updated_at"))
    if gid is None or moment is None:
        return None
    addresses = payload.get("addresses")
    content = {
        "email": payload.get("email"),
        "phone": payload.get("phone"),
        "first_name": payload.get("first_name"),
        "last_name": payload.get("last_name"),
        "note": payload.get("note"),
        "addresses": [
            {name: a.get(name) for name in _ADDRESS_FIELDS}
            for a in (addresses if isinstance(addresses, list) else [])
            if isinstance(a, Mapping)
        ],
    }
    return CustomerView(gid, moment, _fingerprint(content))


def from_admin(customer: Mapping[str, Any]) -> CustomerView | None:
    """The view of a customer as the Admin API answered a write (``CUSTOMER_VIEW``)."""
    gid, moment = customer.get("id"), _epoch(customer.get("updatedAt"))
    if not isinstance(gid, str) or moment is None:
        return None
    email = customer.get("defaultEmailAddress") or {}
    phone = customer.get("defaultPhoneNumber") or {}
    nodes: Sequence[Mapping[str, Any]] = (customer.get("addressesV2") or {}).get("nodes") or ()
    content = {
        "email": email.get("emailAddress"),
        "phone": phone.get("phoneNumber"),
        "first_name": customer.get("firstName"),
        "last_name": customer.get("lastName"),
        "note": customer.get("note"),
        "addresses": [
            {name: a.get(_ADMIN_ADDRESS.get(name, name)) for name in _ADDRESS_FIELDS} for a in nodes
        ],
    }
    return CustomerView(gid, moment, _fingerprint(content))


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo is not None else None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def _fingerprint(content: Mapping[str, Any]) -> str:
    email = _clean(content["email"])
    normal = {
        "email": email.lower() if isinstance(email, str) else email,
        "phone": _clean(content["phone"]),
        "first_name": _clean(content["first_name"]),
        "last_name": _clean(content["last_name"]),
        "note": _clean(content["note"]),
        "addresses": sorted(
            json.dumps([_clean(a[name]) for name in _ADDRESS_FIELDS]) for a in content["addresses"]
        ),
    }
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
