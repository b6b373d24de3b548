"""Judge a whole customers request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.1.addresses.0.country_code``, as for the
other Shopify-write ingresses (whose shop and error helpers this reuses). Checked
here: the shape and a way to find the customer. Then the ownership rules drop the
fields the calling system does not own (listed in the item's ``ignored``), and the item
records which system sent it, for the echo guard. Shopify judges the rest (an email
another customer has, a malformed phone): a refusal is a dead item with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError

from shopbridge.config.schema import ShopSettings
from shopbridge.customers.ownership import split_fields
from shopbridge.customers.settings import CustomerSettings
from shopbridge.sources.customers.document import (
    MAX_ITEMS,
    Consent,
    CustomerIdentify,
    CustomerUpsert,
    StoredConsent,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["identify", "normalizer"]

_FIELDS = ("email", "phone", "first_name", "last_name", "note", "locale", "tags", "addresses")
_CONSENTS = ("email_marketing", "sms_marketing")

Normalize = Callable[
    [JSONValue, Mapping[str, ShopSettings], float], StoredDocument | list[FieldError]
]


def normalizer(settings: CustomerSettings, system: str | None) -> Normalize:
    """The request judge for a caller that is ``system`` (None: no configured system)."""

    def normalize(
        payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
    ) -> StoredDocument | list[FieldError]:
        """The document to store, or every problem found (never a partial document)."""

        def read(
            prefix: str, raw: dict[str, JSONValue], at: float, problems: list[FieldError]
        ) -> StoredItem | None:
            return _item(prefix, raw, at, problems, settings, system)

        found = normalize_batch(payload, shops, received_at, read, noun="customer", limit=MAX_ITEMS)
        return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}

    return normalize


def identify(customer: CustomerUpsert, settings: CustomerSettings) -> CustomerIdentify | None:
    """How the writer finds the customer: the first of id, external id, email, phone.

    An external id keeps the email and phone sent with it, to find and link a customer
    the external id does not name yet (one who checked out before the CRM knew them).
    """
    if customer.shopify_id is not None:
        return {"by": "id", "value": customer.shopify_id}
    if customer.external_id is not None:
        found: CustomerIdentify = {
            "by": "custom_id",
            "value": customer.external_id,
            "namespace": settings.external_id.namespace,
            "key": settings.external_id.key,
        }
        if customer.email is not None:
            found["email"] = customer.email
        if customer.phone is not None:
            found["phone"] = customer.phone
        return found
    if customer.email is not None:
        return {"by": "email", "value": customer.email}
    if customer.phone is not None:
        return {"by": "phone", "value": customer.phone}
    return None


def _item(
    prefix: str,
    raw: dict[str, JSONValue],
    received_at: float,
    problems: list[FieldError],
    settings: CustomerSettings,
    system: str | None,
) -> StoredItem | None:
    try:
        customer = CustomerUpsert.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    found = identify(customer, settings)
    if found is None:
        message = "required: give email, phone, external_id or shopify_id to find the customer"
        problems.append(FieldError(prefix + "email", message))
        return None
    sent = [name for name in (*_FIELDS, *_CONSENTS) if name in customer.model_fields_set]
    keep = [found["by"]] if found["by"] in ("email", "phone") else []
    written, ignored = split_fields(sent, system, settings.ownership, keep)
    dumped = customer.model_dump(include=set(written) & set(_FIELDS))
    if isinstance(dumped.get("addresses"), list):
        dumped["addresses"] = [
            {key: value for key, value in address.items() if value is not None}
            for address in dumped["addresses"]
        ]
    if found["by"] in ("email", "phone"):
        dumped[found["by"]] = found["value"]
    item = StoredItem(
        identify=found,
        system=system,
        fields=dumped,
        ignored=ignored,
        version=customer.version if customer.version is not None else received_at,
    )
    for name in _CONSENTS:
        consent: Consent | None = getattr(customer, name)
        if name in written and consent is not None:
            item[name] = _consent(consent)  # type: ignore[literal-required]
    return item


def _consent(consent: Consent) -> StoredConsent:
    stored = StoredConsent(state=consent.state.upper())
    if consent.opt_in_level is not None:
        stored["opt_in_level"] = consent.opt_in_level.upper()
    if consent.consent_updated_at is not None:
        stored["consent_updated_at"] = consent.consent_updated_at
    return stored
