"""A products job read into changes, and the ``productSet`` variables sent for one."""

from __future__ import annotations

import json
from typing import Any

from shopbridge.shopify.writer import (
    BadItem,
    ProductChange,
    one_item_document,
    product_set_variables,
    read_products,
)

TEE: dict[str, Any] = {
    "handle": "tee",
    "title": "Tee",
    "description_html": "<p>Soft</p>",
    "product_type": "Shirt",
    "options": [{"name": "Size", "values": ["S"]}, {"name": "Color", "values": ["Red"]}],
    "variants": [
        {
            "sku": "T-S",
            "price": "5.00",
            "compare_at_price": None,
            "option_values": {"Color": "Red", "Size": "S"},
        }
    ],
    "version": 2.0,
}


def _read(*items: Any) -> list[object]:
    return list(read_products(json.dumps({"shop": "acme", "items": list(items)}).encode()).items)


def test_an_item_reads_into_a_change_keyed_by_handle_and_replays_as_itself() -> None:
    [change] = _read(TEE)
    assert isinstance(change, ProductChange)
    assert (change.key, change.version, change.skus) == ("product:tee", 2.0, ["T-S"])
    assert json.loads(one_item_document("acme", change)) == {"shop": "acme", "items": [TEE]}


def test_bad_items_say_why() -> None:
    reasons = [
        item.reason
        for item in _read({"version": 1}, {**TEE, "variants": None}, {"handle": "a", "sku": "x"})
        if isinstance(item, BadItem)
    ]
    assert reasons == [
        "'handle' must be a non-empty string",
        "'variants' must be a list of objects",
        "unknown fields: sku",
    ]


def test_product_set_variables_name_the_handle_and_keep_option_order() -> None:
    [change] = _read(TEE)
    assert isinstance(change, ProductChange)
    assert product_set_variables(change) == {
        "identifier": {"handle": "tee"},
        "synchronous": True,
        "input": {
            "handle": "tee",
            "title": "Tee",
            "descriptionHtml": "<p>Soft</p>",
            "productType": "Shirt",
            "productOptions": [
                {"name": "Size", "values": [{"name": "S"}]},
                {"name": "Color", "values": [{"name": "Red"}]},
            ],
            "variants": [
                {
                    "sku": "T-S",
                    "price": "5.00",
                    "compareAtPrice": None,
                    "optionValues": [
                        {"optionName": "Size", "name": "S"},
                        {"optionName": "Color", "name": "Red"},
                    ],
                }
            ],
        },
    }
