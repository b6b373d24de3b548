"""Requested cost before sending, and the guards on Shopify's hard limits."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.errors import ShopifyGuardError
from shopbridge.sandbox.cost import CostModel, cost_debug
from shopbridge.sandbox.schema import load_schema
from shopbridge.shopify.admin import documents
from shopbridge.shopify.admin.cost import check_limits, requested_cost
from shopbridge.shopify.admin.document import Document

# Representative variables for every registry document (sizes drive connection costs).
SAMPLES: dict[str, dict[str, Any]] = {
    "VariantsBySku": {"query": "sku:A", "first": 250},
    "Locations": {"first": 100},
    "WebhookSubscriptions": {"first": 100},
    "BulkOperation": {"id": "gid://shopify/BulkOperation/1"},
    "OrdersUpdatedSince": {"query": "updated_at:>='2026-07-01T00:00:00Z'", "first": 250},
    "OrderForReconciliation": {"id": "gid://shopify/Order/1", "lines": 50},
    "ProductSet": {
        "input": {"variants": [{"file": {}}] * 30, "metafields": [{}] * 4, "files": [{}]}
    },
}
# Bulk query documents are never sent as a call: ``bulkOperationRunQuery`` takes their text,
# runs them whole (no ``first``), free of the cost bucket.
BULK_QUERIES = (documents.BULK_VARIANT_PRICES, documents.BULK_PRODUCTS)
CALLS = [document for document in documents.ALL if document not in BULK_QUERIES]


def test_the_documented_worked_examples() -> None:
    assert requested_cost(Document("query Q { shop { name } }")) == 1
    assert requested_cost(Document("query Q { products(first: 10) { nodes { id title } } }")) == 12
    nested = "query Q { products(first: 10) { nodes { id variants(first: 5) { nodes { id } } } } }"
    assert requested_cost(Document(nested)) == 82
    edges = (
        "query Q($n: Int!) { products(first: $n) "
        "{ edges { cursor node { id } } pageInfo { hasNextPage } } }"
    )
    assert requested_cost(Document(edges), {"n": 3}) == 5


@pytest.mark.parametrize("document", CALLS, ids=lambda d: d.name)
def test_our_estimate_equals_the_documented_cost_the_sandbox_computes(document: Document) -> None:
    variables = SAMPLES.get(document.name, {})
    schema = load_schema("admin", "2026-07")
    expected = cost_debug(schema, document.node, variables, None, model=CostModel.DOCUMENTED)
    assert requested_cost(document, variables) == expected.requested_query_cost


def test_every_document_stays_under_the_limit_at_its_largest_page() -> None:
    for document in documents.ALL:
        check_limits(document, SAMPLES.get(document.name, {}))


def test_calls_over_the_cost_or_array_limits_are_refused() -> None:
    with pytest.raises(ShopifyGuardError, match="requested cost 1202 is over"):
        check_limits(documents.VARIANTS_BY_SKU, {"query": "sku:A", "first": 400})
    with pytest.raises(ShopifyGuardError, match="pricesToAdd has 300 items"):
        check_limits(
            documents.PRICE_LIST_FIXED_PRICES_UPDATE,
            {"priceListId": "p", "pricesToAdd": [{}] * 300, "variantIdsToDelete": []},
        )
    assert (
        check_limits(documents.INVENTORY_SET_QUANTITIES, {"input": {"quantities": [{}] * 250}})
        == 10
    )
