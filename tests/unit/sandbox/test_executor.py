"""Executing documents: the registry, the default resolver and "not supported" errors."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains import DOMAINS, build_registry, run_bootstraps
from shopbridge.sandbox.payloads import decimal_string, money, user_error
from shopbridge.sandbox.registry import Domain, Registry
from shopbridge.sandbox.schema import load_schema
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run


def test_a_field_without_resolver_names_itself_instead_of_answering_null(
    admin: GraphQLSchema,
) -> None:
    test = Domain("test")

    @test.query("shop")
    def shop(_root: None, _info: Info) -> dict[str, Any]:
        return {"name": "Sandbox", "myshopifyDomain": "x.myshopify.com"}

    body = run(Registry(admin, [test]), "{ shop { name description myshopifyDomain } }")
    assert body["data"] == {
        "shop": {"name": "Sandbox", "description": None, "myshopifyDomain": "x.myshopify.com"}
    }
    assert body["errors"] == [
        {
            "message": "Field 'Shop.description' is not supported by the sandbox",
            "locations": [{"line": 1, "column": 15}],
            "path": ["shop", "description"],
            "extensions": {
                "code": "NOT_SUPPORTED_BY_SANDBOX",
                "typeName": "Shop",
                "fieldName": "description",
            },
        }
    ]


def test_dict_keys_answer_fields_and_null_is_a_value(admin: GraphQLSchema) -> None:
    test = Domain("test")

    @test.query("product")
    def product(_root: None, _info: Info, id: str) -> dict[str, Any]:
        return {"__typename": "Product", "id": id, "title": "Mug", "templateSuffix": None}

    body = run(
        Registry(admin, [test]),
        '{ product(id: "gid://shopify/Product/42") { id title templateSuffix legacyResourceId } }',
    )
    assert body == {
        "data": {
            "product": {
                "id": "gid://shopify/Product/42",
                "title": "Mug",
                "templateSuffix": None,
                "legacyResourceId": "42",
            }
        }
    }


def test_an_unimplemented_root_field_errors_too(admin: GraphQLSchema) -> None:
    body = run(build_registry(admin), "{ giftCards(first: 1) { nodes { id } } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"
    assert (
        body["errors"][0]["message"]
        == "Field 'QueryRoot.giftCards' is not supported by the sandbox"
    )


def test_two_domains_cannot_resolve_one_field(admin: GraphQLSchema) -> None:
    one, two = Domain("one"), Domain("two")
    one.query("shop")(lambda _root, _info: {})
    two.query("shop")(lambda _root, _info: {})
    with pytest.raises(ValueError, match="both 'one' and 'two'"):
        Registry(admin, [one, two])


@pytest.mark.parametrize("version", ["2026-07", "2026-10"])
def test_every_registered_field_exists_in_the_served_schemas(version: str) -> None:
    registry = build_registry(load_schema("admin", version))
    assert registry.unknown_fields() == []
    assert len(registry.domains) == len([d for d in DOMAINS if d.api == "admin"])


def test_fields_missing_from_an_older_version_were_added_later() -> None:
    """Resolvers follow 2026-07; on 2026-04 a field it lacks is simply never asked for."""
    older = build_registry(load_schema("admin", "2026-04")).unknown_fields()
    assert [name for name in older if not _added_in_2026_07(name)] == []


def _added_in_2026_07(name: str) -> bool:
    type_name, _, field_name = name.partition(".")
    type_ = load_schema("admin", "2026-07").get_type(type_name)
    return type_ is not None and field_name in getattr(type_, "fields", {})


def test_a_mutation_runs_in_one_transaction(admin: GraphQLSchema) -> None:
    test = Domain("test")
    state = State()
    hooks: list[str] = []

    @test.mutation("productDelete")
    def product_delete(_root: None, info: Info, **_args: Any) -> dict[str, Any]:
        ctx = context_of(info)
        ctx.state.save({"__typename": "Product", "id": ctx.state.new_gid("Product")})
        ctx.after_rollback.append(lambda: hooks.append("rolled back"))
        raise RuntimeError("bug after a write")

    body = run(
        Registry(admin, [test]),
        'mutation { productDelete(input: {id: "gid://shopify/Product/1"}) { deletedProductId } }',
        state=state,
    )
    assert state.count("Product") == 0
    assert hooks == ["rolled back"]
    error = body["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-1"}
    assert error["message"].startswith(
        "Internal error. Looks like something went wrong on our end."
    )
    assert body["data"] == {"productDelete": None}


def test_nodes_errors_only_the_entry_it_cannot_look_up(admin: GraphQLSchema) -> None:
    state = State()
    run_bootstraps(state, SandboxConfig())
    location = state.all("Location")[0]["id"]
    body = run(
        build_registry(admin),
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [location, "gid://shopify/GiftCard/1", "gid://shopify/Product/1"]},
        state=state,
    )
    assert body["data"] == {"nodes": [{"id": location}, None, None]}
    assert [error["path"] for error in body["errors"]] == [["nodes", 1]]


def test_user_errors_use_the_codes_documented_meaning(admin: GraphQLSchema) -> None:
    captured: list[dict[str, Any]] = []
    test = Domain("test")

    @test.mutation("inventorySetQuantities")
    def set_quantities(_root: None, info: Info, **_args: Any) -> dict[str, Any]:
        captured.append(user_error(info, "CHANGE_FROM_QUANTITY_STALE", ["input"]))
        return {"inventoryAdjustmentGroup": None, "userErrors": captured}

    run(
        Registry(admin, [test]),
        'mutation { inventorySetQuantities(input: {name: "available", reason: "correction", '
        "quantities: []}) { userErrors { code } } }",
    )
    assert captured == [
        {
            "field": ["input"],
            "message": "The changeFromQuantity value does not match persisted value.",
            "code": "CHANGE_FROM_QUANTITY_STALE",
        }
    ]


@pytest.mark.parametrize(
    ("value", "as_money", "as_decimal"),
    [
        ("19", "19.00", "19.0"),
        (19.5, "19.50", "19.5"),
        ("19.999", "20.00", "19.999"),
        (0, "0.00", "0.0"),
    ],
)
def test_money_and_decimal_formatting(value: Any, as_money: str, as_decimal: str) -> None:
    assert money(value) == as_money
    assert decimal_string(value) == as_decimal
