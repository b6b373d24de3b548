"""The ``order`` preset on Shopify's own example payloads and on the cases they lack."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from shopbridge import errors
from shopbridge.orders.order_document import ORDER_TOPICS, order_document
from tests.unit.sandbox.rest.shapes import official_example


def example() -> dict[str, Any]:
    found: dict[str, Any] = copy.deepcopy(official_example("orders/create"))
    return found


def with_discount_and_taxes() -> dict[str, Any]:
    """The official example with a 10 % code on the first line and two taxes on it."""
    order = example()
    order["discount_applications"] = [
        {
            "target_type": "line_item",
            "type": "discount_code",
            "value": "10.0",
            "value_type": "percentage",
            "allocation_method": "across",
            "target_selection": "explicit",
            "code": "SUMMER10",
        }
    ]
    order["discount_codes"] = [{"code": "SUMMER10", "amount": "9.00", "type": "percentage"}]
    line = order["line_items"][0]
    line["quantity"] = 2
    line["discount_allocations"] = [
        {
            "amount": "9.00",
            "discount_application_index": 0,
            "amount_set": {"shop_money": {"amount": "9.00", "currency_code": "USD"}},
        }
    ]
    line["tax_lines"] = [
        {"title": "GST", "rate": 0.05, "price": "8.55", "channel_liable": False},
        {"title": "PST", "rate": 0.07, "price": "11.97", "channel_liable": False},
    ]
    line["properties"] = [{"name": "engraving", "value": "A.L."}]
    return order


@pytest.mark.parametrize("topic", sorted(ORDER_TOPICS))
def test_every_order_topic_example_becomes_a_clean_document(topic: str) -> None:
    payload = official_example(topic)
    document = order_document(payload)
    assert isinstance(document, dict)
    assert document["id"] == payload["id"]
    assert document["name"] == payload["name"]
    assert document["updated_at"] == payload["updated_at"]
    assert [line["sku"] for line in document["lines"]] == [
        line["sku"] for line in payload["line_items"]
    ]
    assert document["totals"]["total"] == payload["total_price"]
    assert document["reconciled"] is False


def test_the_example_order_reads_as_an_erp_wants_it() -> None:
    document = order_document(example())
    assert isinstance(document, dict)
    assert document["number"] == 1234
    assert document["tags"] == ["tag1", "tag2"]
    assert document["cancelled"] is True
    assert document["cancel_reason"] == "customer"
    assert document["customer"] == {
        "id": 115310627314723950,
        "gid": "gid://shopify/Customer/115310627314723954",
        "email": "john@example.com",
        "first_name": "John",
        "last_name": "Smith",
        "phone": None,
    }
    assert document["shipping_address"]["country_code"] == "US"
    assert document["shipping_address"]["province_code"] == "KY"
    assert document["shipping_lines"] == [
        {
            "title": "Generic Shipping",
            "code": None,
            "source": "shopify",
            "price": "10.00",
            "discounted_price": "0.00",
            "tax": "0.00",
            "taxes": [],
        }
    ]
    assert document["totals"] == {
        "line_items": "414.95",
        "discounts": "20.00",
        "subtotal": "404.95",
        "shipping": "10.00",
        "tax": "0.00",
        "total": "404.95",
        "current_total": "414.95",
        "outstanding": "414.95",
        "refunded": "0.00",
    }
    assert document["payment_gateways"] == ["visa", "bogus"]


def test_a_line_carries_its_quantity_prices_discounts_and_taxes() -> None:
    document = order_document(with_discount_and_taxes())
    assert isinstance(document, dict)
    first = document["lines"][0]
    assert (first["sku"], first["quantity"], first["unit_price"]) == ("SKU2006-001", 2, "89.99")
    assert first["subtotal"] == "179.98"
    assert first["discount"] == "9.00"
    assert first["total"] == "170.98"
    assert first["tax"] == "20.52"
    assert first["taxes"] == [
        {"title": "GST", "rate": 0.05, "amount": "8.55"},
        {"title": "PST", "rate": 0.07, "amount": "11.97"},
    ]
    assert first["discounts"] == [
        {"amount": "9.00", "type": "discount_code", "code": "SUMMER10", "title": None}
    ]
    assert first["properties"] == [{"name": "engraving", "value": "A.L."}]
    assert document["discount_codes"] == [
        {"code": "SUMMER10", "amount": "9.00", "type": "percentage"}
    ]
    assert document["discounts"][0]["value_type"] == "percentage"


def test_ids_beyond_two_to_the_53_stay_exact() -> None:
    order = example()
    order["id"] = 5678901234567890123
    order["line_items"][0]["variant_id"] = 44000000000000001
    document = order_document(order)
    assert isinstance(document, dict)
    assert document["id"] == 5678901234567890123
    assert document["lines"][0]["variant_id"] == 44000000000000001


def test_a_payload_trimmed_by_include_fields_gives_nulls_not_errors() -> None:
    document = order_document({"id": 1, "updated_at": "2026-07-01T12:00:00Z"})
    assert isinstance(document, dict)
    assert document["id"] == 1
    assert document["lines"] == []
    assert document["customer"] is None
    assert document["tags"] == []
    assert document["totals"]["total"] is None
    assert document["totals"]["refunded"] == "0.00"


def test_refunds_inside_the_order_make_its_refunded_total() -> None:
    order = example()
    order["refunds"] = [
        {
            "transactions": [
                {"kind": "refund", "status": "success", "amount": "10.00"},
                {"kind": "refund", "status": "failure", "amount": "99.00"},
            ]
        },
        {"transactions": [{"kind": "refund", "status": "success", "amount": "2.50"}]},
    ]
    document = order_document(order)
    assert isinstance(document, dict)
    assert document["totals"]["refunded"] == "12.50"


@pytest.mark.parametrize("payload", [[1, 2], "order", None, 42])
def test_a_payload_that_is_not_an_object_is_a_mapping_error(payload: Any) -> None:
    with pytest.raises(errors.MappingError, match="preset 'order'"):
        order_document(payload)
