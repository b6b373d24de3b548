"""Product and variant fields: availability following stock, prices, options, images."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.catalog_store import ITEM
from shopbridge.sandbox.gid import legacy_id
from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store

VARIANTS = """query($h: String!) {
  product(handle: $h) {
    availableForSale totalInventory
    variants(first: 5) { nodes {
      id title sku availableForSale quantityAvailable currentlyNotInStock
      price { amount currencyCode } compareAtPrice { amount }
      selectedOptions { name value } product { handle }
    } }
  }
}"""


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    return seeded_store(storefront)


def variants(store: Store, n: int = 1) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = store.data(VARIANTS, {"h": handle(n)})["product"]["variants"][
        "nodes"
    ]
    return found


def test_variant_fields_come_from_the_admin_documents(store: Store) -> None:
    small, _medium = store.variants(handle(1))
    store.set_stock(small, 4)
    found = variants(store)
    assert found[0]["id"] == small["id"]
    assert found[0]["sku"] == "SKU-00001-1"
    assert found[0]["title"] == "S"
    assert found[0]["selectedOptions"] == [{"name": "Size", "value": "S"}]
    assert found[0]["price"] == {"amount": str(float(small["price"])), "currencyCode": "USD"}
    assert found[0]["compareAtPrice"] is None
    assert found[0]["quantityAvailable"] == 4
    assert found[1]["product"] == {"handle": handle(1)}


def test_deny_policy_variant_without_stock_is_not_for_sale(store: Store) -> None:
    small, medium = store.variants(handle(1))
    store.set_stock(small, 0)
    store.set_stock(medium, 3)
    found = variants(store)
    assert [v["availableForSale"] for v in found] == [False, True]
    product = store.data(VARIANTS, {"h": handle(1)})["product"]
    assert product["availableForSale"] is True
    assert product["totalInventory"] == 3
    store.set_stock(medium, 0)
    assert store.data(VARIANTS, {"h": handle(1)})["product"]["availableForSale"] is False


def test_continue_policy_and_untracked_items_stay_for_sale(store: Store) -> None:
    small, medium = store.variants(handle(1))
    store.set_stock(small, 0)
    store.set_stock(medium, 0)
    store.edit_variant(small, inventoryPolicy="CONTINUE")
    with store.state.transaction():
        item = store.state.edit(ITEM, legacy_id(medium["inventoryItemId"]))
        assert item is not None
        store.state.save({**item, "tracked": False})
    found = variants(store)
    assert [v["availableForSale"] for v in found] == [True, True]
    assert [v["currentlyNotInStock"] for v in found] == [True, False]


def test_compare_at_price_range_is_zero_without_compare_at_prices(store: Store) -> None:
    query = """query($h: String!) { product(handle: $h) {
      compareAtPriceRange { minVariantPrice { amount } maxVariantPrice { amount } } } }"""
    plain = store.data(query, {"h": handle(1)})["product"]["compareAtPriceRange"]
    assert plain == {"minVariantPrice": {"amount": "0.0"}, "maxVariantPrice": {"amount": "0.0"}}
    marked = store.data(query, {"h": handle(3)})["product"]["compareAtPriceRange"]
    assert float(marked["minVariantPrice"]["amount"]) > 0


def test_options_and_variant_by_selected_options(store: Store) -> None:
    found = store.data(
        """query($h: String!) { product(handle: $h) {
          options { name optionValues { name firstSelectableVariant { title } } }
          m: variantBySelectedOptions(selectedOptions: [{name: "Size", value: "M"}]) { title }
          lower: variantBySelectedOptions(
            selectedOptions: [{name: "size", value: "m"}], caseInsensitiveMatch: true) { title }
          none: variantBySelectedOptions(selectedOptions: [{name: "Size", value: "XL"}]) { id }
          first: selectedOrFirstAvailableVariant { title }
        } }""",
        {"h": handle(1)},
    )["product"]
    assert found["options"] == [
        {
            "name": "Size",
            "optionValues": [
                {"name": "S", "firstSelectableVariant": {"title": "S"}},
                {"name": "M", "firstSelectableVariant": {"title": "M"}},
            ],
        }
    ]
    assert found["m"] == {"title": "M"}
    assert found["lower"] == {"title": "M"}
    assert found["none"] is None


def test_first_available_variant_skips_sold_out_ones(store: Store) -> None:
    small, _medium = store.variants(handle(1))
    store.set_stock(small, 0)
    found = store.data(
        'query { product(handle: "sandbox-product-00001") { '
        "selectedOrFirstAvailableVariant { title } } }"
    )
    assert found["product"]["selectedOrFirstAvailableVariant"] == {"title": "M"}


def test_images_are_empty_when_the_store_has_no_media(store: Store) -> None:
    found = store.data(
        'query { product(handle: "sandbox-product-00001") { featuredImage { url } '
        "images(first: 5) { nodes { url } } variants(first: 1) { nodes { image { url } } } } }"
    )["product"]
    assert found["featuredImage"] is None
    assert found["images"]["nodes"] == []
    assert found["variants"]["nodes"] == [{"image": None}]
