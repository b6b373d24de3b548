"""An order read through GraphQL becomes the REST payload its webhook would have been."""

from __future__ import annotations

from typing import Any

from shopbridge.orders.from_graphql import legacy_id, rest_order
from shopbridge.orders.order_document import order_document


def money(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount}}


ORDER: dict[str, Any] = {
    "id": "gid://shopify/Order/5678901234567890123",
    "name": "#1042",
    "number": 1042,
    "email": "ada@example.com",
    "phone": None,
    "createdAt": "2026-07-01T12:00:00Z",
    "updatedAt": "2026-07-01T12:30:00Z",
    "processedAt": "2026-07-01T12:00:00Z",
    "cancelledAt": None,
    "cancelReason": None,
    "closedAt": None,
    "confirmed": True,
    "test": False,
    "sourceName": "web",
    "currencyCode": "CAD",
    "presentmentCurrencyCode": "CAD",
    "taxesIncluded": False,
    "customerLocale": "en",
    "customerAcceptsMarketing": True,
    "tags": ["vip", "wholesale"],
    "note": "leave at the door",
    "discountCodes": ["SUMMER10"],
    "paymentGatewayNames": ["shopify_payments"],
    "displayFinancialStatus": "PARTIALLY_REFUNDED",
    "displayFulfillmentStatus": "PARTIALLY_FULFILLED",
    "customAttributes": [{"key": "gift", "value": "yes"}],
    "customer": {
        "id": "gid://shopify/Customer/7012345678901234567",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "defaultEmailAddress": {"emailAddress": "ada@example.com"},
        "defaultPhoneNumber": None,
    },
    "billingAddress": None,
    "shippingAddress": {
        "name": "Ada Lovelace",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "company": None,
        "address1": "1 Main St",
        "address2": None,
        "city": "Ottawa",
        "province": "Ontario",
        "provinceCode": "ON",
        "zip": "K1A 0B1",
        "country": "Canada",
        "countryCodeV2": "CA",
        "phone": None,
    },
    "subtotalPriceSet": money("171.0"),
    "totalDiscountsSet": money("9.0"),
    "totalShippingPriceSet": money("10.0"),
    "totalTaxSet": money("22.23"),
    "totalPriceSet": money("203.23"),
    "currentTotalPriceSet": money("203.23"),
    "totalOutstandingSet": money("0.0"),
    "taxLines": [{"title": "HST", "rate": 0.13, "priceSet": money("22.23")}],
    "shippingLines": {
        "nodes": [
            {
                "id": "gid://shopify/ShippingLine/3",
                "title": "Standard",
                "code": "STD",
                "source": "shopify",
                "originalPriceSet": money("10.0"),
                "discountedPriceSet": money("10.0"),
                "taxLines": [],
            }
        ]
    },
    "discountApplications": {
        "nodes": [
            {
                "__typename": "DiscountCodeApplication",
                "allocationMethod": "ACROSS",
                "targetSelection": "ALL",
                "targetType": "LINE_ITEM",
                "value": {"percentage": 10.0},
                "code": "SUMMER10",
            }
        ]
    },
    "refunds": [
        {
            "transactions": {
                "nodes": [{"kind": "REFUND", "status": "SUCCESS", "amountSet": money("5.0")}]
            }
        }
    ],
}
LINES: list[dict[str, Any]] = [
    {
        "id": "gid://shopify/LineItem/44000000000000001",
        "name": "Tee - M",
        "title": "Tee",
        "sku": "SKU-TEE-M",
        "variantTitle": "M",
        "vendor": "Acme",
        "quantity": 2,
        "currentQuantity": 2,
        "unfulfilledQuantity": 1,
        "requiresShipping": True,
        "taxable": True,
        "isGiftCard": False,
        "originalUnitPriceSet": money("45.0"),
        "taxLines": [{"title": "HST", "rate": 0.13, "priceSet": money("10.53")}],
        "discountAllocations": [
            {"allocatedAmountSet": money("9.0"), "discountApplication": {"index": 0}}
        ],
        "customAttributes": [],
        "variant": {"id": "gid://shopify/ProductVariant/44000000000000009"},
        "product": {"id": "gid://shopify/Product/8"},
    },
    {
        "id": "gid://shopify/LineItem/44000000000000002",
        "name": "Mug",
        "title": "Mug",
        "sku": "SKU-MUG",
        "variantTitle": None,
        "vendor": "Acme",
        "quantity": 1,
        "currentQuantity": 1,
        "unfulfilledQuantity": 0,
        "requiresShipping": True,
        "taxable": True,
        "isGiftCard": False,
        "originalUnitPriceSet": money("90.0"),
        "taxLines": [],
        "discountAllocations": [],
        "customAttributes": [{"key": "colour", "value": "red"}],
        "variant": None,
        "product": None,
    },
]


def test_gids_give_the_exact_numeric_ids_rest_uses() -> None:
    assert legacy_id("gid://shopify/Order/5678901234567890123") == 5678901234567890123
    assert legacy_id("gid://shopify/Order/12?x=1") == 12
    assert legacy_id("not a gid") is None
    assert legacy_id(None) is None


def test_the_rest_payload_speaks_the_webhook_language() -> None:
    payload = rest_order(ORDER, LINES)
    assert payload["id"] == 5678901234567890123
    assert payload["financial_status"] == "partially_refunded"
    assert payload["fulfillment_status"] == "partial"
    assert payload["tags"] == "vip, wholesale"
    assert payload["note_attributes"] == [{"name": "gift", "value": "yes"}]
    assert payload["total_line_items_price"] == "180.00"
    assert payload["total_outstanding"] == "0.00"  # GraphQL's "0.0", as REST writes it
    assert payload["discount_codes"] == [
        {"code": "SUMMER10", "amount": "9.00", "type": "percentage"}
    ]
    assert payload["line_items"][0]["discount_allocations"] == [
        {"amount": "9.00", "discount_application_index": 0}
    ]
    assert payload["reconciled"] is True


def test_the_order_preset_reads_a_reconciled_order_like_a_webhook() -> None:
    document = order_document(rest_order(ORDER, LINES))
    assert isinstance(document, dict)
    assert document["reconciled"] is True
    assert document["tags"] == ["vip", "wholesale"]
    assert document["customer"]["email"] == "ada@example.com"
    assert document["shipping_address"]["country_code"] == "CA"
    tee, mug = document["lines"]
    assert (tee["sku"], tee["quantity"], tee["unit_price"]) == ("SKU-TEE-M", 2, "45.00")
    assert (tee["subtotal"], tee["discount"], tee["total"], tee["tax"]) == (
        "90.00",
        "9.00",
        "81.00",
        "10.53",
    )
    assert tee["discounts"] == [
        {"amount": "9.00", "type": "discount_code", "code": "SUMMER10", "title": None}
    ]
    assert tee["variant_id"] == 44000000000000009
    assert mug["variant_id"] is None
    assert mug["properties"] == [{"name": "colour", "value": "red"}]
    assert document["totals"] == {
        "line_items": "180.00",
        "discounts": "9.00",
        "subtotal": "171.00",
        "shipping": "10.00",
        "tax": "22.23",
        "total": "203.23",
        "current_total": "203.23",
        "outstanding": "0.00",
        "refunded": "5.00",
    }
