"""productSet by custom ID, variant metafields, and the ``id`` metafield type."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.catalog import catalog
from shopbridge.sandbox.domains.catalog_fields import catalog_fields
from shopbridge.sandbox.domains.catalog_mutations import catalog_mutations
from shopbridge.sandbox.domains.metafield_definitions import metafield_definitions
from shopbridge.sandbox.domains.metafields import metafields
from tests.unit.sandbox.domains.admining import AdminStore

SET = """
mutation Set($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input) {
    product {
      id title handle
      metafields(first: 10) { nodes { namespace key type value } }
      variants(first: 10) { nodes { sku metafields(first: 5) { nodes { key value } } } }
    }
    userErrors { field code }
  }
}
"""
BY_CUSTOM_ID = """
query($id: UniqueMetafieldValueInput!) {
  productByIdentifier(identifier: {customId: $id}) { id title }
}
"""
DEFINE = """
mutation($d: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { code } }
}
"""
ERP = {"namespace": "erp", "key": "product_id", "value": "P-1"}
TEE = {
    "title": "Tee",
    "productOptions": [{"name": "Size", "values": [{"name": "S"}]}],
    "variants": [
        {"sku": "T-S", "price": "5.00", "optionValues": [{"optionName": "Size", "name": "S"}]}
    ],
}


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    made = AdminStore(
        admin, [catalog, catalog_fields, catalog_mutations, metafields, metafield_definitions]
    )
    definition = {"name": "ERP id", "ownerType": "PRODUCT", "type": "id", **ERP}
    del definition["value"]
    assert made.payload(DEFINE, {"d": definition})["userErrors"] == []
    return made


def _set(store: AdminStore, input_: dict[str, Any], custom_id: dict[str, str] = ERP) -> Any:
    return store.payload(SET, {"identifier": {"customId": custom_id}, "input": input_})


def test_a_custom_id_creates_a_product_carrying_it_then_updates_that_product(
    store: AdminStore,
) -> None:
    made = _set(store, {"title": "Tee"})
    assert made["userErrors"] == []
    product = made["product"]
    assert product["metafields"]["nodes"] == [
        {"namespace": "erp", "key": "product_id", "type": "id", "value": "P-1"}
    ]
    again = _set(store, {"title": "Tee v2"})
    assert again["product"]["id"] == product["id"]
    found = store.data(BY_CUSTOM_ID, {"id": ERP})["productByIdentifier"]
    assert found == {"id": product["id"], "title": "Tee v2"}
    other = _set(store, {"title": "Mug"}, {**ERP, "value": "P-2"})
    assert other["product"]["id"] != product["id"]


def test_metafields_sent_with_a_custom_id_must_carry_it_and_replace_the_rest(
    store: AdminStore,
) -> None:
    colour = {"namespace": "custom", "key": "colour", "type": "single_line_text_field"}
    made = _set(store, {"title": "Tee", "metafields": [{**colour, "value": "red"}, ERP]})
    assert made["userErrors"] == []
    assert len(made["product"]["metafields"]["nodes"]) == 2
    refused = _set(store, {"metafields": [{**colour, "value": "blue"}]})
    assert refused == {"product": None, "userErrors": [
        {"field": ["input", "metafields"], "code": "METAFIELD_MISMATCH"}
    ]}  # fmt: skip
    wrong_value = _set(store, {"metafields": [{**ERP, "value": "P-9"}]})
    assert wrong_value["userErrors"][0]["code"] == "METAFIELD_MISMATCH"
    kept = _set(store, {"metafields": [ERP]})
    assert [m["key"] for m in kept["product"]["metafields"]["nodes"]] == ["product_id"]


def test_a_custom_id_is_unique_per_owner_type(store: AdminStore) -> None:
    first = store.payload(SET, {"input": {"title": "A", "metafields": [ERP]}})
    assert first["userErrors"] == []
    second = store.payload(SET, {"input": {"title": "B", "metafields": [ERP]}})
    assert second["userErrors"] == [
        {"field": ["input", "metafields", "0", "value"], "code": "INVALID_METAFIELD"}
    ]
    refused = store.payload(
        SET, {"input": {"title": "C", "metafields": [{**ERP, "value": "x\ny"}]}}
    )
    assert refused["userErrors"][0]["code"] == "INVALID_METAFIELD"


def test_custom_id_with_an_input_id_is_not_allowed(store: AdminStore) -> None:
    made = store.payload(SET, {"input": {"title": "A"}})
    refused = _set(store, {"id": made["product"]["id"]})
    assert refused["userErrors"] == [{"field": ["input", "id"], "code": "ID_NOT_ALLOWED"}]


def test_variant_metafields_replace_the_variants_own(store: AdminStore) -> None:
    fabric = {"namespace": "custom", "key": "fabric", "type": "single_line_text_field"}
    tee = {
        **TEE,
        "variants": [{**TEE["variants"][0], "metafields": [{**fabric, "value": "linen"}]}],
    }
    made = store.payload(SET, {"identifier": {"handle": "tee"}, "input": tee})
    assert made["userErrors"] == []
    [variant] = made["product"]["variants"]["nodes"]
    assert variant["metafields"]["nodes"] == [{"key": "fabric", "value": "linen"}]
    cleared = {**TEE, "variants": [{**TEE["variants"][0], "metafields": []}]}
    again = store.payload(SET, {"identifier": {"handle": "tee"}, "input": cleared})
    assert again["product"]["variants"]["nodes"][0]["metafields"]["nodes"] == []
