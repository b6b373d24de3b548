"""Requested query cost: the documented rules, and what the live Admin API charges."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.cost import (
    CostModel,
    connection_multiplier,
    cost_debug,
    requested_cost,
)
from shopbridge.sandbox.schema import validate_document

DOCUMENTED = CostModel.DOCUMENTED
OBSERVED = CostModel.OBSERVED


def cost(schema: GraphQLSchema, document: str, model: CostModel, **variables: object) -> int:
    assert validate_document(schema, document, variables or None) == []
    return requested_cost(schema, document, variables or None, model=model)


# --- the documented rules and their worked examples (research note section 9) -------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ shop { name } }", 1),
        ("{ products(first: 10) { nodes { id title } } }", 2 + 10 * 1),
        (
            "{ products(first: 10) { nodes { id variants(first: 5) { nodes { id } } } } }",
            2 + 10 * (1 + 2 + 5),
        ),
        (
            'mutation { productDelete(input: {id: "gid://shopify/Product/1"}) '
            "{ deletedProductId } }",
            10,
        ),
    ],
)
def test_documented_worked_examples(admin: GraphQLSchema, document: str, expected: int) -> None:
    assert cost(admin, document, DOCUMENTED) == expected


def test_scalars_and_enums_are_free_objects_cost_one(admin: GraphQLSchema) -> None:
    document = "{ shop { id name currencyCode plan { publicDisplayName } } }"
    assert cost(admin, document, DOCUMENTED) == 2  # shop + plan; currencyCode is an enum
    assert cost(admin, "{ __typename }", DOCUMENTED) == 0


def test_edges_and_nodes_cost_the_same_and_page_info_is_free(admin: GraphQLSchema) -> None:
    edges = "{ products(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }"
    nodes = "{ products(first: 10) { nodes { id } } }"
    assert cost(admin, edges, DOCUMENTED) == cost(admin, nodes, DOCUMENTED) == 12


def test_last_sizes_a_connection_and_variables_are_read(admin: GraphQLSchema) -> None:
    document = "query ($n: Int) { orders(last: $n) { nodes { id } } }"
    assert cost(admin, document, DOCUMENTED, n=7) == 2 + 7
    with_default = "query ($n: Int = 3) { orders(first: $n) { nodes { id } } }"
    assert cost(admin, with_default, DOCUMENTED) == 2 + 3


def test_connection_without_first_or_last_costs_two(admin: GraphQLSchema) -> None:
    # A Shopify client library's test fixture: requestedQueryCost 2, then "you must
    # provide one of first or last" at execution.
    document = "query getProducts { products { edges { node { id } } } }"
    assert cost(admin, document, DOCUMENTED) == 2
    assert cost(admin, document, OBSERVED) == 2


def test_interface_costs_its_most_expensive_possible_selection(admin: GraphQLSchema) -> None:
    document = """
    { node(id: "gid://shopify/Product/1") {
        id
        ... on Product { featuredMedia { id } options { name } }
        ... on ProductVariant { product { id } }
    } }"""
    # node 1 + max(Product: featuredMedia 1 + options 1, ProductVariant: product 1)
    assert cost(admin, document, DOCUMENTED) == 3


def test_fragments_count_once_and_duplicate_fields_merge(admin: GraphQLSchema) -> None:
    document = """
    query { shop { ...A ...B plan { publicDisplayName } } }
    fragment A on Shop { plan { shopifyPlus } }
    fragment B on Shop { billingAddress { city } }
    """
    assert cost(admin, document, DOCUMENTED) == 1 + 1 + 1  # shop, plan (merged), address


def test_skip_and_include_are_honoured(admin: GraphQLSchema) -> None:
    document = """
    query ($heavy: Boolean!) {
      shop { name }
      products(first: 100) @include(if: $heavy) { nodes { id } }
    }"""
    assert cost(admin, document, DOCUMENTED, heavy=False) == 1
    assert cost(admin, document, DOCUMENTED, heavy=True) == 1 + 102


def test_each_mutation_field_costs_ten(admin: GraphQLSchema) -> None:
    document = """
    mutation {
      a: productDelete(input: {id: "gid://shopify/Product/1"}) { deletedProductId }
      b: orderClose(input: {id: "gid://shopify/Order/1"}) {
        order { id closedAt } userErrors { field }
      }
    }"""
    assert cost(admin, document, DOCUMENTED) == 20
    assert cost(admin, document, OBSERVED) == 20


def test_product_set_uses_its_dynamic_cost(admin: GraphQLSchema) -> None:
    document = """
    mutation ($input: ProductSetInput!) {
      productSet(input: $input, synchronous: true) @idempotent(key: "k") {
        product { id } userErrors { field message }
      }
    }"""
    variants = [
        {
            "optionValues": [{"optionName": "Size", "name": f"S{i}"}],
            "metafields": [
                {"namespace": "erp", "key": "id", "type": "single_line_text_field", "value": str(i)}
            ],
        }
        for i in range(5)
    ]
    product = {
        "title": "Tee",
        "productOptions": [{"name": "Size", "values": [{"name": f"S{i}"} for i in range(5)]}],
        "variants": variants,
        "metafields": [
            {"namespace": "erp", "key": "sku", "type": "single_line_text_field", "value": "T"}
        ],
    }
    # 10 + 5 * 0.2 + 5 * 0.4 (variant metafields) + 1 * 0.4 (product metafield) = 13.4 -> 14
    assert validate_document(admin, document, {"input": product}) == []
    assert requested_cost(admin, document, {"input": product}) == 14


# --- what the live Admin API charges ------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "multiplier"),
    [
        (None, 0),
        (0, 0),
        (1, 1),
        (2, 1),
        (5, 3),
        (10, 4),
        (25, 6),
        (50, 7),
        (100, 9),
        (200, 10),
        (250, 11),
    ],
)
def test_observed_connection_multiplier(size: int | None, multiplier: int) -> None:
    assert connection_multiplier(size, OBSERVED) == multiplier
    assert connection_multiplier(size, DOCUMENTED) == (size or 0)


@pytest.mark.parametrize(
    ("document", "live"),
    [
        # community.shopify.dev thread 23101 (requestedQueryCost 25, expected 503 by hand)
        (
            'query { product(id: "gid://shopify/Product/1") { variants(first: 250) '
            "{ nodes { inventoryItem { id tracked } } } } }",
            25,
        ),
        # live store, API 2026-07, 2026-08-28
        ("{ orders(first: 250) { nodes { id name createdAt updatedAt } } }", 13),
        ("{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }", 156),
        (
            "{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } "
            "options { name values } } } }",
            167,
        ),
    ],
)
def test_observed_model_matches_live_figures(
    admin: GraphQLSchema, document: str, live: int
) -> None:
    assert cost(admin, document, OBSERVED) == live


def test_money_objects_are_free_in_the_observed_model(admin: GraphQLSchema) -> None:
    document = """
    { order(id: "gid://shopify/Order/1") {
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount } }
        customer { id }
    } }"""
    assert cost(admin, document, OBSERVED) == 2  # order + customer
    assert cost(admin, document, DOCUMENTED) == 5  # + MoneyBag + two MoneyV2


def test_a_query_legal_on_shopify_is_not_over_the_limit_here(admin: GraphQLSchema) -> None:
    document = """
    { orders(first: 250) { nodes { id
        lineItems(first: 250) { nodes { id sku quantity variant { id } } }
    } } }"""
    assert cost(admin, document, OBSERVED) < 1000
    assert cost(admin, document, DOCUMENTED) > 1000


# --- Shopify-GraphQL-Cost-Debug -------------------------------------------------------------


def test_cost_debug_lists_fields_like_shopify(admin: GraphQLSchema) -> None:
    breakdown = cost_debug(admin, "{ customers(first: 10) { nodes { phone } } }", model=DOCUMENTED)
    assert breakdown.requested_query_cost == 12
    assert breakdown.fields_json() == [
        {
            "path": ["customers", "nodes", "phone"],
            "definedCost": 0,
            "requestedTotalCost": 0,
            "requestedChildrenCost": None,
        },
        {
            "path": ["customers", "nodes"],
            "definedCost": 1,
            "requestedTotalCost": 1,
            "requestedChildrenCost": 0,
        },
        {
            "path": ["customers"],
            "definedCost": None,
            "requestedTotalCost": 12,
            "requestedChildrenCost": 1,
        },
    ]


def test_cost_debug_total_agrees_with_requested_cost(admin: GraphQLSchema) -> None:
    document = """
    query Sync($after: String) {
      products(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id handle variants(first: 100) { nodes { id sku inventoryItem { id } } } }
      }
    }"""
    breakdown = cost_debug(admin, document, {"after": None})
    assert breakdown.requested_query_cost == requested_cost(admin, document, {"after": None})
    top = breakdown.fields[-1]
    assert top.path == ("products",)
    assert top.requested_total_cost == breakdown.requested_query_cost


def test_several_operations_need_a_name(admin: GraphQLSchema) -> None:
    document = "query A { shop { name } } query B { products(first: 1) { nodes { id } } }"
    assert requested_cost(admin, document, operation_name="B", model=DOCUMENTED) == 3
    with pytest.raises(ValueError, match="several operations"):
        requested_cost(admin, document)
