"""The customer store helpers other domains call."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.domains.customers_store import (
    find_by_email,
    find_by_phone,
    new_customer,
    normalize_email,
    normalize_phone,
    record_order,
)
from shopbridge.sandbox.state import State


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 (613) 555-0100", "+16135550100"),
        ("613.555.0100", "+16135550100"),
        ("16135550100", "+16135550100"),
        ("+44 20 7946 0958", "+442079460958"),
        ("555-0100", None),
        ("+0123456789", None),
        ("+1613abc0100", None),
    ],
)
def test_normalize_phone(raw: str, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


def test_normalize_email() -> None:
    assert normalize_email(" A@B.co ") == "a@b.co"
    assert normalize_email("a@b") is None
    assert normalize_email("a b@c.com") is None


def test_lookups_and_order_totals() -> None:
    state = State()
    with state.transaction():
        customer = new_customer(state, "EUR")
        customer.update(email="a@b.co", phone="+16135550100")
        state.save(customer)
        record_order(state, customer["id"], "10.5", "gid://shopify/Order/7")
    found = find_by_email(state, "A@B.CO")
    assert found is not None
    assert found is find_by_phone(state, "613 555 0100")
    assert (found["numberOfOrders"], found["amountSpent"]) == (
        "1",
        {"amount": "10.5", "currencyCode": "EUR"},
    )
    assert found["lastOrderId"] == "gid://shopify/Order/7"
    with pytest.raises(LookupError), state.transaction():
        record_order(state, "gid://shopify/Customer/1", "1", "gid://shopify/Order/8")
