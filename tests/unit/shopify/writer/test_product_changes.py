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
from shopbridge.shopify.writer.product_resolve import ProductTarget

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


def test_each_identity_has_its_own_key_and_replays_as_itself() -> None:
    erp = {"namespace": "erp", "key": "id", "value": "P-1"}
    by_sku, by_id = _read(
        {"sku": "T-S", "handle": "renamed", "version": 1},
        {"external_id": erp, "metafields": [], "version": 2},
    )
    assert isinstance(by_sku, ProductChange)
    assert isinstance(by_id, ProductChange)
    assert (by_sku.key, by_sku.handle, by_sku.skus) == ("product:sku:T-S", "renamed", ["T-S"])
    assert (by_id.key, by_id.handle) == ("product:custom:erp.id=P-1", None)
    assert json.loads(one_item_document("acme", by_id))["items"] == [
        {"external_id": erp, "metafields": [], "version": 2.0}
    ]


def test_bad_items_say_why() -> None:
    reasons = [
        item.reason
        for item in _read(
            {"version": 1},
            {**TEE, "variants": None},
            {"handle": "a", "color": "x", "version": 1},
            {"sku": "x", "external_id": {"namespace": "erp", "key": "id", "value": "1"}},
            {"external_id": {"namespace": "erp", "key": "id"}, "version": 1},
            {"handle": "a", "metafields": {"namespace": "x"}, "version": 1},
        )
        if isinstance(item, BadItem)
    ]
    assert reasons == [
        "'handle' must be a non-empty string (or give 'sku' or 'external_id')",
        "'variants' must be a list of objects",
        "unknown fields: color",
        "give 'sku' or 'external_id', not both",
        "'external_id' needs a namespace, a key and a value",
        "'metafields' must be a list of objects",
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


def test_a_custom_id_goes_along_sent_metafields_and_replaces_its_own_entry() -> None:
    erp = {"namespace": "erp", "key": "id", "value": "P-1"}
    colour = {
        "namespace": "custom",
        "key": "colour",
        "type": "single_line_text_field",
        "value": "red",
    }
    [change] = _read(
        {"external_id": erp, "metafields": [colour, {**erp, "type": "id"}], "version": 1}
    )
    assert isinstance(change, ProductChange)
    target = ProductTarget({"customId": erp}, with_custom_id=True)
    assert product_set_variables(change, target) == {
        "identifier": {"customId": erp},
        "synchronous": True,
        "input": {"metafields": [colour, {**erp, "type": "id"}]},
    }
    created = product_set_variables(change, ProductTarget(None))
    assert "identifier" not in created


def test_variant_metafields_go_with_their_variant() -> None:
    fabric = {"namespace": "custom", "key": "fabric", "type": "single_line_text_field"}
    variant = {**TEE["variants"][0], "metafields": [{**fabric, "value": "linen"}]}
    [change] = _read({**TEE, "variants": [variant]})
    assert isinstance(change, ProductChange)
    [sent] = product_set_variables(change)["input"]["variants"]
    assert sent["metafields"] == [{**fabric, "value": "linen"}]
