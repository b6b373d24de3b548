"""A discounts job read into changes, and the Shopify input built for one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shopbridge.shopify.writer import BadItem, one_item_document
from shopbridge.shopify.writer.discount_changes import DiscountChange, read_discounts
from shopbridge.shopify.writer.discount_input import Current, discount_input, needs_current
from shopbridge.shopify.writer.discount_resolve import Targets

NOW = "2026-07-01T12:00:00Z"
CODE: dict[str, Any] = {
    "type": "code",
    "code": "Summer15",
    "value": {"percentage": 15},
    "applies_to": {"products": ["tee"], "variants": ["TEE-S"]},
    "minimum": {"quantity": 2},
    "ends_at": None,
    "usage_limit": 50,
    "applies_once_per_customer": True,
    "combines_with": {"order": False, "shipping": True},
    "version": 2.0,
}
AUTOMATIC: dict[str, Any] = {
    "type": "automatic",
    "key": "autumn",
    "title": "Autumn",
    "value": {"amount": "10.00", "applies_on_each_item": False},
    "context": {"markets": ["Europe"]},
    "version": 3.0,
}


def _read(*items: Any) -> list[DiscountChange | BadItem]:
    body = json.dumps({"shop": "acme", "items": list(items)}).encode()
    return list(read_discounts(body).items)  # type: ignore[arg-type]


def _change(item: dict[str, Any]) -> DiscountChange:
    [change] = _read(item)
    assert isinstance(change, DiscountChange), change
    return change


def test_items_read_into_changes_keyed_by_identity_and_replay_as_themselves() -> None:
    code, automatic = _read(CODE, AUTOMATIC)
    assert isinstance(code, DiscountChange)
    assert isinstance(automatic, DiscountChange)
    assert (code.key, code.version, code.tag) == ("discount:code:summer15", 2.0, None)
    assert (automatic.key, automatic.tag) == ("discount:key:autumn", "shopbridge:autumn")
    by_title = _change({"type": "automatic", "title": "Autumn", "delete": True, "version": 1})
    assert (by_title.key, by_title.deletes) == ("discount:title:Autumn", True)
    assert json.loads(one_item_document("acme", code)) == {"shop": "acme", "items": [CODE]}


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ("x", "the item is not an object"),
        ({**CODE, "type": "bxgy"}, "'type' must be 'code' or 'automatic'"),
        ({**CODE, "sku": "x"}, "unknown fields: sku"),
        ({k: v for k, v in CODE.items() if k != "code"}, "a code discount needs its 'code'"),
        ({**AUTOMATIC, "code": "X"}, "an automatic discount has no 'code'"),
        (
            {"type": "automatic", "value": {"percentage": 5}, "version": 1},
            "an automatic discount needs its 'title' or 'key'",
        ),
        ({**CODE, "code": " "}, "'code' must be a non-empty string"),
        (
            {**CODE, "value": {"percentage": 0}},
            "'value' must be a percentage above 0 and at most 100",
        ),
        ({**CODE, "value": {}}, "'value' must be percentage or amount, one of them"),
        ({**CODE, "value": {"amount": 5}}, "'value' must be an amount as a decimal string"),
        (
            {**CODE, "applies_to": {"all": True, "products": ["a"]}},
            "'applies_to' must be true all, or non-empty lists of text in products, variants",
        ),
        (
            {**CODE, "context": {"segments": ["a"]}},
            "'context' must be an object with all or markets, customers",
        ),
        (
            {**CODE, "minimum": {"quantity": 0}},
            "'minimum' must be a subtotal as a decimal string, or a quantity above 0",
        ),
        ({**CODE, "ends_at": 5}, "'ends_at' must be a time or null"),
        ({**CODE, "usage_limit": "5"}, "'usage_limit' must be a number"),
        ({**CODE, "combines_with": {"order": 1}}, "'combines_with' must be true or false values"),
        ({**CODE, "status": "paused"}, "'status' must be active or deactivated"),
        ({**CODE, "delete": False}, "'delete' must be true"),
        ({**CODE, "version": "2"}, "'version' must be a finite number"),
    ],
)
def test_bad_items_say_why(item: Any, reason: str) -> None:
    [read] = _read(item)
    assert isinstance(read, BadItem)
    assert read.reason == reason


def test_creating_fills_what_shopify_needs_and_sends_the_fields_given() -> None:
    change = _change(CODE)
    targets = Targets(
        products=("gid://shopify/Product/1",), variants=("gid://shopify/ProductVariant/2",)
    )
    assert discount_input(change, targets, None, creating=True, now=NOW, shop_markets=()) == {
        "title": "Summer15",
        "code": "Summer15",
        "startsAt": NOW,
        "endsAt": None,
        "usageLimit": 50,
        "appliesOncePerCustomer": True,
        "combinesWith": {"orderDiscounts": False, "shippingDiscounts": True},
        "minimumRequirement": {"quantity": {"greaterThanOrEqualToQuantity": "2"}},
        "customerGets": {
            "value": {"percentage": 0.15},
            "items": {
                "products": {
                    "productsToAdd": ["gid://shopify/Product/1"],
                    "productVariantsToAdd": ["gid://shopify/ProductVariant/2"],
                }
            },
        },
        "context": {"all": "ALL"},
    }


def test_an_update_sends_only_what_changed_and_removes_what_lists_no_longer_have() -> None:
    change = _change(
        {
            "type": "code",
            "code": "X",
            "applies_to": {"variants": ["V"]},
            "context": {"customers": ["a@b.co"]},
            "minimum": None,
            "version": 1,
        }
    )
    assert needs_current(change)
    targets = Targets(variants=("v2",), customers=("c1", "c3"))
    current = Current(products=("p1",), variants=("v1", "v2"), customers=("c1", "c2"))
    assert discount_input(change, targets, current, creating=False, now=NOW, shop_markets=()) == {
        "minimumRequirement": None,
        "customerGets": {
            "items": {
                "products": {
                    "productsToRemove": ["p1"],
                    "productVariantsToAdd": ["v2"],
                    "productVariantsToRemove": ["v1"],
                }
            }
        },
        "context": {"customers": {"add": ["c1", "c3"], "remove": ["c2"]}},
    }


def test_markets_replace_by_removing_every_other_market_of_the_shop() -> None:
    change = _change(AUTOMATIC)
    assert not needs_current(change)
    given = discount_input(
        change, Targets(markets=("m2",)), None, creating=True, now=NOW, shop_markets=("m1", "m2")
    )
    assert given == {
        "title": "Autumn",
        "tags": ["shopbridge:autumn"],
        "startsAt": NOW,
        "customerGets": {
            "value": {"discountAmount": {"amount": "10.00", "appliesOnEachItem": False}},
            "items": {"all": True},
        },
        "context": {"markets": {"add": ["m2"], "remove": ["m1"]}},
    }
    status_only = _change({"type": "automatic", "key": "autumn", "status": "active", "version": 4})
    assert (
        discount_input(status_only, Targets(), None, creating=False, now=NOW, shop_markets=("m1",))
        == {}
    )


def test_a_percentage_goes_out_as_a_fraction_without_float_noise() -> None:
    change = _change({**CODE, "value": {"percentage": 33.3}})
    given = discount_input(change, Targets(), Current(), creating=False, now=NOW, shop_markets=())
    assert given["customerGets"]["value"] == {"percentage": 0.333}
