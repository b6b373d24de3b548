"""The ``refund`` preset on Shopify's example ``refunds/create`` payload."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from shopbridge import errors
from shopbridge.orders.refund_document import refund_document
from tests.unit.sandbox.rest.shapes import official_example


def test_the_example_refund_names_its_order_lines_and_money() -> None:
    payload = official_example("refunds/create")
    document = refund_document(payload)
    assert isinstance(document, dict)
    assert document["id"] == payload["id"]
    assert document["order_id"] == payload["order_id"]
    assert document["note"] == "Things were damaged"
    assert document["lines"][0] == {
        "id": payload["refund_line_items"][0]["id"],
        "line_item_id": payload["refund_line_items"][0]["line_item_id"],
        "sku": "SKU2006-001",
        "title": "Aviator sunglasses",
        "variant_id": None,
        "quantity": 1,
        "restock_type": "no_restock",
        "location_id": None,
        "subtotal": "89.99",
        "tax": "0.00",
    }
    assert [t["amount"] for t in document["transactions"]] == ["75.00", "10.00"]
    assert document["totals"]["refunded"] == "85.00"
    assert document["totals"]["lines"] == "414.95"
    assert document["reconciled"] is False


def test_only_successful_refund_transactions_count_as_refunded() -> None:
    payload: dict[str, Any] = copy.deepcopy(official_example("refunds/create"))
    payload["transactions"][1]["status"] = "failure"
    payload["order_adjustments"] = [
        {
            "kind": "shipping_refund",
            "reason": "Shipping refund",
            "amount": "-5.00",
            "tax_amount": "0.00",
        }
    ]
    document = refund_document(payload)
    assert isinstance(document, dict)
    assert document["totals"]["refunded"] == "75.00"
    assert document["adjustments"] == [
        {"kind": "shipping_refund", "reason": "Shipping refund", "amount": "-5.00", "tax": "0.00"}
    ]


def test_a_refund_line_without_exact_sets_falls_back_to_its_numbers() -> None:
    document = refund_document(
        {"id": 1, "refund_line_items": [{"quantity": 2, "subtotal": 19.9, "total_tax": 0}]}
    )
    assert isinstance(document, dict)
    assert document["lines"][0]["subtotal"] == "19.9"
    assert document["lines"][0]["tax"] == "0"


def test_a_payload_that_is_not_an_object_is_a_mapping_error() -> None:
    with pytest.raises(errors.MappingError, match="preset 'refund'"):
        refund_document([])
