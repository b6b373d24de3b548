"""What a merchant does in the Shopify admin, as plain functions on the store.

These are the sandbox's "admin UI": each runs in one ``state.transaction`` tagged
``source="admin"``, so its changes fire webhooks exactly as an API write would.
Errors are ``ActionError`` with the field at fault, which the HTTP and CLI layers
turn into a 4xx answer or a message naming the field.
"""

from __future__ import annotations

from typing import Any, Final

from shopbridge.sandbox.domains.customers_store import (
    email_consent,
    find_by_email,
    find_by_phone,
    new_customer,
    normalize_email,
    normalize_phone,
)
from shopbridge.sandbox.domains.inventory_store import (
    QUANTITY_NAMES,
    apply_delta,
    level_at,
    quantity,
    record_group,
)
from shopbridge.sandbox.domains.shop import primary_location, shop_doc
from shopbridge.sandbox.gid import InvalidGidError, parse_gid
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "ADMIN_SOURCE",
    "ActionError",
    "edit_customer",
    "edit_stock",
    "find_location",
    "find_variant",
]

ADMIN_SOURCE: Final = "admin"
_EDITABLE: Final = ("available", "on_hand", "incoming", "damaged", "safety_stock")


class ActionError(ValueError):
    """A merchant or shopper action refused: ``field`` names the input at fault."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.status = status


def find_variant(state: State, ref: str) -> Doc:
    """A variant by SKU or by ``ProductVariant`` GID."""
    if ref.startswith("gid://"):
        try:
            gid = parse_gid(ref, "ProductVariant")
        except InvalidGidError as exc:
            raise ActionError("sku", str(exc)) from exc
        variant = state.get("ProductVariant", gid.id)
    else:
        item = state.first("InventoryItem", "sku", ref)
        variant = state.get_gid(item["variantId"]) if item is not None else None
    if variant is None:
        raise ActionError("sku", f"no variant with SKU or id {ref!r}", status=404)
    return variant


def find_location(state: State, ref: str | None) -> Doc:
    """A location by GID or name; the primary location when ``ref`` is empty."""
    if not ref:
        found = primary_location(state)
    elif ref.startswith("gid://"):
        found = state.get_gid(ref) if ref.startswith("gid://shopify/Location/") else None
    else:
        found = state.first("Location", "name", ref)
    if found is None:
        raise ActionError("location", f"no location {ref!r}", status=404)
    return found


def edit_stock(
    state: State,
    sku: str,
    *,
    location: str | None = None,
    name: str = "available",
    set_to: int | None = None,
    delta: int | None = None,
    reason: str = "correction",
) -> dict[str, Any]:
    """Set or move one named quantity of a SKU at a location, as the admin's stock editor.

    Exactly one of ``set_to`` and ``delta`` is given. Answers the quantities after the
    edit. The change is recorded as an adjustment group by the staff member, so
    ``inventory_levels/update`` fires as for any other write.
    """
    if (set_to is None) == (delta is None):
        raise ActionError("quantity", "give exactly one of an absolute quantity or a delta")
    if name not in _EDITABLE:
        raise ActionError("name", f"must be one of {', '.join(_EDITABLE)}")
    with state.transaction(source=ADMIN_SOURCE):
        variant = find_variant(state, sku)
        where = find_location(state, location)
        level = level_at(state, variant["inventoryItemId"], where["id"])
        if level is None:
            raise ActionError("location", f"{sku} is not stocked at {where['name']!r}")
        change = delta if delta is not None else int(set_to or 0) - quantity(level, name)
        if change:
            changes = apply_delta(state, level, name, change)
            record_group(state, reason, None, changes, "Shopify admin")
        after = level_at(state, variant["inventoryItemId"], where["id"])
        assert after is not None
        return {
            "sku": sku,
            "location": where["name"],
            "quantities": {q: quantity(after, q) for q in QUANTITY_NAMES},
        }


def edit_customer(
    state: State,
    email: str,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    phone: str | None = None,
    tags: list[str] | None = None,
    note: str | None = None,
    accepts_marketing: bool | None = None,
) -> dict[str, Any]:
    """Create the customer with ``email`` in the admin, or edit the given fields of it.

    Fires ``customers/create`` or ``customers/update`` (and the consent topics when
    ``accepts_marketing`` changes the email consent), as an admin edit would.
    """
    address = normalize_email(email)
    if address is None:
        raise ActionError("email", f"{email!r} is not a valid email address")
    number = None
    if phone is not None:
        number = normalize_phone(phone)
        if number is None:
            raise ActionError("phone", f"{phone!r} is not a valid phone number")
    with state.transaction(source=ADMIN_SOURCE):
        found = find_by_email(state, address)
        created = found is None
        customer = (
            dict(found)
            if found is not None
            else new_customer(state, shop_doc(state)["currencyCode"])
        )
        if created:
            customer["email"] = address
            customer["emailMarketingConsent"] = email_consent()
        if number is not None:
            owner = find_by_phone(state, number)
            if owner is not None and owner["id"] != customer["id"]:
                raise ActionError("phone", f"{phone} belongs to another customer", status=409)
            customer["phone"] = number
        for key, value in (("firstName", first_name), ("lastName", last_name), ("note", note)):
            if value is not None:
                customer[key] = value
        if tags is not None:
            customer["tags"] = sorted({tag.strip() for tag in tags if tag.strip()})
        if accepts_marketing is not None:
            wanted = "SUBSCRIBED" if accepts_marketing else "UNSUBSCRIBED"
            consent = dict(customer.get("emailMarketingConsent") or email_consent())
            if consent.get("marketingState") != wanted:
                customer["emailMarketingConsent"] = {
                    **consent,
                    "marketingState": wanted,
                    "consentUpdatedAt": state.now(),
                }
        customer["updatedAt"] = state.now()
        saved = state.save(customer)
    return {
        "id": saved["id"],
        "created": created,
        "email": saved["email"],
        "first_name": saved["firstName"],
        "last_name": saved["lastName"],
        "phone": saved["phone"],
        "tags": saved["tags"],
        "email_marketing": (saved.get("emailMarketingConsent") or {}).get("marketingState"),
    }
