"""metafieldsSet / metafieldsDelete / HasMetafields fields, and productSet's metafields."""

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
mutation Set($m: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $m) {
    metafields { id namespace key type value jsonValue ownerType compareDigest }
    userErrors { field message code elementIndex }
  }
}
"""
PRODUCT = """
mutation { productSet(input: {title: "Hat"}) { product { id } userErrors { message } } }
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return AdminStore(
        admin, [catalog, catalog_fields, catalog_mutations, metafields, metafield_definitions]
    )


def _product(store: AdminStore) -> str:
    product_id: str = store.payload(PRODUCT)["product"]["id"]
    return product_id


def _set(store: AdminStore, owner: str, type_: str | None, value: str, **extra: Any) -> Any:
    entry = {"ownerId": owner, "namespace": "custom", "key": "k1", "value": value, **extra}
    if type_ is not None:
        entry["type"] = type_
    return store.payload(SET, {"m": [entry]})


@pytest.mark.parametrize(
    ("type_", "value", "json_value"),
    [
        ("single_line_text_field", "hello", "hello"),
        ("multi_line_text_field", "a\nb", "a\nb"),
        ("number_integer", "42", 42),
        ("number_decimal", "1.50", "1.50"),
        ("boolean", "true", True),
        ("json", '{"a": [1, 2]}', {"a": [1, 2]}),
        ("date", "2026-07-01", "2026-07-01"),
        ("date_time", "2026-07-01T10:00:00Z", "2026-07-01T10:00:00Z"),
        ("url", "https://example.com/x", "https://example.com/x"),
        (
            "money",
            '{"amount": "5.99", "currency_code": "USD"}',
            {"amount": "5.99", "currency_code": "USD"},
        ),
        ("rich_text_field", '{"type": "root", "children": []}', {"type": "root", "children": []}),
        ("list.number_integer", "[1, 2, 3]", [1, 2, 3]),
        ("list.single_line_text_field", '["a", "b"]', ["a", "b"]),
    ],
)
def test_valid_values_round_trip(
    store: AdminStore, type_: str, value: str, json_value: Any
) -> None:
    owner = _product(store)
    payload = _set(store, owner, type_, value)
    assert payload["userErrors"] == []
    [saved] = payload["metafields"]
    assert (saved["type"], saved["value"], saved["jsonValue"]) == (type_, value, json_value)
    assert saved["ownerType"] == "PRODUCT"
    read = store.data(
        'query($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "k1") '
        "{ value jsonValue } } }",
        {"id": owner},
    )
    assert read["product"]["metafield"] == {"value": value, "jsonValue": json_value}


@pytest.mark.parametrize(
    ("type_", "value", "element"),
    [
        ("number_integer", "4.2", None),
        ("number_decimal", "abc", None),
        ("boolean", "yes", None),
        ("json", "{nope", None),
        ("date", "2026-13-01", None),
        ("date_time", "yesterday", None),
        ("url", "ftp://example.com", None),
        ("money", '{"amount": "5", "currency_code": "EUR"}', None),
        ("rich_text_field", '{"type": "p"}', None),
        ("product_reference", "gid://shopify/Product/1", None),
        ("list.number_integer", '[1, "x"]', 1),
        ("list.url", '"https://a.example"', None),
    ],
)
def test_invalid_values_answer_invalid_value(
    store: AdminStore, type_: str, value: str, element: int | None
) -> None:
    owner = _product(store)
    payload = _set(store, owner, type_, value)
    [error] = payload["userErrors"]
    assert error["code"] == "INVALID_VALUE"
    assert error["field"] == ["metafields", "0", "value"]
    assert error["elementIndex"] == element
    assert payload["metafields"] == []


def test_reference_to_existing_product(store: AdminStore) -> None:
    owner, target = _product(store), _product(store)
    payload = _set(store, owner, "product_reference", target)
    assert payload["userErrors"] == []
    read = store.data(
        'query($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "k1") '
        "{ reference { ... on Product { id } } } } }",
        {"id": owner},
    )
    assert read["product"]["metafield"]["reference"] == {"id": target}


def test_set_is_atomic_and_checks_type_key_and_limit(store: AdminStore) -> None:
    owner = _product(store)
    good = {
        "ownerId": owner,
        "namespace": "custom",
        "key": "ok",
        "type": "boolean",
        "value": "true",
    }
    bad_type = {**good, "key": "k2", "type": "no_such_type"}
    no_type = {**good, "key": "k3", "type": None}
    short_key = {**good, "key": "k"}
    payload = store.payload(SET, {"m": [good, bad_type, no_type, short_key]})
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID_TYPE", ["metafields", "1", "type"]),
        ("BLANK", ["metafields", "2", "type"]),
        ("TOO_SHORT", ["metafields", "3", "key"]),
    ]
    assert store.state.all("Metafield") == []
    many = [{**good, "key": f"k{i:02d}"} for i in range(26)]
    [error] = store.payload(SET, {"m": many})["userErrors"]
    assert error["code"] == "LESS_THAN_OR_EQUAL_TO"


def test_unknown_owner_is_invalid(store: AdminStore) -> None:
    payload = _set(store, "gid://shopify/Product/999", "boolean", "true")
    assert [e["field"] for e in payload["userErrors"]] == [["metafields", "0", "ownerId"]]


def test_compare_digest_guards_updates(store: AdminStore) -> None:
    owner = _product(store)
    [first] = _set(store, owner, "number_integer", "1")["metafields"]
    stale = _set(store, owner, "number_integer", "2", compareDigest="nope")
    assert stale["userErrors"][0]["code"] == "STALE_OBJECT"
    fresh = _set(store, owner, "number_integer", "2", compareDigest=first["compareDigest"])
    assert fresh["metafields"][0]["id"] == first["id"]
    assert _set(store, owner, None, "3", compareDigest=None)["userErrors"][0]["code"] == (
        "STALE_OBJECT"
    )


def test_metafields_connection_filters_and_delete(store: AdminStore) -> None:
    owner = _product(store)
    entries = [
        {"ownerId": owner, "namespace": ns, "key": key, "type": "boolean", "value": "true"}
        for ns, key in (("custom", "aa"), ("custom", "bb"), ("other", "aa"))
    ]
    store.payload(SET, {"m": entries})
    query = """query($id: ID!, $ns: String, $keys: [String!]) { product(id: $id) {
      metafields(first: 10, namespace: $ns, keys: $keys) { nodes { namespace key } } } }"""

    def keys(**args: Any) -> list[str]:
        nodes = store.data(query, {"id": owner, **args})["product"]["metafields"]["nodes"]
        return [f"{n['namespace']}.{n['key']}" for n in nodes]

    assert keys() == ["custom.aa", "custom.bb", "other.aa"]
    assert keys(ns="custom") == ["custom.aa", "custom.bb"]
    assert keys(keys=["other.aa", "custom.bb"]) == ["custom.bb", "other.aa"]
    deleted = store.payload(
        """mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) {
          deletedMetafields { ownerId namespace key } userErrors { message } } }""",
        {
            "m": [
                {"ownerId": owner, "namespace": "custom", "key": "aa"},
                {"ownerId": owner, "namespace": "custom", "key": "zz"},
            ]
        },
    )
    assert deleted["deletedMetafields"] == [
        {"ownerId": owner, "namespace": "custom", "key": "aa"},
        None,
    ]
    assert keys() == ["custom.bb", "other.aa"]


def test_app_namespace_when_omitted(store: AdminStore) -> None:
    owner = _product(store)
    payload = store.payload(
        SET, {"m": [{"ownerId": owner, "key": "mine", "type": "boolean", "value": "false"}]}
    )
    assert payload["metafields"][0]["namespace"].startswith("app--")
    read = store.data(
        'query($id: ID!) { product(id: $id) { metafield(key: "mine") { value } } }', {"id": owner}
    )
    assert read["product"]["metafield"] == {"value": "false"}


def test_shop_owns_metafields(store: AdminStore) -> None:
    shop_id = store.data("{ shop { id } }")["shop"]["id"]
    assert _set(store, shop_id, "boolean", "true")["metafields"][0]["ownerType"] == "SHOP"


def test_definition_gives_the_type(store: AdminStore) -> None:
    created = store.payload(
        """mutation { metafieldDefinitionCreate(definition: {name: "Size", namespace: "custom",
          key: "k1", type: "number_integer", ownerType: PRODUCT}) {
          createdDefinition { id name type { name category } ownerType access { admin } }
          userErrors { code field } } }"""
    )
    assert created["userErrors"] == []
    assert created["createdDefinition"]["type"] == {"name": "number_integer", "category": "NUMBER"}
    owner = _product(store)
    assert _set(store, owner, None, "7")["metafields"][0]["type"] == "number_integer"
    assert _set(store, owner, "boolean", "true")["userErrors"][0]["code"] == "INVALID_TYPE"
    again = store.payload(
        """mutation { metafieldDefinitionCreate(definition: {name: "Size", namespace: "custom",
          key: "k1", type: "number_integer", ownerType: PRODUCT}) { userErrors { code } } }"""
    )
    assert again["userErrors"] == [{"code": "TAKEN"}]
    listed = store.data(
        """{ metafieldDefinitions(first: 5, ownerType: PRODUCT) {
          nodes { key metafieldsCount } } }"""
    )
    assert listed["metafieldDefinitions"]["nodes"] == [{"key": "k1", "metafieldsCount": 1}]


def test_product_set_and_update_metafields(store: AdminStore) -> None:
    made = store.payload(
        """mutation { productSet(input: {title: "Cap", metafields: [
          {namespace: "custom", key: "color", type: "single_line_text_field", value: "red"},
          {namespace: "custom", key: "size", type: "number_integer", value: "3"}]}) {
          product { id metafields(first: 5) { nodes { key value } } } userErrors { code } } }"""
    )
    product = made["product"]
    assert [n["key"] for n in product["metafields"]["nodes"]] == ["color", "size"]
    replaced = store.payload(
        """mutation($id: ID!) { productSet(identifier: {id: $id}, input: {metafields: [
          {namespace: "custom", key: "size", value: "4"}]}) {
          product { metafields(first: 5) { nodes { key value } } } userErrors { code } } }""",
        {"id": product["id"]},
    )
    assert replaced["product"]["metafields"]["nodes"] == [{"key": "size", "value": "4"}]
    failed = store.payload(
        """mutation($id: ID!) { productSet(identifier: {id: $id}, input: {metafields: [
          {namespace: "custom", key: "size", value: "four"}]}) { userErrors { code field } } }""",
        {"id": product["id"]},
    )
    assert failed["userErrors"] == [
        {"code": "INVALID_METAFIELD", "field": ["input", "metafields", "0", "value"]}
    ]
    updated = store.payload(
        """mutation($id: ID!) { productUpdate(product: {id: $id, title: "New", metafields: [
          {namespace: "custom", key: "size", value: "oops"}]}) {
          product { id } userErrors { field message } } }""",
        {"id": product["id"]},
    )
    assert updated["userErrors"][0]["field"] == ["metafields", "0", "value"]
    assert (
        store.data("query($id: ID!) { product(id: $id) { title } }", {"id": product["id"]})[
            "product"
        ]["title"]
        == "Cap"
    )
    updated = store.payload(
        """mutation($id: ID!) { productUpdate(product: {id: $id, metafields: [
          {namespace: "custom", key: "size", value: "9"}]}) {
          product { metafield(namespace: "custom", key: "size") { value } }
          userErrors { field } } }""",
        {"id": product["id"]},
    )
    assert updated["product"]["metafield"] == {"value": "9"}
