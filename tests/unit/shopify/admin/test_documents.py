"""Every document the engine sends is valid against the real schema it targets."""

from __future__ import annotations

import pytest

from shopbridge.config.schema import DEFAULT_API_VERSION
from shopbridge.shopify.admin import documents
from shopbridge.shopify.admin.check import check_documents, known_versions
from shopbridge.shopify.admin.document import Document


def test_every_document_validates_against_the_pinned_version() -> None:
    assert check_documents(DEFAULT_API_VERSION) == []


@pytest.mark.parametrize("version", known_versions())
def test_every_document_validates_against_every_vendored_version(version: str) -> None:
    assert check_documents(version) == []


def test_the_registry_has_unique_names_and_every_module_constant() -> None:
    names = [document.name for document in documents.ALL]
    assert len(names) == len(set(names))
    exported = {
        getattr(documents, name) for name in documents.__all__ if name.isupper() and name != "ALL"
    }
    assert exported == set(documents.ALL)


def test_inventory_writes_are_idempotent_and_name_their_item_list() -> None:
    document = documents.INVENTORY_SET_QUANTITIES
    assert (document.is_mutation, document.idempotent, document.root_field) == (
        True,
        True,
        "inventorySetQuantities",
    )
    assert document.items == ("input", "quantities")
    assert not documents.BULK_OPERATION_RUN_MUTATION.idempotent


def test_a_document_must_hold_one_named_operation_with_one_root_field() -> None:
    with pytest.raises(ValueError, match="exactly one named operation"):
        Document("{ shop { name } }")
    with pytest.raises(ValueError, match="exactly one root field"):
        Document("query Two { shop { name } locations(first: 1) { nodes { id } } }")


def test_sku_search_quotes_every_value_and_drops_repeats() -> None:
    assert documents.sku_search(["A-1", 'odd "one"', "A-1"]) == 'sku:"A-1" OR sku:"odd \\"one\\""'
    with pytest.raises(ValueError, match="at least one SKU"):
        documents.sku_search([])
